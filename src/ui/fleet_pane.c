/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * fleet_pane.c - the fleet view: one row per HEP capture node and trunk,
 * failing first (rows from app/fleet.h; this file only draws them).
 *
 *   ── Fleet: 3 nodes, 3 trunks, 2 failing ─────────────────────────────
 *    Node (capture id, agent)  Trunk                    State
 *   FAIL 2002 10.9.0.2         4420@sip.carrier.exampl  failed: 403 Forbidden
 *        prov.auth-accepted: the registrar refused the credentials (403)
 *   FAIL 2003 10.9.0.3         5530@sip.carrier.exampl  wrong password, 401 loop
 *        prov.auth-accepted: ...
 *   ok   2001 10.9.0.1         3310@sip.carrier.exampl  registered (300 s)
 *
 * A failing row starts with the word FAIL (also in ASCII and without
 * colour), so a script reading `tmux capture-pane` finds it.  Enter shows
 * the main screen scoped to that node and trunk (the list shows what the
 * terms node:N aor:... match, on top of the operator's own filter, which
 * stays as it was and is what a session saves), with that node's trunk's
 * checklist; Esc comes back here and the scope goes.  It opens by itself once the input
 * has more than one capture node, and with F (F8) otherwise.  The rows are
 * computed again at every evaluation, so the view follows a live feed; the
 * cursor stays on its node and trunk.
 *
 * f (F7) filters the rows as the list's filter does (terms split on blanks,
 * all must match, case-insensitively) against what a row shows: the node
 * (capture id, agent, name), the trunk and its registrar, the state word
 * and text, the root cause.  The filter is applied again at each refresh,
 * so a node that arrives or turns failing shows when it matches; the title
 * says "N of M rows" and the filter.  An empty filter, or Esc on the
 * view, clears it; Enter and back keep it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/fleet.h"
#include "ui/ui.h"

struct fleet_state {
	struct fleet_row *rows;          /* the rows the filter lets through */
	size_t nrows;
	size_t total, failing;           /* the whole fleet's rows, and failing ones */
	char filter[PROMPT_MAX];         /* "" shows every row */
	size_t cur, top;
	struct rect r;
	bool auto_opened;                /* opened once by itself; never again */
	bool on_worst;                   /* opened, no key moved the cursor yet:
	                                    it follows the worst row */
	/* the row opened with Enter, until Esc comes back */
	bool picked;
	uint16_t pick_node;
	char pick_trunk[TRUNK_NAME_MAX]; /* "" for a node with no trunk */
	struct trunk pick_shown;         /* its name, for the checklist's title (the
	                                    title bar's scope names the node) */
	char scope[sizeof ((struct fleet_row *)0)->match];   /* its filter terms */
};

static struct fleet_state *state_of(const struct ui *u)
{
	return ui_state(u, &fleet_view_ops);
}

/* Keeps the rows the filter matches, in their order. */
static void apply_filter(struct fleet_state *f)
{
	f->total = f->nrows;
	f->failing = 0;
	size_t k = 0;
	for (size_t i = 0; i < f->nrows; i++) {
		f->failing += f->rows[i].level == FLEET_FAIL;
		if (!f->filter[0] || filter_match_fleet_row(&f->rows[i], f->filter)) {
			if (k != i)
				f->rows[k] = f->rows[i];
			k++;
		}
	}
	f->nrows = k;
}

/* True when the cursor's node and trunk are still among the rows. */
static bool fleet_reload(struct ui *u, struct fleet_state *f)
{
	uint16_t node = 0;
	char trunk[TRUNK_NAME_MAX] = "";
	if (f->cur < f->nrows) {
		node = f->rows[f->cur].node;
		snprintf(trunk, sizeof trunk, "%s", f->rows[f->cur].trunk_text);
	}
	free(f->rows);
	f->nrows = fleet_rows(u->app, &f->rows);
	apply_filter(f);
	/* the cursor stays on its node and trunk as rows move (failing
	 * first); until a key moves it, on the worst row, which may turn
	 * failing only after the view opened (a live feed's replies come
	 * later than its requests) */
	bool found = false;
	if (f->on_worst)
		f->cur = 0;
	for (size_t i = 0; node && !f->on_worst && i < f->nrows; i++)
		if (f->rows[i].node == node && !strcmp(f->rows[i].trunk_text, trunk)) {
			f->cur = i;
			found = true;
			break;
		}
	if (f->cur >= f->nrows)
		f->cur = f->nrows ? f->nrows - 1 : 0;
	return found;
}

