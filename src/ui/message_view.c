/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * message_view.c - one SIP message, full screen, as it was on the wire:
 * the start line in bold, header names highlighted, the body below.  The
 * bytes are re-read from the capture and pass sanitize() first, so a packet
 * can never move the cursor, change colours or retitle the terminal; an
 * escape shows up as the visible text "\e[31m".
 *
 * A line wider than the screen wraps (sngrep does too), its continuation
 * marked, so a WWW-Authenticate or Authorization header - the evidence -
 * reads whole at 80 columns:
 *
 *   Authorization: Digest username="1000", realm="example.net", nonce="ab
 *   ↪ c123", uri="sip:example.net", response="0f3a..."
 *
 * w turns wrapping off; Left and Right then scroll sideways, with » and «
 * where a line goes on beyond the edge.
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
	size_t top;                      /* first screen row shown */
	char title[256];
	struct rect r;
	bool nowrap;                     /* long lines cut, scrolled sideways */
	int left;                        /* columns scrolled off the left edge */
	/* screen rows for the current width and mode: one per line, or more
	 * for a wrapped line */
	struct mrow { size_t line, off, len; bool cont; } *rows;
	size_t nrows;
	int rows_w;                      /* width they were made for; -1 = none */
	bool rows_nowrap;
};

#define WRAP_INDENT 2           /* the marker and a space */
#define SIDE_STEP 8             /* columns per Left/Right */

static struct message_state *state_of(const struct ui *u)
{
	return ui_state(u, &message_view_ops);
}

static void drop_text(struct message_state *ms)
{
	free(ms->text);
	free(ms->lines);
	free(ms->rows);
	ms->text = NULL;
	ms->lines = NULL;
	ms->rows = NULL;
	ms->nlines = ms->nrows = 0;
	ms->rows_w = -1;
}

static size_t line_len(const struct message_state *ms, size_t i)
{
	size_t end = i + 1 < ms->nlines ? ms->lines[i + 1] - 1 : strlen(ms->text);
	return end - ms->lines[i];
}

static bool add_row(struct message_state *ms, size_t *cap, struct mrow r)
{
	if (ms->nrows == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		struct mrow *p = realloc(ms->rows, nc * sizeof *p);
		if (!p)
			return false;
		ms->rows = p;
		*cap = nc;
	}
	ms->rows[ms->nrows++] = r;
	return true;
}

/* The screen rows of the message for width w: a wrapped line's first row
 * takes w columns, each continuation w - WRAP_INDENT after its marker. */
static void build_rows(struct ui *u, struct message_state *ms, int w)
{
	if (ms->rows && ms->rows_w == w && ms->rows_nowrap == ms->nowrap)
		return;
	/* keep the line at the top where it was */
	size_t top_line = ms->rows && ms->top < ms->nrows ? ms->rows[ms->top].line : 0;
	free(ms->rows);
	ms->rows = NULL;
	ms->nrows = 0;
	size_t cap = 0;
	for (size_t i = 0; i < ms->nlines; i++) {
		const char *s = ms->text + ms->lines[i];
		size_t len = line_len(ms, i), off = 0;
		int width = w;
		do {
			size_t take = ms->nowrap ? len : ui_fit(u, s + off, len - off, width, NULL);
			/* break after a space in the last third of the row, so a
			 * parameter such as nonce="..." stays in one piece */
			if (off + take < len) {
				for (size_t k = take; k > take * 2 / 3; k--)
					if (s[off + k - 1] == ' ') {
						take = k;
						break;
					}
			}
			if (take == 0 && off < len)
				take = 1;
			if (!add_row(ms, &cap, (struct mrow){ i, off, take, off > 0 }))
				return;
			off += take;
			width = w - WRAP_INDENT > 8 ? w - WRAP_INDENT : 8;
		} while (off < len);
	}
	ms->rows_w = w;
	ms->rows_nowrap = ms->nowrap;
	ms->top = 0;
	for (size_t r = 0; r < ms->nrows; r++)
		if (ms->rows[r].line == top_line) {
			ms->top = r;
			break;
		}
}

static void message_open_hook(struct ui *u, void *st)
{
	((struct message_state *)st)->nowrap = u->rc.message_wrap == RC_NO;   /* trunkdocrc */
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
	ms->left = 0;

	char src[80], dst[80], when[20];
	store_ep_fmt(st, store_msg_hdr(st, m)->src, src, sizeof src);
	store_ep_fmt(st, store_msg_hdr(st, m)->dst, dst, sizeof dst);
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
	size_t cur_line = ms->rows && ms->top < ms->nrows ? ms->rows[ms->top].line : 0;
	for (size_t k = 1; k <= ms->nlines; k++) {
		size_t i = (cur_line + k) % ms->nlines;
		size_t end = i + 1 < ms->nlines ? ms->lines[i + 1] : strlen(ms->text);
		char line[1024];
		size_t len = end - ms->lines[i];
		if (len >= sizeof line)
			len = sizeof line - 1;
		memcpy(line, ms->text + ms->lines[i], len);
		line[len] = 0;
		if (strcasestr(line, text)) {
			ms->top = 0;
			for (size_t r = 0; r < ms->nrows; r++)
				if (ms->rows[r].line == i && !ms->rows[r].cont) {
					ms->top = r;
					break;
				}
			return true;
		}
	}
	return false;
}

