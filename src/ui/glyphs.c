/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * glyphs.c - the two glyph tables and the one-time choice between them.
 */
#include <langinfo.h>
#include <string.h>
#include <strings.h>

#include "ui/glyphs.h"

static const struct glyphs utf8_glyphs = {
	.hline = "─", .vline = "│",
	.arrow_right = "▶", .arrow_left = "◀", .arrow_self = "↺",
	.retrans = "↻", .selected = "●", .cursor = "▸", .note = "✎", .flipped = "★",
	.verdict = {
		[V_UNKNOWN] = "·", [V_PASS] = "✔", [V_WARN] = "▲",
		[V_FAIL] = "✘", [V_SKIPPED] = "–",
	},
	.bar_full = "█", .bar_empty = "░", .ellipsis = "…",
	.wrapped = "↪", .more_left = "«", .more_right = "»",
};

static const struct glyphs ascii_glyphs = {
	.hline = "-", .vline = "|",
	.arrow_right = ">", .arrow_left = "<", .arrow_self = "@",
	.retrans = "R", .selected = "*", .cursor = ">", .note = "n", .flipped = "*",
	.verdict = {
		[V_UNKNOWN] = ".", [V_PASS] = "+", [V_WARN] = "!",
		[V_FAIL] = "X", [V_SKIPPED] = "-",
	},
	.bar_full = "#", .bar_empty = ".", .ellipsis = "~",
	.wrapped = "\\", .more_left = "<", .more_right = ">",
};

const struct glyphs *glyphs_choose(bool force_ascii)
{
	if (force_ascii)
		return &ascii_glyphs;
	const char *cs = nl_langinfo(CODESET);
	if (cs && (!strcasecmp(cs, "UTF-8") || !strcasecmp(cs, "utf8")))
		return &utf8_glyphs;
	return &ascii_glyphs;
}

bool glyphs_is_utf8(const struct glyphs *g)
{
	return g == &utf8_glyphs;
}
