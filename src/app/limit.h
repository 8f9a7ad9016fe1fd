/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * limit.h - bounded memory (--limit N): a listener or a capture left
 * running for days keeps at most about N dialogs (Call-ID groups; a
 * registration's REGISTER flows are dialogs too) in memory.  When the
 * store holds half as many again, the oldest *closed* dialogs (no
 * message for 32 s, RFC 3261's timer F) are dropped down to N: the store
 * is rebuilt from the messages of the dialogs it keeps, re-parsed from
 * their bytes, so transactions, registrations and their states are built
 * exactly as on first reading, for what is kept.  Open dialogs are never
 * dropped.  Frame numbers and capture nodes stay as they were; network
 * events older than the oldest kept dialog go too.
 * store_stats()->limit_dropped counts the dialogs dropped.  Each rebuild
 * parses the N kept dialogs' messages again after N/2 new dialogs came:
 * two more parses per message; the store holds at most 1.5 N dialogs.
 * When more than N are open (a fleet registering faster than its flows
 * close), a rebuild waits until it can drop at least half as many as it
 * keeps (still at most two more parses per message; the store then holds
 * up to about 1.5 times the open ones), and the dialogs are looked at
 * again only after a quarter more came, not at every call.  After a
 * rebuild the freed memory is given back to the system (malloc_trim).
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
