/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_store.c - the store's grouping: transactions (RFC 3261 17.1.3 /
 * 17.2.3 keys, retransmissions, ACK and CANCEL), dialogs by Call-ID, and
 * registrations with their state timelines (challenge, grant, timer F,
 * expiry, un-REGISTER), built from hand-made records.
 */
#include <stdlib.h>
#include <string.h>

#include "base/idmap.h"
#include "store/store.h"
#include "store_fixture.h"
#include "testlib.h"

#define SEC 1000000LL

/* A message and what the parser would hand over beside it. */
struct tmsg {
	struct sip_msg m;
	struct sip_hdrset h;
	struct sip_msg_extra x;
};

/* A message skeleton: request when status is 0. */
static struct tmsg msg(usec_t t, enum sip_method method, uint16_t status,
                          enum sip_method cseq_method, const char *branch,
                          const char *callid, uint32_t cseq)
{
	struct tmsg tm = { .x = { .min_expires = -1, .retry_after = -1, .content_length = 0 } };
	struct sip_msg m = { 0 };
	struct sip_hdrset h = { 0 };
	m.time = t;
	m.frame = next_frame++;
	m.method = status ? M_NONE : method;
	m.status = status;
	m.cseq_method = cseq_method;
	h.method_str = S(sip_method_name(cseq_method));
	m.via_branch = S(branch);
	h.via_host = S("192.0.2.10");
	h.via_port = 5060;
	tm.x.call_id = S(callid);
	m.cseq = cseq;
	m.from_tag = S("ft1");
	m.to_tag = status > 100 ? S("tt1") : 0;
	h.aor = S("sip:1000@example.com");
	h.ruri_host = status ? 0 : S("example.com");
	h.src = status ? ep4(198, 51, 100, 1, 5060) : ep4(192, 0, 2, 10, 5060);
	h.dst = status ? ep4(192, 0, 2, 10, 5060) : ep4(198, 51, 100, 1, 5060);
	h.expires = -1;
	tm.m = m;
	tm.h = h;
	return tm;
}

static uint32_t add(struct tmsg *tm)
{
	tm->x.first_frame = tm->m.frame;
	return store_add_msg(st, &tm->m, &tm->h, &tm->x, NULL, 0, NULL, 0);
}

static uint32_t addv(struct tmsg m)
{
	return add(&m);
}

static uint32_t add_c(struct tmsg *tm, const char *uri, int32_t expires)
{
	struct sip_contact c = { .uri = S(uri), .host = S("192.0.2.10"), .port = 5060, .expires = expires };
	tm->x.first_frame = tm->m.frame;
	return store_add_msg(st, &tm->m, &tm->h, &tm->x, &c, 1, NULL, 0);
}

static uint32_t add_cv(struct tmsg m, const char *uri, int32_t expires)
{
	return add_c(&m, uri, expires);
}

static void test_basics(void)
{
	st = store_new();
	CHECK(st != NULL);
	CHECK_EQ_INT(store_intern(st, "", 0), 0);
	str_id a = S("hello");
	CHECK_EQ_INT(S("hello"), a);
	CHECK(S("hellO") != a);
	CHECK_EQ_STR(store_str(st, a), "hello");
	CHECK_EQ_STR(store_str(st, 0), "");
	CHECK_EQ_INT(store_intern(st, "ab\0cd", 5), S("ab"));
	char big[STR_MAX + 100];
	memset(big, 'x', sizeof big);
	CHECK_EQ_INT(strlen(store_str(st, store_intern(st, big, sizeof big))), STR_MAX);
	/* many strings: the table grows and ids stay stable */
	char buf[32];
	str_id first = 0;
	for (int i = 0; i < 20000; i++) {
		snprintf(buf, sizeof buf, "s%d", i);
		str_id id = S(buf);
		if (i == 0)
			first = id;
	}
	CHECK_EQ_INT(S("s0"), first);
	CHECK_EQ_STR(store_str(st, S("s19999")), "s19999");
	/* the parallel commit's way in (hash computed elsewhere, a prefetch
	 * first) finds the same ids and hands out the next new one */
	for (int i = 0; i < 20000; i += 97) {
		snprintf(buf, sizeof buf, "s%d", i);
		uint32_t h = hash_bytes(buf, strlen(buf));
		store_intern_prefetch(st, h);
		CHECK_EQ_INT(store_intern_hashed(st, buf, strlen(buf), h), S(buf));
	}
	str_id fresh = store_intern_hashed(st, "fresh", 5, hash_bytes("fresh", 5));
	CHECK(fresh > S("s19999"));
	CHECK_EQ_INT(S("fresh"), fresh);
	CHECK_EQ_STR(store_str(st, fresh), "fresh");

	ep_id e1 = ep4(192, 0, 2, 1, 5060);
	CHECK(e1 != 0);
	CHECK_EQ_INT(ep4(192, 0, 2, 1, 5060), e1);
	CHECK(ep4(192, 0, 2, 1, 5061) != e1);
	char eb[64];
	CHECK_EQ_STR(store_ep_fmt(st, e1, eb, sizeof eb), "192.0.2.1:5060");
	struct endpoint v6 = { .family = 6, .addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 }, .port = 5060 };
	CHECK_EQ_STR(store_ep_fmt(st, store_endpoint(st, &v6), eb, sizeof eb), "[2001:db8::1]:5060");
	CHECK_EQ_STR(store_ep_fmt(st, 0, eb, sizeof eb), "-");

	/* arena round trip through store_msg_raw */
	struct tmsg m = msg(1 * SEC, M_OPTIONS, 0, M_OPTIONS, "z9hG4bKo1", "c-o", 1);
	struct raw_ref put = store_arena_put(st, "OPTIONS sip:x SIP/2.0\r\n\r\n", 25);
	CHECK_EQ_INT(put.where, RAW_ARENA);
	m.m.raw_at = raw_pack(put);
	m.m.wire_len = 25;
	uint32_t mi = add(&m);
	char raw[64];
	CHECK_EQ_INT(store_msg_raw(st, mi, raw, sizeof raw), 25);
	CHECK(!memcmp(raw, "OPTIONS sip:x", 13));
	CHECK_EQ_INT(store_msg_raw(st, mi, raw, 7), 7);
	CHECK_EQ_INT(store_msg_by_frame(st, m.m.frame), mi);
	CHECK_EQ_INT(store_msg_by_frame(st, 999999), NONE_U32);
	CHECK_EQ_INT(sip_method_from("INVITE", 6), M_INVITE);
	CHECK_EQ_INT(sip_method_from("invite", 6), M_OTHER);
	CHECK_EQ_STR(transport_name(TP_TCP), "TCP");
	store_free(st);
}

