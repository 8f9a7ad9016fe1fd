/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * views.c - the view table and the lifecycle of every pane's private state.
 *
 *   view_table[]   list  ladder  checklist │ detail  message  help  form
 *                  main screen (pane_id)   │ full-screen views (and fleet)
 *   u->state[i]    the private state of view_table[i], state_size bytes
 *
 * The screen calls views_open() once, views_resize() on every new
 * geometry, views_update() when traffic or verdicts change and
 * views_free() on the way out; it never names a pane to free it.
 */
#include <stdlib.h>

#include "ui/ui.h"

const struct pane_ops *const view_table[] = {
	/* the main screen, in enum pane_id order */
	&list_pane_ops,
	&ladder_pane_ops,
	&checklist_pane_ops,
	/* full-screen views */
	&detail_view_ops,
	&message_view_ops,
	&help_view_ops,
	&form_view_ops,
	&fleet_view_ops,
};
const size_t view_count = sizeof view_table / sizeof view_table[0];

_Static_assert(sizeof view_table / sizeof view_table[0] <= VIEWS_MAX, "raise VIEWS_MAX");

void *ui_state(const struct ui *u, const struct pane_ops *ops)
{
	for (size_t i = 0; i < view_count; i++)
		if (view_table[i] == ops)
			return u->state[i];
	return NULL;
}

/* Every state is allocated before any open hook runs: an open may already
 * call into another pane (the list shows its first row in the ladder). */
bool views_open(struct ui *u)
{
	for (size_t i = 0; i < view_count; i++) {
		size_t n = view_table[i]->state_size;
		u->state[i] = calloc(1, n ? n : 1);
		if (!u->state[i])
			return false;
	}
	for (size_t i = 0; i < view_count; i++)
		if (view_table[i]->open)
			view_table[i]->open(u, u->state[i]);
	return true;
}

void views_free(struct ui *u)
{
	for (size_t i = view_count; i-- > 0;) {
		if (u->state[i] && view_table[i]->free)
			view_table[i]->free(u, u->state[i]);
		free(u->state[i]);
		u->state[i] = NULL;
	}
}

/* Main-screen panes get their rectangle, views the body between the title
 * and the status line. */
void views_resize(struct ui *u)
{
	struct rect body = { 1, 0, u->rows - 2, u->cols };
	for (size_t i = 0; i < view_count; i++) {
		if (!view_table[i]->resize || !u->state[i])
			continue;
		view_table[i]->resize(u, u->state[i], i < PANE__COUNT ? &u->r_pane[i] : &body);
	}
}

void views_update(struct ui *u, unsigned what)
{
	for (size_t i = 0; i < view_count; i++)
		if (view_table[i]->update && u->state[i])
			view_table[i]->update(u, u->state[i], what);
}
