/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * tui.c - the screen's life: terminal set-up and restore, the one poll loop
 * (terminal + capture fd + timer), key dispatch to the focused pane or the
 * open view, bounded redraw and re-evaluation rates.
 *
 *   poll(stdin, pipeline_fd, probe fd, timeout)
 *     ├─ keys      -> prompt.c | form | view/pane action | global action
 *     ├─ capture   -> pipeline_step() in slices of at most ~30 ms
 *     ├─ checks    -> app_evaluate() at most once a second while traffic flows
 *     └─ draw      -> at most ~10 frames a second for traffic, at once for keys;
 *                     the panes take in new traffic (views_update) just before
 *                     a frame, not after every slice
 *
 * A live interface is emptied by its own reader thread (net/capture.c)
 * into a queue this loop decodes from, so drawing and the checks never
 * leave the kernel's ring to overflow: they only make the queue longer
 * for a moment.  Everything here, the store included, stays on this thread.
 *
 * The terminal is restored on every way out: q, Ctrl-C, SIGINT, SIGTERM,
 * SIGHUP, an error return, and exit() from anywhere (atexit).
 */
#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "app/limit.h"
#include "app/nodes.h"
#include "app/pipeline.h"
#include "app/session.h"
#include "base/sanitize.h"
#include "store/store.h"
#include "ui/tui.h"
#include "ui/ui.h"

#define SLICE_SECONDS 0.03      /* capture reading per loop turn */
#define DRAW_INTERVAL 0.1       /* redraws caused by traffic */
#define EVAL_INTERVAL 1.0       /* re-evaluation while traffic arrives */
#define LIVE_EVAL_INTERVAL 5.0  /* re-evaluation of a quiet live capture (timeouts) */
#define MIN_ROWS 10
#define MIN_COLS 40

static volatile sig_atomic_t got_signal;
static bool curses_active;
static bool traffic_pending;   /* packets reached the store since the panes last looked */

static void on_signal(int sig)
{
	got_signal = sig;
}

static void restore_terminal(void)
{
	if (curses_active) {
		curses_active = false;
		endwin();
	}
}

double ui_clock(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static usec_t wall_usec(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (usec_t)tv.tv_sec * 1000000 + tv.tv_usec;
}

void ui_message(struct ui *u, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(u->status, sizeof u->status, fmt, ap);
	va_end(ap);
	u->status_until = ui_clock() + 5.0;
	u->dirty = true;
}

void ui_message_clear(struct ui *u)
{
	u->status[0] = 0;
	u->status_until = 0;
	u->dirty = true;
}

const struct pane_ops *ui_top_view(const struct ui *u)
{
	return u->depth > 0 ? u->stack[u->depth - 1].view : NULL;
}

const struct pane_ops *ui_focused_ops(const struct ui *u)
{
	const struct pane_ops *top = ui_top_view(u);
	return top ? top : layout_pane_ops(u->focus);
}

static void pop_one(struct ui *u)
{
	struct place *p = &u->stack[--u->depth];
	if (p->view && p->view->leave)
		p->view->leave(u, ui_state(u, p->view));
	u->focus = p->focus_below;
	const struct pane_ops *top = ui_top_view(u);
	if (top && top->back)
		top->back(u, ui_state(u, top));
}

/* A place already on the stack is returned to rather than stacked twice
 * (each view has one state), so the stack stays a path back, as a
 * browser's history does when a page is opened again. */
static void push_place(struct ui *u, const struct pane_ops *v)
{
	for (int i = u->depth - 1; i >= 0; i--)
		if (u->stack[i].view == v) {
			while (u->depth > i + 1)
				pop_one(u);
			u->dirty = true;
			return;
		}
	if (u->depth == VIEW_DEPTH) {      /* full: forget the oldest place */
		if (u->stack[0].view && u->stack[0].view->leave)
			u->stack[0].view->leave(u, ui_state(u, u->stack[0].view));
		memmove(&u->stack[0], &u->stack[1], (VIEW_DEPTH - 1) * sizeof u->stack[0]);
		u->depth--;
	}
	u->stack[u->depth++] = (struct place){ v, u->focus };
	if (v && v->enter)
		v->enter(u, ui_state(u, v));
	u->dirty = true;
}

void ui_push_view(struct ui *u, const struct pane_ops *v)
{
	push_place(u, v);
}

void ui_push_main(struct ui *u, enum pane_id focus)
{
	if (u->depth == 0) {               /* already on the main screen */
		u->focus = focus;
		u->dirty = true;
		return;
	}
	push_place(u, NULL);
	u->focus = focus;
}

void ui_pop_view(struct ui *u)
{
	if (u->depth > 0)
		pop_one(u);
	u->dirty = true;
}

/* The moment the verdicts speak for: the last frame of a file, the clock
 * of a live capture. */
static usec_t verdict_time(const struct ui *u)
{
	if (u->live)
		return wall_usec();
	return store_stats_c(u->app->store)->last;
}

void ui_evaluate(struct ui *u)
{
	struct app *a = u->app;
	double t0 = ui_clock();
	a->now = verdict_time(u);
	store_finish(a->store, a->now);
	app_evaluate(a);
	a->keep_node_stores = true;   /* evaluated at each refresh: only what is new is parsed */
	app_evaluate_nodes(a);     /* the fleet view's rows; out of memory: none */
	double now = ui_clock();
	u->eval_cost = now - t0;
	u->last_eval = now;
	u->eval_due = false;
	const struct capture_stats *cs = store_stats_c(a->store);
	u->seen_packets = cs->packets;
	u->seen_msgs = cs->sip_messages;
	traffic_pending = false;
	views_update(u, UPD_TRAFFIC | UPD_VERDICTS);
	u->dirty = true;
}

/* ---- capture ---- */

static void finish_reading(struct ui *u)
{
	struct app *a = u->app;
	pipeline_flush(a->pipe);
	pipeline_stop_live(a->pipe);   /* -c N: nothing more is read, nothing more queued */
	u->reading = false;
	u->loading = false;
	ui_evaluate(u);
	size_t nw = pipeline_warning_count(a->pipe);
	if (nw && !u->interrupted) {
		char clean[512];
		ui_message(u, "warning: %s%s", ui_clean_str(u, clean, sizeof clean, pipeline_warning(a->pipe, 0)),
		           nw > 1 ? " (and more)" : "");
	}
}

/* A key typed while a backlog is decoded ends the slice: the key is
 * answered (and drawn) before the next one. */
static bool key_waiting(void)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	return poll(&pfd, 1, 0) > 0;
}

