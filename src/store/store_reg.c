/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * store_reg.c - a registration's state timeline, rebuilt from its REGISTER
 * transactions as of a point in capture time.
 *
 *                 REGISTER                 2xx (expires > 0)
 *   unregistered ─────────> trying ───────────────────────────> registered
 *        ^                   │  │ 401/407          ^                │
 *        │ 2xx to expires=0  │  └──────> challenged┘ (next try)     │ no refresh
 *        │                   │ other final >= 300: failed           v before expiry
 *        └───────────────────┤ no final within timer F: timed out  expired
 *
 * Inputs are the transactions' requests, final responses and timer-F
 * expiries (request + 32 s, only when `now` is past it: a capture that ends
 * mid-transaction stays "trying").  They are sorted by time and replayed.
 * A final response stamped a little before the request it follows in its
 * transaction (crossed stamps, store_group.c) is replayed at the request's
 * time, after it; its event keeps the response's own time and frame, so
 * such a pair's two events may read a few microseconds backwards.
 * A refresh while the binding is still valid keeps the state "registered"
 * (its challenge too); a binding whose granted time passes with no new
 * 2xx becomes "expired" at the moment it lapsed.  Only changes of state are
 * recorded as events.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/store_impl.h"

#define TIMER_F_USEC (64 * 500000LL)    /* 64*T1 (RFC 3261 17.1.2.2) */
#define DEFAULT_EXPIRES 3600            /* RFC 3261 10.2.1.1 */

enum input_kind { IN_REQUEST = 0, IN_FINAL, IN_TIMEOUT };

struct input {
	usec_t time;
	uint8_t kind;
	uint32_t seq;            /* order of creation, to keep the sort stable */
	uint32_t txn;
	uint32_t msg;
};