void fleet_filter_set(struct ui *u, const char *text)
{
	struct fleet_state *f = state_of(u);
	snprintf(f->filter, sizeof f->filter, "%s", text);
	/* the cursor's row stays under it if it still matches; else the
	 * worst matching row, followed until a key moves the cursor */
	if (!fleet_reload(u, f) && !f->on_worst) {
		f->on_worst = true;
		f->cur = f->top = 0;
	}
	if (text[0])
		ui_message(u, "fleet filter: %zu of %zu rows", f->nrows, f->total);
	else
		ui_message(u, "fleet filter cleared: %zu rows", f->nrows);
}

void fleet_open(struct ui *u)
{
	struct fleet_state *f = state_of(u);
	f->auto_opened = true;
	fleet_reload(u, f);
	f->cur = f->top = 0;         /* opened: on the worst row */
	f->on_worst = true;
	ui_push_view(u, &fleet_view_ops);
	if (!fleet_node_count(u->app))
		ui_message(u, "no HEP capture node: the fleet view lists the PBXs of a HEP feed");
}

const struct finding *fleet_picked(const struct ui *u, const struct trunk **t)
{
	const struct fleet_state *f = state_of(u);
	*t = NULL;
	if (!f || !f->picked)
		return NULL;
	const struct finding *fi = fleet_findings(u->app, f->pick_node, f->pick_trunk);
	if (fi)
		*t = &f->pick_shown;
	return fi;
}

const char *fleet_scope(const struct ui *u)
{
	const struct fleet_state *f = state_of(u);
	return f && f->picked ? f->scope : NULL;
}

/* Enter: the main screen, showing this node's trunk only. */
static void pick(struct ui *u, struct fleet_state *f)
{
	if (f->cur >= f->nrows)
		return;
	const struct fleet_row *row = &f->rows[f->cur];
	f->picked = true;
	f->pick_node = row->node;
	snprintf(f->pick_trunk, sizeof f->pick_trunk, "%s", row->trunk < 0 ? "" : row->trunk_text);
	memset(&f->pick_shown, 0, sizeof f->pick_shown);
	snprintf(f->pick_shown.name, sizeof f->pick_shown.name, "%s", row->trunk_text);
	f->pick_shown.root_cause = row->root_cause;
	memcpy(f->scope, row->match, sizeof f->scope);
	views_update(u, UPD_FILTER);
	ui_push_main(u, PANE_LIST);
}

/* Back from the main screen: every node and trunk again. */
static void fleet_back(struct ui *u, void *st)
{
	struct fleet_state *f = st;
	if (!f->picked)
		return;
	f->picked = false;
	views_update(u, UPD_FILTER);
}

static void fleet_leave(struct ui *u, void *st)
{
	fleet_back(u, st);
}

static void fleet_update(struct ui *u, void *st, unsigned what)
{
	struct fleet_state *f = st;
	if (what & UPD_VERDICTS)
		fleet_reload(u, f);
	/* several PBXs judged: this is the view to start from, once, on
	 * its worst row */
	if ((what & UPD_VERDICTS) && !f->auto_opened && u->app->nnode_results > 1 && f->total && u->depth == 0 &&
	    u->prompt.kind == PROMPT_NONE) {
		f->auto_opened = true;
		f->on_worst = true;
		f->cur = f->top = 0;
		ui_push_view(u, &fleet_view_ops);
	}
}

static void fleet_free(struct ui *u, void *st)
{
	(void)u;
	free(((struct fleet_state *)st)->rows);
}

