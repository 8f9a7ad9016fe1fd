/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * checklist_pane.c - the guided walkthrough: every check, group by group in
 * helpdesk order, with its verdict mark and title.
 *
 *   ── Internet and reachability ──
 *   ✔ pass  The registrar name resolves
 *   ✘ fail  The registrar answers every REGISTER       ★ just changed
 *   · ???   Router up, LEDs normal [manual]             ✎ has a note
 *
 * The cursor starts on the first step that is not passing and follows it
 * while the operator has not moved it; o/X/s/u mark a step, a types a note
 * in place.  Verdicts come from the checks only (ui_findings): group 5
 * speaks of the call open in the ladder, its heading says which.
 */
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "ui/ui.h"

#define FLIP_SHOW_SECONDS 6.0

struct checklist_state {
	size_t cur;                      /* index into check_table */
	size_t top;                      /* first drawn row */
	bool operator_moved;             /* stop following the first open step */
	enum verdict *prev;              /* verdicts at the last evaluation */
	double *flipped_at;              /* when each verdict last changed */
	bool evaluated;                  /* a first full picture was shown */
	bool explained;                  /* what [!] means was said once */
	uint32_t prev_call;              /* the call group 5 followed at the last evaluation */
};

static struct checklist_state *state_of(const struct ui *u)
{
	return ui_state(u, &checklist_pane_ops);
}

size_t checklist_current(const struct ui *u)
{
	return state_of(u)->cur;
}

/* Display order: groups in helpdesk order, checks in table order within a
 * group.  A row is a check index, or -(group + 1) for a group heading. */
static size_t build_rows(int *rows, size_t max)
{
	size_t n = 0;
	for (int g = 0; g < G__COUNT; g++) {
		bool any = false;
		for (size_t i = 0; i < check_count; i++) {
			if (check_table[i].group != (enum check_group)g)
				continue;
			if (!any && n < max)
				rows[n++] = -(g + 1);
			any = true;
			if (n < max)
				rows[n++] = (int)i;
		}
	}
	return n;
}

/* The row order depends only on check_table, so it is built once. */
static int *table_rows;
static size_t table_nrows;

static int *rows_buf(size_t *n)
{
	if (!table_rows) {
		table_rows = calloc(check_count + G__COUNT, sizeof *table_rows);
		if (!table_rows) {
			*n = 0;
			return NULL;
		}
		table_nrows = build_rows(table_rows, check_count + G__COUNT);
	}
	*n = table_nrows;
	return table_rows;
}

static void checklist_open(struct ui *u, void *st)
{
	(void)u;
	struct checklist_state *cl = st;
	cl->prev_call = NONE_U32;
	cl->prev = calloc(check_count, sizeof *cl->prev);
	cl->flipped_at = calloc(check_count, sizeof *cl->flipped_at);
	size_t n;
	int *rows = rows_buf(&n);
	cl->cur = 0;
	for (size_t i = 0; rows && i < n; i++)
		if (rows[i] >= 0) {
			cl->cur = (size_t)rows[i];
			break;
		}
}

static void checklist_free(struct ui *u, void *st)
{
	(void)u;
	struct checklist_state *cl = st;
	free(cl->prev);
	free(cl->flipped_at);
	free(table_rows);
	table_rows = NULL;
	table_nrows = 0;
}

static size_t row_of_check(size_t check)
{
	size_t n;
	int *rows = rows_buf(&n);
	for (size_t i = 0; rows && i < n; i++)
		if (rows[i] == (int)check)
			return i;
	return 0;
}

static bool is_open(const struct ui *u, size_t i)
{
	enum verdict v = ui_findings(u)[i].verdict;
	return v != V_PASS && v != V_SKIPPED;
}

static void goto_first_open(struct ui *u, struct checklist_state *cl)
{
	size_t n;
	int *rows = rows_buf(&n);
	for (size_t i = 0; rows && i < n; i++)
		if (rows[i] >= 0 && is_open(u, (size_t)rows[i])) {
			cl->cur = (size_t)rows[i];
			return;
		}
}