static void read_slice(struct ui *u)
{
	struct app *a = u->app;
	double t0 = ui_clock();
	enum pipe_status st;
	uint64_t before = store_stats_c(a->store)->packets;
	unsigned long count = a->opt.count;    /* -c N: not one packet more */
	do {
		size_t budget = 256;
		uint64_t read = store_stats_c(a->store)->packets;
		if (count && read >= count) {
			st = PIPE_DONE;
			break;
		}
		if (count && count - read < budget)
			budget = (size_t)(count - read);
		st = pipeline_step(a->pipe, budget);
	} while (st == PIPE_MORE && ui_clock() - t0 < SLICE_SECONDS && !got_signal && !key_waiting());
	if (count && store_stats_c(a->store)->packets >= count)
		st = PIPE_DONE;
	/* --limit: the oldest closed dialogs go as in the report path; every
	 * pane finds its rows again in the rebuilt store */
	if (a->opt.limit && app_limit_store(a->store, a->opt.limit, u->live ? wall_usec() : store_stats_c(a->store)->last)) {
		pipeline_store_rebuilt(a->pipe);
		views_update(u, UPD_REBUILT);
		ui_evaluate(u);        /* the roles and trunks speak of the old indices */
	}
	u->pipe_status = st;
	if (u->loading) {
		u->progress = pipeline_progress(a->pipe);
		u->dirty = true;
		if (u->progress >= 1.0 && st != PIPE_MORE)
			u->loading = false;
	}
	if (st == PIPE_DONE) {
		finish_reading(u);
		return;
	}
	if (store_stats_c(a->store)->packets != before) {
		u->eval_due = true;
		traffic_pending = true;    /* views_update() before the next frame */
		u->dirty = true;
	}
}

static void maybe_evaluate(struct ui *u)
{
	if (u->loading)
		return;
	double now = ui_clock(), gap = EVAL_INTERVAL;
	if (u->eval_cost * 4 > gap)
		gap = u->eval_cost * 4;     /* a heavy capture: keep the keys responsive */
	if (u->eval_due && now - u->last_eval >= gap)
		ui_evaluate(u);
	else if (u->live && u->reading && !u->paused && now - u->last_eval >= LIVE_EVAL_INTERVAL)
		ui_evaluate(u);
}

static void stop_loading(struct ui *u)
{
	u->interrupted = true;
	int pct = (int)(u->progress * 100);
	finish_reading(u);
	ui_message(u, "stopped reading at %d%%: the checks speak for the part read", pct);
}

/* ---- keys ---- */

static void resize(struct ui *u)
{
	getmaxyx(stdscr, u->rows, u->cols);
	layout_compute(u);
	views_resize(u);
	u->dirty = true;
}

