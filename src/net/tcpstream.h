/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * tcpstream.h - TCP reassembly, one direction of a connection at a time.
 *
 *   (src, dst) ──hash──> tcp_dir ── next_seq ──> in-order bytes ──> sip_stream
 *                           │                                  └─> TLS walker
 *                           └── out-of-order segments, sorted by seq, bounded
 *
 *   segment seq vs next_seq:   entirely before  -> retransmission, dropped
 *                              overlaps start   -> the new part is delivered
 *                              after a gap      -> held until the gap fills
 *
 * A direction starts at its SYN, or at the first segment with data when the
 * capture joined mid-way.  The first payload decides what the stream is: a
 * TLS record header (content type 20-23, version 3.x) makes it TLS, which is
 * walked for handshake/alert events and never fed to the SIP framer;
 * anything else goes to the SIP framer, which finds message boundaries.
 * FIN ends a direction, RST ends both.  When held segments exceed their
 * bound, or at the end of the capture, the gap is given up: the framer is
 * flushed (a partial message is stored as truncated) and delivery resumes
 * after the gap.  All directions together hold at most TCP_HELD_TOTAL_MAX.  Directions idle longer than TCP_IDLE (capture time) or
 * beyond TCP_MAX_DIRS are evicted, oldest first.
 */
#ifndef TRUNKDOC_TCPSTREAM_H
#define TRUNKDOC_TCPSTREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/model.h"
#include "net/sink.h"

struct store;

#define TCP_MAX_DIRS 16384
#define TCP_IDLE (15 * 60 * 1000000LL)      /* microseconds of capture time */
#define TCP_OOO_MAX_SEGS 128                /* held segments per direction */
#define TCP_OOO_MAX_BYTES (256 * 1024)      /* held bytes per direction */
#define TCP_HELD_TOTAL_MAX (64u << 20)      /* held bytes, all directions */
#define TCP_OOO_WINDOW (1u << 20)           /* further ahead than this: resync */

enum { TCPF_FIN = 0x01, TCPF_SYN = 0x02, TCPF_RST = 0x04, TCPF_PSH = 0x08, TCPF_ACK = 0x10 };

struct tcp_seg {
	struct endpoint src, dst;
	uint32_t seq;
	uint8_t flags;           /* TCPF_* */
	const uint8_t *payload;
	size_t len;
	size_t missing;          /* payload bytes the snapshot length cut off */
	usec_t time;
	uint32_t frame;
	uint32_t msg_flags;      /* MF_IP_FRAGMENTED, MF_TRUNCATED carried to the framer */
	struct raw_ref raw;      /* where payload is in the file, or RAW_NONE */
};


struct tcp_table;
struct tcp_table *tcp_table_new(struct store *st, const struct sip_sink *sink);
/* Streams on cfg's port, or starting with "HEP3", are cut into HEP
 * packets (net/hepin.h).  The table keeps the pointer. */
struct hep_in_config;
void tcp_table_set_hep(struct tcp_table *t, const struct hep_in_config *cfg);
/* Frees without flushing; call tcp_flush_all() first to keep partial data. */
void tcp_table_free(struct tcp_table *t);

/* Handles one segment: control events to the store, payload to its stream.
 * Returns true when the segment carried bytes of a stream that has proved
 * to be SIP (the framer found a message in it) or TLS. */
bool tcp_segment(struct tcp_table *t, const struct tcp_seg *seg);
/* End of capture: delivers what is held (giving up gaps) and flushes every
 * SIP framer, then forgets every direction. */
void tcp_flush_all(struct tcp_table *t);

#endif