/* After an evaluation: note which verdicts flipped (the one that matters
 * most is named on the status line), and keep the cursor on the first open
 * step until the operator moves it.  Flips are news only once a first
 * full picture was shown: the end of a file, or the first look at a live
 * capture. */
static void checklist_update(struct ui *u, void *st, unsigned what)
{
	struct checklist_state *cl = st;
	if (!(what & UPD_VERDICTS) || !cl->prev)
		return;
	const struct finding *f = ui_findings(u);
	/* another call followed since: its verdicts differ, nothing flipped */
	uint32_t call = ui_followed_call(u);
	bool track = cl->evaluated && call == cl->prev_call;
	cl->prev_call = call;
	cl->evaluated = u->live || !u->reading;
	double now = ui_clock();
	size_t flips = 0, shown = 0;
	int shown_rank = -1;
	enum verdict was = V_UNKNOWN;
	for (size_t i = 0; i < check_count; i++) {
		enum verdict v = f[i].verdict;
		if (cl->prev[i] != v && track) {
			cl->flipped_at[i] = now;
			flips++;
			/* name the flip that matters most: to fail, then warn, then any */
			int rank = v == V_FAIL ? 2 : v == V_WARN ? 1 : 0;
			if (rank > shown_rank) {
				shown_rank = rank;
				shown = i;
				was = cl->prev[i];
			}
		}
		cl->prev[i] = v;
	}
	if (flips == 1)
		ui_message(u, "%s: %s -> %s", check_table[shown].id,
		           verdict_name(was), verdict_name(f[shown].verdict));
	else if (flips > 1)
		ui_message(u, "%s: %s -> %s (and %zu more changed)", check_table[shown].id,
		           verdict_name(was), verdict_name(f[shown].verdict), flips - 1);
	/* the first time the title carries [!], say what it means */
	if (!flips && !cl->explained && checks_root_cause(f) >= 0 &&
	    ui_clock() >= u->status_until) {      /* never over a message still shown */
		cl->explained = true;
		ui_message(u, "[!] marks the root cause: press ! to go there");
	}
	if (!cl->operator_moved)
		goto_first_open(u, cl);
}

/* Moves over checks (skipping headings); with only_open, to the next step
 * that is not passing. */
static bool step_cursor(struct ui *u, int dir, bool only_open)
{
	struct checklist_state *cl = state_of(u);
	size_t n;
	int *rows = rows_buf(&n);
	if (!rows || !n)
		return false;
	long r = (long)row_of_check(cl->cur);
	for (long i = r + dir; i >= 0 && i < (long)n; i += dir)
		if (rows[i] >= 0 && (!only_open || is_open(u, (size_t)rows[i]))) {
			cl->cur = (size_t)rows[i];
			cl->operator_moved = true;
			return true;
		}
	return false;
}

/* The root cause is the checks' decision (checks_root_cause); the pane only
 * moves the cursor there, so a helpdesk engineer under pressure reaches the
 * failing step in one key. */
void checklist_goto_root_cause(struct ui *u)
{
	struct checklist_state *cl = state_of(u);
	int rc = checks_root_cause(ui_findings(u));
	if (rc < 0) {
		ui_message(u, "no step fails");
		return;
	}
	cl->cur = (size_t)rc;
	cl->operator_moved = true;
}

void checklist_step(struct ui *u, int dir)
{
	if (!step_cursor(u, dir, true))
		ui_message(u, dir > 0 ? "no open step after this one" : "no open step before this one");
}

