/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * pane.h - a pane or a full-screen view is a set of operations, the way
 * sngrep's ui_panel and tig's view_ops are: it draws itself into the
 * rectangle the layout gives it and answers actions with flags, never by
 * calling the screen back.
 *
 *   ┌ title ─────────────────────┐   draw(u, r, focused): r includes the
 *   │ rows ...                   │   title line; the pane keeps its own
 *   │                            │   cursor and scroll in struct ui.
 *   └────────────────────────────┘
 */
#ifndef TRUNKDOC_UI_PANE_H
#define TRUNKDOC_UI_PANE_H

#include <stdbool.h>
#include "ui/keys.h"

struct ui;

struct rect {
	int y, x, h, w;
};

/* What handling an action did; OR-ed together. */
enum pane_result {
	PR_IGNORED = 0,
	PR_HANDLED = 1 << 0,
	PR_REDRAW = 1 << 1,
	PR_QUIT = 1 << 2,
};

struct pane_ops {
	const char *name;
	enum key_context ctx;            /* where its keys are looked up */
	const char *hints;               /* key hints for the status bar */
	void (*draw)(struct ui *u, const struct rect *r, bool focused);
	unsigned (*action)(struct ui *u, enum action act);
};

/* The panes of the main screen and the full-screen views. */
extern const struct pane_ops list_pane_ops;
extern const struct pane_ops ladder_pane_ops;
extern const struct pane_ops checklist_pane_ops;
extern const struct pane_ops detail_view_ops;
extern const struct pane_ops message_view_ops;
extern const struct pane_ops help_view_ops;
extern const struct pane_ops form_view_ops;

#endif
