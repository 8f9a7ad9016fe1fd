/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * threads.h - how many threads a stage may use: TRUNKDOC_THREADS=1 keeps
 * every stage (the parse, the JSON report) on the caller's thread; the
 * default is two, one worker beside the caller.
 */
#ifndef TRUNKDOC_THREADS_H
#define TRUNKDOC_THREADS_H

unsigned threads_wanted(void);

#endif
