/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * keys.h - the one key-binding table.  The dispatcher, the help screen and
 * the man page test all read key_table[]; nothing lists keys by hand.
 *
 *   context   keys          action            help
 *   ───────   ───────────   ───────────────   ─────────────────────────
 *   KC_ANY    F1 ?          ACT_HELP          "Show this help"
 *   KC_LIST   Space         ACT_SELECT        "Select the dialog for a merged ladder"
 *
 * A key is looked up in the context of the focused pane or open view
 * first, then in KC_ANY.
 */
#ifndef TRUNKDOC_UI_KEYS_H
#define TRUNKDOC_UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

enum key_context {
	KC_ANY = 0,      /* everywhere (unless a text field is being edited) */
	KC_MAIN,         /* the main screen, whichever pane has focus */
	KC_LIST,         /* registrations and dialogs */
	KC_LADDER,       /* the call flow */
	KC_CHECKLIST,    /* the guided checklist */
	KC_DETAIL,       /* a check's detail */
	KC_MESSAGE,      /* a raw message */
	KC_FORM,         /* the trunk profile form */
	KC_PROMPT,       /* a line of text being typed */
	KC_FLEET,        /* the fleet view: capture nodes and their trunks */
	KC__COUNT
};

enum action {
	ACT_NONE = 0,
	ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_HOME, ACT_END,
	ACT_ENTER, ACT_BACK, ACT_QUIT, ACT_HELP, ACT_REDRAW,
	ACT_FOCUS_NEXT, ACT_FOCUS_PREV,
	ACT_SEARCH, ACT_FILTER, ACT_SAVE, ACT_PROFILE, ACT_PAUSE, ACT_PROBE,
	ACT_SELECT, ACT_CLEAR_SELECT,
	ACT_NEXT_STEP, ACT_PREV_STEP, ACT_ROOT_CAUSE, ACT_TOGGLE_REDACT,
	ACT_MARK_PASS, ACT_MARK_FAIL, ACT_MARK_SKIP, ACT_MARK_CLEAR, ACT_NOTE,
	ACT_LEFT, ACT_RIGHT, ACT_WRAP, ACT_TIME_MODE, ACT_SORT, ACT_SORT_REVERSE,
	ACT_FIELD_NEXT, ACT_FIELD_PREV, ACT_ACCEPT, ACT_CANCEL, ACT_ERASE, ACT_KILL,
	ACT_ALL_CALLS,
	ACT_FLEET,
};

#define KEY_ALTS 3

/* One binding: up to KEY_ALTS codes (curses KEY_* or characters). */
struct key_def {
	enum key_context ctx;
	int codes[KEY_ALTS];          /* 0 ends the list */
	enum action action;
	const char *label;            /* "Up, k": how the help and man page name the keys */
	const char *help;             /* one line, as the help screen shows it */
};

extern const struct key_def key_table[];
extern const size_t key_count;

const char *key_context_title(enum key_context c);

/* The action bound to `code` (function key when fn) in ctx, then KC_ANY. */
enum action key_lookup(enum key_context ctx, int code, bool fn);

#endif
