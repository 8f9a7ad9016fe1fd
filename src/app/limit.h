/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * limit.h - bounded memory (--limit N): a listener or a capture left
 * running for days keeps at most about N dialogs (Call-ID groups; a
 * registration's REGISTER flows are dialogs too) in memory.  When the
 * store holds half as many again, it is rebuilt with N: the messages of
 * the dialogs it keeps are parsed again from their bytes, so
 * transactions, registrations and their states are built exactly as on
 * first reading, for what is kept.  The dialogs dropped are, oldest first:
 *   - finished ones: every transaction answered and past RFC 3261's
 *     timer K (5 s) after its last message, an unanswered one past timer
 *     F (32 s), and no call up (limit.c says why these timers);
 *   - then open ones (a call up, a flow in progress, or finished too
 *     recently): N is a bound, whatever the rate;
 *   - last, the newest answered flow of each registration and its
 *     newest one granted a binding, which its state rests on.
 * store_stats()->limit_dropped counts the dialogs dropped,
 * limit_dropped_open those of them still open.  Each rebuild parses the N
 * kept dialogs' messages again after N/2 new dialogs came: at most two
 * more parses per message; the store holds at most 1.5 N dialogs.  Frame
 * numbers and capture nodes stay as they were; network events older than
 * the oldest kept dialog go too.  After a rebuild the freed memory is
 * given back to the system (malloc_trim).
 */
#ifndef TRUNKDOC_LIMIT_H
#define TRUNKDOC_LIMIT_H

#include <stddef.h>
#include "base/model.h"

struct store;

/* Applies the limit if the store has outgrown it; returns the dialogs
 * dropped (0 when nothing was done). */
size_t app_limit_store(struct store *st, size_t limit, usec_t now);

#endif
