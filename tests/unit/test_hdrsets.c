/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_hdrsets.c - the store's header sets (store_hdr.c): the messages of
 * a flow repeated share a few sets, each message reads back its own
 * fields, and traffic where no two messages share a set still works at a
 * bounded cost (the index stops growing once it stops paying).
 */
#include <string.h>

#include "store/store.h"
#include "store_fixture.h"
#include "testlib.h"

#define SEC 1000000LL

/* One message of a REGISTER flow from a PBX to its registrar. */
static uint32_t add(usec_t t, uint16_t status, uint32_t cseq, const char *branch, const char *call_id,
                    int32_t expires, const char *agent)
{
	struct sip_msg m = {
		.time = t, .frame = next_frame++, .method = status ? M_NONE : M_REGISTER, .status = status,
		.cseq = cseq, .cseq_method = M_REGISTER, .via_branch = S(branch), .from_tag = S("ft1"),
		.to_tag = status > 100 ? S("tt1") : 0, .transport = TP_UDP, .via_transport = TP_UDP,
	};
	ep_id pbx = ep4(192, 0, 2, 10, 5060), reg = ep4(198, 51, 100, 1, 5060);
	struct sip_hdrset h = {
		.src = status ? reg : pbx, .dst = status ? pbx : reg,
		.method_str = S("REGISTER"), .reason = status == 401 ? S("Unauthorized") : status ? S("OK") : 0,
		.ruri = status ? 0 : S("sip:example.com"), .ruri_host = status ? 0 : S("example.com"),
		.via_host = S("192.0.2.10"), .via_port = 5060, .from_uri = S("sip:1000@example.com"),
		.to_uri = S("sip:1000@example.com"), .aor = S("sip:1000@example.com"), .expires = expires,
	};
	struct sip_msg_extra x = {
		.call_id = S(call_id), .first_frame = m.frame, .min_expires = -1, .retry_after = -1,
		.content_length = 0,
	};
	if (agent && !status)
		x.user_agent = S(agent);
	else if (agent)
		x.server = S(agent);
	return store_add_msg(st, &m, &h, &x, NULL, 0, NULL, 0);
}

/* 200 flows of REGISTER, 401, REGISTER, 200 from one PBX: three sets
 * (the two REGISTERs differ only in what stays in the message), and every
 * message reads back what it was given. */
static void test_flows_share_sets(void)
{
	st = store_new();
	uint32_t first[4] = { 0 };
	for (int f = 0; f < 200; f++) {
		char cid[32], b1[32], b2[32];
		snprintf(cid, sizeof cid, "reg-%d", f);
		snprintf(b1, sizeof b1, "z9hG4bK-%d-1", f);
		snprintf(b2, sizeof b2, "z9hG4bK-%d-2", f);
		usec_t t = (usec_t)f * 60 * SEC;
		uint32_t q1 = add(t, 0, 1, b1, cid, 3600, "PBX 1.0");
		uint32_t c401 = add(t + 1000, 401, 1, b1, cid, -1, "Registrar 2");
		uint32_t q2 = add(t + 2000, 0, 2, b2, cid, 3600, "PBX 1.0");
		uint32_t ok = add(t + 3000, 200, 2, b2, cid, 3600, "Registrar 2");
		uint32_t mi[4] = { q1, c401, q2, ok };
		if (f == 0)
			memcpy(first, mi, sizeof first);
		for (int k = 0; k < 4; k++)
			CHECK(store_msg_hdr(st, store_msg(st, mi[k])) == store_msg_hdr(st, store_msg(st, first[k])));
		CHECK_EQ_INT(store_msg(st, q2)->cseq, 2);
		CHECK_EQ_STR(store_str(st, store_msg(st, q2)->via_branch), b2);
		CHECK_EQ_INT(store_msg(st, q2)->txn, store_msg(st, ok)->txn);
	}
	CHECK_EQ_INT(store_msg_count(st), 800);
	CHECK_EQ_INT(store_hdr_count(st), 3);
	const struct sip_msg *q = store_msg(st, 798), *ok = store_msg(st, 799);
	const struct sip_hdrset *qh = store_msg_hdr(st, q), *okh = store_msg_hdr(st, ok);
	char a[64];
	CHECK_EQ_STR(store_ep_fmt(st, qh->src, a, sizeof a), "192.0.2.10:5060");
	CHECK_EQ_STR(store_ep_fmt(st, okh->src, a, sizeof a), "198.51.100.1:5060");
	CHECK_EQ_STR(store_str(st, qh->ruri_host), "example.com");
	CHECK_EQ_STR(store_str(st, qh->agent), "PBX 1.0");
	CHECK_EQ_STR(store_str(st, okh->agent), "Registrar 2");
	CHECK(ok->flags & MF_AGENT_SERVER);
	CHECK_EQ_STR(store_str(st, okh->reason), "OK");
	CHECK_EQ_INT(okh->expires, 3600);
	CHECK_EQ_STR(store_str(st, store_msg_server(st, ok)), "Registrar 2");
	store_finish(st, 200 * 60 * SEC);
	CHECK_EQ_INT(store_reg_count(st), 1);
	CHECK_EQ_INT(store_reg(st, 0)->last_status, 200);
	CHECK_EQ_INT(store_reg(st, 0)->txns_count, 400);
	store_free(st);
}

/* Every message its own set (an Expires no other message has): each set
 * is kept and read back, and the store costs the record, the set and
 * little more, the index having stopped growing once it did not pay. */
static void test_unique_sets(void)
{
	st = store_new();
	/* 64 doubled 12 times: the message and set tables are exactly full */
	const uint32_t n = 262144;
	int wrong = 0;
	for (uint32_t i = 0; i < n; i++) {
		char b[32];
		snprintf(b, sizeof b, "z9hG4bK-u%u", i);
		if (add((usec_t)i * 1000, 0, i + 1, b, "one-call", (int32_t)i, NULL) != i)
			wrong++;
	}
	CHECK_EQ_INT(wrong, 0);
	CHECK_EQ_INT(store_hdr_count(st), n);
	for (uint32_t i = 0; i < n; i++)
		if (store_msg_hdr(st, store_msg(st, i))->expires != (int32_t)i)
			wrong++;
	CHECK_EQ_INT(wrong, 0);
	/* the records (72 bytes), the sets (60), and at most 5 bytes a
	 * message for the index and the side tables' bases; an index of
	 * every set would take 16 */
	struct store_mem mem;
	store_mem(st, &mem);
	size_t over = mem.messages - (size_t)n * (sizeof(struct sip_msg) + sizeof(struct sip_hdrset));
	CHECK(mem.messages > (size_t)n * (sizeof(struct sip_msg) + sizeof(struct sip_hdrset)));
	CHECK(over <= (size_t)n * 5);
	printf("# %.1f bytes a message beyond record and set\n", (double)over / n);
	store_free(st);
}

int main(void)
{
	test_flows_share_sets();
	test_unique_sets();
	return test_done();
}
