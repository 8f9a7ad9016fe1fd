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

struct probe_job;

enum pane_id { PANE_LIST = 0, PANE_LADDER, PANE_CHECKLIST, PANE__COUNT };

/* A row of the list: a registration or a dialog (Call-ID). */
enum item_kind { ITEM_REG = 0, ITEM_DIALOG = 1 };
struct item {
	uint8_t kind;       /* enum item_kind */
	uint32_t idx;       /* store_reg() or store_dialog() index */
};

#define SELECT_MAX 32       /* dialogs merged into one ladder */
#define LADDER_COLS 12      /* addresses drawn as columns */
#define VIEW_DEPTH 8
#define PROMPT_MAX 400

enum color_role {
	CR_NORMAL = 0, CR_TITLE, CR_FOCUS, CR_HEADER, CR_CURSOR, CR_SELECTED,
	CR_PASS, CR_WARN, CR_FAIL, CR_UNKNOWN, CR_SKIPPED,
	CR_REQUEST, CR_RESPONSE_OK, CR_RESPONSE_ERR, CR_HDR_NAME, CR_STATUS,
	CR_FLIP, CR_DIM,
	CR__COUNT
};

enum prompt_kind { PROMPT_NONE = 0, PROMPT_SEARCH, PROMPT_FILTER, PROMPT_NOTE, PROMPT_EXPORT };
struct prompt {
	enum prompt_kind kind;
	char label[64];
	char buf[PROMPT_MAX];
	size_t len;
	int cy, cx;                      /* where the terminal cursor goes */
	bool redact;                     /* save dialog: redact the bundle (Ctrl-R) */
};

struct list_state {
	uint32_t *regs, *dialogs;        /* rows that pass the filter, in arrival order */
	size_t nregs, ndialogs, cap_regs, cap_dialogs;
	size_t scanned_regs, scanned_dialogs;
	size_t cur, top;
	struct item sel[SELECT_MAX];     /* Space-selected rows */
	size_t nsel;
};

struct ladder_state {
	struct item src[SELECT_MAX];     /* what the ladder shows */
	size_t nsrc;
	uint32_t *msgs;                  /* message indices, in time order */
	size_t nmsgs, cap;
	size_t built_at;                 /* store_msg_count() when built */
	ep_id cols[LADDER_COLS];
	size_t ncols, hidden_cols;
	size_t cur, top;
	uint32_t raw_idx;                /* message whose text is cached in raw */
	char *raw;                       /* sanitised text of the selected message */
};

struct checklist_state {
	size_t cur;                      /* index into check_table */
	size_t top;                      /* first drawn row */
	bool operator_moved;             /* stop following the first open step */
	enum verdict *prev;              /* verdicts before the last evaluation */
	double *flipped_at;              /* when each verdict last changed */
	bool evaluated;
};

struct message_state {
	uint32_t idx;
	char *text;                      /* sanitised, lines split by \n */
	size_t *lines;                   /* start offset of each line */
	size_t nlines;
	size_t top;
	char title[256];
};

struct detail_state {
	size_t ev_cur;
	int top;
};

#define FORM_FIELDS 11
struct form_state {
	struct profile edit;
	char expires[16];
	char password[SECRET_MAX];       /* typed, never drawn; wiped on leaving */
	size_t pwlen;
	bool pw_typed;
	int field;
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
	const struct pane_ops *views[VIEW_DEPTH];   /* full-screen views over the main screen */
	int depth;
	struct prompt prompt;

	struct list_state list;
	struct ladder_state ladder;
	struct checklist_state cl;
	struct message_state msg;
	struct detail_state detail;
	struct form_state form;
	int help_top;

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
	int exit_status;
	char search[PROMPT_MAX];
	bool dirty;
	bool quit;
};

/* ---- tui.c ---- */
double ui_clock(void);                       /* monotonic seconds */
void ui_message(struct ui *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ui_push_view(struct ui *u, const struct pane_ops *v);
void ui_pop_view(struct ui *u);
void ui_evaluate(struct ui *u);              /* re-run the checks, note flips */

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
/* Packet text made safe for the screen (sanitize(), ASCII-only when the
 * terminal is not UTF-8).  Returns out. */
char *ui_clean(const struct ui *u, char *out, size_t outlen, const char *in, size_t inlen,
               unsigned flags);
const char *ui_clean_str(const struct ui *u, char *out, size_t outlen, const char *in);
/* "07:01:02.123" (UTC) */
char *ui_fmt_time(usec_t t, char *buf, size_t len, bool millis);

/* ---- list_pane.c ---- */
void list_refresh(struct ui *u);              /* take in new registrations/dialogs */
void list_rebuild(struct ui *u);              /* after the filter changed */
/* trunk_view.c: the checklist follows the trunk under the list cursor */
uint32_t ui_cursor_reg(const struct ui *u);                 /* NONE_U32: not a registration */
const struct trunk *ui_trunk(const struct ui *u);           /* NULL: no trunk */
const struct finding *ui_findings(const struct ui *u);      /* the checklist shown */
const char *ui_extension_verdict(const struct ui *u, char *out, size_t outlen);

size_t list_rows(const struct ui *u);
struct item list_row(const struct ui *u, size_t i);
bool list_find_item(const struct ui *u, struct item it, size_t *row);
void list_search(struct ui *u, const char *text);
size_t item_msg_count(const struct ui *u, struct item it);

/* ---- ladder_pane.c ---- */
void ladder_show(struct ui *u, const struct item *items, size_t n);
void ladder_refresh(struct ui *u);            /* take in new messages of the shown items */
bool ladder_goto_msg(struct ui *u, uint32_t msg);
void ladder_free(struct ui *u);

/* ---- checklist_pane.c ---- */
void checklist_init(struct ui *u);
void checklist_free(struct ui *u);
void checklist_goto_first_open(struct ui *u);
void checklist_step(struct ui *u, int dir);   /* next/previous step not passing */
void checklist_goto_root_cause(struct ui *u);
bool checklist_mark_action(struct ui *u, enum action act);   /* marks and notes */
void checklist_mark(struct ui *u, enum verdict v);
void checklist_note_begin(struct ui *u);
void checklist_note_commit(struct ui *u, const char *note);
void checklist_search(struct ui *u, const char *text);

/* ---- message_view.c ---- */
void message_open(struct ui *u, uint32_t msg);
void message_free(struct ui *u);
void message_search(struct ui *u, const char *text);

/* ---- detail_pane.c ---- */
void detail_open(struct ui *u);

/* ---- form_profile.c ---- */
void form_open(struct ui *u);
void form_wipe(struct ui *u);
bool form_key(struct ui *u, int code, bool fn, wint_t wc);

/* ---- filter.c ---- */
bool filter_match_item(const struct ui *u, struct item it);
bool text_match_item(const struct ui *u, struct item it, const char *text);

/* ---- probe_task.c ---- */
void probe_task_start(struct ui *u);
int probe_task_fd(const struct ui *u);
void probe_task_poll(struct ui *u);
void probe_task_cancel(struct ui *u);

/* ---- statusbar.c ---- */
void statusbar_draw(struct ui *u);
void titlebar_draw(struct ui *u);
void prompt_draw(struct ui *u, int y, int x, int w);

#endif