static void test_transactions(void)
{
	st = store_new();
	/* INVITE, its retransmission, 100, 180 twice, 486, ACK (same branch) */
	struct tmsg inv = msg(1 * SEC, M_INVITE, 0, M_INVITE, "z9hG4bKinv1", "call-1", 1);
	uint32_t i0 = add(&inv);
	inv.m.frame = next_frame++;
	inv.m.time += SEC / 2;
	uint32_t i1 = add(&inv);
	uint32_t r100 = addv(msg(2 * SEC, 0, 100, M_INVITE, "z9hG4bKinv1", "call-1", 1));
	uint32_t r180 = addv(msg(3 * SEC, 0, 180, M_INVITE, "z9hG4bKinv1", "call-1", 1));
	uint32_t r180b = addv(msg(3 * SEC, 0, 180, M_INVITE, "z9hG4bKinv1", "call-1", 1));
	uint32_t r486 = addv(msg(4 * SEC, 0, 486, M_INVITE, "z9hG4bKinv1", "call-1", 1));
	uint32_t ack = addv(msg(4 * SEC, M_ACK, 0, M_ACK, "z9hG4bKinv1", "call-1", 1));
	uint32_t ack2 = addv(msg(5 * SEC, M_ACK, 0, M_ACK, "z9hG4bKinv1", "call-1", 1));
	const struct sip_msg *m0 = store_msg(st, i0);
	CHECK_EQ_INT(store_txn_count(st), 1);
	const struct sip_txn *t = store_txn(st, m0->txn);
	CHECK_EQ_INT(t->msgs_count, 8);
	CHECK_EQ_INT(t->request_copies, 2);
	CHECK_EQ_INT(t->final_status, 486);
	CHECK_EQ_INT(t->final_msg, r486);
	CHECK_EQ_INT(t->first_msg, i0);
	CHECK(!t->orphan);
	CHECK(!(store_msg(st, i0)->flags & MF_RETRANS));
	CHECK(store_msg(st, i1)->flags & MF_RETRANS);
	CHECK(!(store_msg(st, r100)->flags & MF_RETRANS));
	CHECK(!(store_msg(st, r180)->flags & MF_RETRANS));
	CHECK(store_msg(st, r180b)->flags & MF_RETRANS);
	CHECK(!(store_msg(st, ack)->flags & MF_RETRANS));
	CHECK(store_msg(st, ack2)->flags & MF_RETRANS);
	CHECK_EQ_INT(store_msg(st, ack)->txn, m0->txn);
	const uint32_t *ids = store_txn_msgs(st, t);
	CHECK_EQ_INT(ids[0], i0);
	CHECK_EQ_INT(ids[7], ack2);

	/* CANCEL shares the INVITE's branch but is its own transaction */
	addv(msg(6 * SEC, M_INVITE, 0, M_INVITE, "z9hG4bKinv2", "call-2", 1));
	uint32_t can = addv(msg(7 * SEC, M_CANCEL, 0, M_CANCEL, "z9hG4bKinv2", "call-2", 1));
	uint32_t can200 = addv(msg(7 * SEC, 0, 200, M_CANCEL, "z9hG4bKinv2", "call-2", 1));
	uint32_t inv487 = addv(msg(7 * SEC, 0, 487, M_INVITE, "z9hG4bKinv2", "call-2", 1));
	CHECK(store_msg(st, can)->txn != store_msg(st, inv487)->txn);
	CHECK_EQ_INT(store_msg(st, can)->txn, store_msg(st, can200)->txn);
	CHECK_EQ_INT(store_txn(st, store_msg(st, can)->txn)->final_status, 200);
	CHECK_EQ_INT(store_txn(st, store_msg(st, inv487)->txn)->final_status, 487);

	/* ACK for a 2xx has a new branch: its own transaction */
	uint32_t inv3 = addv(msg(8 * SEC, M_INVITE, 0, M_INVITE, "z9hG4bKinv3", "call-3", 1));
	addv(msg(9 * SEC, 0, 200, M_INVITE, "z9hG4bKinv3", "call-3", 1));
	uint32_t ack3 = addv(msg(9 * SEC, M_ACK, 0, M_ACK, "z9hG4bKack3", "call-3", 1));
	CHECK(store_msg(st, ack3)->txn != store_msg(st, inv3)->txn);
	CHECK_EQ_INT(store_msg(st, ack3)->dialog, store_msg(st, inv3)->dialog);

	/* a same branch from another sent-by is another transaction */
	struct tmsg o1 = msg(10 * SEC, M_OPTIONS, 0, M_OPTIONS, "z9hG4bKsame", "c-o1", 1);
	struct tmsg o2 = msg(10 * SEC, M_OPTIONS, 0, M_OPTIONS, "z9hG4bKsame", "c-o2", 1);
	o2.h.via_host = S("192.0.2.99");
	CHECK(store_msg(st, add(&o1))->txn != store_msg(st, add(&o2))->txn);

	/* a response whose top Via sent-by a SIP ALG rewrote still finds its
	 * request by branch, CSeq and method (RFC 3261 17.1.3) */
	uint32_t ar = addv(msg(10 * SEC, M_REGISTER, 0, M_REGISTER, "z9hG4bKalg1", "c-alg", 7));
	struct tmsg a401 = msg(10 * SEC, 0, 401, M_REGISTER, "z9hG4bKalg1", "c-alg", 7);
	a401.h.via_host = S("203.0.113.5");
	a401.h.via_port = 1024;
	uint32_t aresp = add(&a401);
	CHECK_EQ_INT(store_msg(st, aresp)->txn, store_msg(st, ar)->txn);
	CHECK(!store_txn(st, store_msg(st, ar)->txn)->orphan);
	CHECK_EQ_INT(store_txn(st, store_msg(st, ar)->txn)->final_status, 401);
	/* ... but not a response to another CSeq or method with that branch */
	struct tmsg other = msg(10 * SEC, 0, 200, M_REGISTER, "z9hG4bKalg1", "c-alg", 8);
	other.h.via_host = S("203.0.113.5");
	CHECK(store_msg(st, add(&other))->txn != store_msg(st, ar)->txn);

	/* RFC 2543 branches: Call-ID + CSeq + From tag; ACK joins the INVITE */
	uint32_t old = addv(msg(11 * SEC, M_INVITE, 0, M_INVITE, "oldbranch", "call-old", 5));
	uint32_t old4 = addv(msg(12 * SEC, 0, 404, M_INVITE, "oldbranch", "call-old", 5));
	uint32_t oack = addv(msg(12 * SEC, M_ACK, 0, M_ACK, "otherbranch", "call-old", 5));
	CHECK_EQ_INT(store_msg(st, old4)->txn, store_msg(st, old)->txn);
	CHECK_EQ_INT(store_msg(st, oack)->txn, store_msg(st, old)->txn);

	/* a response without its request: orphan transaction */
	uint32_t orph = addv(msg(13 * SEC, 0, 200, M_OPTIONS, "z9hG4bKnone", "c-orph", 1));
	t = store_txn(st, store_msg(st, orph)->txn);
	CHECK(t->orphan);
	CHECK_EQ_INT(t->final_status, 200);
	CHECK_EQ_INT(t->request_copies, 0);

	/* dialogs by Call-ID */
	const struct sip_dialog *d = store_dialog(st, m0->dialog);
	CHECK_EQ_INT(d->msgs_count, 8);
	CHECK_EQ_INT(d->first_method, M_INVITE);
	CHECK_EQ_INT(d->last_status, 486);
	CHECK_EQ_STR(store_str(st, d->call_id), "call-1");
	CHECK_EQ_INT(d->first_time, 1 * SEC);
	CHECK_EQ_INT(d->last_time, 5 * SEC);
	CHECK_EQ_INT(store_dialog(st, store_msg(st, orph)->dialog)->first_method, M_NONE);
	store_free(st);
}

