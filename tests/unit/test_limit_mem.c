/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_limit_mem.c - --limit bounds memory (app/limit.c, issue 17): a
 * listener fed REGISTER flows with digests for ever, its bytes copied into
 * the store's arena as a socket's are, holds no more after thousands of
 * dropped dialogs than after the first few hundred.  Counted in bytes the
 * store holds from the allocator (store_mem), table by table, not timed:
 * the string pool, the raw-byte arena, the message records and the
 * grouping indexes of dropped dialogs must be released, not kept behind
 * the ones that replaced them.  The same feed without the limit grows
 * with it, so the measure can tell the two apart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/limit.h"
#include "net/sink.h"
#include "sip/sipparse.h"
#include "store/store.h"
#include "testlib.h"

#define SEC 1000000LL
#define PHONES 40
#define LIMIT 200
#define FLOWS 3000           /* 15 times the limit */
#define WARM 600             /* flows after which the limit has dropped twice */

static usec_t now = 1700000000LL * SEC;
static uint32_t frame = 1;

static void feed(struct store *st, ep_id src, ep_id dst, const char *text)
{
	struct msg_meta m = {
		.time = now, .frame = frame, .last_frame = frame, .src = src, .dst = dst,
		.transport = TP_UDP, .raw = { .where = RAW_NONE },   /* copied, as from a socket */
	};
	frame++;
	now += 20000;
	sip_ingest(st, text, strlen(text), &m);
}

/* One REGISTER flow of phone p: challenge, credentials, 200 (or 403). */
static void flow(struct store *st, const ep_id *phone, ep_id registrar, unsigned n)
{
	unsigned p = n % PHONES;
	char cid[64], nonce[40], resp[40], m[1400];
	snprintf(cid, sizeof cid, "%08x%08x@10.0.0.%u", n * 2654435761u, n, p + 1);
	snprintf(nonce, sizeof nonce, "%08x%08x%08x", n * 40503u, n ^ 0x5bd1e995u, n);
	snprintf(resp, sizeof resp, "%08x%08x%08x%08x", n * 7u, n * 11u, n * 13u, n * 17u);
	for (int attempt = 1; attempt <= 2; attempt++) {
		char auth[400] = "";
		if (attempt == 2)
			snprintf(auth, sizeof auth,
			         "Authorization: Digest username=\"%u\", realm=\"example.net\", nonce=\"%s\", "
			         "uri=\"sip:example.net\", response=\"%s\", algorithm=MD5, cnonce=\"%08x\", "
			         "qop=auth, nc=00000001\r\n", 1000 + p, nonce, resp, n);
		snprintf(m, sizeof m,
		         "REGISTER sip:example.net SIP/2.0\r\n"
		         "Via: SIP/2.0/UDP 10.0.0.%u:5060;branch=z9hG4bK%08x%d;rport\r\n"
		         "From: <sip:%u@example.net>;tag=f%08x\r\nTo: <sip:%u@example.net>\r\n"
		         "Call-ID: %s\r\nCSeq: %d REGISTER\r\n"
		         "Contact: <sip:%u@10.0.0.%u:5060>\r\n%sExpires: 120\r\n"
		         "User-Agent: Yealink SIP-T46S 66.86.0.15\r\nContent-Length: 0\r\n\r\n",
		         p + 1, n, attempt, 1000 + p, n, 1000 + p, cid, attempt, 1000 + p, p + 1, auth);
		feed(st, phone[p], registrar, m);
		if (attempt == 1)
			snprintf(m, sizeof m,
			         "SIP/2.0 401 Unauthorized\r\n"
			         "Via: SIP/2.0/UDP 10.0.0.%u:5060;branch=z9hG4bK%08x1;rport=5060;received=10.0.0.%u\r\n"
			         "From: <sip:%u@example.net>;tag=f%08x\r\nTo: <sip:%u@example.net>;tag=t%08x\r\n"
			         "Call-ID: %s\r\nCSeq: 1 REGISTER\r\n"
			         "WWW-Authenticate: Digest realm=\"example.net\", nonce=\"%s\", qop=\"auth\", algorithm=MD5\r\n"
			         "Content-Length: 0\r\n\r\n",
			         p + 1, n, p + 1, 1000 + p, n, 1000 + p, n, cid, nonce);
		else
			snprintf(m, sizeof m,
			         "SIP/2.0 %s\r\n"
			         "Via: SIP/2.0/UDP 10.0.0.%u:5060;branch=z9hG4bK%08x2;rport=5060;received=10.0.0.%u\r\n"
			         "From: <sip:%u@example.net>;tag=f%08x\r\nTo: <sip:%u@example.net>;tag=t%08x\r\n"
			         "Call-ID: %s\r\nCSeq: 2 REGISTER\r\n"
			         "Contact: <sip:%u@10.0.0.%u:5060>;expires=120\r\nContent-Length: 0\r\n\r\n",
			         n % 10 ? "200 OK" : "403 Forbidden", p + 1, n, p + 1, 1000 + p, n, 1000 + p, n, cid,
			         1000 + p, p + 1);
		feed(st, registrar, phone[p], m);
	}
	now += SEC;   /* one flow a second: a flow is closed 32 s later */
}

/* Feeds FLOWS flows, applying the limit (0: none) after each; *warm gets
 * the store's memory after WARM flows, *end after all. */
