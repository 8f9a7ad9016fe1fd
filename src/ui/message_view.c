/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * message_view.c - one SIP message, full screen, as it was on the wire:
 * the start line in bold, header names highlighted, the body below.  The
 * bytes are re-read from the capture and pass sanitize() first, so a packet
 * can never move the cursor, change colours or retitle the terminal; an
 * escape shows up as the visible text "\e[31m".
 */
#include <stdlib.h>
#include <string.h>

#include "base/sanitize.h"
#include "store/store.h"
#include "ui/ui.h"

struct message_state {
	uint32_t idx;
	char *text;                      /* sanitised, lines split by \n */
	size_t *lines;                   /* start offset of each line */
	size_t nlines;
	size_t top;
	char title[256];
	struct rect r;
};

static struct message_state *state_of(const struct ui *u)
{
	return ui_state(u, &message_view_ops);
}

static void drop_text(struct message_state *ms)
{
	free(ms->text);
	free(ms->lines);
	ms->text = NULL;
	ms->lines = NULL;
	ms->nlines = 0;
}

static void message_free(struct ui *u, void *st)
{
	(void)u;
	drop_text(st);
}

/* A closed message gives its memory back at once. */
static void message_leave(struct ui *u, void *st)
{
	(void)u;
	drop_text(st);
}

static void message_resize(struct ui *u, void *st, const struct rect *r)
{
	(void)u;
	((struct message_state *)st)->r = *r;
}

static void split_lines(struct message_state *ms)
{
	size_t n = 1;
	for (const char *p = ms->text; *p; p++)
		n += *p == '\n';
	ms->lines = malloc(n * sizeof *ms->lines);
	if (!ms->lines) {
		ms->nlines = 0;
		return;
	}
	ms->nlines = 0;
	ms->lines[ms->nlines++] = 0;
	for (size_t i = 0; ms->text[i]; i++)
		if (ms->text[i] == '\n' && ms->nlines < n)
			ms->lines[ms->nlines++] = i + 1;
}

void message_open(struct ui *u, uint32_t idx)
{
	const struct store *st = u->app->store;
	const struct sip_msg *m = store_msg(st, idx);
	if (!m)
		return;
	struct message_state *ms = state_of(u);
	drop_text(ms);
	char *raw = malloc(SIP_MSG_MAX + 1);
	if (!raw)
		return;
	long n = store_msg_raw(st, idx, raw, SIP_MSG_MAX);
	if (n < 0)
		n = snprintf(raw, SIP_MSG_MAX, "(the text of this message cannot be read again)");
	size_t outlen = (size_t)n * 4 + 1;
	ms->text = malloc(outlen);
	if (!ms->text) {
		free(raw);
		return;
	}
	ui_clean(u, ms->text, outlen, raw, (size_t)n, SAN_KEEP_NEWLINES);
	free(raw);
	split_lines(ms);
	ms->idx = idx;
	ms->top = 0;

	char src[80], dst[80], when[20];
	store_ep_fmt(st, m->src, src, sizeof src);
	store_ep_fmt(st, m->dst, dst, sizeof dst);
	ui_fmt_time(m->time, when, sizeof when, true);
	snprintf(ms->title, sizeof ms->title, "Frame %u  %s  %s -> %s  %s  %u bytes%s%s",
	         m->frame, when, src, dst, transport_name((enum transport)m->transport), m->wire_len,
	         m->flags & MF_RETRANS ? "  retransmission" : "",
	         m->flags & MF_MALFORMED ? "  MALFORMED" : "");
	ui_push_view(u, &message_view_ops);
}

static bool message_search(struct ui *u, void *st, const char *text)
{
	(void)u;
	struct message_state *ms = st;
	for (size_t k = 1; k <= ms->nlines; k++) {
		size_t i = (ms->top + k) % ms->nlines;
		size_t end = i + 1 < ms->nlines ? ms->lines[i + 1] : strlen(ms->text);
		char line[1024];
		size_t len = end - ms->lines[i];
		if (len >= sizeof line)
			len = sizeof line - 1;
		memcpy(line, ms->text + ms->lines[i], len);
		line[len] = 0;
		if (strcasestr(line, text)) {
			ms->top = i;
			return true;
		}
	}
	return false;
}

static void message_draw(struct ui *u, void *st, const struct rect *r, bool focused)
{
	(void)focused;
	struct message_state *ms = st;
	ui_title_line(u, r, ms->title, true);
	int h = r->h - 1;
	if (!ms->text || h <= 0)
		return;
	if (ms->nlines > (size_t)h && ms->top > ms->nlines - (size_t)h)
		ms->top = ms->nlines - (size_t)h;
	if (ms->nlines <= (size_t)h)
		ms->top = 0;
	bool in_body = false;
	for (size_t i = 0; i < ms->top && i < ms->nlines; i++) {
		size_t end = i + 1 < ms->nlines ? ms->lines[i + 1] - 1 : strlen(ms->text);
		if (end == ms->lines[i] && i > 0)
			in_body = true;
	}
	for (int y = 0; y < h && ms->top + (size_t)y < ms->nlines; y++) {
		size_t i = ms->top + (size_t)y;
		const char *s = ms->text + ms->lines[i];
		size_t len = (i + 1 < ms->nlines ? ms->lines[i + 1] - 1 : strlen(ms->text)) - ms->lines[i];
		int yy = r->y + 1 + y;
		if (i == 0) {
			ui_putn(u, yy, r->x, r->w, s, len, A_BOLD | ui_attr(u, CR_REQUEST));
			continue;
		}
		if (len == 0) {
			in_body = true;
			continue;
		}
		const char *colon = in_body ? NULL : memchr(s, ':', len);
		if (colon) {
			int used = ui_putn(u, yy, r->x, r->w, s, (size_t)(colon - s) + 1, ui_attr(u, CR_HDR_NAME));
			ui_putn(u, yy, r->x + used, r->w - used, colon + 1, len - (size_t)(colon - s) - 1, 0);
		} else {
			ui_putn(u, yy, r->x, r->w, s, len, 0);
		}
	}
}

static unsigned message_action(struct ui *u, void *st, enum action act)
{
	(void)u;
	struct message_state *ms = st;
	size_t page = ms->r.h > 2 ? (size_t)ms->r.h - 1 : 1;
	switch (act) {
	case ACT_UP: if (ms->top) ms->top--; break;
	case ACT_DOWN: if (ms->top + 1 < ms->nlines) ms->top++; break;
	case ACT_PGUP: ms->top = ms->top > page ? ms->top - page : 0; break;
	case ACT_PGDN: ms->top += page; if (ms->top >= ms->nlines) ms->top = ms->nlines ? ms->nlines - 1 : 0; break;
	case ACT_HOME: ms->top = 0; break;
	case ACT_END: ms->top = ms->nlines ? ms->nlines - 1 : 0; break;
	default: return PR_IGNORED;
	}
	return PR_HANDLED | PR_REDRAW;
}

const struct pane_ops message_view_ops = {
	.name = "message",
	.ctx = KC_MESSAGE,
	.hints = "Up/Down scroll  PgUp/PgDn page  / search  Esc back  F1 help",
	.state_size = sizeof(struct message_state),
	.free = message_free,
	.resize = message_resize,
	.leave = message_leave,
	.search = message_search,
	.draw = message_draw,
	.action = message_action,
};