/* Interleaved transactions keep contiguous, ordered message lists. */
static void test_many_interleaved(void)
{
	st = store_new();
	char br[32], cid[32];
	for (int round = 0; round < 20; round++)
		for (int k = 0; k < 50; k++) {
			snprintf(br, sizeof br, "z9hG4bK%d", k);
			snprintf(cid, sizeof cid, "cid%d", k);
			struct tmsg m = msg(round * SEC + k, M_OPTIONS, 0, M_OPTIONS, br, cid, 1);
			add(&m);
		}
	CHECK_EQ_INT(store_txn_count(st), 50);
	CHECK_EQ_INT(store_dialog_count(st), 50);
	bool ordered = true;
	for (uint32_t ti = 0; ti < store_txn_count(st); ti++) {
		const struct sip_txn *t = store_txn(st, ti);
		const uint32_t *ids = store_txn_msgs(st, t);
		if (t->msgs_count != 20 || t->request_copies != 20)
			ordered = false;
		for (uint32_t i = 0; i < t->msgs_count; i++)
			if (store_msg(st, ids[i])->txn != ti || (i && ids[i] <= ids[i - 1]))
				ordered = false;
	}
	CHECK(ordered);
	store_free(st);
}

static const struct registration *only_reg(void)
{
	CHECK_EQ_INT(store_reg_count(st), 1);
	return store_reg(st, 0);
}

static void expect_timeline(const struct registration *r, const enum reg_state *want, size_t n)
{
	CHECK_EQ_INT(r->events_count, n);
	const struct reg_event *ev = store_reg_events(st, r);
	for (size_t i = 0; i < n && i < r->events_count; i++)
		CHECK_EQ_STR(reg_state_name(ev[i].state), reg_state_name(want[i]));
}

