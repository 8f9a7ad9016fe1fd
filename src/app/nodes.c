/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * nodes.c - the checklist per capture node (see nodes.h).
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "app/nodes.h"
#include "app/reingest.h"
#include "base/sanitize.h"
#include "net/sink.h"
#include "probe/probe.h"
#include "sip/sipparse.h"
#include "store/store.h"

uint16_t registration_node(const struct store *st, const struct registration *r)
{
	if (!r->txns_count)
		return 0;
	const struct sip_txn *t = store_txn(st, store_reg_txns(st, r)[0]);
	return store_msg_node(st, t->first_msg);
}

/* On the screen (app.keep_node_stores), each node's store is kept from
 * one evaluation to the next and takes only the messages that arrived
 * since: parsing every message of a node again at each refresh cost more
 * than all else in a live fleet view, and grew with the capture.  The
 * price is the node stores' memory, about a second copy of the nodes'
 * messages; an evaluation made once (--report) builds and frees one node
 * store after the other instead.  The whole capture's messages
 * are only appended to between two --limit rebuilds (store_generation);
 * a rebuild, or another store, starts the node stores over. */
struct node_store {
	struct store *st;
	uint32_t messages;           /* messages of the node fed to it */
	uint32_t judged;             /* of these, the ones its kept result saw */
};

struct node_stores {
	const struct store *of;      /* the whole capture's store they follow */
	uint64_t generation;         /* its store_generation when they were begun */
	size_t fed;                  /* its messages [0, fed) are in them */
	struct node_store *node;     /* node k at k - 1 */
	size_t n;
	/* Only the nodes with new messages are judged again at each
	 * evaluation; all of them at the quiet tick (app.node_quiet of
	 * capture time after the last), so that verdicts that move with time
	 * alone (a timer, no answer in 32 s) still move, and when the
	 * inputs every node shares (profile, password, marks, probes,
	 * --pbx-ip) change. */
	bool judged_all;             /* every node has a result, judged_at quiet_at */
	usec_t quiet_at;             /* a->now of the last evaluation of every node */
	uint64_t inputs;             /* inputs_hash of that evaluation */
	/* Checklists of results judged again, for the next ones: each is
	 * check_count findings (about 250 KiB), above the mmap threshold
	 * (base/hugemem.c), so a new one costs a mapping and a page fault
	 * per page, and 200 nodes judged again allocated and unmapped ~150 MiB
	 * per refresh. */
	struct finding **spare;
	size_t nspare, spare_cap;
};

static void node_stores_free(struct node_stores *ns)
{
	if (!ns)
		return;
	for (size_t k = 0; k < ns->n; k++)
		store_free(ns->node[k].st);
	free(ns->node);
	for (size_t i = 0; i < ns->nspare; i++)
		free(ns->spare[i]);
	free(ns->spare);
	free(ns);
}

/* Room for n nodes, each with a store (new nodes appear as HEP goes on). */
static bool node_stores_grow(struct node_stores *ns, size_t n)
{
	if (n <= ns->n)
		return true;
	struct node_store *v = realloc(ns->node, n * sizeof *v);
	if (!v)
		return false;
	ns->node = v;
	for (; ns->n < n; ns->n++) {
		ns->node[ns->n] = (struct node_store){ .st = store_new() };
		if (!ns->node[ns->n].st)
			return false;
	}
	return true;
}

/* Message i of the whole capture into node k's store, parsed again from
 * its bytes, with the whole capture's times and frame numbers. */
static void node_feed(const struct store *all, uint32_t i, struct node_store *ns, uint16_t k)
{
	static char buf[SIP_MSG_MAX + 1];
	const struct sip_msg *m = store_msg(all, i);
	long len = store_msg_bytes(all, m, buf, sizeof buf);
	if (len <= 0)
		return;
	struct msg_meta meta;
	app_reingest_meta(all, i, m, &meta);
	meta.src = store_endpoint(ns->st, store_ep(all, store_msg_hdr(all, m)->src));
	meta.dst = store_endpoint(ns->st, store_ep(all, store_msg_hdr(all, m)->dst));
	meta.node = k;
	sip_ingest(ns->st, buf, (size_t)len, &meta);
	ns->messages++;
}

/* Node k's store made once, freed after it was judged: an evaluation
 * made once (the report) holds one node's store at a time, not all. */
