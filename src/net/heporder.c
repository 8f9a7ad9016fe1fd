/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * heporder.c - the reorder window for HEP-carried messages (see
 * heporder.h): one binary min-heap per capture node.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "net/heporder.h"
#include "net/sink.h"

/* Other nodes' heaps are swept for messages held too long at most this
 * often by the collector's clock (each push sweeps its own node's). */
#define SWEEP_EVERY 1000      /* usec */

struct held {
	struct msg_meta meta;
	usec_t arrival;
	uint64_t seq;             /* arrival order, for equal HEP times */
	size_t len;
	char buf[];
};

struct lane {                 /* one capture node */
	struct held **heap;
	size_t n, cap;
	usec_t latest;            /* HEP time of its latest message */
};

struct hep_order {
	struct store *st;
	const struct sip_sink *sink;
	usec_t window;
	struct lane *lane;        /* indexed by capture node */
	size_t nlanes;
	size_t held, bytes;
	uint64_t seq;
	usec_t now;               /* the collector's clock: latest arrival or tick */
	usec_t last_sweep;
};

struct hep_order *hep_order_new(struct store *st, const struct sip_sink *sink, usec_t window)
{
	struct hep_order *o = calloc(1, sizeof *o);
	if (o) {
		o->st = st;
		o->sink = sink;
		o->window = window;
	}
	return o;
}

void hep_order_free(struct hep_order *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->nlanes; i++) {
		for (size_t k = 0; k < o->lane[i].n; k++)
			free(o->lane[i].heap[k]);
		free(o->lane[i].heap);
	}
	free(o->lane);
	free(o);
}

size_t hep_order_held(const struct hep_order *o)
{
	return o ? o->held : 0;
}

static bool before(const struct held *a, const struct held *b)
{
	return a->meta.time != b->meta.time ? a->meta.time < b->meta.time : a->seq < b->seq;
}

static void sift_up(struct lane *l, size_t i)
{
	struct held *x = l->heap[i];
	while (i > 0) {
		size_t up = (i - 1) / 2;
		if (!before(x, l->heap[up]))
			break;
		l->heap[i] = l->heap[up];
		i = up;
	}
	l->heap[i] = x;
}

static void sift_down(struct lane *l, size_t i)
{
	struct held *x = l->heap[i];
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= l->n)
			break;
		if (c + 1 < l->n && before(l->heap[c + 1], l->heap[c]))
			c++;
		if (!before(l->heap[c], x))
			break;
		l->heap[i] = l->heap[c];
		i = c;
	}
	l->heap[i] = x;
}

/* The lane's earliest message to the sink. */
static void release_top(struct hep_order *o, struct lane *l)
{
	struct held *h = l->heap[0];
	l->heap[0] = l->heap[--l->n];
	if (l->n)
		sift_down(l, 0);
	o->held--;
	o->bytes -= h->len;
	o->sink->datagram(o->st, h->buf, h->len, &h->meta);
	free(h);
}

static bool due(const struct hep_order *o, const struct lane *l)
{
	const struct held *h = l->heap[0];
	return l->latest - h->meta.time > o->window || o->now - h->arrival > o->window;
}

static void release_due(struct hep_order *o, struct lane *l)
{
	while (l->n && due(o, l))
		release_top(o, l);
}

static void sweep(struct hep_order *o)
{
	for (size_t i = 0; i < o->nlanes; i++)
		release_due(o, &o->lane[i]);
	o->last_sweep = o->now;
}

/* Full: the earliest message of the node holding the most goes. */
static void make_room(struct hep_order *o)
{
	struct lane *fullest = NULL;
	for (size_t i = 0; i < o->nlanes; i++)
		if (!fullest || o->lane[i].n > fullest->n)
			fullest = &o->lane[i];
	if (fullest && fullest->n)
		release_top(o, fullest);
}

static struct lane *lane_of(struct hep_order *o, uint16_t node)
{
	if (node >= o->nlanes) {
		size_t n = (size_t)node + 1;
		struct lane *l = realloc(o->lane, n * sizeof *l);
		if (!l)
			return NULL;
		memset(l + o->nlanes, 0, (n - o->nlanes) * sizeof *l);
		o->lane = l;
		o->nlanes = n;
	}
	struct lane *l = &o->lane[node];
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct held **h = realloc(l->heap, cap * sizeof *h);
		if (!h)
			return NULL;
		l->heap = h;
		l->cap = cap;
	}
	return l;
}

void hep_order_push(struct hep_order *o, const char *buf, size_t len, const struct msg_meta *m,
                    usec_t arrival)
{
	while (o->held && (o->held >= HEP_ORDER_MAX_MSGS || o->bytes + len > HEP_ORDER_MAX_BYTES))
		make_room(o);
	struct lane *l = lane_of(o, m->node);
	struct held *h = l ? malloc(sizeof *h + len) : NULL;
	if (!h) {                 /* no memory to hold it: it goes as it came */
		o->sink->datagram(o->st, buf, len, m);
		return;
	}
	h->meta = *m;
	h->arrival = arrival;
	h->seq = o->seq++;
	h->len = len;
	memcpy(h->buf, buf, len);
	/* the latest arrival, not the greatest: one packet stamped far ahead
	 * (or a second file that starts earlier) does not stop the clock */
	o->now = arrival;
	l->latest = m->time;
	l->heap[l->n++] = h;
	sift_up(l, l->n - 1);
	o->held++;
	o->bytes += len;
	release_due(o, l);
	if (o->now - o->last_sweep >= SWEEP_EVERY || o->now < o->last_sweep)
		sweep(o);
}

void hep_order_tick(struct hep_order *o, usec_t now)
{
	if (!o || !o->held)
		return;
	if (now > o->now)
		o->now = now;
	sweep(o);
}

void hep_order_flush(struct hep_order *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->nlanes; i++)
		while (o->lane[i].n)
			release_top(o, &o->lane[i]);
}