static void test_registration_ok(void)
{
	st = store_new();
	const char *ct = "<sip:1000@192.0.2.10:5060>";
	struct tmsg q1 = msg(10 * SEC, M_REGISTER, 0, M_REGISTER, "z9hG4bKr1", "reg-1", 1);
	q1.h.expires = 3600;
	add_c(&q1, ct, -1);
	addv(msg(10 * SEC + 1000, 0, 401, M_REGISTER, "z9hG4bKr1", "reg-1", 1));
	struct tmsg q2 = msg(11 * SEC, M_REGISTER, 0, M_REGISTER, "z9hG4bKr2", "reg-1", 2);
	q2.h.expires = 3600;
	add_c(&q2, ct, -1);
	/* 200 grants 120 s in the Contact's expires parameter; Expires header says 3600 */
	struct tmsg ok = msg(11 * SEC + 2000, 0, 200, M_REGISTER, "z9hG4bKr2", "reg-1", 2);
	ok.h.expires = 3600;
	uint32_t okm = add_c(&ok, "<sip:1000@192.0.2.10:5060>;expires=120", 120);

	store_finish(st, 20 * SEC);
	const struct registration *r = only_reg();
	CHECK_EQ_STR(store_str(st, r->aor), "sip:1000@example.com");
	CHECK_EQ_STR(store_str(st, r->registrar), "example.com");
	CHECK_EQ_INT(r->txns_count, 2);
	CHECK_EQ_INT(r->state, REG_REGISTERED);
	CHECK_EQ_INT(r->last_status, 200);
	CHECK_EQ_INT(r->granted_expires, 120);
	char eb[64];
	CHECK_EQ_STR(store_ep_fmt(st, r->pbx, eb, sizeof eb), "192.0.2.10:5060");
	CHECK_EQ_STR(store_ep_fmt(st, r->server, eb, sizeof eb), "198.51.100.1:5060");
	enum reg_state want[] = { REG_TRYING, REG_CHALLENGED, REG_TRYING, REG_REGISTERED };
	expect_timeline(r, want, 4);
	CHECK_EQ_INT(store_reg_events(st, r)[3].msg, okm);

	/* no refresh: at 11 s + 120 s the binding lapsed */
	store_finish(st, 200 * SEC);
	r = only_reg();
	CHECK_EQ_INT(r->state, REG_EXPIRED);
	enum reg_state want2[] = { REG_TRYING, REG_CHALLENGED, REG_TRYING, REG_REGISTERED, REG_EXPIRED };
	expect_timeline(r, want2, 5);
	CHECK_EQ_INT(store_reg_events(st, r)[4].time, 11 * SEC + 2000 + 120 * SEC);

	/* a refresh in time keeps it registered (finish again, same store) */
	struct tmsg q3 = msg(100 * SEC, M_REGISTER, 0, M_REGISTER, "z9hG4bKr3", "reg-1", 3);
	add_c(&q3, ct, -1);
	addv(msg(100 * SEC + 500, 0, 401, M_REGISTER, "z9hG4bKr3", "reg-1", 3));
	struct tmsg q4 = msg(101 * SEC, M_REGISTER, 0, M_REGISTER, "z9hG4bKr4", "reg-1", 4);
	add_c(&q4, ct, -1);
	struct tmsg ok2 = msg(101 * SEC + 500, 0, 200, M_REGISTER, "z9hG4bKr4", "reg-1", 4);
	add_c(&ok2, "<sip:1000@192.0.2.10:5060>", 300);
	store_finish(st, 200 * SEC);
	r = only_reg();
	CHECK_EQ_INT(r->state, REG_REGISTERED);
	CHECK_EQ_INT(r->granted_expires, 300);
	expect_timeline(r, want, 4);

	/* un-REGISTER */
	struct tmsg q5 = msg(150 * SEC, M_REGISTER, 0, M_REGISTER, "z9hG4bKr5", "reg-1", 5);
	q5.h.expires = 0;
	add_c(&q5, ct, -1);
	addv(msg(150 * SEC + 500, 0, 200, M_REGISTER, "z9hG4bKr5", "reg-1", 5));
	store_finish(st, 2000 * SEC);
	r = only_reg();
	CHECK_EQ_INT(r->state, REG_UNREGISTERED);
	CHECK_EQ_INT(r->granted_expires, 0);
	enum reg_state want3[] = { REG_TRYING, REG_CHALLENGED, REG_TRYING, REG_REGISTERED, REG_UNREGISTERED };
	expect_timeline(r, want3, 5);
	store_free(st);
}

static void test_registration_fail_and_timeout(void)
{
	st = store_new();
	/* REGISTER retransmitted, never answered: timer F after 32 s */
	struct tmsg q = msg(10 * SEC, M_REGISTER, 0, M_REGISTER, "z9hG4bKt1", "reg-t", 1);
	add(&q);
	q.m.frame = next_frame++;
	q.m.time = 10 * SEC + 500000;
	uint32_t copy = add(&q);
	CHECK(store_msg(st, copy)->flags & MF_RETRANS);
	store_finish(st, 30 * SEC);                 /* capture ends mid-transaction */
	const struct registration *r = only_reg();
	CHECK_EQ_INT(r->state, REG_TRYING);
	CHECK_EQ_INT(store_txn(st, store_msg(st, copy)->txn)->request_copies, 2);
	store_finish(st, 42 * SEC + 1);             /* past 10 s + 32 s */
	r = only_reg();
	CHECK_EQ_INT(r->state, REG_TIMED_OUT);
	enum reg_state want[] = { REG_TRYING, REG_TIMED_OUT };
	expect_timeline(r, want, 2);
	CHECK_EQ_INT(store_reg_events(st, r)[1].time, 42 * SEC);

	/* a new attempt within timer F of the old one: the old timeout does not count */
	store_free(st);
	st = store_new();
	addv(msg(10 * SEC, M_REGISTER, 0, M_REGISTER, "z9hG4bKa1", "reg-a", 1));
	addv(msg(20 * SEC, M_REGISTER, 0, M_REGISTER, "z9hG4bKa2", "reg-a", 2));
	addv(msg(20 * SEC + 100, 0, 403, M_REGISTER, "z9hG4bKa2", "reg-a", 2));
	store_finish(st, 100 * SEC);
	r = only_reg();
	CHECK_EQ_INT(r->state, REG_FAILED);
	CHECK_EQ_INT(r->last_status, 403);
	enum reg_state want2[] = { REG_TRYING, REG_FAILED };
	expect_timeline(r, want2, 2);

	/* two registrars for one AOR are two registrations */
	struct tmsg other = msg(30 * SEC, M_REGISTER, 0, M_REGISTER, "z9hG4bKb1", "reg-b", 1);
	other.h.ruri_host = S("backup.example.com");
	add(&other);
	CHECK_EQ_INT(store_reg_count(st), 2);
	store_free(st);
}

/* 407 from a proxy, the Expires header granting the time, a 200 that lists
 * another device's binding before ours, and responses whose REGISTER was
 * not captured. */
