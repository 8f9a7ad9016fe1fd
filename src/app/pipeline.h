/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * pipeline.h - capture sources feeding the store, one packet at a time.
 *
 *   pcap file / stdin / live iface ──> capture.c (libpcap)
 *        ──> decode.c (link, IPv4/6, fragments, UDP, TCP streams)
 *        ──> sipframe.c (message boundaries) ──> sipparse.c (libosip2)
 *        ──> store
 *
 * The caller (batch loop or the TUI's poll loop) calls pipeline_step()
 * with a packet budget, so a large file is read in slices and the screen
 * never waits on the capture.  A live interface is read from the kernel by
 * a thread of its own into a queue (net/capture.c), so it is emptied while
 * the caller draws; decoding, framing and the store are on the caller's
 * thread; libosip2 parsing runs on it and on one worker thread
 * (sipbatch.c), and every message is in the store when pipeline_step() or
 * pipeline_flush() returns.  TRUNKDOC_THREADS=1 in the environment reads
 * and parses on the caller's thread only.
 */
#ifndef TRUNKDOC_PIPELINE_H
#define TRUNKDOC_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/model.h"

struct store;
struct pipeline;

enum pipe_status {
	PIPE_MORE = 0,   /* budget used up, more is ready */
	PIPE_IDLE,       /* live: nothing to read now; wait on pipeline_fd() */
	PIPE_DONE,       /* every source is finished */
};

struct pipeline *pipeline_new(struct store *st);
void pipeline_free(struct pipeline *p);

/* Each returns false and writes one line (naming the file or interface and
 * the problem) into err on failure. */
bool pipeline_add_file(struct pipeline *p, const char *path, char *err, size_t errlen);
bool pipeline_add_live(struct pipeline *p, const char *iface, const char *filter,
                       char *err, size_t errlen);
/* HEP: the port HEP is read on in files and live capture (0: not named,
 * 9060 is used), and the key packets must carry (NULL: none; kept by
 * pointer).  Call before adding sources. */
void pipeline_set_hep(struct pipeline *p, unsigned port, const char *key, size_t key_len);
/* A HEP collector socket, "udp:ADDR:PORT" or "tcp:ADDR:PORT". */
bool pipeline_add_hep_listen(struct pipeline *p, const char *spec, char *err, size_t errlen);
/* --hep-send: mirrors every message read from now on to a HEP collector. */
bool pipeline_hep_send(struct pipeline *p, const char *spec, uint32_t capture_id, const char *key,
                       char *err, size_t errlen);
uint64_t pipeline_hep_sent(const struct pipeline *p);
/* After --limit rebuilt the store between steps (app/limit.h): message
 * indices start again, and everything in it was mirrored already. */
void pipeline_store_rebuilt(struct pipeline *p);
/* Drops root privileges (to SUDO_UID/SUDO_GID) once every live handle is open. */
bool pipeline_drop_privileges(char *err, size_t errlen);
/* A BPF filter on every file source (tcpdump -r FILE FILTER); the frames
 * keep the file's numbers.  False, naming the filter, when it is invalid. */
bool pipeline_filter_files(struct pipeline *p, const char *filter, char *err, size_t errlen);
uint64_t pipeline_filtered(const struct pipeline *p);   /* packets it rejected */
/* Every packet of the live source is also written to path (a pcap). */
bool pipeline_dump_live(struct pipeline *p, const char *path, char *err, size_t errlen);
/* -O on a file (tshark -r IN -w OUT): every packet read from the one file
 * source that the BPF filter keeps is written to path.  False with a
 * message when there are several files or none. */
bool pipeline_dump_file(struct pipeline *p, const char *path, char *err, size_t errlen);
void pipeline_dump_flush(struct pipeline *p);

enum pipe_status pipeline_step(struct pipeline *p, size_t max_packets);
/* Stops reading the live interfaces (-c N reached on the screen, the end
 * of --duration): their reader threads (net/capture.c) end, what they
 * queued is still read by pipeline_step(), then those sources are done. */
void pipeline_stop_live(struct pipeline *p);
int pipeline_fd(const struct pipeline *p);        /* selectable fd, -1 if none */
/* How long a caller may wait on pipeline_fd() before the next
 * pipeline_step(): timeout_ms, or less while HEP messages are held for
 * their order (net/heporder.h) so they reach the store when due. */
int pipeline_poll_ms(const struct pipeline *p, int timeout_ms);
/* Fraction of the file sources read so far, 0..1 (1 for live). */
double pipeline_progress(const struct pipeline *p);
/* Flushes pending reassembly and the HEP messages held for their order
 * (end of capture, or stop) into the store. */
void pipeline_flush(struct pipeline *p);
/* After pipeline_flush at the end of a batch run's capture: ends the parse
 * worker, frees its batches and gives the freed memory back to the system
 * before the checks and the report allocate theirs (the run's peak is
 * there).  Parsing after it, if any, runs on the caller's thread. */
void pipeline_end_parsing(struct pipeline *p);

/* Warnings gathered while reading ("FILE: truncated at byte N ..."). */
size_t pipeline_warning_count(const struct pipeline *p);
const char *pipeline_warning(const struct pipeline *p, size_t i);

#endif