static void global_action(struct ui *u, enum action act, int code)
{
	switch (act) {
	case ACT_QUIT:
		u->quit = true;
		u->exit_status = 130;
		break;
	case ACT_BACK:
		if (u->depth > 0)
			ui_pop_view(u);
		else if (u->loading && code == 27)
			stop_loading(u);
		else if (code == 'q')
			quit_request(u);
		else if (u->focus == PANE_LADDER)
			u->focus = PANE_LIST;
		break;
	case ACT_HELP:
		ui_push_view(u, &help_view_ops);
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		break;
	case ACT_FOCUS_NEXT:
	case ACT_FOCUS_PREV:
		if (!ui_top_view(u))
			layout_focus(u, act == ACT_FOCUS_NEXT ? 1 : -1);
		break;
	case ACT_SEARCH:
		ui_prompt_open(u, PROMPT_SEARCH, "Search: ", "");
		break;
	case ACT_FILTER:
		ui_prompt_open(u, PROMPT_FILTER, "Filter (addr: aor: method: callid: payload:): ", u->app->filter_text);
		break;
	case ACT_SAVE:
		u->prompt.redact = u->app->opt.redact || u->app->opt.nredact_ips;
		ui_prompt_open(u, PROMPT_EXPORT, prompt_export_label(u), ".");
		break;
	case ACT_PROFILE:
		form_open(u);
		break;
	case ACT_PAUSE:
		if (u->reading) {
			u->paused = !u->paused;
			ui_message(u, u->paused ? "paused: the capture is not read" : "reading again");
		} else {
			ui_message(u, "the capture is already read to its end");
		}
		break;
	case ACT_PROBE:
		probe_task_start(u);
		break;
	case ACT_FLEET:
		fleet_open(u);
		break;
	case ACT_NEXT_STEP:
	case ACT_PREV_STEP:
		u->focus = PANE_CHECKLIST;
		checklist_step(u, act == ACT_NEXT_STEP ? 1 : -1);
		break;
	case ACT_ROOT_CAUSE:
		u->focus = PANE_CHECKLIST;
		checklist_goto_root_cause(u);
		break;
	default:
		break;
	}
}

static void handle_key(struct ui *u, int code, bool fn, wint_t wc)
{
	u->dirty = true;
	u->next_draw = 0;
	if (fn && code == KEY_RESIZE) {
		resize(u);
		return;
	}
	if (!fn && key_lookup(KC_ANY, code, false) == ACT_QUIT) {
		u->quit = true;          /* Ctrl-C quits even while typing */
		u->exit_status = 130;
		return;
	}
	if (u->prompt.kind != PROMPT_NONE) {
		prompt_key(u, code, fn, wc);
		return;
	}
	const struct pane_ops *ops = ui_focused_ops(u);
	void *st = ui_state(u, ops);
	if (ops->key && ops->key(u, st, code, fn, wc))
		return;
	enum action act = key_lookup(ops->ctx, code, fn);
	if (act == ACT_NONE)
		return;
	if (ops->action(u, st, act) & PR_HANDLED)
		return;
	global_action(u, act, code);
}

/* True when a key was handled. */
static bool read_keys(struct ui *u)
{
	bool any = false;
	for (int n = 0; n < 64; n++) {
		wint_t wc;
		int r = wget_wch(stdscr, &wc);
		if (r == ERR)
			return any;
		any = true;
		handle_key(u, (int)wc, r == KEY_CODE_YES, wc);
		if (u->quit)
			return any;
	}
	return any;
}

/* ---- drawing ---- */

static void draw(struct ui *u)
{
	erase();
	if (u->rows < MIN_ROWS || u->cols < MIN_COLS) {
		char msg[80];
		snprintf(msg, sizeof msg, "too small: need %dx%d", MIN_COLS, MIN_ROWS);
		ui_put(u, 0, 0, u->cols, msg, A_BOLD);
		refresh();
		return;
	}
	titlebar_draw(u);
	const struct pane_ops *top = ui_top_view(u);
	if (top) {
		struct rect body = { 1, 0, u->rows - 2, u->cols };
		top->draw(u, ui_state(u, top), &body, true);
	} else {
		for (int p = 0; p < PANE__COUNT; p++) {
			const struct pane_ops *ops = layout_pane_ops((enum pane_id)p);
			if (u->r_pane[p].h > 0)
				ops->draw(u, ui_state(u, ops), &u->r_pane[p], u->focus == (enum pane_id)p);
		}
		if (u->wide) {
			const struct rect *c = &u->r_pane[PANE_CHECKLIST];
			for (int y = c->y; y < c->y + c->h; y++)
				ui_put(u, y, c->x - 1, 1, u->g->vline, ui_attr(u, CR_DIM));
		}
	}
	statusbar_draw(u);
	if (u->prompt.kind != PROMPT_NONE && u->prompt.kind != PROMPT_NOTE)
		prompt_draw(u, u->rows - 2, 0, u->cols);
	if (u->prompt.kind != PROMPT_NONE) {
		curs_set(1);
		move(u->prompt.cy, u->prompt.cx);
	} else {
		curs_set(0);
	}
	refresh();
}