static void test_registration_variants(void)
{
	st = store_new();
	const char *ct = "<sip:1000@192.0.2.10:5060>";
	add_cv(msg(1 * SEC, M_REGISTER, 0, M_REGISTER, "z9hG4bKv1", "reg-v", 1), ct, -1);
	addv(msg(1 * SEC + 10, 0, 407, M_REGISTER, "z9hG4bKv1", "reg-v", 1));
	add_cv(msg(2 * SEC, M_REGISTER, 0, M_REGISTER, "z9hG4bKv2", "reg-v", 2), ct, -1);
	struct tmsg ok = msg(2 * SEC + 10, 0, 200, M_REGISTER, "z9hG4bKv2", "reg-v", 2);
	ok.h.expires = 90;
	struct sip_contact two[2] = {
		{ .uri = S("sip:1000@198.51.100.77:5060"), .host = S("198.51.100.77"), .port = 5060, .expires = 3000 },
		{ .uri = S("sip:1000@192.0.2.10:5060;transport=udp"), .host = S("192.0.2.10"), .port = 5060, .expires = 60 },
	};
	store_add_msg(st, &ok.m, &ok.h, &ok.x, two, 2, NULL, 0);
	store_finish(st, 10 * SEC);
	const struct registration *r = only_reg();
	CHECK_EQ_INT(r->state, REG_REGISTERED);
	CHECK_EQ_INT(r->granted_expires, 60);          /* our binding's own expires */
	enum reg_state want[] = { REG_TRYING, REG_CHALLENGED, REG_TRYING, REG_REGISTERED };
	expect_timeline(r, want, 4);
	store_finish(st, 63 * SEC);
	CHECK_EQ_INT(only_reg()->state, REG_EXPIRED);   /* 2 s + 60 s, not 90 s or 3000 s */
	store_free(st);

	/* no Contact expires in the 200: the Expires header decides */
	st = store_new();
	add_cv(msg(1 * SEC, M_REGISTER, 0, M_REGISTER, "z9hG4bKe1", "reg-e", 1), ct, -1);
	struct tmsg ok2 = msg(1 * SEC + 10, 0, 200, M_REGISTER, "z9hG4bKe1", "reg-e", 1);
	ok2.h.expires = 1800;
	add_c(&ok2, ct, -1);
	store_finish(st, 2 * SEC);
	CHECK_EQ_INT(only_reg()->granted_expires, 1800);
	store_free(st);

	/* only the responses were captured: an orphan attempt, registrar unknown */
	st = store_new();
	addv(msg(1 * SEC, 0, 403, M_REGISTER, "z9hG4bKo1", "reg-o", 1));
	store_finish(st, 100 * SEC);
	r = only_reg();
	CHECK_EQ_INT(r->registrar, 0);
	CHECK_EQ_INT(r->txns_count, 1);
	CHECK(store_txn(st, store_reg_txns(st, r)[0])->orphan);
	CHECK_EQ_INT(r->state, REG_FAILED);
	CHECK_EQ_INT(r->last_status, 403);
	/* a later captured REGISTER for the same AOR has its registrar */
	addv(msg(5 * SEC, M_REGISTER, 0, M_REGISTER, "z9hG4bKo2", "reg-o", 2));
	CHECK_EQ_INT(store_reg_count(st), 2);
	store_free(st);

	/* a query (no Contact) answered with no bindings: not registered */
	st = store_new();
	addv(msg(1 * SEC, M_REGISTER, 0, M_REGISTER, "z9hG4bKq1", "reg-q", 1));
	addv(msg(1 * SEC + 10, 0, 200, M_REGISTER, "z9hG4bKq1", "reg-q", 1));
	store_finish(st, 2 * SEC);
	CHECK_EQ_INT(only_reg()->state, REG_UNREGISTERED);
	CHECK_EQ_INT(only_reg()->granted_expires, 0);
	store_free(st);

	/* Contact: * with Expires: 0 removes every binding */
	st = store_new();
	add_cv(msg(1 * SEC, M_REGISTER, 0, M_REGISTER, "z9hG4bKs1", "reg-s", 1), ct, -1);
	addv(msg(1 * SEC + 10, 0, 200, M_REGISTER, "z9hG4bKs1", "reg-s", 1));
	struct tmsg star = msg(2 * SEC, M_REGISTER, 0, M_REGISTER, "z9hG4bKs2", "reg-s", 2);
	star.h.expires = 0;
	struct sip_contact sc = { .star = true, .expires = -1 };
	store_add_msg(st, &star.m, &star.h, &star.x, &sc, 1, NULL, 0);
	addv(msg(2 * SEC + 10, 0, 200, M_REGISTER, "z9hG4bKs2", "reg-s", 2));
	store_finish(st, 3 * SEC);
	CHECK_EQ_INT(only_reg()->state, REG_UNREGISTERED);
	store_free(st);
}

