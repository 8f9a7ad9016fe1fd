/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * pktqueue.h - copies of captured packets handed from the thread that
 * reads a live interface to the thread that decodes them: one producer,
 * one consumer, no lock per packet.
 *
 *   producer (capture thread)          consumer (the screen's or batch loop)
 *   pktqueue_push() ──> [block][block][block] ──> pktqueue_pop()
 *                        1 MiB each, linked; a block the consumer has left
 *                        is reused, so an idle queue holds one or two
 *
 * The queue grows by blocks up to a bound and then refuses packets (they
 * are counted: pktqueue_dropped()), so a consumer that cannot keep up
 * loses packets visibly instead of taking all memory.
 */
#ifndef TRUNKDOC_PKTQUEUE_H
#define TRUNKDOC_PKTQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pktqueue;

struct queued_pkt {
	int64_t sec, usec;       /* the capture's timestamp, as libpcap gave it */
	uint32_t caplen, wire_len;
	const uint8_t *data;     /* valid until the next pktqueue_pop() */
};

/* max_bytes: what the queue may hold at most (rounded to whole blocks). */
struct pktqueue *pktqueue_new(size_t max_bytes);
void pktqueue_free(struct pktqueue *q);

/* Producer only.  False when the queue is full (the packet is counted as
 * dropped) or the packet does not fit a block. */
bool pktqueue_push(struct pktqueue *q, int64_t sec, int64_t usec, uint32_t caplen, uint32_t wire_len,
                   const uint8_t *data);
/* The same for a record in two parts, head (what the producer says of
 * the packet: net/hepreader.c keeps the sender's address there) then
 * data; the consumer gets them one after the other, caplen their sum. */
bool pktqueue_push2(struct pktqueue *q, int64_t sec, int64_t usec, uint32_t wire_len,
                    const void *head, uint32_t head_len, const uint8_t *data, uint32_t len);
/* Consumer only.  False when nothing is queued. */
bool pktqueue_pop(struct pktqueue *q, struct queued_pkt *out);
/* Packets refused because the queue was full (either thread). */
uint64_t pktqueue_dropped(const struct pktqueue *q);
/* Bytes in blocks now allocated (either thread; for the benchmark). */
size_t pktqueue_allocated(const struct pktqueue *q);

#endif