static int input_cmp(const void *a, const void *b)
{
	const struct input *x = a, *y = b;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The URI without parameters or angle brackets, for comparing contacts. */
static size_t uri_core_len(const char *s)
{
	size_t n = strcspn(s, ";>?");
	return n;
}

static bool same_contact(const struct store *st, const struct sip_contact *a, const struct sip_contact *b)
{
	const char *x = store_str(st, a->uri), *y = store_str(st, b->uri);
	size_t lx = uri_core_len(x), ly = uri_core_len(y);
	if (lx && lx == ly && !strncasecmp(x, y, lx))
		return true;
	return a->host && a->host == b->host && a->port == b->port;
}

/* Does this REGISTER ask to remove its bindings (RFC 3261 10.2.2)? */
static bool is_unregister(const struct store *st, const struct sip_msg *q)
{
	const struct sip_contact *c = store_contacts(st, q);
	if (!q->contacts_count)
		return false;          /* a query of bindings, not a removal */
	bool all_zero = true;
	for (uint16_t i = 0; i < q->contacts_count; i++) {
		if (c[i].star)
			return true;
		int32_t e = c[i].expires >= 0 ? c[i].expires : hdr_of(st, q)->expires;
		if (e != 0)
			all_zero = false;
	}
	return all_zero;
}

/* Seconds the registrar granted to our binding (RFC 3261 10.2.4: the
 * contact's expires parameter, else the Expires header). */
static int32_t granted_expires(const struct store *st, const struct sip_msg *q, const struct sip_msg *f)
{
	const struct sip_contact *fc = store_contacts(st, f);
	const struct sip_contact *qc = q ? store_contacts(st, q) : NULL;
	if (q && !q->contacts_count && !f->contacts_count)
		return 0;              /* a query (RFC 3261 10.2.3) answered: no binding at all */
	if (qc) {
		for (uint16_t i = 0; i < f->contacts_count; i++)
			if (same_contact(st, &fc[i], &qc[0]) && fc[i].expires >= 0)
				return fc[i].expires;
	}
	if (hdr_of(st, f)->expires >= 0)
		return hdr_of(st, f)->expires;
	if (f->contacts_count == 1 && fc[0].expires >= 0)
		return fc[0].expires;
	if (q) {
		if (qc && qc[0].expires >= 0)
			return qc[0].expires;
		if (hdr_of(st, q)->expires >= 0)
			return hdr_of(st, q)->expires;
	}
	return DEFAULT_EXPIRES;
}

struct replay {
	struct store *st;
	struct registration *r;
	uint8_t cur;
};

static void enter(struct replay *rp, usec_t time, enum reg_state s, uint32_t msg)
{
	if (rp->cur == s)
		return;
	rp->cur = (uint8_t)s;
	struct reg_event *e = vec_push(&rp->st->reg_events, sizeof *e);
	if (!e)
		return;
	e->time = time;
	e->state = (uint8_t)s;
	e->msg = msg;
	rp->r->events_count++;
}

static size_t collect_inputs(struct store *st, const struct registration *r, usec_t now, struct input *in)
{
	size_t n = 0;
	const uint32_t *txns = st->reg_txns.data + r->txns_first;
	for (uint32_t i = 0; i < r->txns_count; i++) {
		const struct sip_txn *t = txn_at(st, txns[i]);
		usec_t req_time = t->orphan ? 0 : msg_at(st, t->first_msg)->time;
		/* the index is read before n moves on: `in[n++] = {.., n, ..}`
		 * modified and read n unsequenced (undefined; clang warns) */
		if (!t->orphan) {
			in[n] = (struct input){ req_time, IN_REQUEST, (uint32_t)n, txns[i], t->first_msg };
			n++;
		}
		if (t->final_msg != NONE_U32) {
			usec_t fin_time = store_txn_final_time(st, t);
			/* stamped just before the request it follows (crossed
			 * stamps, store_group.c): the state changes when the
			 * request is answered, not before it is sent */
			if (!t->orphan && fin_time < req_time && req_time - fin_time <= STORE_PAIR_NEXT_USEC &&
			    store_txn_msgs(st, t)[0] == t->first_msg)
				fin_time = req_time;
			in[n] = (struct input){ fin_time, IN_FINAL, (uint32_t)n, txns[i], t->final_msg };
			n++;
		} else if (!t->orphan && now - req_time > TIMER_F_USEC) {
			in[n] = (struct input){ req_time + TIMER_F_USEC, IN_TIMEOUT, (uint32_t)n, txns[i], t->first_msg };
			n++;
		}
	}
	/* one REGISTER after another is already in order: skip the sort */
	for (size_t i = 1; i < n; i++)
		if (input_cmp(&in[i - 1], &in[i]) > 0) {
			qsort(in, n, sizeof *in, input_cmp);
			break;
		}
	return n;
}

static void replay_reg(struct store *st, struct registration *r, usec_t now, struct input *in)
{
	struct replay rp = { st, r, REG_UNREGISTERED };
	size_t n = collect_inputs(st, r, now, in);
	usec_t grant_until = 0;
	uint32_t grant_msg = NONE_U32, latest = NONE_U32;

	r->events_first = (uint32_t)st->reg_events.len;
	r->events_count = 0;
	r->granted_expires = -1;
	r->last_status = 0;
	for (size_t i = 0; i < n; i++) {
		const struct input *x = &in[i];
		if (rp.cur == REG_REGISTERED && grant_until && x->time > grant_until)
			enter(&rp, grant_until, REG_EXPIRED, grant_msg);
		const struct sip_txn *t = txn_at(st, x->txn);
		switch (x->kind) {
		case IN_REQUEST:
			latest = x->txn;
			if (rp.cur != REG_REGISTERED)
				enter(&rp, x->time, REG_TRYING, x->msg);
			break;
		case IN_TIMEOUT:
			if (latest == x->txn)
				enter(&rp, x->time, REG_TIMED_OUT, x->msg);
			break;
		case IN_FINAL: {
			/* its own time, though replayed no earlier than its request */
			usec_t at = msg_at(st, x->msg)->time;
			uint16_t s = t->final_status;
			r->last_status = s;
			if (s >= 200 && s < 300) {
				const struct sip_msg *q = t->orphan ? NULL : msg_at(st, t->first_msg);
				const struct sip_msg *f = msg_at(st, x->msg);
				int32_t g = (q && is_unregister(st, q)) ? 0 : granted_expires(st, q, f);
				r->granted_expires = g;
				if (g <= 0) {
					grant_until = 0;
					enter(&rp, at, REG_UNREGISTERED, x->msg);
				} else {
					grant_until = at + (usec_t)g * 1000000;
					grant_msg = x->msg;
					enter(&rp, at, REG_REGISTERED, x->msg);
				}
			} else if (s == 401 || s == 407) {
				if (rp.cur != REG_REGISTERED)
					enter(&rp, at, REG_CHALLENGED, x->msg);
			} else if (s >= 300) {
				grant_until = 0;
				enter(&rp, at, REG_FAILED, x->msg);
			}
			break;
		}
		}
	}
	if (rp.cur == REG_REGISTERED && grant_until && now > grant_until)
		enter(&rp, grant_until, REG_EXPIRED, grant_msg);
	r->state = rp.cur;
}

void store_reg_rebuild(struct store *st, usec_t now)
{
	size_t most = 0;
	for (size_t i = 0; i < st->regs.len; i++) {
		size_t n = VEC_AT(st->regs, struct registration, i)->txns_count;
		if (n > most)
			most = n;
	}
	struct input *in = malloc((2 * most + 1) * sizeof *in);
	if (!in)
		return;
	st->reg_events.len = 0;
	for (size_t i = 0; i < st->regs.len; i++)
		replay_reg(st, VEC_AT(st->regs, struct registration, i), now, in);
	free(in);
}