/* Frame lookups when TCP reassembly stores an earlier frame's message late. */
static void test_frame_lookup(void)
{
	st = store_new();
	struct tmsg a = msg(1 * SEC, M_OPTIONS, 0, M_OPTIONS, "z9hG4bKf1", "f1", 1);
	a.m.frame = 10;
	struct tmsg b = msg(1 * SEC, M_OPTIONS, 0, M_OPTIONS, "z9hG4bKf2", "f2", 1);
	b.m.frame = 20;
	struct tmsg c = msg(1 * SEC, M_OPTIONS, 0, M_OPTIONS, "z9hG4bKf3", "f3", 1);
	c.m.frame = 15;                       /* late: began before frame 20 */
	struct tmsg d = msg(1 * SEC, M_OPTIONS, 0, M_OPTIONS, "z9hG4bKf4", "f4", 1);
	d.m.frame = 20;                       /* a second message in frame 20 */
	struct tmsg e = msg(1 * SEC, M_OPTIONS, 0, M_OPTIONS, "z9hG4bKf5", "f5", 1);
	e.m.frame = 30;
	uint32_t ia = add(&a), ib = add(&b), ic = add(&c), id = add(&d), ie = add(&e);
	(void)id;
	CHECK_EQ_INT(store_msg_by_frame(st, 10), ia);
	CHECK_EQ_INT(store_msg_by_frame(st, 20), ib);
	CHECK_EQ_INT(store_msg_by_frame(st, 15), ic);
	CHECK_EQ_INT(store_msg_by_frame(st, 30), ie);
	CHECK_EQ_INT(store_msg_by_frame(st, 11), NONE_U32);
	CHECK_EQ_INT(store_msg_by_frame(st, 31), NONE_U32);
	CHECK_EQ_INT(store_msg_by_frame(st, 0), NONE_U32);
	/* two late ones in a row after 30, then 40: the search passes over
	 * messages whose own frame is below the maximum before them */
	struct tmsg f = msg(1 * SEC, M_OPTIONS, 0, M_OPTIONS, "z9hG4bKf6", "f6", 1);
	f.m.frame = 22;
	struct tmsg g = msg(1 * SEC, M_OPTIONS, 0, M_OPTIONS, "z9hG4bKf7", "f7", 1);
	g.m.frame = 24;
	struct tmsg h = msg(1 * SEC, M_OPTIONS, 0, M_OPTIONS, "z9hG4bKf8", "f8", 1);
	h.m.frame = 40;
	uint32_t i_f = add(&f), i_g = add(&g), i_h = add(&h);
	CHECK_EQ_INT(store_msg_by_frame(st, 22), i_f);
	CHECK_EQ_INT(store_msg_by_frame(st, 24), i_g);
	CHECK_EQ_INT(store_msg_by_frame(st, 40), i_h);
	CHECK_EQ_INT(store_msg_by_frame(st, 30), ie);
	CHECK_EQ_INT(store_msg_by_frame(st, 15), ic);
	CHECK_EQ_INT(store_msg_by_frame(st, 35), NONE_U32);
	CHECK_EQ_INT(store_msg_by_frame(st, 23), NONE_U32);
	store_free(st);
}

/* Crossed stamps (store.h STORE_PAIR_WINDOW_USEC): responses stored before
 * their own request, stamped at most 1 ms before it, are read after it. */
