/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_pktqueue.c - the live reader's queue (src/net/pktqueue.c): every
 * packet comes out once, whole and in order, while another thread pushes
 * across many blocks; a full queue refuses and counts; an emptied queue
 * gives its blocks back.  Run it under -fsanitize=thread as well.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "net/pktqueue.h"
#include "testlib.h"

#define PACKETS 200000

static void fill(uint8_t *buf, uint32_t len, uint32_t seq)
{
	for (uint32_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(seq * 31 + i);
}

static uint32_t len_of(uint32_t seq)
{
	return 40 + seq % 1400;      /* SIP-sized, every length and padding */
}

static void *producer(void *arg)
{
	struct pktqueue *q = arg;
	uint8_t buf[1500];
	for (uint32_t seq = 0; seq < PACKETS; seq++) {
		uint32_t len = len_of(seq);
		fill(buf, len, seq);
		while (!pktqueue_push(q, seq, seq % 1000000, len, len + 4, buf))
			;                    /* full: the consumer catches up (its drop is counted) */
	}
	return NULL;
}

int main(void)
{
	/* order and content across threads; the bound forces blocks to be
	 * reused and the producer to wait (refused pushes are retried) */
	struct pktqueue *q = pktqueue_new((size_t)4 << 20);
	CHECK(q != NULL);
	pthread_t t;
	CHECK(pthread_create(&t, NULL, producer, q) == 0);
	uint32_t next = 0, bad = 0;
	uint8_t want[1500];
	while (next < PACKETS) {
		struct queued_pkt p;
		if (!pktqueue_pop(q, &p))
			continue;
		uint32_t len = len_of(next);
		fill(want, len, next);
		if (p.sec != next || p.usec != next % 1000000 || p.caplen != len || p.wire_len != len + 4 ||
		    memcmp(p.data, want, len) != 0)
			bad++;
		next++;
	}
	pthread_join(t, NULL);
	CHECK_EQ_INT(next, PACKETS);
	CHECK_EQ_INT(bad, 0);
	struct queued_pkt p;
	CHECK(!pktqueue_pop(q, &p));
	CHECK(pktqueue_allocated(q) <= (size_t)4 << 20);
	pktqueue_free(q);

	/* a full queue refuses, counts, and keeps what it holds */
	q = pktqueue_new(0);             /* the least: two blocks */
	uint8_t buf[1000] = { 0 };
	size_t pushed = 0;
	while (pktqueue_push(q, 1, 2, sizeof buf, sizeof buf, buf))
		pushed++;
	CHECK(pushed > 1000);
	CHECK_EQ_INT(pktqueue_dropped(q), 1);
	CHECK(!pktqueue_push(q, 1, 2, sizeof buf, sizeof buf, buf));
	CHECK_EQ_INT(pktqueue_dropped(q), 2);
	size_t popped = 0;
	while (pktqueue_pop(q, &p))
		popped++;
	CHECK_EQ_INT(popped, pushed);
	/* emptied, it takes packets again */
	CHECK(pktqueue_push(q, 1, 2, sizeof buf, sizeof buf, buf));
	CHECK(pktqueue_pop(q, &p) && p.caplen == sizeof buf);
	/* a packet larger than a block is refused, not cut */
	static uint8_t huge[(1u << 20) + 1];
	CHECK(!pktqueue_push(q, 1, 2, sizeof huge, sizeof huge, huge));
	CHECK_EQ_INT(pktqueue_dropped(q), 3);
	pktqueue_free(q);
	return test_done();
}