static void node_fill(const struct store *all, struct node_store *ns, uint16_t k)
{
	size_t count = store_msg_count(all);
	for (size_t i = 0; i < count; i++)
		if (store_msg_node(all, (uint32_t)i) == k)
			node_feed(all, (uint32_t)i, ns, k);
	*store_stats(ns->st) = *store_stats_c(all);
	store_stats(ns->st)->sip_messages = store_msg_count(ns->st);
}

/* Brings every node's store up to the whole capture's last message:
 * the node stores of a->node_stores, begun again when the capture's store
 * was rebuilt (or is another).  False when out of memory. */
static bool node_stores_update(struct app *a)
{
	const struct store *all = a->store;
	struct node_stores *ns = a->node_stores;
	size_t count = store_msg_count(all);
	if (ns && (ns->of != all || ns->generation != store_generation(all) || ns->fed > count)) {
		node_stores_free(ns);
		ns = a->node_stores = NULL;
	}
	if (!ns) {
		if (!(ns = calloc(1, sizeof *ns)))
			return false;
		ns->of = all;
		ns->generation = store_generation(all);
		a->node_stores = ns;
	}
	if (!node_stores_grow(ns, store_node_count(all))) {
		node_stores_free(ns);
		a->node_stores = NULL;
		return false;
	}
	for (size_t i = ns->fed; i < count; i++) {
		uint16_t k = store_msg_node(all, (uint32_t)i);
		if (k && k <= ns->n)
			node_feed(all, (uint32_t)i, &ns->node[k - 1], k);
	}
	ns->fed = count;
	for (size_t k = 0; k < ns->n; k++) {
		struct store *st = ns->node[k].st;
		*store_stats(st) = *store_stats_c(all);
		store_stats(st)->sip_messages = store_msg_count(st);
	}
	return true;
}

/* 64-bit FNV-1a over n bytes, from h. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	return h;
}

/* What every node's checklist reads besides its own store and a->now:
 * a change judges every node again.  Of the password only whether it is
 * set and its change count: nothing derived from its bytes is kept (a
 * hash of them would outlive the password, in a core dumped after it
 * was wiped). */
static uint64_t inputs_hash(const struct app *a)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	h = fnv(h, &a->profile, sizeof a->profile);
	h = fnv(h, &a->password.set, sizeof a->password.set);
	h = fnv(h, &a->password.changes, sizeof a->password.changes);
	h = fnv(h, &a->pbx_addrs, sizeof a->pbx_addrs);
	h = fnv(h, &a->nmarks, sizeof a->nmarks);
	h = fnv(h, a->marks, a->nmarks * sizeof *a->marks);
	h = fnv(h, &a->probes, sizeof a->probes);
	if (a->probes) {
		h = fnv(h, &a->probes->started_usec, sizeof a->probes->started_usec);
		h = fnv(h, &a->probes->elapsed_ms, sizeof a->probes->elapsed_ms);
	}
	return h;
}

static bool any_fail(const struct finding *f)
{
	for (size_t c = 0; f && c < check_count; c++)
		if (f[c].verdict == V_FAIL)
			return true;
	return false;
}

static int verdict_rank(enum verdict v)
{
	return v == V_FAIL ? 3 : v == V_WARN ? 2 : v == V_PASS ? 1 : 0;
}

static void strip_scheme_copy(char *out, size_t outlen, const char *uri)
{
	if (!strncasecmp(uri, "sip:", 4))
		uri += 4;
	else if (!strncasecmp(uri, "sips:", 5))
		uri += 5;
	sanitize_str(out, outlen, uri, 0);
}

/* The PBX of a node is the HEP agent that mirrors it (res_hep, siptrace
 * and heplify run on the PBX host) when its registrations touch that
 * address; --pbx-ip, when given, says it for every node. */
static void node_pbx(const struct app *a, const struct store *all, uint16_t k, struct pbx_addrs *known)
{
	if (a->pbx_addrs.n) {
		*known = a->pbx_addrs;
		return;
	}
	memset(known, 0, sizeof *known);
	const struct capture_node *cn = store_node_get(all, k);
	const struct endpoint *agent = cn ? store_ep(all, cn->agent) : NULL;
	if (agent && pbx_addrs_add(known, agent)) {
		known->source = "the HEP agent's address";
		known->only_if_seen = true;
	}
}