static void test_crossed_stamps(void)
{
	st = store_new();
	const usec_t T = 10 * SEC;
	/* a 100 and a 401 stamped 50 and 20 µs before their REGISTER */
	uint32_t p100 = addv(msg(T, 0, 100, M_REGISTER, "z9hG4bKx1", "reg-x", 1));
	uint32_t f401 = next_frame;
	uint32_t c401 = addv(msg(T + 30, 0, 401, M_REGISTER, "z9hG4bKx1", "reg-x", 1));
	CHECK(store_txn(st, store_msg(st, c401)->txn)->orphan);
	CHECK_EQ_INT(store_reg_count(st), 1);
	CHECK_EQ_INT(store_reg(st, 0)->registrar, 0);     /* a response names no registrar */
	uint32_t q1 = addv(msg(T + 50, M_REGISTER, 0, M_REGISTER, "z9hG4bKx1", "reg-x", 1));
	const struct sip_txn *t = store_txn(st, store_msg(st, q1)->txn);
	CHECK_EQ_INT(store_msg(st, c401)->txn, store_msg(st, q1)->txn);
	CHECK(!t->orphan);
	CHECK_EQ_INT(t->first_msg, q1);
	CHECK_EQ_INT(t->request_copies, 1);
	CHECK_EQ_INT(t->final_msg, c401);
	CHECK_EQ_INT(t->final_status, 401);
	CHECK_EQ_INT(store_txn_first_time(st, t), T + 50);
	const uint32_t *ids = store_txn_msgs(st, t);
	CHECK_EQ_INT(t->msgs_count, 3);
	CHECK_EQ_INT(ids[0], q1);
	CHECK_EQ_INT(ids[1], p100);
	CHECK_EQ_INT(ids[2], c401);
	CHECK(!(store_msg(st, q1)->flags & MF_RETRANS));
	CHECK(!(store_msg(st, c401)->flags & MF_RETRANS));
	/* the messages keep their own frames and times */
	CHECK_EQ_INT(store_msg(st, c401)->time, T + 30);
	CHECK_EQ_INT(store_msg(st, c401)->frame, f401);
	const struct sip_dialog *d = store_dialog(st, store_msg(st, q1)->dialog);
	ids = store_dialog_msgs(st, d);
	CHECK_EQ_INT(d->msgs_count, 3);
	CHECK_EQ_INT(ids[0], q1);
	CHECK_EQ_INT(ids[1], p100);
	CHECK_EQ_INT(ids[2], c401);
	CHECK_EQ_INT(d->first_method, M_REGISTER);
	CHECK_EQ_INT(d->caller, store_msg_hdr(st, store_msg(st, q1))->src);
	/* the transaction is filed where its REGISTER names: one registration */
	const struct registration *r = only_reg();
	CHECK_EQ_STR(store_str(st, r->registrar), "example.com");
	CHECK_EQ_INT(r->txns_count, 1);
	CHECK_EQ_INT(r->pbx, store_msg_hdr(st, store_msg(st, q1))->src);

	/* a copy of the REGISTER 500 ms later is a retransmission, and so is
	 * the 401 sent again for it */
	uint32_t q1b = addv(msg(T + SEC / 2, M_REGISTER, 0, M_REGISTER, "z9hG4bKx1", "reg-x", 1));
	uint32_t c401b = addv(msg(T + SEC / 2 + 100, 0, 401, M_REGISTER, "z9hG4bKx1", "reg-x", 1));
	CHECK(store_msg(st, q1b)->flags & MF_RETRANS);
	CHECK(store_msg(st, c401b)->flags & MF_RETRANS);
	CHECK_EQ_INT(t->request_copies, 2);
	CHECK_EQ_INT(store_txn_msgs(st, t)[0], q1);

	/* the answered REGISTER with its 200 stamped 1 ms (the window, exactly)
	 * before it: registered, request first */
	const char *ct = "<sip:1000@192.0.2.10:5060>";
	uint32_t ok = add_cv(msg(T + SEC, 0, 200, M_REGISTER, "z9hG4bKx2", "reg-x", 2), ct, 120);
	uint32_t q2 = add_cv(msg(T + SEC + STORE_PAIR_WINDOW_USEC, M_REGISTER, 0, M_REGISTER, "z9hG4bKx2", "reg-x", 2), ct, -1);
	t = store_txn(st, store_msg(st, q2)->txn);
	CHECK_EQ_INT(store_txn_msgs(st, t)[0], q2);
	CHECK_EQ_INT(t->final_msg, ok);
	store_finish(st, T + 2 * SEC);
	r = only_reg();
	CHECK_EQ_INT(r->txns_count, 2);
	CHECK_EQ_INT(r->state, REG_REGISTERED);
	enum reg_state want[] = { REG_TRYING, REG_CHALLENGED, REG_TRYING, REG_REGISTERED };
	expect_timeline(r, want, 4);
	const struct reg_event *ev = store_reg_events(st, r);
	if (r->events_count < 4)
		ev = (const struct reg_event[4]){ { 0 } };
	CHECK_EQ_INT(ev[0].msg, q1);
	CHECK_EQ_INT(ev[1].msg, c401);
	CHECK_EQ_INT(ev[1].time, T + 30);        /* the 401's own time */
	CHECK_EQ_INT(ev[3].msg, ok);
	ids = store_dialog_msgs(st, d = store_dialog(st, store_msg(st, q1)->dialog));
	CHECK_EQ_INT(d->msgs_count, 7);
	CHECK_EQ_INT(ids[5], q2);
	CHECK_EQ_INT(ids[6], ok);
	store_free(st);

	/* beyond 1 ms a request is read first only as the very next message of
	 * its dialog, and at most 40 ms after: with another message of the
	 * Call-ID between them, the 200 answered a copy the capture missed;
	 * the 200 stays before the REGISTER, which is not filed again */
	st = store_new();
	uint32_t far = addv(msg(T, 0, 200, M_REGISTER, "z9hG4bKf1", "reg-f", 1));
	addv(msg(T + 100, 0, 200, M_OPTIONS, "z9hG4bKopt", "reg-f", 9));
	uint32_t qf = addv(msg(T + STORE_PAIR_WINDOW_USEC + 1, M_REGISTER, 0, M_REGISTER, "z9hG4bKf1", "reg-f", 1));
	t = store_txn(st, store_msg(st, qf)->txn);
	CHECK_EQ_INT(store_txn_msgs(st, t)[0], far);
	CHECK_EQ_INT(store_txn_msgs(st, t)[1], qf);
	CHECK_EQ_INT(store_dialog_msgs(st, store_dialog(st, store_msg(st, qf)->dialog))[0], far);
	CHECK_EQ_INT(only_reg()->registrar, 0);
	/* ... the very next message, 40 ms after: read first */
	uint32_t near = addv(msg(2 * T, 0, 200, M_REGISTER, "z9hG4bKf2", "reg-g", 1));
	uint32_t qn = addv(msg(2 * T + STORE_PAIR_NEXT_USEC, M_REGISTER, 0, M_REGISTER, "z9hG4bKf2", "reg-g", 1));
	t = store_txn(st, store_msg(st, qn)->txn);
	CHECK_EQ_INT(store_txn_msgs(st, t)[0], qn);
	CHECK_EQ_INT(store_txn_msgs(st, t)[1], near);
	/* ... 1 µs more: not */
	uint32_t late = addv(msg(3 * T, 0, 200, M_REGISTER, "z9hG4bKf3", "reg-h", 1));
	uint32_t ql = addv(msg(3 * T + STORE_PAIR_NEXT_USEC + 1, M_REGISTER, 0, M_REGISTER, "z9hG4bKf3", "reg-h", 1));
	t = store_txn(st, store_msg(st, ql)->txn);
	CHECK_EQ_INT(store_txn_msgs(st, t)[0], late);
	store_free(st);

	/* 50 ms: a stray response, as above */
	st = store_new();
	uint32_t s401 = addv(msg(T, 0, 401, M_REGISTER, "z9hG4bKs1", "reg-s", 1));
	uint32_t qs = addv(msg(T + 50000, M_REGISTER, 0, M_REGISTER, "z9hG4bKs1", "reg-s", 1));
	t = store_txn(st, store_msg(st, qs)->txn);
	CHECK_EQ_INT(store_txn_msgs(st, t)[0], s401);
	store_finish(st, T + SEC);
	r = only_reg();
	enum reg_state stray[] = { REG_CHALLENGED, REG_TRYING };
	expect_timeline(r, stray, 2);
	store_free(st);

	/* RFC 2543 branch (Call-ID, CSeq, method, From tag); an INVITE whose
	 * 180 and 200 are stamped before it: the call is answered */
	st = store_new();
	uint32_t r180 = addv(msg(T, 0, 180, M_INVITE, "oldbr", "call-x", 1));
	uint32_t r200 = addv(msg(T + 10, 0, 200, M_INVITE, "oldbr", "call-x", 1));
	uint32_t inv = addv(msg(T + 40, M_INVITE, 0, M_INVITE, "oldbr", "call-x", 1));
	addv(msg(T + 5000, M_ACK, 0, M_ACK, "z9hG4bKack", "call-x", 1));
	t = store_txn(st, store_msg(st, inv)->txn);
	CHECK_EQ_INT(store_msg(st, r180)->txn, store_msg(st, inv)->txn);
	CHECK_EQ_INT(store_txn_msgs(st, t)[0], inv);
	store_finish(st, T + SEC);
	CHECK_EQ_INT(store_call_count(st), 1);
	const struct sip_call *c = store_call(st, 0);
	CHECK_EQ_INT(c->invite, inv);
	CHECK_EQ_INT(c->final, r200);
	CHECK_EQ_INT(c->state, CALL_ANSWERED);
	CHECK(c->ack != NONE_U32);
	store_free(st);

	/* the AOR's first registration goes to another registrar and holds
	 * more: the crossed transaction moves to a registration of its own */
	st = store_new();
	struct tmsg o = msg(T, M_REGISTER, 0, M_REGISTER, "z9hG4bKo1", "reg-o", 1);
	o.h.ruri_host = S("other.example");
	addv(o);
	addv(msg(T + 100, 0, 200, M_REGISTER, "z9hG4bKo1", "reg-o", 1));
	addv(msg(T + SEC, 0, 200, M_REGISTER, "z9hG4bKm1", "reg-m", 1));
	CHECK_EQ_INT(store_reg_count(st), 1);
	CHECK_EQ_INT(store_reg(st, 0)->txns_count, 2);
	uint32_t qm = addv(msg(T + SEC + 30, M_REGISTER, 0, M_REGISTER, "z9hG4bKm1", "reg-m", 1));
	CHECK_EQ_INT(store_reg_count(st), 2);
	CHECK_EQ_INT(store_reg(st, 0)->txns_count, 1);
	CHECK_EQ_STR(store_str(st, store_reg(st, 0)->registrar), "other.example");
	CHECK_EQ_INT(store_reg(st, 1)->txns_count, 1);
	CHECK_EQ_STR(store_str(st, store_reg(st, 1)->registrar), "example.com");
	CHECK_EQ_INT(store_reg_txns(st, store_reg(st, 1))[0], store_msg(st, qm)->txn);
	store_free(st);
}

