/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * ui.h - the state of the screen, shared by the panes and views in ui/.
 *
 *   ┌ trunkdoc · trunk ... · filter ... ───────────────── F1 help ┐  title
 *   │ Registrations and dialogs          │ Checklist               │
 *   │  time  type  AOR / from->to  ...   │  Internet ...           │
 *   ├ Ladder ────────────────────────────┤  ✔ pass  DNS resolves   │
 *   │  addr A        addr B              │  ✘ fail  Registrar ...  │
 *   │  ──REGISTER──▶ │                   │                         │
 *   │  [preview of the selected message] │                         │
 *   └ source · packets · LIVE · hints ───┴─────────────────────────┘  status
 *
 * Wide terminals put the checklist beside the list and ladder, narrow ones
 * stack the three.  Full-screen views (check detail, message, help, form)
 * stack over the main screen; Esc pops them.
 *
 * Nothing here decides a verdict: the panes read app->findings and the store.
 * Every string from a packet passes sanitize() (ui_clean) before drawing.
 */
#ifndef TRUNKDOC_UI_UI_H
#define TRUNKDOC_UI_UI_H

#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "base/model.h"
#include "ui/glyphs.h"
#include "ui/keys.h"
#include "ui/pane.h"
#include "ui/rcfile.h"

struct probe_job;

enum pane_id { PANE_LIST = 0, PANE_LADDER, PANE_CHECKLIST, PANE__COUNT };

/* A row of the list: a registration or a dialog (Call-ID). */
enum item_kind { ITEM_REG = 0, ITEM_DIALOG = 1 };
struct item {
	uint8_t kind;       /* enum item_kind */
	uint32_t idx;       /* store_reg() or store_dialog() index */
};

#define SELECT_MAX 32       /* dialogs merged into one ladder */
#define VIEW_DEPTH 8
#define VIEWS_MAX 16        /* entries of the view table */
#define PROMPT_MAX 400

enum color_role {
	CR_NORMAL = 0, CR_TITLE, CR_FOCUS, CR_HEADER, CR_CURSOR, CR_SELECTED,
	CR_PASS, CR_WARN, CR_FAIL, CR_UNKNOWN, CR_SKIPPED,
	CR_REQUEST, CR_RESPONSE_OK, CR_RESPONSE_ERR, CR_HDR_NAME, CR_STATUS,
	CR_FLIP, CR_DIM,
	CR__COUNT
};

enum prompt_kind { PROMPT_NONE = 0, PROMPT_SEARCH, PROMPT_FILTER, PROMPT_NOTE, PROMPT_EXPORT,
                   PROMPT_QUIT, PROMPT_FLEET_FILTER };
struct prompt {
	enum prompt_kind kind;
	char label[160];
	char buf[PROMPT_MAX];
	size_t len;
	int cy, cx;                      /* where the terminal cursor goes */
	bool redact;                     /* save dialog: redact the bundle (Ctrl-R) */
};

/* A place on the view stack: a full-screen view, or (view NULL) the main
 * screen with a pane focused, as when a check's evidence opens the ladder.
 * Esc pops back to the place below, with the focus it had. */
struct place {
	const struct pane_ops *view;
	enum pane_id focus_below;        /* the main screen's focus when pushed */
};

struct ui {
	struct app *app;
	const struct glyphs *g;
	bool utf8;                       /* draw UTF-8 (else everything ASCII) */
	bool color;
	int rows, cols;
	bool wide;
	struct rect r_title, r_status, r_pane[PANE__COUNT];
	enum pane_id focus;
	struct place stack[VIEW_DEPTH];  /* places over the main screen; Esc pops */
	int depth;
	struct prompt prompt;
	void *state[VIEWS_MAX];          /* each view_table[] entry's private state */
	struct rc_settings rc;           /* trunkdocrc, read before the panes open */

	/* capture */
	bool reading;                    /* sources still give packets */
	bool loading;                    /* a file is being read in slices */
	bool paused;
	bool interrupted;                /* the operator stopped a long load */
	bool live;
	double progress;
	uint64_t seen_packets, seen_msgs;   /* at the last evaluation */
	double last_eval, eval_cost;
	bool eval_due;