static void fleet_resize(struct ui *u, void *st, const struct rect *r)
{
	(void)u;
	((struct fleet_state *)st)->r = *r;
}

static attr_t level_attr(const struct ui *u, enum fleet_level l)
{
	switch (l) {
	case FLEET_FAIL: return ui_attr(u, CR_FAIL) | A_BOLD;
	case FLEET_WARN: return ui_attr(u, CR_WARN);
	case FLEET_OK: return ui_attr(u, CR_PASS);
	default: return ui_attr(u, CR_DIM);
	}
}

/* Column widths for w columns: the word, the node, the trunk, the state. */
struct fleet_cols {
	int word, node, trunk, state;
};

static struct fleet_cols cols_for(int w)
{
	struct fleet_cols c = { 5, 19, 26, 0 };
	if (w >= 120) {
		c.node = 30;
		c.trunk = 40;
	} else if (w < 70) {         /* down to the screen's 40 columns */
		c.node = (w - c.word) * 3 / 10;
		c.trunk = (w - c.word) * 4 / 10;
	}
	c.state = w - c.word - c.node - c.trunk;
	return c;
}

/* Packet-derived texts in the rows are sanitised (app/fleet.c); ui_clean
 * makes them ASCII for a terminal that is not UTF-8. */
static int put_clean(const struct ui *u, int y, int x, int w, const char *s, attr_t a)
{
	char buf[FINDING_TEXT * 2];
	ui_clean_str(u, buf, sizeof buf, s);
	if (ui_width(u, buf) > w - 1 && w > 2) {
		/* cut with an ellipsis: one blank column stays between columns */
		int used;
		size_t k = ui_fit(u, buf, strlen(buf), w - 2, &used);
		snprintf(buf + k, sizeof buf - k, "%s", u->g->ellipsis);
	}
	return ui_put(u, y, x, w - 1, buf, a);
}

static void draw_row(struct ui *u, const struct fleet_row *row, int y, const struct rect *r,
                     const struct fleet_cols *c, bool cursor, bool two_lines)
{
	attr_t base = cursor ? ui_attr(u, CR_CURSOR) : 0;
	ui_blank(y, r->x, r->w, base);
	int x = r->x;
	ui_put(u, y, x, c->word, row->word, cursor ? base | A_BOLD : level_attr(u, row->level));
	x += c->word;
	put_clean(u, y, x, c->node, row->node_text, base);
	x += c->node;
	put_clean(u, y, x, c->trunk, row->trunk_text, base);
	x += c->trunk;
	put_clean(u, y, x, r->x + r->w - x, row->state, base);
	if (!two_lines)
		return;
	ui_blank(y + 1, r->x, r->w, base);
	char cause[FINDING_TEXT + 96];
	if (row->root_cause >= 0)
		snprintf(cause, sizeof cause, "%s: %s", check_table[row->root_cause].id, row->cause);
	else
		snprintf(cause, sizeof cause, "%s", row->level == FLEET_NONE ? "nothing to judge on this node"
		                                                             : "no step fails");
	put_clean(u, y + 1, r->x + c->word, r->w - c->word, cause,
	          cursor ? base : row->root_cause >= 0 ? 0 : ui_attr(u, CR_DIM));
}

