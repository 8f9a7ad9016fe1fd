/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * pane.h - a pane or a full-screen view is a set of operations over its own
 * private state, the way tig's view_ops (with its private size) and htop's
 * Panel subclasses are: the screen allocates state_size bytes for each entry
 * of the view table when it opens, calls the hooks, and frees it when it
 * closes.  No other file knows what is inside a pane's state.
 *
 *   open ─▶ resize ─▶ ( update | key | action | search | draw )* ─▶ free
 *                      enter ... leave      (a full-screen view, per push/pop;
 *                                            back when what was over it pops)
 *
 *   ┌ title ─────────────────────┐   draw(u, st, r, focused): r includes the
 *   │ rows ...                   │   title line; the pane keeps its cursor,
 *   │                            │   scroll and size in st.
 *   └────────────────────────────┘
 *
 * Adding a pane: its own file (state, hooks, ops), a line in the view table
 * (views.c) and its keys in the key table (keys.c).  Every hook but draw
 * and action may be NULL.
 */
#ifndef TRUNKDOC_UI_PANE_H
#define TRUNKDOC_UI_PANE_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>
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

/* What changed, for update(). */
enum pane_update {
	UPD_TRAFFIC = 1 << 0,    /* new packets reached the store */
	UPD_VERDICTS = 1 << 1,   /* the checks were evaluated again */
	UPD_FILTER = 1 << 2,     /* the display filter changed */
	UPD_REBUILT = 1 << 3,    /* --limit rebuilt the store: every index changed */
};

struct pane_ops {
	const char *name;
	enum key_context ctx;            /* where its keys are looked up */
	const char *hints;               /* key hints for the status bar */
	size_t state_size;               /* bytes of private state, zeroed at open */
	void (*open)(struct ui *u, void *st);
	void (*free)(struct ui *u, void *st);               /* what open and use took */
	void (*resize)(struct ui *u, void *st, const struct rect *r);
	void (*enter)(struct ui *u, void *st);              /* pushed as a view */
	void (*leave)(struct ui *u, void *st);              /* popped */
	void (*back)(struct ui *u, void *st);               /* on top again: what was over it popped */
	void (*update)(struct ui *u, void *st, unsigned what);   /* enum pane_update */
	/* Raw keys before the key table (a text form); true = consumed. */
	bool (*key)(struct ui *u, void *st, int code, bool fn, wint_t wc);
	/* '/' here: moves to the next match after the cursor; false = none. */
	bool (*search)(struct ui *u, void *st, const char *text);
	void (*draw)(struct ui *u, void *st, const struct rect *r, bool focused);
	unsigned (*action)(struct ui *u, void *st, enum action act);
};

/* The view table (views.c): the main screen's panes first, in the order of
 * enum pane_id, then the full-screen views. */
extern const struct pane_ops *const view_table[];
extern const size_t view_count;

extern const struct pane_ops list_pane_ops;
extern const struct pane_ops ladder_pane_ops;
extern const struct pane_ops checklist_pane_ops;
extern const struct pane_ops detail_view_ops;
extern const struct pane_ops message_view_ops;
extern const struct pane_ops help_view_ops;
extern const struct pane_ops form_view_ops;
extern const struct pane_ops fleet_view_ops;

/* The state of one entry of the view table. */
void *ui_state(const struct ui *u, const struct pane_ops *ops);
bool views_open(struct ui *u);
void views_free(struct ui *u);
void views_resize(struct ui *u);
void views_update(struct ui *u, unsigned what);

#endif