static void checklist_mark(struct ui *u, enum verdict v)
{
	struct checklist_state *cl = state_of(u);
	const struct check_def *c = &check_table[cl->cur];
	const char *note = "";
	for (size_t i = 0; i < u->app->nmarks; i++)
		if (!strcmp(u->app->marks[i].id, c->id))
			note = u->app->marks[i].note;
	char keep[FINDING_TEXT];
	snprintf(keep, sizeof keep, "%s", note);
	if (!app_set_mark(u->app, c->id, v, v == V_UNKNOWN ? NULL : keep)) {
		ui_message(u, "cannot mark %s (too many marks)", c->id);
		return;
	}
	cl->operator_moved = true;
	ui_evaluate(u);
	ui_message(u, v == V_UNKNOWN ? "%s: mark cleared" : "%s: marked %s", c->id, verdict_name(v));
}

static void checklist_note_begin(struct ui *u)
{
	struct checklist_state *cl = state_of(u);
	const struct check_def *c = &check_table[cl->cur];
	const char *note = "";
	for (size_t i = 0; i < u->app->nmarks; i++)
		if (!strcmp(u->app->marks[i].id, c->id))
			note = u->app->marks[i].note;
	ui_prompt_open(u, PROMPT_NOTE, "Note: ", note);
}

/* A note rides on the operator's mark; a step not yet marked gets an
 * "unknown" mark carrying the note, which checks_run() treats as a note
 * only, so an observed step keeps following the traffic. */
void checklist_note_commit(struct ui *u, const char *note)
{
	struct checklist_state *cl = state_of(u);
	const struct check_def *c = &check_table[cl->cur];
	enum verdict v = V_UNKNOWN;
	for (size_t i = 0; i < u->app->nmarks; i++)
		if (!strcmp(u->app->marks[i].id, c->id))
			v = u->app->marks[i].verdict;
	if (!app_set_mark(u->app, c->id, v, note)) {
		ui_message(u, "cannot keep the note (too many marks)");
		return;
	}
	ui_evaluate(u);
	ui_message(u, *note ? "%s: note kept" : "%s: note removed", c->id);
}

static bool checklist_search(struct ui *u, void *st, const char *text)
{
	(void)u;
	struct checklist_state *cl = st;
	for (size_t k = 1; k <= check_count; k++) {
		size_t i = (cl->cur + k) % check_count;
		if (strcasestr(check_table[i].title, text) || strcasestr(check_table[i].id, text)) {
			cl->cur = i;
			cl->operator_moved = true;
			return true;
		}
	}
	return false;
}

static void draw_check_row(struct ui *u, const struct checklist_state *cl, int y, int x, int w, size_t i, bool cursor, bool focused)
{
	const struct check_def *c = &check_table[i];
	const struct finding *f = &ui_findings(u)[i];
	bool flipped = cl->flipped_at && cl->flipped_at[i] > 0 &&
	               ui_clock() - cl->flipped_at[i] < FLIP_SHOW_SECONDS;
	attr_t base = cursor ? (focused ? ui_attr(u, CR_CURSOR) : A_BOLD) : 0;
	if (flipped && !cursor)
		base = ui_attr(u, CR_FLIP);
	ui_blank(y, x, w, base);
	int cx = x;
	cx += ui_put(u, y, cx, 2, cursor ? u->g->cursor : (flipped ? u->g->flipped : " "), base);
	cx = x + 2;
	attr_t va = (cursor && focused) || flipped ? base : ui_verdict_attr(u, f->verdict);
	char mark[32];
	snprintf(mark, sizeof mark, "%s %-4.4s", u->g->verdict[f->verdict <= V_SKIPPED ? f->verdict : 0],
	         f->verdict == V_UNKNOWN ? "?" : f->verdict == V_SKIPPED ? "skip" : verdict_name(f->verdict));
	ui_put(u, y, cx, w - 2, mark, va);
	cx += 7;
	char text[FINDING_TEXT + 64];
	snprintf(text, sizeof text, "%s%s%s", c->title,
	         (c->kind & K_MAN) && !f->marked ? " [manual]" : "",
	         f->marked ? " [marked]" : "");
	int tw = x + w - cx;
	bool has_note = f->note[0] != 0;
	if (has_note)
		tw -= 2;
	ui_put(u, y, cx, tw, text, base);
	if (has_note)
		ui_put(u, y, x + w - 2, 2, u->g->note, base);
}