static void fleet_draw(struct ui *u, void *st, const struct rect *r, bool focused)
{
	(void)focused;
	struct fleet_state *f = st;
	size_t nodes = fleet_node_count(u->app);
	char title[PROMPT_MAX * 4 + 160], filt[PROMPT_MAX * 4];
	int n = snprintf(title, sizeof title, "Fleet: %zu node%s, ", nodes, nodes == 1 ? "" : "s");
	if (f->filter[0])     /* the count before the filter: a long filter is cut, not it */
		n += snprintf(title + n, sizeof title - (size_t)n, "%zu of %zu rows", f->nrows, f->total);
	else
		n += snprintf(title + n, sizeof title - (size_t)n, "%zu row%s", f->nrows, f->nrows == 1 ? "" : "s");
	n += snprintf(title + n, sizeof title - (size_t)n, ", %zu failing", f->failing);
	if (f->filter[0])
		snprintf(title + n, sizeof title - (size_t)n, ", filter: %s", ui_clean_str(u, filt, sizeof filt, f->filter));
	ui_title_line(u, r, title, true);
	if (r->h < 3)
		return;
	struct fleet_cols c = cols_for(r->w);
	attr_t h = ui_attr(u, CR_HEADER);
	int y = r->y + 1;
	ui_blank(y, r->x, r->w, 0);
	ui_put(u, y, r->x + c.word, c.node - 1, "Node (id, agent)", h);
	ui_put(u, y, r->x + c.word + c.node, c.trunk - 1, "Trunk", h);
	ui_put(u, y, r->x + c.word + c.node + c.trunk, c.state, "State", h);
	y++;
	if (!f->nrows && f->total) {
		ui_put(u, y, r->x + 1, r->w - 2, "(no row matches the filter; f changes it, Esc clears it)",
		       ui_attr(u, CR_DIM));
		return;
	}
	if (!f->nrows) {
		ui_put(u, y, r->x + 1, r->w - 2, nodes ? "The capture nodes are being judged..." :
		       "No HEP capture node: this capture comes from one host (Esc for its screen).", ui_attr(u, CR_DIM));
		return;
	}
	int lines = r->y + r->h - y;
	/* each row takes two lines (the root cause under it); one when the
	 * screen is too short for two rows of two */
	int per = lines >= 4 ? 2 : 1;
	size_t visible = (size_t)(lines / per);
	if (!visible)
		return;
	if (f->cur < f->top)
		f->top = f->cur;
	if (f->cur >= f->top + visible)
		f->top = f->cur - visible + 1;
	for (size_t i = f->top; i < f->nrows && i < f->top + visible; i++, y += per)
		draw_row(u, &f->rows[i], y, r, &c, i == f->cur, per == 2);
}

static size_t page(const struct fleet_state *f)
{
	int lines = f->r.h - 2;
	int per = lines >= 4 ? 2 : 1;
	return lines / per > 1 ? (size_t)(lines / per) - 1 : 1;
}

static unsigned fleet_action(struct ui *u, void *st, enum action act)
{
	struct fleet_state *f = st;
	size_t last = f->nrows ? f->nrows - 1 : 0;
	switch (act) {
	case ACT_UP: if (f->cur) f->cur--; break;
	case ACT_DOWN: if (f->cur < last) f->cur++; break;
	case ACT_PGUP: f->cur = f->cur > page(f) ? f->cur - page(f) : 0; break;
	case ACT_PGDN: f->cur = f->cur + page(f) < last ? f->cur + page(f) : last; break;
	case ACT_HOME: f->cur = 0; break;
	case ACT_END: f->cur = last; break;
	case ACT_ENTER: pick(u, f); break;
	case ACT_FILTER:
		ui_prompt_open(u, PROMPT_FLEET_FILTER, "Fleet filter (node, trunk, state, cause): ", f->filter);
		return PR_HANDLED | PR_REDRAW;
	case ACT_BACK:
		if (!f->filter[0])
			return PR_IGNORED;       /* the main screen */
		fleet_filter_set(u, "");     /* first Esc: every row again */
		return PR_HANDLED | PR_REDRAW;
	default: return PR_IGNORED;
	}
	f->on_worst = false;
	return PR_HANDLED | PR_REDRAW;
}

const struct pane_ops fleet_view_ops = {
	.name = "fleet",
	.ctx = KC_FLEET,
	.hints = "Enter open the trunk  f filter  Esc main screen",
	.state_size = sizeof(struct fleet_state),
	.free = fleet_free,
	.resize = fleet_resize,
	.leave = fleet_leave,
	.back = fleet_back,
	.update = fleet_update,
	.draw = fleet_draw,
	.action = fleet_action,
};
