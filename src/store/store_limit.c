/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * store_limit.c - what the store lends a bounded-memory rebuild
 * (app/limit.c): a successor with the same nodes, the events worth
 * keeping, and the swap into place, where the successor takes over the
 * sources and the endpoint table.  The messages are
 * put into the successor by the SIP layer's own ingest, so grouping,
 * transactions and registrations are built exactly as on first reading.
 */
#include <stdlib.h>
#include <string.h>

#include "store/store_impl.h"

struct store *store_successor(struct store *st)
{
	struct store *n = store_new();
	if (!n)
		return NULL;
	for (size_t i = 0; i < st->nodes.len; i++) {
		const struct capture_node *c = VEC_AT(st->nodes, struct capture_node, i);
		uint16_t k = store_node(n, c->capture_id, c->agent, c->hep_version);
		struct capture_node *d = (struct capture_node *)store_node_get(n, k);
		if (!d)
			continue;
		d->hep_packets = c->hep_packets;
		if (c->name) {
			const char *name = store_str(st, c->name);
			d->name = store_intern(n, name, strlen(name));
		}
	}
	n->stats = st->stats;
	return n;
}

static str_id reintern(struct store *to, const struct store *from, str_id id)
{
	if (!id)
		return 0;
	const char *s = store_str(from, id);
	return store_intern(to, s, strlen(s));
}

void store_copy_events(struct store *to, const struct store *from, usec_t since)
{
	for (size_t i = 0; i < from->dns.len; i++) {
		const struct dns_event *e = VEC_AT(from->dns, struct dns_event, i);
		if (e->time < since)
			continue;
		struct dns_event ev = *e;
		ev.qname = reintern(to, from, e->qname);
		struct dns_answer ans[64];
		size_t na = e->answers_count < 64 ? e->answers_count : 64;
		for (size_t k = 0; k < na; k++) {
			ans[k] = *VEC_AT(from->dns_answers, struct dns_answer, e->answers_first + k);
			ans[k].data = reintern(to, from, ans[k].data);
		}
		store_add_dns(to, &ev, ans, na);
	}
#define COPY_SINCE(field, type, add) \
	for (size_t i = 0; i < from->field.len; i++) { \
		const struct type *e = VEC_AT(from->field, struct type, i); \
		if (e->time >= since) \
			add(to, e); \
	}
	COPY_SINCE(icmp, icmp_event, store_add_icmp)
	COPY_SINCE(tcp, tcp_event, store_add_tcp)
	COPY_SINCE(tls, tls_event, store_add_tls)
	COPY_SINCE(keepalive, keepalive_event, store_add_keepalive)
	COPY_SINCE(frag, frag_event, store_add_frag)
#undef COPY_SINCE
}

void store_replace(struct store *st, struct store *next)
{
	/* sources (their re-read descriptors) and endpoints stay: raw-byte
	 * references and the endpoint ids the decoder and the rebuilt
	 * messages carry keep their meaning */
	vec_free(&next->eps);
	vec_free(&next->ep_text);
	idmap_free(&next->ep_map);
	for (size_t i = 0; i < next->sources.len; i++)
		free(VEC_AT(next->sources, struct store_source, i)->name);
	vec_free(&next->sources);
	/* the RTP streams too: the decoder's table (net/rtp.c) finds a
	 * stream again by its index here, so a stream dropped or renumbered
	 * would take the next packets' counts to another stream or lose
	 * them; a stream is a few dozen bytes, counted, never per packet */
	vec_free(&next->rtp);
	next->rtp = st->rtp;
	memset(&st->rtp, 0, sizeof st->rtp);
	next->sources = st->sources;
	next->eps = st->eps;
	next->ep_text = st->ep_text;
	next->ep_map = st->ep_map;
	memset(&st->sources, 0, sizeof st->sources);
	memset(&st->eps, 0, sizeof st->eps);
	memset(&st->ep_text, 0, sizeof st->ep_text);
	memset(&st->ep_map, 0, sizeof st->ep_map);
	/* the parallel parse is attached to st's pointer: it stays attached */
	void *ctx = st->ingest_ctx;
	void (*barrier)(void *) = st->ingest_barrier;
	size_t pending = st->ingest_pending;
	uint64_t generation = st->generation;
	struct store tmp = *st;
	*st = *next;
	*next = tmp;
	st->ingest_ctx = ctx;
	st->ingest_barrier = barrier;
	st->ingest_pending = pending;
	st->generation = generation + 1;   /* readers that follow the messages start over */
	next->ingest_ctx = NULL;
	store_free(next);
}