/* The probe's test registration (--probe-register) under the title, as
 * the checks word it: what it proved, then the response and where.
 * Returns the rows it took (0: none ran, or no room). */
static int draw_test_registration(struct ui *u, const struct rect *r)
{
	if (!u->app->opt.probe_register || !u->app->probes || r->h < 4)
		return 0;
	char line[1024], clean[2048], mark[32];
	enum verdict v = checks_test_registration(u->app->probes, line, sizeof line);
	int y = r->y + 1, x = r->x;
	ui_blank(y, x, r->w, 0);
	snprintf(mark, sizeof mark, "%s %-4.4s", u->g->verdict[v <= V_SKIPPED ? v : 0],
	         v == V_UNKNOWN ? "?" : v == V_SKIPPED ? "skip" : verdict_name(v));
	ui_put(u, y, x + 2, r->w - 2, mark, ui_verdict_attr(u, v));
	ui_put(u, y, x + 9, r->w - 9, ui_clean_str(u, clean, sizeof clean, line), A_BOLD);
	return 1;
}

static void checklist_draw(struct ui *u, void *st, const struct rect *r, bool focused)
{
	struct checklist_state *cl = st;
	size_t n;
	int *rows = rows_buf(&n);
	size_t open = 0, fails = 0;
	for (size_t i = 0; i < check_count; i++) {
		open += is_open(u, i);
		fails += ui_findings(u)[i].verdict == V_FAIL;
	}
	/* The root cause is in the title, so it is on screen at 80x24 even
	 * when the failing step is far down the list; when the pane is too
	 * narrow for the whole line, the root cause comes before the counts, so
	 * they are what gets cut. */
	char title[256];
	int rc = checks_root_cause(ui_findings(u));
	if (rc >= 0) {
		snprintf(title, sizeof title, "Checklist (%zu open, %zu failing) %s %s [!]",
		         open, fails, u->g->verdict[V_FAIL], check_table[rc].title);
		if (ui_width(u, title) > r->w - 3)
			snprintf(title, sizeof title, "Checklist %s %s [!] (%zu open, %zu failing)",
			         u->g->verdict[V_FAIL], check_table[rc].title, open, fails);
		/* still too wide: the step's title gives way, [!] stays */
		int room = r->w - 3 - ui_width(u, "Checklist  ") - ui_width(u, u->g->verdict[V_FAIL]) -
		           ui_width(u, " [!]");
		if (ui_width(u, check_table[rc].title) > room && room > 4) {
			char cut[128];
			size_t k = ui_fit(u, check_table[rc].title, strlen(check_table[rc].title), room - 1, NULL);
			snprintf(cut, sizeof cut, "%.*s%s", (int)k, check_table[rc].title, u->g->ellipsis);
			snprintf(title, sizeof title, "Checklist %s %s [!]", u->g->verdict[V_FAIL], cut);
		}
	} else {
		snprintf(title, sizeof title, "Checklist (%zu open, %zu failing)", open, fails);
	}
	/* which trunk this checklist judges; an extension under the cursor
	 * says its own verdict first (it has no checklist of its own) */
	const struct trunk *t = ui_trunk(u);
	char named[sizeof title + TRUNK_NAME_MAX + ROLE_WHY_MAX + 128], ext[ROLE_WHY_MAX + 64];
	ui_extension_verdict(u, ext, sizeof ext);
	/* group 5 follows a call open in the ladder: said first, it is never cut */
	uint32_t call = ui_followed_call(u);
	if (call != NONE_U32 && !ext[0])
		snprintf(ext, sizeof ext, "Call %u/%zu", call + 1, store_call_count(u->app->store));
	if (t && u->app->roles.ntrunk > 1)   /* which of them: before anything is cut */
		snprintf(named, sizeof named, "%s%sTrunk %s: %s", ext, ext[0] ? " | " : "", t->name, title);
	else
		snprintf(named, sizeof named, "%s%s%s%s%s", ext, ext[0] ? " | " : "", title,
		         t ? " | trunk " : "", t ? t->name : "");
	ui_title_line(u, r, named, focused);
	if (!rows || r->h < 2)
		return;
	int head = draw_test_registration(u, r);
	int visible = r->h - 1 - head;
	bool noting = u->prompt.kind == PROMPT_NOTE && !ui_top_view(u);
	if (noting && visible > 2)
		visible--;              /* room for the note line under the step */
	size_t cur_row = row_of_check(cl->cur);
	/* keep the group heading of the first step visible when possible */
	if (cur_row < cl->top)
		cl->top = cur_row > 0 && rows[cur_row - 1] < 0 ? cur_row - 1 : cur_row;
	if (cur_row >= cl->top + (size_t)visible)
		cl->top = cur_row - (size_t)visible + 1;
	int y = r->y + 1 + head;
	for (size_t i = cl->top; i < n && y < r->y + r->h; i++, y++) {
		if (rows[i] < 0) {
			enum check_group g = (enum check_group)(-rows[i] - 1);
			ui_blank(y, r->x, r->w, 0);
			int used = ui_put(u, y, r->x + 1, r->w - 1, group_name(g), ui_attr(u, CR_HEADER) | A_UNDERLINE);
			char which[STR_MAX + 96];   /* the calls group 5 judges */
			if (g == G_CALL && ui_call_followed_text(u, which, sizeof which)[0] && r->w > used + 4)
				ui_put(u, y, r->x + 2 + used, r->w - 2 - used, which, ui_attr(u, CR_HEADER));
			continue;
		}
		draw_check_row(u, cl, y, r->x, r->w, (size_t)rows[i], (size_t)rows[i] == cl->cur, focused);
		if (noting && (size_t)rows[i] == cl->cur && y + 1 < r->y + r->h) {
			y++;
			prompt_draw(u, y, r->x + 2, r->w - 2);
		}
	}
}

