/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * ipfrag.c - fragment reassembly with first-copy-wins overlap handling.
 * Fragmented SIP is rare, so a short array searched linearly is enough.
 */
#include <stdlib.h>
#include <string.h>

#include "net/ipfrag.h"

struct range { uint32_t start, end; };

struct pending {
	struct ipfrag_key key;
	uint8_t *buf;
	size_t cap;
	struct range ranges[IPFRAG_MAX_RANGES];   /* sorted, disjoint, not adjacent */
	size_t nranges;
	long total;              /* -1 until the last fragment arrived */
	uint16_t fragments;
	usec_t first_time;
	uint32_t first_frame, last_frame;   /* first and latest fragment to arrive */
};

struct ipfrag_table {
	struct pending *slot[IPFRAG_MAX_PENDING];
	size_t count;
	ipfrag_done_cb cb;
	void *ctx;
};

struct ipfrag_table *ipfrag_new(ipfrag_done_cb cb, void *ctx)
{
	struct ipfrag_table *t = calloc(1, sizeof *t);
	if (t) {
		t->cb = cb;
		t->ctx = ctx;
	}
	return t;
}

static void pending_release(struct ipfrag_table *t, size_t i)
{
	free(t->slot[i]->buf);
	free(t->slot[i]);
	t->slot[i] = t->slot[--t->count];
	t->slot[t->count] = NULL;
}

void ipfrag_free(struct ipfrag_table *t)
{
	if (!t)
		return;
	while (t->count)
		pending_release(t, t->count - 1);
	free(t);
}

static size_t held_bytes(const struct pending *d)
{
	size_t n = 0;
	for (size_t i = 0; i < d->nranges; i++)
		n += d->ranges[i].end - d->ranges[i].start;
	return n;
}

static void report(struct ipfrag_table *t, struct pending *d, bool completed,
                   usec_t now, uint32_t frame)
{
	struct ipfrag_done done = {
		.key = &d->key,
		.payload = completed ? d->buf : NULL,
		.len = completed ? (size_t)d->total : held_bytes(d),
		.fragments = d->fragments,
		.first_time = d->first_time, .time = now,
		.first_frame = d->first_frame, .frame = frame,
		.completed = completed,
	};
	if (t->cb)
		t->cb(t->ctx, &done);
}

/* An abandoned datagram is reported at its latest fragment: the packet a
 * reader can look at. */
static void abandon(struct ipfrag_table *t, size_t i, usec_t now)
{
	report(t, t->slot[i], false, now, t->slot[i]->last_frame);
	pending_release(t, i);
}

void ipfrag_expire(struct ipfrag_table *t, usec_t now)
{
	for (size_t i = 0; i < t->count;) {
		if (now - t->slot[i]->first_time > IPFRAG_TIMEOUT)
			abandon(t, i, now);
		else
			i++;
	}
}

void ipfrag_flush(struct ipfrag_table *t, usec_t now)
{
	while (t->count)
		abandon(t, t->count - 1, now);
}

size_t ipfrag_pending(const struct ipfrag_table *t)
{
	return t->count;
}

static bool key_equal(const struct ipfrag_key *a, const struct ipfrag_key *b)
{
	size_t alen = a->family == 4 ? 4 : 16;
	return a->family == b->family && a->proto == b->proto && a->id == b->id &&
	       !memcmp(a->src, b->src, alen) && !memcmp(a->dst, b->dst, alen);
}

static struct pending *find_or_create(struct ipfrag_table *t, const struct ipfrag_key *key,
                                      usec_t time, uint32_t frame)
{
	for (size_t i = 0; i < t->count; i++)
		if (key_equal(&t->slot[i]->key, key))
			return t->slot[i];
	if (t->count == IPFRAG_MAX_PENDING) {
		size_t oldest = 0;
		for (size_t i = 1; i < t->count; i++)
			if (t->slot[i]->first_time < t->slot[oldest]->first_time)
				oldest = i;
		abandon(t, oldest, time);
	}
	struct pending *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->key = *key;
	d->total = -1;
	d->first_time = time;
	d->first_frame = d->last_frame = frame;
	t->slot[t->count++] = d;
	return d;
}

