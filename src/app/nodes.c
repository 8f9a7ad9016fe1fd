/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * nodes.c - the checklist per capture node (see nodes.h).
 */
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/nodes.h"
#include "net/sink.h"
#include "sip/sipparse.h"
#include "store/store.h"

uint16_t registration_node(const struct store *st, const struct registration *r)
{
	if (!r->txns_count)
		return 0;
	const struct sip_txn *t = store_txn(st, store_reg_txns(st, r)[0]);
	return store_msg_node(st, t->first_msg);
}

/* A store holding node k's messages alone, parsed again from their bytes. */
static struct store *node_store(const struct store *all, uint16_t k, uint32_t *count)
{
	struct store *st = store_new();
	if (!st)
		return NULL;
	static char buf[SIP_MSG_MAX + 1];
	*count = 0;
	size_t n = store_msg_count(all);
	for (uint32_t i = 0; i < n; i++) {
		if (store_msg_node(all, i) != k)
			continue;
		const struct sip_msg *m = store_msg(all, i);
		long len = store_msg_bytes(all, m, buf, sizeof buf);
		if (len <= 0)
			continue;
		struct sip_msg_extra x;
		store_msg_extra(all, m, &x);
		struct msg_meta meta = {
			.time = m->time, .frame = x.first_frame ? x.first_frame : m->frame,
			.last_frame = m->frame,
			.src = store_endpoint(st, store_ep(all, m->src)),
			.dst = store_endpoint(st, store_ep(all, m->dst)),
			.transport = m->transport,
			.flags = m->flags & (MF_REASSEMBLED | MF_IP_FRAGMENTED | MF_TRUNCATED),
			.raw = { .where = RAW_NONE },
			.node = k,
		};
		sip_ingest(st, buf, (size_t)len, &meta);
		(*count)++;
	}
	*store_stats(st) = *store_stats_c(all);
	store_stats(st)->sip_messages = store_msg_count(st);
	return st;
}

bool app_evaluate_nodes(struct app *a)
{
	app_free_nodes(a);
	size_t n = store_node_count(a->store);
	if (!n)
		return true;
	struct node_result *res = calloc(n, sizeof *res);
	if (!res)
		return false;
	a->node_results = res;
	a->nnode_results = n;
	for (size_t k = 1; k <= n; k++) {
		struct node_result *r = &res[k - 1];
		r->node = (uint16_t)k;
		r->root_cause = -1;
		r->findings = calloc(check_count, sizeof *r->findings);
		struct store *st = r->findings ? node_store(a->store, (uint16_t)k, &r->messages) : NULL;
		if (!st) {
			app_free_nodes(a);
			return false;
		}
		store_finish(st, a->now);
		struct check_mark cm[MARK_MAX];
		for (size_t i = 0; i < a->nmarks; i++)
			cm[i] = (struct check_mark){ a->marks[i].id, a->marks[i].verdict, a->marks[i].note };
		struct check_ctx ctx = {
			.store = st, .profile = &a->profile,
			.password = a->password.set ? &a->password : NULL,
			.probes = a->probes, .now = a->now,
		};
		checks_run(&ctx, cm, a->nmarks, r->findings);
		r->root_cause = checks_root_cause(r->findings);
		for (size_t c = 0; c < check_count; c++)
			r->failing |= r->findings[c].verdict == V_FAIL;
		store_free(st);
	}
	return true;
}

void app_free_nodes(struct app *a)
{
	for (size_t i = 0; i < a->nnode_results; i++)
		free(a->node_results[i].findings);
	free(a->node_results);
	a->node_results = NULL;
	a->nnode_results = 0;
}
