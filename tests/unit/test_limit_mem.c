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

	/* A flow every 0.18 s: 178 flows in the 32 s after their last
	 * message (what "closed" meant before), about 28 in the 5 s of timer
	 * K after their final response (RFC 3261 17.1.2.2, what it means
	 * now).  With --limit 100 the finished flows go, none still open, and
	 * the store never holds more than 1.5 times the limit. */
	{
		struct store *st = store_new();
		store_add_source(st, "hep:udp:127.0.0.1:9060", true, -1);
		ep_id phone[PHONES];
		for (unsigned p = 0; p < PHONES; p++)
			phone[p] = store_endpoint(st, &(struct endpoint){ .family = 4, .addr = { 10, 0, 0, (uint8_t)(p + 1) }, .port = 5060 });
		ep_id registrar = store_endpoint(st, &(struct endpoint){ .family = 4, .addr = { 198, 51, 100, 7 }, .port = 5060 });
		size_t rebuilds = 0, most = 0;
		const unsigned flows = 2000;
		for (unsigned n = 0; n < flows; n++) {
			flow(st, phone, registrar, n);
			now -= SEC * 9 / 10;   /* a flow every 0.18 s */
			if (app_limit_store(st, 100, now))
				rebuilds++;
			if (store_dialog_count(st) > most)
				most = store_dialog_count(st);
		}
		printf("# a flow every 0.18 s, limit 100: %zu rebuilds in %u flows, at most %zu dialogs held, "
		       "%zu kept, %llu dropped, %llu of them open\n", rebuilds, flows, most, store_dialog_count(st),
		       (unsigned long long)store_stats_c(st)->limit_dropped,
		       (unsigned long long)store_stats_c(st)->limit_dropped_open);
		CHECK(rebuilds >= 10);            /* it bounds the store */
		CHECK(rebuilds <= flows / 50 + 1);   /* each drops limit/2 at least: not a rebuild per call */
		CHECK(most <= 150);               /* finished in seconds, not 32 s */
		CHECK_EQ_INT(store_stats_c(st)->limit_dropped_open, 0);
		CHECK(store_stats_c(st)->limit_dropped + store_dialog_count(st) == flows);
		/* every phone's registration is still there, in the state of its
		 * newest flow (every tenth refused) */
		store_finish(st, now);
		CHECK_EQ_INT(store_reg_count(st), PHONES);
		for (uint32_t r = 0; r < store_reg_count(st); r++) {
			const struct registration *reg = store_reg(st, r);
			unsigned p = (unsigned)atoi(store_str(st, reg->aor) + 4) - 1000;   /* sip:1000@... */
			unsigned last = flows - PHONES + p;   /* that phone's newest flow */
			CHECK_EQ_INT(reg->state, last % 10 ? REG_REGISTERED : REG_FAILED);
		}
		store_free(st);
	}

	/* A flow whose last answer is a challenge is not finished 5 s later:
	 * the PBX may still answer it in the same Call-ID, and
	 * pbx.answers-challenge waits 32 s for that.  Four flows of one
	 * trunk, the second only challenged, --limit 2 six seconds later:
	 * the two oldest answered 200 go, the challenged one stays. */
	{
		struct store *st = store_new();
		ep_id pbx = store_endpoint(st, &(struct endpoint){ .family = 4, .addr = { 10, 0, 0, 1 }, .port = 5060 });
		ep_id reg = store_endpoint(st, &(struct endpoint){ .family = 4, .addr = { 198, 51, 100, 7 }, .port = 5060 });
		for (int f = 0; f < 4; f++) {
			char m[800];
			for (int k = 0; k < 2; k++) {
				snprintf(m, sizeof m,
				         "%s\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKq%d;rport\r\n"
				         "From: <sip:trunk@example.net>;tag=f%d\r\nTo: <sip:trunk@example.net>%s\r\n"
				         "Call-ID: q%d@10.0.0.1\r\nCSeq: 1 REGISTER\r\nContact: <sip:trunk@10.0.0.1:5060>\r\n"
				         "%sContent-Length: 0\r\n\r\n",
				         k == 0 ? "REGISTER sip:example.net SIP/2.0" : f == 1 ? "SIP/2.0 401 Unauthorized" : "SIP/2.0 200 OK",
				         f, f, k ? ";tag=t" : "", f,
				         k == 0 ? "Expires: 120\r\n" : f == 1 ? "WWW-Authenticate: Digest realm=\"example.net\", nonce=\"n\"\r\n" : "");
				feed(st, k ? reg : pbx, k ? pbx : reg, m);
			}
		}
		CHECK_EQ_INT(app_limit_store(st, 2, now + 6 * SEC), 2);
		CHECK_EQ_INT(store_stats_c(st)->limit_dropped_open, 0);
		CHECK_EQ_INT(store_dialog_count(st), 2);
		CHECK(!strcmp(store_str(st, store_dialog(st, 0)->call_id), "q1@10.0.0.1"));
		CHECK(!strcmp(store_str(st, store_dialog(st, 1)->call_id), "q3@10.0.0.1"));
		store_free(st);
	}

	/* Calls that stay up (INVITE, 200, ACK, no BYE): every one open, for
	 * ever.  --limit is a bound all the same: the oldest open calls go
	 * (counted apart), and memory stays flat. */
	{
		struct store *st = store_new();
		store_add_source(st, "hep:udp:127.0.0.1:9060", true, -1);
		ep_id pbx = store_endpoint(st, &(struct endpoint){ .family = 4, .addr = { 10, 0, 0, 1 }, .port = 5060 });
		ep_id carrier = store_endpoint(st, &(struct endpoint){ .family = 4, .addr = { 198, 51, 100, 7 }, .port = 5060 });
		struct store_mem warm_calls, end_calls;
		size_t most = 0;
		const unsigned calls = 3000;
		for (unsigned n = 0; n < calls; n++) {
			char m[1200];
			static const char *const steps[] = { "INVITE sip:+15550%04u@example.net SIP/2.0",
			                                     "SIP/2.0 200 OK", "ACK sip:+15550%04u@10.0.0.9 SIP/2.0" };
			for (int k = 0; k < 3; k++) {
				char start[80];
				snprintf(start, sizeof start, steps[k], n % 10000);
				snprintf(m, sizeof m,
				         "%s\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKc%u%s\r\n"
				         "From: <sip:trunk@example.net>;tag=a%u\r\nTo: <sip:+15550%04u@example.net>%s\r\n"
				         "Call-ID: call-%u@10.0.0.1\r\nCSeq: 1 %s\r\nContact: <sip:trunk@10.0.0.1:5060>\r\n"
				         "Content-Length: 0\r\n\r\n",
				         start, n, k == 2 ? "a" : "", n, n % 10000, k ? ";tag=b" : "", n, k == 2 ? "ACK" : "INVITE");
				feed(st, k == 1 ? carrier : pbx, k == 1 ? pbx : carrier, m);
			}
			now += SEC / 10;
			app_limit_store(st, LIMIT, now);
			if (store_dialog_count(st) > most)
				most = store_dialog_count(st);
			if (n + 1 == WARM)
				store_mem(st, &warm_calls);
		}
		store_mem(st, &end_calls);
		const struct capture_stats *cs = store_stats_c(st);
		printf("# %u calls up, limit %d: at most %zu dialogs held, %llu dropped, %llu open; "
		       "%zu bytes after %d calls, %zu after %u\n", calls, LIMIT, most,
		       (unsigned long long)cs->limit_dropped, (unsigned long long)cs->limit_dropped_open,
		       warm_calls.total, WARM, end_calls.total, calls);
		CHECK(most <= LIMIT + LIMIT / 2);
		CHECK(cs->limit_dropped + store_dialog_count(st) == calls);
		CHECK_EQ_INT(cs->limit_dropped_open, cs->limit_dropped);
		CHECK(end_calls.total <= warm_calls.total + warm_calls.total / 4);
		/* the newest call is kept, and it is still answered */
		store_finish(st, now);
		const struct sip_dialog *d = store_dialog(st, (uint32_t)store_dialog_count(st) - 1);
		CHECK(!strcmp(store_str(st, d->call_id), "call-2999@10.0.0.1"));
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