/* A zeroed checklist, from the spares of ns if any (ns may be NULL). */
static struct finding *findings_get(struct node_stores *ns)
{
	if (!ns || !ns->nspare)
		return calloc(check_count, sizeof(struct finding));
	struct finding *f = ns->spare[--ns->nspare];
	memset(f, 0, check_count * sizeof *f);
	return f;
}

/* f kept for findings_get (freed if ns is NULL or no room). */
static void findings_put(struct node_stores *ns, struct finding *f)
{
	if (!f)
		return;
	if (ns && ns->nspare == ns->spare_cap) {
		size_t cap = ns->spare_cap ? 2 * ns->spare_cap : 16;
		struct finding **v = realloc(ns->spare, cap * sizeof *v);
		if (v) {
			ns->spare = v;
			ns->spare_cap = cap;
		}
	}
	if (ns && ns->nspare < ns->spare_cap)
		ns->spare[ns->nspare++] = f;
	else
		free(f);
}

/* Roles and a checklist per trunk in node k's store, as app_evaluate
 * does for the whole capture; keeps what the reports and the fleet view
 * read. */
static bool judge_node(struct app *a, struct node_stores *pool, struct store *st, uint16_t k,
                       struct node_result *r)
{
	struct check_mark cm[MARK_MAX];
	for (size_t i = 0; i < a->nmarks; i++)
		cm[i] = (struct check_mark){ a->marks[i].id, a->marks[i].verdict, a->marks[i].note };
	struct check_ctx ctx = {
		.store = st, .profile = &a->profile,
		.password = a->password.set ? &a->password : NULL,
		.probes = a->probes, .now = a->now,
	};
	struct pbx_addrs known;
	node_pbx(a, a->store, k, &known);
	struct roles ro = { 0 };
	if (!roles_assign(&ro, st, &a->profile, &known)) {
		roles_free(&ro);
		return false;
	}
	struct finding *bufs[TRUNKS_MAX] = { 0 };
	bool ok = true;
	for (size_t t = 0; t < ro.ntrunk && ok; t++) {
		if (!(bufs[t] = findings_get(pool))) {
			ok = false;
			break;
		}
		ro.trunks[t].findings = bufs[t];
		ctx.trunk = &ro.trunks[t];
		checks_run(&ctx, cm, a->nmarks, bufs[t]);
		ro.trunks[t].root_cause = checks_root_cause(bufs[t]);
	}
	if (ok && ro.ntrunk)
		roles_order_trunks(&ro);
	r->trunks = ok && ro.ntrunk ? calloc(ro.ntrunk, sizeof *r->trunks) : NULL;
	if (!ok || (ro.ntrunk && !r->trunks)) {
		for (size_t t = 0; t < TRUNKS_MAX; t++)
			findings_put(pool, bufs[t]);
		roles_free(&ro);
		return false;
	}
	r->ntrunk = ro.ntrunk;
	r->nextensions = ro.nextensions;
	snprintf(r->pbx, sizeof r->pbx, "%s", ro.pbx);
	for (size_t t = 0; t < ro.ntrunk; t++) {
		const struct trunk *tr = &ro.trunks[t];
		struct node_trunk *nt = &r->trunks[t];
		const struct registration *r0 = store_reg(st, tr->regs[0]);
		snprintf(nt->name, sizeof nt->name, "%s", tr->name);
		strip_scheme_copy(nt->aor, sizeof nt->aor, store_str(st, r0->aor));
		sanitize_str(nt->registrar, sizeof nt->registrar, store_str(st, r0->registrar), 0);
		nt->decided_by = tr->named_by_profile ? "profile" : tr->all_together ? "all-together" : "roles";
		nt->nreg = tr->nreg;
		/* the trunk's state: its worst registration's own verdict */
		for (size_t i = 0; i < tr->nreg; i++) {
			const struct reg_role_info *ri = &ro.reg[tr->regs[i]];
			if (i == 0 || verdict_rank(ri->verdict) > verdict_rank(nt->state_verdict)) {
				nt->state_verdict = ri->verdict;
				snprintf(nt->state, sizeof nt->state, "%s", ri->verdict_text);
			}
		}
		nt->root_cause = tr->root_cause;
		nt->findings = tr->findings;
		nt->failing = any_fail(tr->findings);
		r->failing |= nt->failing;
	}
	if (ro.ntrunk) {
		memcpy(r->findings, ro.trunks[0].findings, check_count * sizeof *r->findings);
	} else {
		/* no trunk: the checks speak of what else there is, as for a
		 * single PBX with none */
		static const struct trunk none = { .root_cause = -1 };
		ctx.trunk = &none;
		checks_run(&ctx, cm, a->nmarks, r->findings);
		r->failing = any_fail(r->findings);
	}
	r->root_cause = checks_root_cause(r->findings);
	roles_free(&ro);     /* the findings buffers now belong to r->trunks */
	return true;
}

