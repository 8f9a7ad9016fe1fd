/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * media_lines.h - a call's RTP streams in the ladder, as sngrep draws them:
 * one arrow per stream (packets each way), placed in time among the SIP
 * messages, and under it a "media" line:
 *
 *   00:00:02.100 │─── RTP PCMA 500 ──────────────────▶│
 *                  media 192.168.1.10:10000 -> 198.51.100.30:40000 PCMA/8000
 *                  (PT 8), 500 packets, no sequence gap, 00:00:02.100-00:00:12.080
 *
 * (the media line is cut in two where the ladder is narrow).  RTCP is
 * counted in the report, not drawn.
 */
#ifndef TRUNKDOC_UI_MEDIA_LINES_H
#define TRUNKDOC_UI_MEDIA_LINES_H

#include <stddef.h>
#include <stdint.h>
#include "ui/ui.h"

struct media_row {
	uint32_t stream;        /* store_rtp() index */
	uint32_t call;          /* store_call() index */
	size_t after;           /* drawn after this position of the ladder's messages */
};
struct media_lines {
	struct media_row *rows; /* by `after`, then first packet time */
	size_t n, cap;
};

/* Where the ladder draws its address columns. */
struct ladder_cols {
	const ep_id *ep;        /* the column's address */
	const int *x;           /* its screen column */
	int n;                  /* columns drawn */
	int nall;               /* columns the ladder has (those beyond n do not fit) */
	int left, right;        /* the flow's edges */
};

/* The streams of the calls among the shown items, each placed after the
 * last message (of msgs, in ladder order) sent before its first packet. */
void media_lines_build(const struct ui *u, struct media_lines *ml, const struct item *src, size_t nsrc,
                       const uint32_t *msgs, size_t nmsgs);
void media_lines_free(struct media_lines *ml);
/* out holds `have` column addresses; appends each address a stream uses
 * whose host has no column yet (up to max in all) and returns the count:
 * the ladder adds them as columns. */
size_t media_lines_endpoints(const struct ui *u, const struct media_lines *ml, ep_id *out, size_t have,
                             size_t max);
/* Screen rows drawn after message position i in a flow `width` wide. */
int media_lines_height(const struct ui *u, const struct media_lines *ml, size_t i, int width);
/* Draws them from row y (at most maxrows); returns the rows used. */
int media_lines_draw(const struct ui *u, const struct media_lines *ml, size_t i, int y, int maxrows,
                     const struct ladder_cols *lc);
size_t media_lines_count(const struct media_lines *ml);

#endif