/* Home, End and the function keys arrive in several dialects whatever the
 * terminfo entry says: PuTTY sends ESC [11~ .. ESC [14~ for F1-F4 under
 * TERM=xterm (its default "ESC [n~" mode), as rxvt does; xterm, screen and
 * tmux send ESC OP .. ESC OS; the Linux console ESC [[A .. ESC [[E; all of
 * them ESC [15~ .. ESC [24~ for F5-F12.  PuTTY and tmux send ESC [1~ and
 * ESC [4~ for Home and End.  Accept them all, so F2 saves the bundle from
 * any of them (and every F-key action has a letter too). */
static void define_extra_keys(void)
{
	static const struct { const char *seq; int code; } extra[] = {
		{ "\033[1~", KEY_HOME }, { "\033[4~", KEY_END },
		{ "\033[7~", KEY_HOME }, { "\033[8~", KEY_END },
		{ "\033[H", KEY_HOME }, { "\033[F", KEY_END },
		{ "\033OH", KEY_HOME }, { "\033OF", KEY_END },
		{ "\033[Z", KEY_BTAB },
		/* PuTTY (ESC [n~ mode), rxvt */
		{ "\033[11~", KEY_F(1) }, { "\033[12~", KEY_F(2) },
		{ "\033[13~", KEY_F(3) }, { "\033[14~", KEY_F(4) },
		/* xterm, screen, tmux, PuTTY's VT100+ mode */
		{ "\033OP", KEY_F(1) }, { "\033OQ", KEY_F(2) },
		{ "\033OR", KEY_F(3) }, { "\033OS", KEY_F(4) },
		/* the Linux console */
		{ "\033[[A", KEY_F(1) }, { "\033[[B", KEY_F(2) },
		{ "\033[[C", KEY_F(3) }, { "\033[[D", KEY_F(4) },
		{ "\033[[E", KEY_F(5) },
		/* F5-F12: the same everywhere */
		{ "\033[15~", KEY_F(5) }, { "\033[17~", KEY_F(6) },
		{ "\033[18~", KEY_F(7) }, { "\033[19~", KEY_F(8) },
		{ "\033[20~", KEY_F(9) }, { "\033[21~", KEY_F(10) },
		{ "\033[23~", KEY_F(11) }, { "\033[24~", KEY_F(12) },
	};
	for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
		if (key_defined(extra[i].seq) == 0)
			define_key(extra[i].seq, extra[i].code);
}

/* ---- the loop ---- */

static void run_loop(struct ui *u)
{
	struct app *a = u->app;
	double last_tick = ui_clock();
	while (!u->quit) {
		if (got_signal) {
			u->exit_status = 128 + got_signal;
			break;
		}
		bool want_capture = u->reading && !u->paused;
		int timeout = 250;
		if (want_capture && u->pipe_status == PIPE_MORE)
			timeout = 0;
		else if (want_capture)   /* HEP messages held for their order fall due */
			timeout = pipeline_poll_ms(a->pipe, timeout);
		double now = ui_clock();
		if (u->dirty) {
			int until = (int)((u->next_draw - now) * 1000) + 1;
			if (until < timeout)
				timeout = until < 0 ? 0 : until;
		}
		struct pollfd pfd[3] = {
			{ .fd = STDIN_FILENO, .events = POLLIN },
			{ .fd = want_capture ? pipeline_fd(a->pipe) : -1, .events = POLLIN },
			{ .fd = probe_task_fd(u), .events = POLLIN },
		};
		int r = poll(pfd, 3, timeout);       /* poll ignores fd -1 */
		if (r < 0 && errno != EINTR)
			break;
		if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
			u->exit_status = 129;      /* the terminal went away */
			break;
		}
		/* also picks up KEY_RESIZE after SIGWINCH; a key is drawn
		 * before more of the capture is read or the checks run again */
		bool keyed = read_keys(u);
		if (u->quit)
			break;
		if (pfd[2].fd >= 0 && pfd[2].revents)
			probe_task_poll(u);
		if (u->reading && !u->paused && !keyed)
			read_slice(u);
		if (!keyed)
			maybe_evaluate(u);
		now = ui_clock();
		if (now - last_tick >= 1.0) {  /* fade messages and verdict-flip marks */
			last_tick = now;
			u->dirty = true;
		}
		if (u->dirty && now >= u->next_draw) {
			if (traffic_pending) {
				traffic_pending = false;
				views_update(u, UPD_TRAFFIC);
			}
			draw(u);
			u->dirty = false;
			u->next_draw = now + DRAW_INTERVAL;
		}
	}
}
/* A TERM this host has no terminfo entry for: PuTTY users often set
 * TERM=putty or putty-256color, which Debian ships only in ncurses-term,
 * and screen/tmux users carry screen.xterm-256color and the like to hosts
 * without it.  Refusing the screen then stops the job; these all speak
 * xterm's language for what trunkdoc draws (the function keys of PuTTY,
 * rxvt and the Linux console are defined by hand, define_extra_keys), so
 * draw as xterm-256color, or xterm, or vt100, and say so.  A TERM that is
 * unset or "dumb" cannot draw a screen at all and is still refused. */