static void run(size_t limit, struct store_mem *warm, struct store_mem *end, size_t *dropped)
{
	struct store *st = store_new();
	store_add_source(st, "hep:udp:127.0.0.1:9060", true, -1);
	ep_id phone[PHONES];
	for (unsigned p = 0; p < PHONES; p++)
		phone[p] = store_endpoint(st, &(struct endpoint){ .family = 4, .addr = { 10, 0, 0, (uint8_t)(p + 1) }, .port = 5060 });
	ep_id registrar = store_endpoint(st, &(struct endpoint){ .family = 4, .addr = { 198, 51, 100, 7 }, .port = 5060 });
	for (unsigned n = 0; n < FLOWS; n++) {
		flow(st, phone, registrar, n);
		if (limit)
			app_limit_store(st, limit, now);
		if (n + 1 == WARM)
			store_mem(st, warm);
	}
	store_mem(st, end);
	*dropped = store_stats_c(st)->limit_dropped;
	if (limit)
		CHECK(store_dialog_count(st) <= limit + limit / 2);
	store_free(st);
}

int main(void)
{
	struct store_mem warm, end, warm0, end0;
	size_t dropped, dropped0;
	run(LIMIT, &warm, &end, &dropped);
	printf("# limit %d: after %d flows %zu bytes (strings %zu, arena %zu, messages %zu, groups %zu), "
	       "after %d flows %zu bytes (strings %zu, arena %zu, messages %zu, groups %zu), %zu dialogs dropped\n",
	       LIMIT, WARM, warm.total, warm.strings, warm.arena, warm.messages, warm.groups,
	       FLOWS, end.total, end.strings, end.arena, end.messages, end.groups, dropped);
	CHECK(dropped >= FLOWS - LIMIT - LIMIT / 2);
	/* a plateau: five times the flows, no more memory (a table that
	 * doubled once more than at the warm point would be 2x) */
	CHECK(end.total <= warm.total + warm.total / 4);
	CHECK(end.strings <= warm.strings + warm.strings / 4);
	CHECK(end.arena <= warm.arena + warm.arena / 4);
	CHECK(end.messages <= warm.messages + warm.messages / 4);
	CHECK(end.groups <= warm.groups + warm.groups / 4);
	CHECK(end.endpoints <= warm.endpoints);

	/* a rebuild keeps the RTP streams where the decoder's table finds
	 * them: the same index counts the next packet of the same stream */
	{
		struct store *st = store_new();
		ep_id a = store_endpoint(st, &(struct endpoint){ .family = 4, .addr = { 10, 0, 0, 1 }, .port = 16000 });
		ep_id b = store_endpoint(st, &(struct endpoint){ .family = 4, .addr = { 198, 51, 100, 9 }, .port = 30000 });
		uint32_t i = store_add_rtp(st, &(struct rtp_stream){ .src = a, .dst = b, .ssrc = 7, .packets = 5 });
		store_replace(st, store_successor(st));
		CHECK_EQ_INT(store_rtp_count(st), 1);
		const struct rtp_stream *r = store_rtp(st, i);
		CHECK(r && r->ssrc == 7 && r->packets == 5 && r->src == a && r->dst == b);
		store_free(st);
	}

	/* More dialogs open than the limit (a fleet registering faster than
	 * its flows close, 32 s after their last message): a rebuild for the
	 * few that just closed would parse the whole store again at every
	 * call.  It waits until it can drop at least half as many dialogs as
	 * it keeps, and drops no open one. */
	{
		struct store *st = store_new();
		store_add_source(st, "hep:udp:127.0.0.1:9060", true, -1);
		ep_id phone[PHONES];
		for (unsigned p = 0; p < PHONES; p++)
			phone[p] = store_endpoint(st, &(struct endpoint){ .family = 4, .addr = { 10, 0, 0, (uint8_t)(p + 1) }, .port = 5060 });
		ep_id registrar = store_endpoint(st, &(struct endpoint){ .family = 4, .addr = { 198, 51, 100, 7 }, .port = 5060 });
		size_t rebuilds = 0, most = 0, open_dropped = 0;
		const unsigned flows = 2000;
		for (unsigned n = 0; n < flows; n++) {
			flow(st, phone, registrar, n);
			now -= SEC * 9 / 10;   /* a flow every 0.18 s: about 178 open, the limit 100 */
			size_t before = store_dialog_count(st);
			usec_t newest_closed = now - 32 * SEC;
			size_t open_before = 0;
			for (uint32_t d = 0; d < before; d++)
				open_before += store_dialog(st, d)->last_time > newest_closed;
			if (app_limit_store(st, 100, now)) {
				rebuilds++;
				size_t open_after = 0;
				for (uint32_t d = 0; d < store_dialog_count(st); d++)
					open_after += store_dialog(st, d)->last_time > newest_closed;
				open_dropped += open_before - open_after;
			}
			if (store_dialog_count(st) > most)
				most = store_dialog_count(st);
		}
		printf("# 178 open, limit 100: %zu rebuilds in %u flows, at most %zu dialogs held, %zu kept\n",
		       rebuilds, flows, most, store_dialog_count(st));
		CHECK(rebuilds >= 10);            /* it still bounds the store */
		CHECK(rebuilds <= 40);            /* not a rebuild per call */
		CHECK(most <= 400);               /* about 1.5 times the open ones */
		CHECK_EQ_INT(open_dropped, 0);
		CHECK(store_stats_c(st)->limit_dropped + store_dialog_count(st) == flows);
		store_free(st);
	}

	/* without the limit the same feed grows, and the measure shows it */
	run(0, &warm0, &end0, &dropped0);
	printf("# no limit: after %d flows %zu bytes, after %d flows %zu bytes\n", WARM, warm0.total, FLOWS, end0.total);
	CHECK_EQ_INT(dropped0, 0);
	CHECK(end0.total >= 3 * warm0.total);
	CHECK(end0.arena >= 3 * warm0.arena);
	CHECK(end.total * 3 <= end0.total);
	return test_done();
}
