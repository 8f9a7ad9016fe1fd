/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * keys.c - the key-binding table.  Familiar to sngrep users where the action
 * is the same: arrows and j/k, Enter, Esc or q to go back, F1 or ? for help,
 * / to search, F7 to filter, F2 to save, Space to select.  Every function
 * key has a letter too (F1 ?, F2 S, F3 /, F4 T, F7 f), as sngrep has, for
 * terminals whose function keys do not arrive.
 */
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <ncurses.h>

#include "ui/keys.h"

#define CTRL(c) ((c) & 0x1f)
#define ESC 27

const struct key_def key_table[] = {
	/* everywhere */
	{ KC_ANY, { KEY_F(1), '?', 'h' }, ACT_HELP, "F1, ?, h", "Show this help" },
	{ KC_ANY, { ESC, 'q' }, ACT_BACK, "Esc, q", "Go back; Esc stops loading a large file; on the main screen q quits (asking first if work would be lost)" },
	{ KC_ANY, { CTRL('c') }, ACT_QUIT, "Ctrl-C", "Quit at once" },
	{ KC_ANY, { CTRL('l') }, ACT_REDRAW, "Ctrl-L", "Redraw the screen" },
	{ KC_ANY, { KEY_UP, 'k' }, ACT_UP, "Up, k", "Move up" },
	{ KC_ANY, { KEY_DOWN, 'j' }, ACT_DOWN, "Down, j", "Move down" },
	{ KC_ANY, { KEY_PPAGE, CTRL('b') }, ACT_PGUP, "PgUp, Ctrl-B", "Page up" },
	{ KC_ANY, { KEY_NPAGE, CTRL('f') }, ACT_PGDN, "PgDn, Ctrl-F", "Page down" },
	{ KC_ANY, { KEY_HOME, 'g' }, ACT_HOME, "Home, g", "Go to the first line" },
	{ KC_ANY, { KEY_END, 'G' }, ACT_END, "End, G", "Go to the last line" },

	/* main screen */
	{ KC_MAIN, { '\t', KEY_RIGHT }, ACT_FOCUS_NEXT, "Tab, Right", "Focus the next pane" },
	{ KC_MAIN, { KEY_BTAB, KEY_LEFT }, ACT_FOCUS_PREV, "Shift-Tab, Left", "Focus the previous pane" },
	{ KC_MAIN, { KEY_F(3), '/' }, ACT_SEARCH, "F3, /", "Search the focused pane" },
	{ KC_MAIN, { KEY_F(7), 'f' }, ACT_FILTER, "F7, f", "Filter by address, AOR, method, Call-ID or message text (payload:)" },
	{ KC_MAIN, { KEY_F(2), 'S' }, ACT_SAVE, "F2, S", "Save the carrier-ticket bundle into a directory" },
	{ KC_MAIN, { KEY_F(4), 'T' }, ACT_PROFILE, "F4, T", "Edit the trunk profile and password" },
	{ KC_MAIN, { 'p' }, ACT_PAUSE, "p", "Pause or resume reading the capture" },
	{ KC_MAIN, { 'P' }, ACT_PROBE, "P", "Run the probes against the registrar (DNS, OPTIONS, TLS, ping)" },
	{ KC_MAIN, { 'n' }, ACT_NEXT_STEP, "n", "Next checklist step that is not passing" },
	{ KC_MAIN, { 'N' }, ACT_PREV_STEP, "N", "Previous checklist step that is not passing" },
	{ KC_MAIN, { '!' }, ACT_ROOT_CAUSE, "!", "Go to the root cause: the first failing step" },
	{ KC_MAIN, { KEY_F(8), 'F' }, ACT_FLEET, "F8, F", "Open the fleet view: every HEP capture node's trunks, failing first" },

	/* registrations and dialogs */
	{ KC_LIST, { '\n', KEY_ENTER, '\r' }, ACT_ENTER, "Enter", "Show the ladder of this registration or dialog" },
	{ KC_LIST, { ' ', 'x' }, ACT_SELECT, "Space, x", "Select or unselect it for a merged ladder" },
	{ KC_LIST, { 'c' }, ACT_CLEAR_SELECT, "c", "Clear the selection" },
	{ KC_LIST, { 'o' }, ACT_SORT, "o", "Sort by the next column (time, type, AOR, registrar, messages, state, arrival)" },
	{ KC_LIST, { 'O' }, ACT_SORT_REVERSE, "O", "Reverse the sort order" },
	{ KC_LIST, { 'A' }, ACT_ALL_CALLS, "A", "Checklist group 5: judge all the trunk's calls, not the call open in the ladder (again: that call)" },

	/* ladder */
	{ KC_LADDER, { '\n', KEY_ENTER, '\r' }, ACT_ENTER, "Enter", "Open the selected message" },
	{ KC_LADDER, { 't' }, ACT_TIME_MODE, "t", "Show or hide the time since the previous message (+0.000653)" },
	{ KC_LADDER, { 'A' }, ACT_ALL_CALLS, "A", "Checklist group 5: judge all the trunk's calls, not this call (again: this call)" },

	/* checklist and check detail */
	{ KC_CHECKLIST, { '\n', KEY_ENTER, '\r' }, ACT_ENTER, "Enter", "Open the step: summary, evidence, advice" },
	{ KC_CHECKLIST, { 'o', '+' }, ACT_MARK_PASS, "o, +", "Mark the step pass" },
	{ KC_CHECKLIST, { 'X', '-' }, ACT_MARK_FAIL, "X, -", "Mark the step fail" },
	{ KC_CHECKLIST, { 's' }, ACT_MARK_SKIP, "s", "Mark the step skipped" },
	{ KC_CHECKLIST, { 'u' }, ACT_MARK_CLEAR, "u", "Clear the operator's mark" },
	{ KC_CHECKLIST, { 'a' }, ACT_NOTE, "a", "Type a note for the step" },
	{ KC_DETAIL, { '\n', KEY_ENTER, '\r' }, ACT_ENTER, "Enter", "Jump to the message of this evidence in the ladder" },
	{ KC_DETAIL, { 'n' }, ACT_NEXT_STEP, "n", "Next step that is not passing" },
	{ KC_DETAIL, { 'N' }, ACT_PREV_STEP, "N", "Previous step that is not passing" },
	{ KC_DETAIL, { 'o', '+' }, ACT_MARK_PASS, "o, +", "Mark the step pass" },
	{ KC_DETAIL, { 'X', '-' }, ACT_MARK_FAIL, "X, -", "Mark the step fail" },
	{ KC_DETAIL, { 's' }, ACT_MARK_SKIP, "s", "Mark the step skipped" },
	{ KC_DETAIL, { 'u' }, ACT_MARK_CLEAR, "u", "Clear the operator's mark" },
	{ KC_DETAIL, { 'a' }, ACT_NOTE, "a", "Type a note for the step" },
	{ KC_DETAIL, { KEY_F(2), 'S' }, ACT_SAVE, "F2, S", "Save the carrier-ticket bundle (from the evidence you are reading)" },

	/* fleet view */
	{ KC_FLEET, { '\n', KEY_ENTER, '\r' }, ACT_ENTER, "Enter", "Open this node's trunk: its registrations and dialogs, ladder and checklist (Esc comes back)" },
	{ KC_FLEET, { KEY_F(7), 'f' }, ACT_FILTER, "F7, f", "Filter the rows by words of the node (capture id, agent, name), trunk, registrar, state or root cause; all must match" },
	{ KC_FLEET, { ESC, 'q' }, ACT_BACK, "Esc, q", "Clear the filter; without one, show the main screen" },

	/* raw message */
	{ KC_MESSAGE, { KEY_F(3), '/' }, ACT_SEARCH, "F3, /", "Search the message text" },
	{ KC_MESSAGE, { 'w' }, ACT_WRAP, "w", "Wrap long lines (marked) or cut them at the edge" },
	{ KC_MESSAGE, { KEY_RIGHT, '>' }, ACT_RIGHT, "Right, >", "Scroll sideways to the right (lines not wrapped)" },
	{ KC_MESSAGE, { KEY_LEFT, '<' }, ACT_LEFT, "Left, <", "Scroll sideways to the left" },
	{ KC_MESSAGE, { KEY_F(2), 'S' }, ACT_SAVE, "F2, S", "Save the carrier-ticket bundle" },

	/* profile form */
	{ KC_FORM, { '\t', KEY_DOWN }, ACT_FIELD_NEXT, "Tab, Down", "Next field" },
	{ KC_FORM, { KEY_BTAB, KEY_UP }, ACT_FIELD_PREV, "Shift-Tab, Up", "Previous field" },
	{ KC_FORM, { '\n', KEY_ENTER, '\r' }, ACT_ACCEPT, "Enter", "Next field; on Apply, apply the profile" },
	{ KC_FORM, { KEY_F(2) }, ACT_SAVE, "F2", "Apply the profile and password" },
	{ KC_FORM, { ESC }, ACT_CANCEL, "Esc", "Leave without changes" },
	{ KC_FORM, { KEY_BACKSPACE, 127, CTRL('h') }, ACT_ERASE, "Backspace", "Erase a character" },
	{ KC_FORM, { CTRL('u') }, ACT_KILL, "Ctrl-U", "Erase the field" },

	/* a line being typed: search, filter, note, directory */
	{ KC_PROMPT, { '\n', KEY_ENTER, '\r' }, ACT_ACCEPT, "Enter", "Accept the text" },
	{ KC_PROMPT, { ESC }, ACT_CANCEL, "Esc", "Cancel" },
	{ KC_PROMPT, { KEY_BACKSPACE, 127, CTRL('h') }, ACT_ERASE, "Backspace", "Erase a character" },
	{ KC_PROMPT, { CTRL('u') }, ACT_KILL, "Ctrl-U", "Erase the line" },
	{ KC_PROMPT, { CTRL('r') }, ACT_TOGGLE_REDACT, "Ctrl-R", "In the save dialog: turn redaction of secrets, numbers and chosen addresses on or off" },
};
const size_t key_count = sizeof key_table / sizeof key_table[0];