/* Frees r; its checklists go to pool's spares (pool may be NULL). */
static void free_result(struct node_stores *pool, struct node_result *r)
{
	for (size_t t = 0; t < r->ntrunk; t++)
		findings_put(pool, r->trunks[t].findings);
	free(r->trunks);
	findings_put(pool, r->findings);
	*r = (struct node_result){ 0 };
}

static void free_results(struct app *a)
{
	for (size_t i = 0; i < a->nnode_results; i++)
		free_result(NULL, &a->node_results[i]);
	free(a->node_results);
	a->node_results = NULL;
	a->nnode_results = 0;
}

/* Node k's result judged anew from its store ns, as of a->now. */
static bool judge_one(struct app *a, struct node_stores *pool, struct node_store *ns, uint16_t k,
                      struct node_result *r)
{
	free_result(pool, r);
	r->node = k;
	r->root_cause = -1;
	r->judged_at = a->now;
	r->findings = findings_get(pool);
	if (!r->findings)
		return false;
	r->messages = ns->messages;
	/* the registrations' timelines and the calls as of now: the
	 * store keeps what was parsed, store_finish derives the rest */
	store_finish(ns->st, a->now);
	if (!judge_node(a, pool, ns->st, k, r))
		return false;
	ns->judged = ns->messages;
	return true;
}

/* On the screen: the kept results of the nodes without new messages
 * stay, the others are judged again; every node at the quiet tick. */
static bool evaluate_kept(struct app *a, size_t n)
{
	if (!node_stores_update(a)) {
		app_free_nodes(a);
		return false;
	}
	struct node_stores *ns = a->node_stores;
	usec_t quiet = a->node_quiet > 0 ? a->node_quiet : NODES_QUIET_USEC;
	uint64_t inputs = inputs_hash(a);
	bool all = !ns->judged_all || inputs != ns->inputs || a->nnode_results > n ||
	           a->now < ns->quiet_at || a->now - ns->quiet_at >= quiet;
	while (a->nnode_results > n)   /* another store: fewer nodes */
		free_result(ns, &a->node_results[--a->nnode_results]);
	if (a->nnode_results < n) {
		struct node_result *v = realloc(a->node_results, n * sizeof *v);
		if (!v) {
			app_free_nodes(a);
			return false;
		}
		memset(v + a->nnode_results, 0, (n - a->nnode_results) * sizeof *v);
		a->node_results = v;
		a->nnode_results = n;
	}
	for (size_t k = 1; k <= n; k++) {
		struct node_store *s = &ns->node[k - 1];
		struct node_result *r = &a->node_results[k - 1];
		if (!all && r->findings && s->judged == s->messages)
			continue;
		if (!judge_one(a, ns, s, (uint16_t)k, r)) {
			app_free_nodes(a);
			return false;
		}
	}
	if (all) {
		ns->judged_all = true;
		ns->quiet_at = a->now;
		ns->inputs = inputs;
	}
	return true;
}

bool app_evaluate_nodes(struct app *a)
{
	size_t n = store_node_count(a->store);
	if (a->keep_node_stores && n)
		return evaluate_kept(a, n);
	free_results(a);
	if (!n)
		return true;
	struct node_result *res = calloc(n, sizeof *res);
	if (!res)
		return false;
	a->node_results = res;
	a->nnode_results = n;
	for (size_t k = 1; k <= n; k++) {
		/* node k's store made for it, judged and freed */
		struct node_store one = { .st = store_new() };
		bool ok = one.st != NULL;
		if (ok) {
			node_fill(a->store, &one, (uint16_t)k);
			ok = judge_one(a, NULL, &one, (uint16_t)k, &res[k - 1]);
		}
		store_free(one.st);
		if (!ok) {
			app_free_nodes(a);
			return false;
		}
	}
	return true;
}

void app_free_nodes(struct app *a)
{
	free_results(a);
	node_stores_free(a->node_stores);
	a->node_stores = NULL;
}
