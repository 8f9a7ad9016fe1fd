/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * glyphs.h - every character the screen draws that is not text: box lines,
 * ladder arrows, verdict marks.  One table for UTF-8 terminals, one for
 * ASCII; the choice is made once at start (locale codeset, --ascii), the
 * htop way, so PuTTY sessions with a wrong character set still draw a
 * readable screen.
 *
 *   UTF-8:  ──── REGISTER ────▶   │   ✔ ▲ ✘ · –
 *   ASCII:  ---- REGISTER ---->   |   + ! X . -
 */
#ifndef TRUNKDOC_UI_GLYPHS_H
#define TRUNKDOC_UI_GLYPHS_H

#include <stdbool.h>
#include "checks/check.h"

struct glyphs {
	const char *hline, *vline;         /* pane borders and ladder arrows */
	const char *arrow_right, *arrow_left;
	const char *arrow_self;            /* a message to the same address */
	const char *retrans;               /* marks a retransmission */
	const char *selected;              /* a list row picked with Space */
	const char *cursor;                /* the row the cursor is on */
	const char *note;                  /* a step that carries a note */
	const char *flipped;               /* a verdict that just changed */
	const char *verdict[V_SKIPPED + 1];/* mark per verdict */
	const char *bar_full, *bar_empty;  /* progress bar */
	const char *ellipsis;
	const char *wrapped;               /* starts the continuation of a wrapped line */
	const char *more_left, *more_right;/* a line continues beyond the edge */
};

/* Picks the table: ASCII when forced or when the locale is not UTF-8. */
const struct glyphs *glyphs_choose(bool force_ascii);
bool glyphs_is_utf8(const struct glyphs *g);

#endif
