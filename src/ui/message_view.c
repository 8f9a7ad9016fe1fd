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

void message_free(struct ui *u)
{
	free(u->msg.text);
	free(u->msg.lines);
	u->msg.text = NULL;
	u->msg.lines = NULL;
	u->msg.nlines = 0;
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
	message_free(u);
	char *raw = malloc(SIP_MSG_MAX + 1);
	if (!raw)
		return;
	long n = store_msg_raw(st, idx, raw, SIP_MSG_MAX);
	if (n < 0)
		n = snprintf(raw, SIP_MSG_MAX, "(the text of this message cannot be read again)");
	size_t outlen = (size_t)n * 4 + 1;
	u->msg.text = malloc(outlen);
	if (!u->msg.text) {
		free(raw);
		return;
	}
	ui_clean(u, u->msg.text, outlen, raw, (size_t)n, SAN_KEEP_NEWLINES);
	free(raw);
	split_lines(&u->msg);
	u->msg.idx = idx;
	u->msg.top = 0;

	char src[80], dst[80], when[20];
	store_ep_fmt(st, m->src, src, sizeof src);
	store_ep_fmt(st, m->dst, dst, sizeof dst);
	ui_fmt_time(m->time, when, sizeof when, true);
	snprintf(u->msg.title, sizeof u->msg.title, "Frame %u  %s  %s -> %s  %s  %u bytes%s%s",
	         m->frame, when, src, dst, transport_name((enum transport)m->transport), m->wire_len,
	         m->flags & MF_RETRANS ? "  retransmission" : "",
	         m->flags & MF_MALFORMED ? "  MALFORMED" : "");
	ui_push_view(u, &message_view_ops);
}

void message_search(struct ui *u, const char *text)
{
	struct message_state *ms = &u->msg;
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
			return;
		}
	}
	ui_message(u, "not found in this message");
}

static void message_draw(struct ui *u, const struct rect *r, bool focused)
{
	(void)focused;
	struct message_state *ms = &u->msg;
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

static unsigned message_action(struct ui *u, enum action act)
{
	struct message_state *ms = &u->msg;
	size_t page = u->rows > 4 ? (size_t)u->rows - 3 : 1;
	switch (act) {
	case ACT_UP: if (ms->top) ms->top--; break;
	case ACT_DOWN: if (ms->top + 1 < ms->nlines) ms->top++; break;
	case ACT_PGUP: ms->top = ms->top > page ? ms->top - page : 0; break;
	case ACT_PGDN: ms->top += page; if (ms->top >= ms->nlines) ms->top = ms->nlines ? ms->nlines - 1 : 0; break;
	case ACT_HOME: ms->top = 0; break;
	case ACT_END: ms->top = ms->nlines ? ms->nlines - 1 : 0; break;
	case ACT_SEARCH: ui_prompt_open(u, PROMPT_SEARCH, "Search message: ", u->search); break;
	default: return PR_IGNORED;
	}
	return PR_HANDLED | PR_REDRAW;
}

const struct pane_ops message_view_ops = {
	.name = "message",
	.ctx = KC_MESSAGE,
	.hints = "Up/Down scroll  PgUp/PgDn page  / search  Esc back  F1 help",
	.draw = message_draw,
	.action = message_action,
};