const char *key_context_title(enum key_context c)
{
	static const char *const titles[KC__COUNT] = {
		[KC_ANY] = "Everywhere",
		[KC_MAIN] = "Main screen",
		[KC_LIST] = "Registrations and dialogs",
		[KC_LADDER] = "Ladder",
		[KC_CHECKLIST] = "Checklist",
		[KC_DETAIL] = "Check detail",
		[KC_MESSAGE] = "Message",
		[KC_FORM] = "Trunk profile form",
		[KC_PROMPT] = "Typing a line",
		[KC_FLEET] = "Fleet view",
	};
	return (unsigned)c < KC__COUNT ? titles[c] : "";
}

/* Characters and function keys share small numbers (U+0101 and KEY_DOWN
 * are both 258), so a binding above 255 matches only a function key. */
static bool code_matches(int bound, int code, bool fn)
{
	if (bound > 255)
		return fn && bound == code;
	return !fn && bound == code;
}

static enum action lookup_in(enum key_context ctx, int code, bool fn)
{
	for (size_t i = 0; i < key_count; i++) {
		if (key_table[i].ctx != ctx)
			continue;
		for (int k = 0; k < KEY_ALTS && key_table[i].codes[k]; k++)
			if (code_matches(key_table[i].codes[k], code, fn))
				return key_table[i].action;
	}
	return ACT_NONE;
}

enum action key_lookup(enum key_context ctx, int code, bool fn)
{
	enum action a = lookup_in(ctx, code, fn);
	if (a == ACT_NONE && ctx != KC_ANY && ctx != KC_PROMPT && ctx != KC_FORM)
		a = lookup_in(ctx == KC_LIST || ctx == KC_LADDER || ctx == KC_CHECKLIST ?
		              KC_MAIN : KC_ANY, code, fn);
	if (a == ACT_NONE && ctx != KC_ANY && ctx != KC_PROMPT && ctx != KC_FORM)
		a = lookup_in(KC_ANY, code, fn);
	return a;
}