static bool ensure_cap(struct pending *d, size_t need)
{
	if (need <= d->cap)
		return true;
	size_t cap = d->cap ? d->cap : 2048;
	while (cap < need)
		cap *= 2;
	if (cap > IPFRAG_MAX_LEN)
		cap = IPFRAG_MAX_LEN;
	uint8_t *nb = realloc(d->buf, cap);
	if (!nb)
		return false;
	d->buf = nb;
	d->cap = cap;
	return true;
}

/* Copies the parts of [s,e) no earlier fragment covered, then merges the
 * range list.  Returns false when the list would overflow. */
static bool insert_range(struct pending *d, uint32_t s, uint32_t e, const uint8_t *data)
{
	uint32_t pos = s;
	for (size_t i = 0; i < d->nranges && pos < e; i++) {
		const struct range *r = &d->ranges[i];
		if (r->end <= pos)
			continue;
		if (r->start > pos) {
			uint32_t gap_end = r->start < e ? r->start : e;
			memcpy(d->buf + pos, data + (pos - s), gap_end - pos);
		}
		pos = r->end > pos ? r->end : pos;
	}
	if (pos < e)
		memcpy(d->buf + pos, data + (pos - s), e - pos);

	/* merge: collect ranges that touch [s,e) into one */
	struct range merged = { s, e };
	size_t out = 0;
	struct range keep[IPFRAG_MAX_RANGES + 1];
	bool placed = false;
	for (size_t i = 0; i < d->nranges; i++) {
		struct range r = d->ranges[i];
		if (r.end < merged.start) {
			keep[out++] = r;
		} else if (r.start > merged.end) {
			if (!placed) {
				keep[out++] = merged;
				placed = true;
			}
			keep[out++] = r;
		} else {
			merged.start = r.start < merged.start ? r.start : merged.start;
			merged.end = r.end > merged.end ? r.end : merged.end;
		}
	}
	if (!placed)
		keep[out++] = merged;
	if (out > IPFRAG_MAX_RANGES)
		return false;
	memcpy(d->ranges, keep, out * sizeof *keep);
	d->nranges = out;
	return true;
}

void ipfrag_add(struct ipfrag_table *t, const struct ipfrag_key *key, size_t offset, bool more,
                const uint8_t *data, size_t len, usec_t time, uint32_t frame)
{
	ipfrag_expire(t, time);
	if (offset + len > IPFRAG_MAX_LEN || (len == 0 && more))
		return;
	struct pending *d = find_or_create(t, key, time, frame);
	if (!d)
		return;
	size_t idx = 0;
	while (t->slot[idx] != d)
		idx++;
	if (d->fragments < UINT16_MAX)
		d->fragments++;
	d->last_frame = frame;

	uint32_t s = (uint32_t)offset, e = (uint32_t)(offset + len);
	if (!more) {
		/* a second, different "last fragment" or data already past the end
		 * is hostile or broken: keep the first claim */
		bool beyond = d->nranges && d->ranges[d->nranges - 1].end > e;
		if (d->total < 0 && !beyond)
			d->total = e;
	}
	if (d->total >= 0 && e > (uint32_t)d->total) {
		if (s >= (uint32_t)d->total)
			return;
		e = (uint32_t)d->total;
	}
	if (e > s) {
		if (!ensure_cap(d, e) || !insert_range(d, s, e, data)) {
			abandon(t, idx, time);
			return;
		}
	}
	if (d->total >= 0 && d->nranges == 1 && d->ranges[0].start == 0 &&
	    d->ranges[0].end == (uint32_t)d->total) {
		if (ensure_cap(d, 1))
			report(t, d, true, time, frame);
		pending_release(t, idx);
	}
}
