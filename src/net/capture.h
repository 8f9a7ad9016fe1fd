/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * capture.h - libpcap sources: a file (classic pcap or pcapng, "-" for
 * standard input) or a live interface, one packet at a time, each with the
 * place its bytes sit in the file when that is known for certain.
 *
 *   classic pcap:  ... [16-byte record header][packet data] ...
 *                                             ^ ftell() after the read - caplen
 *   pcapng:        ... [block][block][EPB hdr 28 | packet data | opts | len]
 *                      ^ ftell() before             ftell() after ^
 *                  the packet block ends where the read ended; its trailing
 *                  length gives its start; EPB data at +28, SPB at +12.
 *                  A pread+memcmp confirms it, else the offset is unknown.
 */
#ifndef TRUNKDOC_CAPTURE_H
#define TRUNKDOC_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/model.h"

struct capture;

struct captured {
	usec_t time;
	const uint8_t *data;
	uint32_t caplen, wire_len;
	bool in_file;            /* file_off is the offset of data[0] in the file */
	uint64_t file_off;
	bool filtered_out;       /* a file's packet the BPF filter rejects: it keeps
	                            its frame number, nothing else is done with it */
};

enum capture_status {
	CAP_PACKET = 0,          /* *out filled */
	CAP_NONE,                /* live: nothing to read right now */
	CAP_END,                 /* file read to its end */
	CAP_ERROR,               /* damaged file: capture_error() says where; ends the source */
};

/* Opens a file ("-" = standard input).  On failure writes one line naming
 * the file and the problem into err and returns NULL. */
struct capture *capture_open_file(const char *path, char *err, size_t errlen);
/* Opens an interface (or "any") with a BPF filter (NULL or "" = none). */
struct capture *capture_open_live(const char *iface, const char *filter, char *err, size_t errlen);
void capture_close(struct capture *c);
/* From now on every packet read (on a file, that its BPF filter keeps) is
 * also written to path, a classic pcap (-O, and the screen's copy of a
 * live capture); flushed by
 * capture_dump_flush() and closed with the capture. */
bool capture_dump_to(struct capture *c, const char *path, char *err, size_t errlen);
void capture_dump_flush(struct capture *c);
/* A BPF filter on a file, as tcpdump -r applies it (packets that do not
 * match come back with filtered_out set, so frame numbers stay the file's).
 * An invalid filter is an error naming it. */
bool capture_filter_file(struct capture *c, const char *filter, char *err, size_t errlen);

enum capture_status capture_next(struct capture *c, struct captured *out);
/* Packets whose timestamp was impossible (before 1970, after 9999, or a
 * microsecond count out of range): each was given the time of the packet
 * before it. */
uint64_t capture_bad_times(const struct capture *c);
/* After CAP_ERROR: the warning ("FILE: damaged at byte N: ..."). */
const char *capture_error(const struct capture *c);

int capture_linktype(const struct capture *c);
const char *capture_name(const struct capture *c);
bool capture_is_live(const struct capture *c);
/* What to poll() for packets: the reader's wake-up for a live interface
 * (starting the reader, net/capture.c), -1 for a file. */
int capture_selectable_fd(struct capture *c);
/* Stops reading a live interface for good: the reader thread ends, what
 * it queued is still returned by capture_next(), then CAP_END. */
void capture_stop_reader(struct capture *c);
/* A second descriptor on the file for later pread()s, -1 for stdin/live.
 * Ownership passes to the caller (the store keeps it). */
int capture_take_reread_fd(struct capture *c);
/* Bytes consumed so far and the file size (0 when unknown). */
uint64_t capture_position(const struct capture *c);
uint64_t capture_size(const struct capture *c);
/* Packets a live capture lost: the kernel's drops (0 for files); and
 * those the reader's full queue refused, counted apart. */
uint32_t capture_dropped(struct capture *c);
uint64_t capture_queue_dropped(const struct capture *c);

/* The default live filter: SIP on 5060/5061 and on any port where a SIP
 * start line appears is caught by the port-less part, DNS, ICMP errors and
 * IP fragments; never the SSH session itself. */
extern const char *const capture_live_filter;

/* Builds the default live filter, adding the exclusion of this SSH session
 * (from SSH_CONNECTION, when set).  Returns the length of the whole text,
 * as snprintf() does (out may be NULL with outlen 0 to measure). */
size_t capture_default_filter(char *out, size_t outlen, const char *base, const char *ssh_connection);
/* Adds the SSH-session exclusion to a user's filter. */
size_t capture_guard_filter(char *out, size_t outlen, const char *filter, const char *ssh_connection);

#endif
