/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * autosave.h - the operator's work kept without asking: one session file
 * per capture in the XDG state directory, and the packets of a live
 * capture that ended without a save (SSH drop, SIGTERM, Ctrl-C).
 *
 *   $XDG_STATE_HOME/trunkdoc/            (default ~/.local/state/trunkdoc)
 *     sessions/trunk.pcap-3f2a9c01d4e5b6a7.session   per capture file
 *     sessions/live-eth0-20261203-120501.session     per live capture
 *     sessions/live-eth0-20261203-120501.pcap        its packets
 *     kept                                            said on the next start
 *
 * A capture file is "the same capture" when its absolute path, size and
 * modification time are the same.  The password is never in any of them.
 */
#ifndef TRUNKDOC_AUTOSAVE_H
#define TRUNKDOC_AUTOSAVE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct options;

/* The state directory, made (0700) if missing. */
bool autosave_dir(char *out, size_t len, char *err, size_t errlen);
/* The session file for this run: per capture file, or per live capture
 * (interface and start time, UTC).  False (with err) for standard input
 * or when the state directory cannot be made. */
bool autosave_session_path(const struct options *o, time_t start, char *out, size_t len,
                           char *err, size_t errlen);
/* Notes that a live capture's packets were kept in pcap_path, to be said
 * on the next start. */
void autosave_note_kept(const char *pcap_path, const char *iface);
/* The notes since the last start (one line each), removed once taken;
 * NULL when there are none.  The caller frees it. */
char *autosave_take_notes(void);

#endif