static unsigned checklist_action(struct ui *u, void *st, enum action act)
{
	(void)st;
	switch (act) {
	case ACT_UP: step_cursor(u, -1, false); break;
	case ACT_DOWN: step_cursor(u, 1, false); break;
	case ACT_PGUP: for (int i = 0; i < 8; i++) step_cursor(u, -1, false); break;
	case ACT_PGDN: for (int i = 0; i < 8; i++) step_cursor(u, 1, false); break;
	case ACT_HOME: while (step_cursor(u, -1, false)) {} break;
	case ACT_END: while (step_cursor(u, 1, false)) {} break;
	case ACT_ENTER: detail_open(u); break;
	default:
		if (!checklist_mark_action(u, act))
			return PR_IGNORED;
	}
	return PR_HANDLED | PR_REDRAW;
}

/* The operator's marks and notes, the same keys in the checklist and in a
 * step's detail view. */
bool checklist_mark_action(struct ui *u, enum action act)
{
	switch (act) {
	case ACT_MARK_PASS: checklist_mark(u, V_PASS); return true;
	case ACT_MARK_FAIL: checklist_mark(u, V_FAIL); return true;
	case ACT_MARK_SKIP: checklist_mark(u, V_SKIPPED); return true;
	case ACT_MARK_CLEAR: checklist_mark(u, V_UNKNOWN); return true;
	case ACT_NOTE: checklist_note_begin(u); return true;
	default: return false;
	}
}

const struct pane_ops checklist_pane_ops = {
	.name = "checklist",
	.ctx = KC_CHECKLIST,
	.hints = "Enter detail  n/N next open  o/X/s mark  a note",
	.state_size = sizeof(struct checklist_state),
	.open = checklist_open,
	.free = checklist_free,
	.update = checklist_update,
	.search = checklist_search,
	.draw = checklist_draw,
	.action = checklist_action,
};