static SCREEN *newterm_fallback(char *note, size_t notelen)
{
	static const char *const fallbacks[] = { "xterm-256color", "xterm", "vt100" };
	const char *term = getenv("TERM");
	if (!term || !*term || !strcmp(term, "dumb"))
		return NULL;
	for (size_t i = 0; i < sizeof fallbacks / sizeof *fallbacks; i++) {
		if (!strcmp(term, fallbacks[i]))
			continue;
		if (!strstr(term, "256color") && !strcmp(fallbacks[i], "xterm-256color"))
			continue;    /* colours the terminal may not have */
		SCREEN *scr = newterm(fallbacks[i], stdout, stdin);
		if (scr) {
			char shown[64];
			sanitize_str(shown, sizeof shown, term, SAN_ASCII_ONLY);
			snprintf(note, notelen, "TERM=%s is not known on this host: drawing as %s", shown, fallbacks[i]);
			return scr;
		}
	}
	return NULL;
}


int tui_run(struct app *a)
{
	setlocale(LC_ALL, "");
	struct ui *u = calloc(1, sizeof *u);
	if (!u)
		return 2;
	u->app = a;
	char rcfile[4096], rc_warning[256] = "";
	if (rc_path(rcfile, sizeof rcfile) && !rc_load(rcfile, &u->rc, rc_warning, sizeof rc_warning))
		snprintf(rc_warning, sizeof rc_warning, "trunkdocrc cannot be read");
	u->g = glyphs_choose(a->opt.ascii || u->rc.ascii == RC_YES);
	u->utf8 = glyphs_is_utf8(u->g);
	u->live = a->opt.interface != NULL || a->opt.hep_listen != NULL;
	u->reading = a->pipe != NULL;
	u->loading = a->pipe && a->opt.nread > 0;
	u->pipe_status = PIPE_MORE;

	char term_note[300] = "";
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr)
		scr = newterm_fallback(term_note, sizeof term_note);
	if (!scr) {
		const char *term = getenv("TERM");
		char msg[512];
		snprintf(msg, sizeof msg, "cannot drive the terminal (TERM=%.200s); use --report",
		         term ? term : "unset");
		sanitize_say(stderr, "trunkdoc: ", msg);
		free(u);
		return 2;
	}
	curses_active = true;
	atexit(restore_terminal);
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	define_extra_keys();
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	const char *no_color = getenv("NO_COLOR");
	u->color = has_colors() && !a->opt.no_color && !(no_color && *no_color) && u->rc.color != RC_NO;
	draw_init_colors(u);

	if (!views_open(u)) {
		restore_terminal();
		delscreen(scr);
		views_free(u);
		free(u);
		fprintf(stderr, "trunkdoc: out of memory\n");
		return 2;
	}
	resize(u);
	ui_evaluate(u);
	if (rc_warning[0])
		ui_message(u, "%s", rc_warning);
	else if (term_note[0])
		ui_message(u, "%s", term_note);
	quit_announce(u);
	if (a->opt.probe)
		probe_task_start(u);
	run_loop(u);
	probe_task_cancel(u);

	restore_terminal();
	delscreen(scr);
	int rc = u->exit_status;
	/* the operator's marks, notes, profile and filter outlive the screen;
	 * so does a live capture that ended without a save */
	quit_keep_work(u, rc != 0);
	while (u->depth > 0)
		pop_one(u);              /* each view's leave: the form wipes its password */
	views_free(u);
	free(u);
	return rc;
}
