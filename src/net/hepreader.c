/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * hepreader.c - a HEP socket read by its own thread (see hepreader.h):
 * the thread, its queue and wake-ups are net/pktreader.c; here is how a
 * batch is read from the socket and what the queue keeps of a datagram.
 */
#include <stdlib.h>
#include <string.h>

#include "net/hepreader.h"
#include "net/pktreader.h"

#define DRAIN_MAX 1024                      /* packets between two looks at stop and the counters */
#define GATHER_US 2000                      /* after a wake-up, before reading: see hep_reader_start */

/* What the queue keeps of a packet beside its bytes. */
struct rec_head {
	struct endpoint agent;
	const char *bad;                        /* static text, or NULL */
};

struct hep_reader {
	struct pktreader *pr;                   /* reads the socket on its thread */
};

static int drain_socket(void *ctx, struct pktqueue *q, int max, char *err, size_t errlen)
{
	struct hep_socket *s = ctx;
	struct hep_datagram hd;
	int got = 0, rc = 0;
	(void)err, (void)errlen;                /* the caller says "socket error" itself */
	while (got < max && (rc = hep_socket_next(s, &hd)) > 0) {
		struct rec_head h = { .agent = hd.agent, .bad = hd.bad };
		pktqueue_push2(q, (int64_t)(hd.time / 1000000), (int64_t)(hd.time % 1000000),
		               (uint32_t)hd.len, &h, sizeof h, hd.data, (uint32_t)hd.len);
		got++;
	}
	return rc < 0 ? -1 : got;               /* what it queued first is still handed out */
}

static bool socket_drops(void *ctx, uint32_t *out)
{
	*out = hep_socket_dropped(ctx);
	return true;
}

struct hep_reader *hep_reader_start(struct hep_socket *s, size_t queue_bytes)
{
	struct hep_reader *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	/* a few datagrams at a time, each woken for, cost a poll and a
	 * recvmmsg each at thousands a second: 2 ms more lets a batch
	 * gather in the socket's buffer (it holds seconds), as the live
	 * reader's 10 ms block timeout does */
	struct pktreader_source src = {
		.ctx = s, .fd = hep_socket_fd(s), .batch = DRAIN_MAX, .gather_us = GATHER_US,
		.drain = drain_socket, .kernel_drops = socket_drops,
	};
	r->pr = pktreader_start(&src, queue_bytes);
	if (!r->pr) {
		free(r);
		return NULL;
	}
	return r;
}

void hep_reader_stop(struct hep_reader *r)
{
	if (r)
		pktreader_stop(r->pr);
}

bool hep_reader_stopped(const struct hep_reader *r)
{
	return pktreader_stopped(r->pr);
}

void hep_reader_free(struct hep_reader *r)
{
	if (!r)
		return;
	pktreader_free(r->pr);
	free(r);
}

int hep_reader_next(struct hep_reader *r, struct hep_datagram *out)
{
	struct queued_pkt q;
	int rc = pktreader_next(r->pr, &q);
	if (rc <= 0)
		return rc;
	struct rec_head h;
	memcpy(&h, q.data, sizeof h);
	out->data = q.data + sizeof h;
	out->len = q.caplen - sizeof h;
	out->bad = h.bad;
	out->agent = h.agent;
	out->time = (usec_t)q.sec * 1000000 + (usec_t)q.usec;
	return 1;
}

int hep_reader_fd(const struct hep_reader *r)
{
	return pktreader_fd(r->pr);
}

uint32_t hep_reader_kernel_drops(const struct hep_reader *r)
{
	return pktreader_kernel_drops(r->pr);
}

uint64_t hep_reader_queue_drops(const struct hep_reader *r)
{
	return pktreader_queue_drops(r->pr);
}
