/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * layout.c - geometry and focus of the main screen.
 *
 *   wide (>= 100 columns)              narrow
 *   ┌ title ──────────────────────┐    ┌ title ────────────┐
 *   │ list          │ checklist   │    │ list              │
 *   ├ ladder ───────┤             │    ├ ladder ───────────┤
 *   │               │             │    ├ checklist ────────┤
 *   └ status ─────────────────────┘    └ status ───────────┘
 */
#include "ui/ui.h"

#define WIDE_MIN_COLS 100
#define CHECK_W_FULL 80

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

void layout_compute(struct ui *u)
{
	int rows = u->rows, cols = u->cols;
	int body_y = 1, body_h = rows - 2;
	if (body_h < 3)
		body_h = 3;
	u->r_title = (struct rect){ 0, 0, 1, cols };
	u->r_status = (struct rect){ rows - 1, 0, 1, cols };
	u->wide = cols >= WIDE_MIN_COLS;
	if (u->wide) {
		/* the checklist takes 3/8 of the width, and on a big screen
		 * enough for its longest step (a manual one with its mark, 80
		 * columns) once the ladder keeps 90 */
		int check_w = clamp(cols * 3 / 8, 36, 64);
		if (cols - 90 > check_w)
			check_w = cols - 90 < CHECK_W_FULL ? cols - 90 : CHECK_W_FULL;
		int left_w = cols - check_w - 1;
		int list_h = clamp(body_h * 2 / 5, 4, body_h - 4);
		u->r_pane[PANE_LIST] = (struct rect){ body_y, 0, list_h, left_w };
		u->r_pane[PANE_LADDER] = (struct rect){ body_y + list_h, 0, body_h - list_h, left_w };
		u->r_pane[PANE_CHECKLIST] = (struct rect){ body_y, left_w + 1, body_h, check_w };
	} else {
		int list_h = clamp(body_h * 3 / 10, 3, body_h);
		int check_h = clamp(body_h * 3 / 10 + 1, 3, body_h - list_h);
		int ladder_h = body_h - list_h - check_h;
		if (ladder_h < 0)
			ladder_h = 0;
		u->r_pane[PANE_LIST] = (struct rect){ body_y, 0, list_h, cols };
		u->r_pane[PANE_LADDER] = (struct rect){ body_y + list_h, 0, ladder_h, cols };
		u->r_pane[PANE_CHECKLIST] = (struct rect){ body_y + list_h + ladder_h, 0, check_h, cols };
	}
}

void layout_focus(struct ui *u, int delta)
{
	u->focus = (enum pane_id)(((int)u->focus + delta + PANE__COUNT) % PANE__COUNT);
}

/* The main screen's panes come first in the view table, in pane_id order. */
const struct pane_ops *layout_pane_ops(enum pane_id id)
{
	return view_table[id];
}