/* One screen row: the header name highlighted on a line's first row, the
 * wrap marker on a continuation, the edge markers when scrolled. */
static void draw_row(struct ui *u, struct message_state *ms, const struct mrow *row, int y,
                     int x, int w, bool in_body)
{
	const char *s = ms->text + ms->lines[row->line] + row->off;
	size_t len = row->len;
	attr_t dim = ui_attr(u, CR_DIM);
	if (row->cont) {
		ui_put(u, y, x, 1, u->g->wrapped, dim);
		x += WRAP_INDENT;
		w -= WRAP_INDENT;
	}
	if (ms->nowrap && ms->left > 0) {
		size_t skip = ui_fit(u, s, len, ms->left, NULL);
		s += skip;
		len -= skip;
		ui_put(u, y, x, 1, u->g->more_left, dim);
		x++;
		w--;
	}
	bool more = false;
	if (ms->nowrap) {
		int used;
		size_t fits = ui_fit(u, s, len, w, &used);
		if (fits < len) {
			more = true;
			w--;
		}
	}
	attr_t base = 0;
	if (row->line == 0)
		base = A_BOLD | ui_attr(u, CR_REQUEST);
	const char *colon = !in_body && row->line > 0 && row->off == 0 ? memchr(s, ':', len) : NULL;
	if (colon && !(ms->nowrap && ms->left > 0)) {
		int used = ui_putn(u, y, x, w, s, (size_t)(colon - s) + 1, ui_attr(u, CR_HDR_NAME));
		ui_putn(u, y, x + used, w - used, colon + 1, len - (size_t)(colon - s) - 1, base);
	} else {
		ui_putn(u, y, x, w, s, len, base);
	}
	if (more)
		ui_put(u, y, x + w, 1, u->g->more_right, dim);
}

static void message_draw(struct ui *u, void *st, const struct rect *r, bool focused)
{
	(void)focused;
	struct message_state *ms = st;
	char title[sizeof ms->title + 32];
	snprintf(title, sizeof title, "%s%s", ms->nowrap ? "Not wrapped (w)  " : "", ms->title);
	/* at 80 columns the title keeps its last words: single spaces */
	if (ui_width(u, title) > r->w - 3) {
		char *w = title;
		for (const char *p = title; *p; p++)
			if (!(p[0] == ' ' && p[1] == ' '))
				*w++ = *p;
		*w = 0;
	}
	ui_title_line(u, r, title, true);
	int h = r->h - 1;
	if (!ms->text || h <= 0)
		return;
	build_rows(u, ms, r->w);
	if (!ms->rows)
		return;
	if (ms->nrows > (size_t)h && ms->top > ms->nrows - (size_t)h)
		ms->top = ms->nrows - (size_t)h;
	if (ms->nrows <= (size_t)h)
		ms->top = 0;
	/* the body starts after the first empty line */
	size_t body_line = ms->nlines;
	for (size_t i = 1; i < ms->nlines; i++)
		if (line_len(ms, i) == 0) {
			body_line = i;
			break;
		}
	for (int y = 0; y < h && ms->top + (size_t)y < ms->nrows; y++) {
		const struct mrow *row = &ms->rows[ms->top + (size_t)y];
		draw_row(u, ms, row, r->y + 1 + y, r->x, r->w, row->line >= body_line);
	}
}

static unsigned message_action(struct ui *u, void *st, enum action act)
{
	(void)u;
	struct message_state *ms = st;
	size_t page = ms->r.h > 2 ? (size_t)ms->r.h - 1 : 1;
	switch (act) {
	case ACT_UP: if (ms->top) ms->top--; break;
	case ACT_DOWN: if (ms->top + 1 < ms->nrows) ms->top++; break;
	case ACT_PGUP: ms->top = ms->top > page ? ms->top - page : 0; break;
	case ACT_PGDN: ms->top += page; if (ms->top >= ms->nrows) ms->top = ms->nrows ? ms->nrows - 1 : 0; break;
	case ACT_HOME: ms->top = 0; ms->left = 0; break;
	case ACT_END: ms->top = ms->nrows ? ms->nrows - 1 : 0; break;
	case ACT_WRAP:
		ms->nowrap = !ms->nowrap;
		ms->left = 0;
		break;
	case ACT_RIGHT:
		ms->nowrap = true;        /* sideways means the lines are not wrapped */
		ms->left += SIDE_STEP;
		break;
	case ACT_LEFT:
		ms->left = ms->left > SIDE_STEP ? ms->left - SIDE_STEP : 0;
		break;
	default: return PR_IGNORED;
	}
	return PR_HANDLED | PR_REDRAW;
}

const struct pane_ops message_view_ops = {
	.name = "message",
	.ctx = KC_MESSAGE,
	.hints = "Esc back  w wrap  Left/Right sideways  / search",
	.state_size = sizeof(struct message_state),
	.open = message_open_hook,
	.free = message_free,
	.resize = message_resize,
	.leave = message_leave,
	.search = message_search,
	.draw = message_draw,
	.action = message_action,
};