	char status[256];
	double status_until;
	double next_draw;                /* bounded redraw rate */
	struct probe_job *probe_job;     /* probes running in the background */
	int pipe_status;                 /* last enum pipe_status */
	uint64_t exported_at;            /* packets read when the bundle was last saved */
	bool exported;
	bool keep_live_pcap;             /* the operator chose to keep the live capture */
	int exit_status;
	char search[PROMPT_MAX];
	bool dirty;
	bool quit;
};

/* ---- tui.c ---- */
double ui_clock(void);                       /* monotonic seconds */
void ui_message(struct ui *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ui_message_clear(struct ui *u);
/* The view on top, else the focused pane of the main screen. */
const struct pane_ops *ui_focused_ops(const struct ui *u);
void ui_push_view(struct ui *u, const struct pane_ops *v);
/* Shows the main screen with `focus`, over the current place, so Esc comes
 * back to it. */
void ui_push_main(struct ui *u, enum pane_id focus);
void ui_pop_view(struct ui *u);
/* The full-screen view on top, or NULL when the main screen shows. */
const struct pane_ops *ui_top_view(const struct ui *u);
void ui_evaluate(struct ui *u);              /* re-run the checks, tell the panes */

/* ---- quit.c ---- */
/* q on the main screen: quits, or first asks when something would be lost. */
void quit_request(struct ui *u);
/* The y/k/Esc answer to that question. */
void quit_answer(struct ui *u, int code, bool fn);
/* On the way out: the session saved, the live capture kept or removed. */
void quit_keep_work(struct ui *u, bool interrupted);
/* At start: what an earlier exit kept, what this one will keep. */
void quit_announce(struct ui *u);

/* ---- prompt.c ---- */
void ui_prompt_open(struct ui *u, enum prompt_kind k, const char *label, const char *initial);
const char *prompt_export_label(const struct ui *u);
void prompt_key(struct ui *u, int code, bool fn, wint_t wc);

/* ---- layout.c ---- */
void layout_compute(struct ui *u);
void layout_focus(struct ui *u, int delta);
const struct pane_ops *layout_pane_ops(enum pane_id id);

/* ---- draw.c: text and colour helpers ---- */
void draw_init_colors(struct ui *u);
attr_t ui_attr(const struct ui *u, enum color_role r);
attr_t ui_verdict_attr(const struct ui *u, enum verdict v);
/* Draws our own (or already sanitised) UTF-8 text, clipped to w columns;
 * returns the columns used. */
int ui_put(const struct ui *u, int y, int x, int w, const char *s, attr_t attr);
int ui_putn(const struct ui *u, int y, int x, int w, const char *s, size_t len, attr_t attr);
/* Columns the text takes on screen. */
int ui_width(const struct ui *u, const char *s);
void ui_fill(const struct ui *u, int y, int x, int w, const char *glyph, attr_t attr);
void ui_blank(int y, int x, int w, attr_t attr);
/* Draws a pane's title line: ── Title ───── */
void ui_title_line(const struct ui *u, const struct rect *r, const char *title, bool focused);
/* Word-wraps s into at most maxlines lines from y; returns lines used.
 * With maxlines < 0 only counts. */
int ui_wrap(const struct ui *u, int y, int x, int w, int maxlines, const char *s, attr_t attr);
/* Bytes of s that fit the next line of w columns; *next is where the
 * line after it starts. */
size_t ui_line_break(const struct ui *u, const char *s, int w, size_t *next);
/* Bytes of s (at most len) that fill at most w columns, cutting anywhere
 * (never inside a character); *used gets the columns. */
size_t ui_fit(const struct ui *u, const char *s, size_t len, int w, int *used);
/* Packet text made safe for the screen (sanitize(), ASCII-only when the
 * terminal is not UTF-8).  Returns out. */
char *ui_clean(const struct ui *u, char *out, size_t outlen, const char *in, size_t inlen,
               unsigned flags);
const char *ui_clean_str(const struct ui *u, char *out, size_t outlen, const char *in);
/* "07:01:02.123" (UTC) */
char *ui_fmt_time(usec_t t, char *buf, size_t len, bool millis);

/* ---- list_pane.c ---- */
/* trunk_view.c: the checklist follows the trunk under the list cursor */
uint32_t ui_cursor_reg(const struct ui *u);                 /* NONE_U32: not a registration */
const struct trunk *ui_trunk(const struct ui *u);           /* NULL: no trunk */
const struct finding *ui_findings(const struct ui *u);      /* the checklist shown */
uint32_t ui_followed_call(const struct ui *u);              /* group 5's call, NONE_U32: all */
/* "(call 2 of 3, Call-ID abc@pbx)"; "(all the trunk's calls ...)"; "" (no call) */
const char *ui_call_followed_text(const struct ui *u, char *out, size_t outlen);
const char *ui_extension_verdict(const struct ui *u, char *out, size_t outlen);

size_t list_rows(const struct ui *u);
/* The first selected row, else the row under the cursor; false: none. */
bool list_current(const struct ui *u, struct item *out);
/* Puts the list's cursor on the item (dropping the selection). */
void list_point_at(struct ui *u, struct item it);
size_t item_msg_count(const struct ui *u, struct item it);

/* ---- ladder_pane.c ---- */
void ladder_show(struct ui *u, const struct item *items, size_t n);
bool ladder_goto_msg(struct ui *u, uint32_t msg);
/* The store call the ladder shows alone (one INVITE dialog), else NONE_U32. */
uint32_t ladder_call(const struct ui *u);
bool ladder_call_open(const struct ui *u);      /* one call shown, followed or not */
/* A: group 5 judges all the trunk's calls instead of the one the ladder
 * shows, until another call is opened (or A again). */
void ladder_toggle_all_calls(struct ui *u);

/* ---- checklist_pane.c ---- */
size_t checklist_current(const struct ui *u);   /* index into check_table */
void checklist_step(struct ui *u, int dir);   /* next/previous step not passing */
void checklist_goto_root_cause(struct ui *u);
bool checklist_mark_action(struct ui *u, enum action act);   /* marks and notes */
void checklist_note_commit(struct ui *u, const char *note);

/* ---- message_view.c ---- */
void message_open(struct ui *u, uint32_t msg);

/* ---- detail_pane.c ---- */
void detail_open(struct ui *u);

/* ---- form_profile.c ---- */
void form_open(struct ui *u);

/* ---- filter.c ---- */
bool filter_match_item(const struct ui *u, struct item it);
bool text_match_item(const struct ui *u, struct item it, const char *text);
struct fleet_row;
/* Every blank-separated term of spec is somewhere in the row's texts
 * (case-insensitive); an empty spec matches every row. */
bool filter_match_fleet_row(const struct fleet_row *row, const char *spec);

/* ---- probe_task.c ---- */
void probe_task_start(struct ui *u);
int probe_task_fd(const struct ui *u);
void probe_task_poll(struct ui *u);
void probe_task_cancel(struct ui *u);

/* ---- fleet_pane.c ---- */
/* Opens the fleet view (F): the capture nodes' trunks, failing first. */
void fleet_open(struct ui *u);
/* While a fleet row is opened (Enter, until Esc comes back): that node's
 * trunk's findings, with *t its name for the checklist's title; NULL
 * otherwise. */
const struct finding *fleet_picked(const struct ui *u, const struct trunk **t);
/* The filter terms of the fleet row opened ("node:2 aor:4420@..."), NULL
 * when none is: the list shows what matches them and the filter both. */
const char *fleet_scope(const struct ui *u);
/* The fleet view's own filter (f there): rows whose texts hold every term. */
void fleet_filter_set(struct ui *u, const char *text);

/* ---- statusbar.c ---- */
void statusbar_draw(struct ui *u);
void titlebar_draw(struct ui *u);
void prompt_draw(struct ui *u, int y, int x, int w);

#endif
