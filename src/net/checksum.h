/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * checksum.h - redoes a frame's checksums after its bytes were rewritten
 * (the redaction masks text and addresses in place, keeping lengths), at
 * every layer the frame walker (frame.h) finds, from the innermost packet
 * out: the inner IPv4 header and UDP/TCP/ICMP checksum first, then the GRE
 * checksum and the outer UDP checksum of GTP-U or VXLAN that cover them,
 * then the outer IPv4 header.
 */
#ifndef TRUNKDOC_CHECKSUM_H
#define TRUNKDOC_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

struct frame_walk;

/* p holds the bytes w walked.  A UDP checksum over IPv4 that cannot be
 * recomputed (a fragment, a frame the snapshot length cut) becomes 0,
 * "none"; one sent as 0 stays 0. */
void frame_fix_checksums(uint8_t *p, const struct frame_walk *w);
/* The same on a frame not yet walked. */
void pkt_fix_checksums(uint8_t *pkt, size_t caplen, int dlt);

#endif
