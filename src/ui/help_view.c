/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * help_view.c - every key, read from key_table[] (the same table the
 * dispatcher uses, so the help cannot drift from what the keys do), and
 * the meaning of the marks.
 */
#include <stdio.h>

#include "ui/ui.h"

struct help_state {
	int top;
	struct rect r;
};

/* Lines of the help: context headings, key rows, then the legend. */
static int help_lines(struct ui *u, int y0, int x, int w, int h, int top, bool draw)
{
	int vy = 0;
#define LINE(text, attr) do { \
		if (draw && vy >= top && vy - top < h) ui_put(u, y0 + vy - top, x, w, (text), (attr)); \
		vy++; \
	} while (0)
	char buf[256];
	for (int c = 0; c < KC__COUNT; c++) {
		LINE(key_context_title((enum key_context)c), ui_attr(u, CR_HEADER));
		for (size_t i = 0; i < key_count; i++) {
			if (key_table[i].ctx != (enum key_context)c)
				continue;
			/* the help text wraps under itself, not under the keys */
			const char *t = key_table[i].help;
			bool first = true;
			do {
				int tw = w - 21 > 20 ? w - 21 : 60;
				size_t next, take = ui_line_break(u, t, tw, &next);
				snprintf(buf, sizeof buf, "  %-18s %.*s", first ? key_table[i].label : "", (int)take, t);
				LINE(buf, 0);
				t += next;
				first = false;
			} while (*t);
		}
		vy++;
	}
	LINE("Verdict marks", ui_attr(u, CR_HEADER));
	static const enum verdict order[] = { V_PASS, V_WARN, V_FAIL, V_UNKNOWN, V_SKIPPED };
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		snprintf(buf, sizeof buf, "  %s  %s", u->g->verdict[order[i]], verdict_name(order[i]));
		LINE(buf, ui_verdict_attr(u, order[i]));
	}
	snprintf(buf, sizeof buf, "  %s  retransmission   %s  selected   %s  note   %s  verdict just changed",
	         u->g->retrans, u->g->selected, u->g->note, u->g->flipped);
	LINE(buf, 0);
#undef LINE
	return vy;
}

static void help_draw(struct ui *u, void *st, const struct rect *r, bool focused)
{
	(void)focused;
	struct help_state *hs = st;
	ui_title_line(u, r, "Help: keys", true);
	int h = r->h - 1;
	int total = help_lines(u, 0, 0, r->w - 2, 0, 0, false);
	if (hs->top > total - h)
		hs->top = total - h;
	if (hs->top < 0)
		hs->top = 0;
	help_lines(u, r->y + 1, r->x + 1, r->w - 2, h, hs->top, true);
}

static void help_enter(struct ui *u, void *st)
{
	(void)u;
	((struct help_state *)st)->top = 0;
}

static void help_resize(struct ui *u, void *st, const struct rect *r)
{
	(void)u;
	((struct help_state *)st)->r = *r;
}

static unsigned help_action(struct ui *u, void *st, enum action act)
{
	(void)u;
	struct help_state *hs = st;
	int page = hs->r.h > 2 ? hs->r.h - 1 : 1;
	switch (act) {
	case ACT_UP: hs->top--; break;
	case ACT_DOWN: hs->top++; break;
	case ACT_PGUP: hs->top -= page; break;
	case ACT_PGDN: hs->top += page; break;
	case ACT_HOME: hs->top = 0; break;
	case ACT_END: hs->top = 1 << 20; break;
	case ACT_HELP: return PR_HANDLED;
	default: return PR_IGNORED;
	}
	if (hs->top < 0)
		hs->top = 0;
	return PR_HANDLED | PR_REDRAW;
}

const struct pane_ops help_view_ops = {
	.name = "help",
	.ctx = KC_ANY,
	.hints = "Esc back  Up/Down scroll",
	.state_size = sizeof(struct help_state),
	.enter = help_enter,
	.resize = help_resize,
	.draw = help_draw,
	.action = help_action,
};
