/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * truncation.h - no verdict from a message the capture cut short
 * (truncation.c says how).  checks_run() scans the store once and reviews
 * each finding after its check has run.
 */
#ifndef TRUNKDOC_TRUNCATION_H
#define TRUNKDOC_TRUNCATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;
struct check_ctx;
struct check_def;
struct finding;

struct truncation {
	size_t unplaced;          /* truncated SIP messages without Call-ID or CSeq */
	uint32_t first_unplaced;  /* frame of the first of them */
	bool blinding;            /* the snapshot length cut them: no SIP verdict holds */
};

void truncation_scan(const struct store *st, struct truncation *t);
void truncation_review(const struct check_ctx *ctx, const struct check_def *d,
                       const struct truncation *t, struct finding *f);

#endif
