/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_pktqueue.c - the live reader's queue (src/net/pktqueue.c): every
 * packet comes out once, whole and in order, while another thread pushes
 * across many blocks; a full queue refuses and counts; an emptied queue
 * gives its blocks back.  And the reader thread around it
 * (src/net/pktreader.c) with a consumer that takes nothing until the
 * source has ended: every packet is received or counted as a queue or a
 * kernel drop, no other way.  Run it under -fsanitize=thread as well.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/pktqueue.h"
#include "net/pktreader.h"
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

/* ---- the reader thread over a socket pair, its consumer late */

#define READER_PACKETS 6000
#define READER_LEN 1000          /* 6 MB sent; the least queue (two 1 MiB blocks) holds 2 */
#define LOST_EVERY 1000          /* the source loses one in 1000, as a kernel would */

struct pair_source {
	int fd;
	uint32_t seen, lost;     /* the reader thread's own */
};

static bool lost_by_kernel(uint32_t seq)
{
	return seq % LOST_EVERY == LOST_EVERY - 1;
}

static int drain_pair(void *ctx, struct pktqueue *q, int max, char *err, size_t errlen)
{
	struct pair_source *ps = ctx;
	int got = 0;
	uint8_t buf[READER_LEN + 1];
	while (got < max) {
		ssize_t n = recv(ps->fd, buf, sizeof buf, MSG_DONTWAIT);
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? got : -1;
		if (n == 0) {            /* the sender closed: the end, as a socket error ends it */
			snprintf(err, errlen, "end of input");
			return -1;
		}
		if (lost_by_kernel(ps->seen++)) {
			ps->lost++;      /* never reaches the reader, counted by the kernel */
			continue;
		}
		pktqueue_push(q, ps->seen - 1, 0, (uint32_t)n, (uint32_t)n, buf);
		got++;
	}
	return got;
}

static bool pair_drops(void *ctx, uint32_t *out)
{
	*out = ((struct pair_source *)ctx)->lost;
	return true;
}

static void test_reader_overflow(void)
{
	int sv[2];
	CHECK(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) == 0);
	struct pair_source ps = { .fd = sv[1] };
	struct pktreader_source src = {
		.ctx = &ps, .fd = sv[1], .batch = 64, .drain = drain_pair, .kernel_drops = pair_drops,
	};
	struct pktreader *r = pktreader_start(&src, 0);
	CHECK(r != NULL);
	if (!r)
		return;
	/* the sender blocks while the pair's buffer is full: the reader
	 * takes all of it, and queues what the queue has room for */
	uint8_t buf[READER_LEN];
	uint64_t sent = 0;
	for (uint32_t seq = 0; seq < READER_PACKETS; seq++) {
		fill(buf, sizeof buf, seq);
		if (send(sv[0], buf, sizeof buf, MSG_NOSIGNAL) == (ssize_t)sizeof buf)
			sent++;
	}
	close(sv[0]);
	CHECK_EQ_INT(sent, READER_PACKETS);
	/* the consumer never said it waits, so the wake-up comes when the
	 * thread has ended (the source closed), not before */
	struct pollfd pfd = { .fd = pktreader_fd(r), .events = POLLIN };
	CHECK(poll(&pfd, 1, 60000) == 1);
	/* late, the consumer takes what was queued: the first packets the
	 * kernel let through, whole and in order, then the end */
	struct queued_pkt p;
	uint64_t got = 0, bad = 0;
	uint32_t seq = 0;
	uint8_t want[READER_LEN];
	int rc;
	while ((rc = pktreader_next(r, &p)) == 1) {
		while (lost_by_kernel(seq))
			seq++;
		fill(want, sizeof want, seq);
		if (p.sec != seq || p.caplen != READER_LEN || memcmp(p.data, want, READER_LEN) != 0)
			bad++;
		seq++;
		got++;
	}
	CHECK_EQ_INT(rc, -1);
	CHECK_EQ_STR(pktreader_error(r), "end of input");
	CHECK_EQ_INT(bad, 0);
	uint64_t queue = pktreader_queue_drops(r), kernel = pktreader_kernel_drops(r);
	printf("# sent %llu, received %llu, queue dropped %llu, kernel dropped %llu\n",
	       (unsigned long long)sent, (unsigned long long)got, (unsigned long long)queue,
	       (unsigned long long)kernel);
	CHECK(got > 0);
	CHECK(queue > 0);
	CHECK_EQ_INT(kernel, READER_PACKETS / LOST_EVERY);
	CHECK_EQ_INT(got + queue + kernel, sent);
	pktreader_free(r);
	close(sv[1]);
}

int main(void)
{
	test_reader_overflow();

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
