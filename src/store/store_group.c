/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * store_group.c - puts each new message into its transaction, its dialog
 * (Call-ID) and, for REGISTER, its registration (AOR + registrar).
 *
 * Transaction key (RFC 3261 17.1.3 / 17.2.3), as six words of interned ids:
 *
 *   branch with the z9hG4bK cookie:  1, branch, sent-by host, port, method
 *   older branches (RFC 2543):       2, Call-ID, CSeq number, method, From tag
 *
 * A request is matched with its sent-by, as a server does (17.2.3): two UAs
 * may draw the same branch.  A client matches a response by the branch and
 * the CSeq method alone (17.1.3), and a SIP ALG on the path rewrites the
 * sent-by of the response's top Via (that rewrite is fw.sip-alg's evidence):
 * a response that finds no transaction by the key above is looked up a
 * second time among the requests by branch, CSeq number, method and From
 * tag, which no ALG touches and every response copies (RFC 3261 §8.2.6.2).
 *
 * "method" is the request's method, or the CSeq method of a response.  An
 * ACK whose key (taken as INVITE) finds an INVITE transaction that has not
 * ended in 2xx is the ACK of a non-2xx final response and joins it; an ACK
 * for a 2xx carries a new branch and so forms its own transaction.  CANCEL
 * shares its INVITE's branch, but RFC 3261 9.2 / 17.2.3 match it as its own
 * transaction (the method differs), and so do we.
 *
 * Crossed stamps.  A response may be stored before its own request: a HEP
 * agent stamps the request after sending it, in another process than the
 * reply, and a capture point where both directions meet stamps them out of
 * step.  When the first request to reach a transaction that so far holds
 * only responses comes at most STORE_PAIR_WINDOW_USEC (1 ms) after all of
 * them, or at most STORE_PAIR_NEXT_USEC (40 ms) after them as the very
 * next message of their dialog, the store puts it first: in the
 * transaction's messages, in its dialog's messages (the calls, reports)
 * and, for REGISTER, in the registration the request names (a response
 * alone names no registrar).  The checks, timelines and reports then see
 * request, then response (the TUI's ladder keeps message-index order); the
 * messages keep their own frames and times.  A request that
 * comes later is a copy of one the capture missed, and the responses
 * before it stay where they are.  (A registration's slice that gives a
 * transaction up keeps its room; the next append moves it, as when full.)
 */
#include <string.h>

#include "store/store_impl.h"

#define RETRANS_LOOKBACK 32   /* responses compared when looking for a copy */
#define CROSSED_LOOKBACK 64   /* dialog messages searched for a crossed request's responses */

static uint32_t method_word(enum sip_method m, str_id token)
{
	return m == M_OTHER ? 0x80000000u | token : (uint32_t)m;
}

static bool has_magic_cookie(const struct store *st, str_id branch)
{
	return branch && !strncmp(store_str(st, branch), "z9hG4bK", 7);
}

/* False when the message carries nothing to match on. */
static bool txn_key(const struct store *st, const struct sip_msg *m, uint32_t mword, uint32_t key[6])
{
	memset(key, 0, 6 * sizeof *key);
	if (has_magic_cookie(st, m->via_branch)) {
		key[0] = 1;
		key[1] = m->via_branch;
		key[2] = hdr_of(st, m)->via_host;
		key[3] = hdr_of(st, m)->via_port;
		key[4] = mword;
		return true;
	}
	str_id call_id = store_msg_call_id(st, m);
	if (!call_id)
		return false;
	key[0] = 2;
	key[1] = call_id;
	key[2] = m->cseq;
	key[3] = mword;
	key[4] = m->from_tag;
	return true;
}

static bool is_request(const struct sip_msg *m)
{
	return m->status == 0;
}

static uint32_t msg_method_word(const struct store *st, const struct sip_msg *m)
{
	str_id token = hdr_of(st, m)->method_str;
	return is_request(m) ? method_word(m->method, token) : method_word(m->cseq_method, token);
}

/* A transaction's key is not stored: it is recomputed from its first
 * message, which always carries the key it was created (or found) with. */
static bool txn_same(const void *ctx, uint32_t i, const void *key)
{
	const struct store *st = ctx;
	const struct sip_txn *t = VEC_AT(st->txns, struct sip_txn, i);
	const struct sip_msg *m = VEC_AT(st->msgs, struct sip_msg, t->first_msg);
	uint32_t k[6];
	return txn_key(st, m, msg_method_word(st, m), k) && !memcmp(k, key, sizeof k);
}

/* One index serves both lookups (a second one over the same transactions
 * cost 1 MB on a REGISTER feed): a transaction keyed on a z9hG4bK branch
 * is filed under the hash of its branch and method alone, which the
 * second lookup's key (branch_key) also holds, so both find it under the
 * same hash and their equality tests tell the two kinds of key apart. */
static uint32_t branch_hash(uint32_t branch, uint32_t mword)
{
	const uint32_t w[2] = { branch, mword };
	return hash_words(w, 2);
}

static uint32_t txn_hash(const uint32_t key[6])
{
	return key[0] == 1 ? branch_hash(key[1], key[4]) : hash_words(key, 6);
}

static uint32_t txn_find(struct store *st, const uint32_t key[6])
{
	return idmap_find(&st->txn_map, txn_hash(key), txn_same, st, key);
}

/* The key of the second lookup: branch, CSeq number, method, From tag.
 * False for a message without a z9hG4bK branch. */
static bool branch_key(const struct store *st, const struct sip_msg *m, uint32_t mword, uint32_t key[4])
{
	if (!has_magic_cookie(st, m->via_branch))
		return false;
	key[0] = m->via_branch;
	key[1] = m->cseq;
	key[2] = mword;
	key[3] = m->from_tag;
	return true;
}

static bool txn_same_branch(const void *ctx, uint32_t i, const void *key)
{
	const struct store *st = ctx;
	const struct sip_txn *t = VEC_AT(st->txns, struct sip_txn, i);
	const struct sip_msg *m = VEC_AT(st->msgs, struct sip_msg, t->first_msg);
	uint32_t k[4];
	return is_request(m) && branch_key(st, m, msg_method_word(st, m), k) && !memcmp(k, key, sizeof k);
}

static void txn_set_final(struct sip_txn *t, const struct sip_msg *m, uint32_t mi)
{
	if (m->status >= 200 && !t->final_status) {
		t->final_status = m->status;
		t->final_msg = mi;
	}
}

static uint32_t txn_create(struct store *st, uint32_t mi, const uint32_t key[6], bool keyed)
{
	const struct sip_msg *m = msg_at(st, mi);
	struct sip_txn *t = vec_push(&st->txns, sizeof *t);
	if (!t)
		return NONE_U32;
	struct txn_extra *x = vec_push(&st->txn_x, sizeof *x);
	if (!x) {
		st->txns.len--;
		return NONE_U32;
	}
	uint32_t ti = (uint32_t)st->txns.len - 1;
	bool req = is_request(m);
	t->first_msg = mi;
	t->method = req ? m->method : m->cseq_method;
	t->final_msg = NONE_U32;
	t->request_copies = req ? 1 : 0;
	t->orphan = !req;
	x->reg = NONE_U32;
	/* a request with a z9hG4bK branch is keyed on it (txn_key), so this
	 * one entry is also what the second lookup finds (txn_same_branch) */
	x->keyed = keyed && idmap_insert(&st->txn_map, txn_hash(key), ti);
	return ti;
}

/* Appends message mi to t's list: in t while it holds at most TXN_INLINE,
 * moved to a slice of txn_msgs with the next (store_impl.h). */
static bool txn_append(struct store *st, struct sip_txn *t, uint32_t mi)
{
	if (t->msgs_count < TXN_INLINE) {
		t->msgs[t->msgs_count++] = mi;
		return true;
	}
	if (t->msgs_count > TXN_INLINE)
		return slice_append(&st->txn_msgs, &t->msgs[0], &t->msgs_count, TXN_SLICE_FIRST, mi);
	uint32_t first = 0, count = 0;
	for (uint32_t i = 0; i < TXN_INLINE; i++)
		if (!slice_append(&st->txn_msgs, &first, &count, TXN_SLICE_FIRST, t->msgs[i]))
			return false;
	if (!slice_append(&st->txn_msgs, &first, &count, TXN_SLICE_FIRST, mi))
		return false;
	t->msgs[0] = first;
	t->msgs_count = count;
	return true;
}

/* Is this response a copy of one already in the transaction (same status,
 * same To tag)? Only the last few are compared, so a storm stays linear. */
static bool response_seen(struct store *st, const struct sip_txn *t, const struct sip_msg *m)
{
	const uint32_t *ids = store_txn_msgs(st, t);
	uint32_t n = t->msgs_count, stop = n > RETRANS_LOOKBACK ? n - RETRANS_LOOKBACK : 0;
	for (uint32_t i = n; i-- > stop;) {
		const struct sip_msg *o = msg_at(st, ids[i]);
		if (!is_request(o) && o->status == m->status && o->to_tag == m->to_tag)
			return true;
	}
	return false;
}

/* The first request q of transaction ti, which so far holds only
 * responses: were their stamps crossed with q's, rather than answers to a
 * copy the capture missed?  Yes when every one came at most
 * STORE_PAIR_WINDOW_USEC before q, or at most STORE_PAIR_NEXT_USEC before
 * it with q the very next message of their dialog (store.h). */
static bool stamps_crossed(struct store *st, uint32_t ti, const struct sip_msg *q)
{
	const struct sip_txn *t = txn_at(st, ti);
	const uint32_t *ids = store_txn_msgs(st, t);
	usec_t ahead = 0;
	for (uint32_t i = 0; i < t->msgs_count; i++) {
		usec_t rt = msg_at(st, ids[i])->time;
		if (q->time > rt && q->time - rt > ahead)
			ahead = q->time - rt;
	}
	if (!t->msgs_count || ahead > STORE_PAIR_NEXT_USEC)
		return false;
	if (ahead <= STORE_PAIR_WINDOW_USEC)
		return true;
	/* q was appended to its dialog before its transaction was looked up */
	if (q->dialog == NONE_U32)
		return false;
	const struct sip_dialog *d = VEC_AT(st->dialogs, struct sip_dialog, q->dialog);
	const uint32_t *dm = st->dialog_msgs.data + d->msgs_first;
	return d->msgs_count >= 2 && msg_at(st, dm[d->msgs_count - 2])->txn == ti;
}

/* Updates the transaction for a message that matched it.  True when the
 * message is a request whose responses came first (stamps_crossed). */
static bool txn_join(struct store *st, uint32_t ti, uint32_t mi)
{
	struct sip_txn *t = txn_at(st, ti);
	struct txn_extra *x = VEC_AT(st->txn_x, struct txn_extra, ti);
	struct sip_msg *m = msg_at(st, mi);
	if (is_request(m)) {
		if (m->method == M_ACK && t->method == M_INVITE) {
			if (x->acks++)
				m->flags |= MF_RETRANS;
		} else if (t->orphan) {
			t->orphan = false;
			t->first_msg = mi;
			t->request_copies = 1;
			return stamps_crossed(st, ti, m);
		} else {
			if (t->request_copies < UINT16_MAX)
				t->request_copies++;
			m->flags |= MF_RETRANS;
		}
	} else {
		if (response_seen(st, t, m))
			m->flags |= MF_RETRANS;
		txn_set_final(t, m, mi);
	}
	return false;
}

/* Moves the last value of ids[0..n) to position `to`, the others up one. */
static void move_last_to(uint32_t *ids, uint32_t n, uint32_t to)
{
	uint32_t v = ids[n - 1];
	memmove(ids + to + 1, ids + to, (n - 1 - to) * sizeof *ids);
	ids[to] = v;
}

/* A crossed request (just appended to its transaction and its dialog)
 * goes before its transaction's responses in both lists. */
static void put_request_first(struct store *st, uint32_t ti, uint32_t mi)
{
	struct sip_txn *t = txn_at(st, ti);
	move_last_to(txn_ids(st, t), t->msgs_count, 0);
	const struct sip_msg *q = msg_at(st, mi);
	if (q->dialog == NONE_U32)
		return;
	struct sip_dialog *d = VEC_AT(st->dialogs, struct sip_dialog, q->dialog);
	uint32_t *ids = st->dialog_msgs.data + d->msgs_first;
	uint32_t n = d->msgs_count, to = n - 1, left = t->msgs_count - 1;
	if (!n || ids[n - 1] != mi)
		return;
	uint32_t stop = n > CROSSED_LOOKBACK ? n - 1 - CROSSED_LOOKBACK : 0;
	for (uint32_t k = n - 1; left && k-- > stop;)
		if (msg_at(st, ids[k])->txn == ti) {
			to = k;
			left--;
		}
	if (to == n - 1)
		return;
	move_last_to(ids, n, to);
	if (to == 0) {
		d->caller = hdr_of(st, q)->src;
		d->callee = hdr_of(st, q)->dst;
	}
}

static uint32_t group_txn(struct store *st, uint32_t mi, bool *crossed)
{
	const struct sip_msg *m = msg_at(st, mi);
	uint32_t key[6];
	uint32_t ti = NONE_U32;
	if (is_request(m) && m->method == M_ACK &&
	    txn_key(st, m, M_INVITE, key)) {
		ti = txn_find(st, key);
		if (ti != NONE_U32) {
			uint16_t fs = txn_at(st, ti)->final_status;
			if (fs >= 200 && fs < 300)
				ti = NONE_U32;
		}
	}
	bool keyed = txn_key(st, m, msg_method_word(st, m), key);
	if (ti == NONE_U32 && keyed)
		ti = txn_find(st, key);
	uint32_t bk[4];
	if (ti == NONE_U32 && !is_request(m) && branch_key(st, m, msg_method_word(st, m), bk))
		ti = idmap_find(&st->txn_map, branch_hash(bk[0], bk[2]), txn_same_branch, st, bk);
	if (ti == NONE_U32) {
		ti = txn_create(st, mi, key, keyed);
		if (ti == NONE_U32)
			return NONE_U32;
		if (!is_request(m))
			txn_set_final(txn_at(st, ti), m, mi);
	} else {
		*crossed = txn_join(st, ti, mi);
	}
	struct sip_txn *t = txn_at(st, ti);
	if (!txn_append(st, t, mi))
		*crossed = false;
	if (*crossed)
		put_request_first(st, ti, mi);
	return ti;
}

static bool dialog_same(const void *ctx, uint32_t i, const void *key)
{
	const struct store *st = ctx;
	return VEC_AT(st->dialogs, struct sip_dialog, i)->call_id == *(const str_id *)key;
}

static uint32_t group_dialog(struct store *st, uint32_t mi, str_id cid)
{
	const struct sip_msg *m = msg_at(st, mi);
	uint32_t h = hash_words(&cid, 1);
	uint32_t di = cid ? idmap_find(&st->dialog_map, h, dialog_same, st, &cid) : st->no_callid_dialog;
	if (di == NONE_U32) {
		struct sip_dialog *d = vec_push(&st->dialogs, sizeof *d);
		if (!d)
			return NONE_U32;
		di = (uint32_t)st->dialogs.len - 1;
		d->call_id = cid;
		d->msgs_first = (uint32_t)st->dialog_msgs.len;
		d->first_method = M_NONE;
		d->first_time = m->time;
		d->last_time = m->time;
		d->caller = hdr_of(st, m)->src;
		d->callee = hdr_of(st, m)->dst;
		if (cid)
			idmap_insert(&st->dialog_map, h, di);
		else
			st->no_callid_dialog = di;
	}
	struct sip_dialog *d = VEC_AT(st->dialogs, struct sip_dialog, di);
	if (is_request(m) && d->first_method == M_NONE)
		d->first_method = m->method;
	if (!is_request(m))
		d->last_status = m->status;
	if (m->time > d->last_time)
		d->last_time = m->time;
	if (m->time < d->first_time)
		d->first_time = m->time;
	slice_append(&st->dialog_msgs, &d->msgs_first, &d->msgs_count, DIALOG_SLICE_FIRST, mi);
	return di;
}

struct reg_key {
	str_id aor, registrar;
	bool own;     /* trunkdoc's test REGISTER: same AOR, never the PBX's binding */
};

static bool reg_same(const void *ctx, uint32_t i, const void *key)
{
	const struct store *st = ctx;
	const struct registration *r = VEC_AT(st->regs, struct registration, i);
	const struct reg_key *k = key;
	return r->aor == k->aor && r->registrar == k->registrar && r->own == k->own;
}

static bool reg_same_aor(const void *ctx, uint32_t i, const void *key)
{
	const struct store *st = ctx;
	const struct registration *r = VEC_AT(st->regs, struct registration, i);
	return r->aor == *(const str_id *)key && !r->own;
}

static uint32_t reg_hash(const struct reg_key *k)
{
	return hash_words(&k->aor, 2) ^ (k->own ? 0x9e3779b9u : 0);
}

static uint32_t reg_create(struct store *st, const struct reg_key *k, uint32_t h)
{
	struct registration *r = vec_push(&st->regs, sizeof *r);
	if (!r)
		return NONE_U32;
	uint32_t ri = (uint32_t)st->regs.len - 1;
	r->aor = k->aor;
	r->registrar = k->registrar;
	r->own = k->own;
	r->txns_first = (uint32_t)st->reg_txns.len;
	r->events_first = (uint32_t)st->reg_events.len;
	r->granted_expires = -1;
	r->first_time = INT64_MAX;
	idmap_insert(&st->reg_map, h, ri);
	uint32_t ha = hash_words(&k->aor, 1);
	if (idmap_find(&st->reg_aor_map, ha, reg_same_aor, st, &k->aor) == UINT32_MAX)
		idmap_insert(&st->reg_aor_map, ha, ri);
	return ri;
}

/* The registration a new REGISTER transaction belongs to.  Responses whose
 * request was not captured go to the first registration of their AOR. */
static uint32_t reg_for_new_txn(struct store *st, const struct sip_msg *m)
{
	const struct sip_hdrset *hs = hdr_of(st, m);
	struct reg_key k = { hs->aor, is_request(m) ? hs->ruri_host : 0, store_msg_is_own_by_text(st, m) };
	if (!is_request(m) && !k.own) {
		uint32_t ri = idmap_find(&st->reg_aor_map, hash_words(&k.aor, 1), reg_same_aor, st, &k.aor);
		if (ri != UINT32_MAX)
			return ri;
	}
	uint32_t h = reg_hash(&k);
	uint32_t ri = idmap_find(&st->reg_map, h, reg_same, st, &k);
	return ri != UINT32_MAX ? ri : reg_create(st, &k, h);
}

/* A REGISTER transaction its response opened was filed without a registrar
 * (or under the AOR's first registration); its crossed request, now read
 * first, files it where that request names.  A registration holding only
 * this transaction takes the request's key; one holding others gives the
 * transaction up. */
static void reg_refile(struct store *st, uint32_t ti, uint32_t qi)
{
	struct txn_extra *x = VEC_AT(st->txn_x, struct txn_extra, ti);
	const struct sip_msg *q = msg_at(st, qi);
	if (x->reg == NONE_U32)
		return;
	struct reg_key k = { hdr_of(st, q)->aor, hdr_of(st, q)->ruri_host, store_msg_is_own_by_text(st, q) };
	uint32_t h = reg_hash(&k);
	uint32_t want = idmap_find(&st->reg_map, h, reg_same, st, &k);
	struct registration *cur = VEC_AT(st->regs, struct registration, x->reg);
	if (want == x->reg || cur->aor != k.aor)
		return;
	if (cur->txns_count == 1) {
		if (want != UINT32_MAX || !idmap_insert(&st->reg_map, h, x->reg))
			return;       /* it would be left empty: keep it */
		cur->registrar = k.registrar;
		cur->own = k.own;
		return;
	}
	if (want == UINT32_MAX)
		want = reg_create(st, &k, h);
	if (want == NONE_U32)
		return;
	cur = VEC_AT(st->regs, struct registration, x->reg);
	uint32_t *ids = st->reg_txns.data + cur->txns_first;
	uint32_t at = cur->txns_count;
	while (at-- > 0 && ids[at] != ti)
		;
	if (at == UINT32_MAX)
		return;
	struct registration *to = VEC_AT(st->regs, struct registration, want);
	if (!slice_append(&st->reg_txns, &to->txns_first, &to->txns_count, REG_SLICE_FIRST, ti))
		return;
	ids = st->reg_txns.data + cur->txns_first;
	memmove(ids + at, ids + at + 1, (cur->txns_count - 1 - at) * sizeof *ids);
	cur->txns_count--;
	x->reg = want;
}

static void group_registration(struct store *st, uint32_t mi, uint32_t ti)
{
	struct sip_txn *t = txn_at(st, ti);
	struct txn_extra *x = VEC_AT(st->txn_x, struct txn_extra, ti);
	const struct sip_msg *m = msg_at(st, mi);
	if (t->method != M_REGISTER)
		return;
	if (x->reg == NONE_U32) {
		x->reg = reg_for_new_txn(st, m);
		if (x->reg == NONE_U32)
			return;
		struct registration *r = VEC_AT(st->regs, struct registration, x->reg);
		slice_append(&st->reg_txns, &r->txns_first, &r->txns_count, REG_SLICE_FIRST, ti);
	}
	struct registration *r = VEC_AT(st->regs, struct registration, x->reg);
	if (is_request(m) && !r->pbx && !r->server) {
		r->pbx = hdr_of(st, m)->src;
		r->server = hdr_of(st, m)->dst;
	}
	if (!is_request(m) && m->status >= 200)
		r->last_status = m->status;
	if (m->time < r->first_time)
		r->first_time = m->time;
	if (m->time > r->last_time)
		r->last_time = m->time;
}

void store_group_msg(struct store *st, uint32_t mi, str_id call_id)
{
	/* the dialog first: it holds the Call-ID the older transaction key needs */
	msg_at(st, mi)->dialog = group_dialog(st, mi, call_id);
	bool crossed = false;
	uint32_t ti = group_txn(st, mi, &crossed);
	msg_at(st, mi)->txn = ti;
	if (ti == NONE_U32)
		return;
	if (crossed && txn_at(st, ti)->method == M_REGISTER)
		reg_refile(st, ti, mi);
	group_registration(st, mi, ti);
}