/* Digest headers are kept packed (a challenge without the five ids only
 * credentials carry): every field comes back as it went in, across blocks
 * of MSG_BLOCK messages, for challenges that carry a username (an
 * unparseable one's raw text may) and for the 255 a message keeps at most;
 * and a challenge costs less than the 48 bytes of struct sip_auth. */
static void test_digest_headers_kept(void)
{
	st = store_new();
	str_id ids[4] = { 0, S("a"), S("b"), S("c") };
	unsigned seed = 7;
#define RND(n) ((seed = seed * 1103515245u + 12345u) >> 16) % (n)
	enum { N = 3 * MSG_BLOCK + 17, WIDE = 200 };
	static struct sip_auth few[N][4], wide[300];
	struct sip_auth *in[N];
	size_t nin[N];
	for (uint32_t i = 0; i < N; i++) {
		struct tmsg tm = msg((usec_t)i * SEC, M_REGISTER, i % 2 ? 401 : 0, M_REGISTER, "z9hG4bK-d", "digest", 1);
		in[i] = i == WIDE ? wide : few[i];
		nin[i] = i == WIDE ? 300 : RND(5);
		for (size_t k = 0; k < nin[i]; k++)
			in[i][k] = (struct sip_auth){
				.kind = (uint8_t)(1 + RND(4)), .stale = RND(2), .unparseable = RND(2),
				.scheme = ids[RND(4)], .realm = ids[RND(4)], .nonce = ids[RND(4)], .opaque = ids[RND(4)],
				.algorithm = ids[RND(4)], .qop = ids[RND(4)],
				.username = ids[RND(4)], .uri = ids[RND(4)], .response = ids[RND(4)],
				.cnonce = ids[RND(4)], .nc = ids[RND(4)],
			};
		tm.x.first_frame = tm.m.frame;
		CHECK(store_add_msg(st, &tm.m, &tm.h, &tm.x, NULL, 0, in[i], nin[i]) == i);
	}
#undef RND
	for (uint32_t i = 0; i < N; i++) {
		const struct sip_msg *m = store_msg(st, i);
		size_t want = nin[i] > 255 ? 255 : nin[i];
		CHECK_EQ_INT(m->auth_count, want);
		struct sip_auth out;
		for (uint32_t k = 0; k < want; k++) {
			const struct sip_auth *a = &in[i][k], *b = store_auth(st, m, k, &out);
			CHECK(b == &out);
			if (!b)
				continue;
			CHECK(a->kind == b->kind && a->stale == b->stale && a->unparseable == b->unparseable);
			CHECK(a->scheme == b->scheme && a->realm == b->realm && a->nonce == b->nonce);
			CHECK(a->opaque == b->opaque && a->algorithm == b->algorithm && a->qop == b->qop);
			CHECK(a->username == b->username && a->uri == b->uri && a->response == b->response);
			CHECK(a->cnonce == b->cnonce && a->nc == b->nc);
		}
		CHECK(store_auth(st, m, (uint32_t)want, &out) == NULL);
	}

	store_free(st);
	st = store_new();
	struct sip_auth ch = { .kind = AUTH_WWW, .scheme = S("Digest"), .realm = S("example.com"), .nonce = S("n") };
	for (uint32_t i = 0; i < 16384; i++) {
		struct tmsg tm = msg((usec_t)i * SEC, M_NONE, 401, M_REGISTER, "z9hG4bK-c", "challenges", i + 1);
		tm.x.first_frame = tm.m.frame;
		store_add_msg(st, &tm.m, &tm.h, &tm.x, NULL, 0, &ch, 1);
	}
	struct store_mem mem;
	store_mem(st, &mem);
	CHECK(mem.headers <= 16384 * 28);
	store_free(st);
}

int main(void)
{
	test_basics();
	test_transactions();
	test_many_interleaved();
	test_registration_ok();
	test_registration_fail_and_timeout();
	test_registration_variants();
	test_frame_lookup();
	test_crossed_stamps();
	test_digest_headers_kept();
	return test_done();
}
