/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_checks.c - the checklist's machinery without a capture file: the
 * catalogue (ids are the public interface), the finding helpers, marks and
 * the root cause, the rule "no evidence, no pass", the probe-only checks fed
 * with hand-made probe results, hostile header text reaching a summary, and
 * the address and URI helpers.
 */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "checks/call_util.h"
#include "checks/check.h"
#include "checks/groups.h"
#include "checks/util.h"
#include "probe/probe.h"
#include "store/store.h"
#include "trunk/profile.h"
#include "trunk/secret.h"

static const char *const ids[] = {
	"net.link-up", "net.dns-registrar", "net.registrar-answers", "net.srv-failover",
	"net.retransmissions", "net.ping-registrar", "net.options-ping", "net.tls-handshake",
	"net.fragmentation",
	"pbx.answers-challenge", "pbx.realm-match", "pbx.digest-valid", "pbx.username-form",
	"pbx.digest-algorithm", "pbx.registrar-address", "pbx.expires", "pbx.transport",
	"prov.final-response", "prov.other-bindings", "prov.source-ip", "prov.portal-registered",
	"prov.domain-changed",
	"fw.nat-detected", "fw.sip-alg", "fw.symmetric-response", "fw.nat-keepalive",
	"fw.inbound-reaches", "fw.alg-setting", "fw.ports-open",
	"call.auth", "call.number-format", "call.codecs", "call.session-timer", "call.ack",
	"call.media-address", "call.rtp-both-ways", "call.limits",
};

static void test_catalog(void)
{
	size_t n = sizeof ids / sizeof *ids;
	CHECK_EQ_INT(check_count, n);
	for (size_t i = 0; i < n && i < check_count; i++)
		CHECK_EQ_STR(check_table[i].id, ids[i]);
	for (size_t i = 0; i < check_count; i++) {
		const struct check_def *d = &check_table[i];
		/* ids carry their group as prefix, the table runs in helpdesk order */
		size_t gl = strlen(group_id(d->group));
		CHECK(!strncmp(d->id, group_id(d->group), gl) && d->id[gl] == '.');
		CHECK(i == 0 || check_table[i - 1].group <= d->group);
		CHECK(d->title && *d->title);
		CHECK(d->evaluate || (d->kind & K_MAN));
		if (d->kind == K_MAN)
			CHECK(d->how && *d->how);
		CHECK_EQ_INT(check_index(d->id), i);
	}
	CHECK_EQ_INT(check_index("pbx.no-such-check"), -1);
	CHECK_EQ_STR(kind_name(K_OBS | K_PROBE), "obs+probe");
	CHECK_EQ_STR(kind_name(check_table[check_index("prov.source-ip")].kind), "obs+man");
	CHECK_EQ_STR(verdict_name(V_SKIPPED), "skipped");
	CHECK_EQ_STR(group_name(G_FW), "Firewall and NAT");
}

/* The call checks' text helpers: numbers and codec lists as the wire has them. */
static void test_call_helpers(void)
{
	char num[64];
	uri_number("<sip:+44 1234 567890@example.net;user=phone>", num, sizeof num);
	CHECK_EQ_STR(num, "+44 1234 567890");
	uri_number("sip:01234567890@198.51.100.20:5060", num, sizeof num);
	CHECK_EQ_STR(num, "01234567890");
	uri_number("tel:+441234567890;phone-context=x", num, sizeof num);
	CHECK_EQ_STR(num, "+441234567890");
	uri_number("sip:example.net", num, sizeof num);
	CHECK_EQ_STR(num, "");
	CHECK(number_is_e164("+441234567890"));
	CHECK(number_is_e164("+1-555-010-0100"));
	CHECK(!number_is_e164("01234567890"));
	CHECK(!number_is_e164("+0441234567890"));
	CHECK(!number_is_e164("+1234567"));            /* 7 digits: too short */
	CHECK(!number_is_e164("+1234567890123456"));   /* 16 digits: too long */
	CHECK(!number_is_e164("+44abc1234567"));
	char names[SDP_CODECS_ROOM];
	codecs_names("8 PCMA/8000 96 101 telephone-event/8000", names, sizeof names);
	CHECK_EQ_STR(names, "PCMA/8000 telephone-event/8000");
	codecs_names("96 97", names, sizeof names);
	CHECK_EQ_STR(names, "payload types 96 97");
	codecs_names("t38", names, sizeof names);
	CHECK_EQ_STR(names, "t38");
	CHECK(codecs_share("8 PCMA/8000 0 PCMU/8000", "0 pcmu/8000"));
	CHECK(codecs_share("96 opus/48000/2", "111 opus/48000/2"));     /* numbers differ, codec the same */
	CHECK(!codecs_share("8 PCMA/8000 101 telephone-event/8000", "18 G729/8000 101 telephone-event/8000"));
	CHECK(!codecs_share("", "8 PCMA/8000"));
	CHECK(codecs_share("0 PCMU/8000/1 8 PCMA/8000/1", "8 PCMA/8000"));   /* channels aside */
	CHECK(!codecs_share("96 opus/48000/2", "97 opus/16000"));             /* the rate counts */
	static const char *const words[] = { "limit", "cps", NULL };
	CHECK(text_has_any("Call LIMIT reached", words));
	CHECK(!text_has_any("Busy Here", words));
}

static void test_finding_helpers(void)
{
	struct finding f;
	memset(&f, 0, sizeof f);
	finding_set(&f, V_WARN, "user \"%s\"", "\x1b[31mred\x07");
	CHECK(!strchr(f.summary, 0x1b) && !strchr(f.summary, 0x07));
	CHECK(strstr(f.summary, "red") != NULL);
	for (int i = 0; i < EVIDENCE_MAX + 5; i++)
		finding_evidence(&f, (uint32_t)i + 1, 0, "frame %d", i);
	finding_evidence(&f, 1, 0, "frame %d", 0);   /* a repeat is said once */
	CHECK_EQ_INT(f.nev, EVIDENCE_MAX);
	CHECK_EQ_INT(f.ev_dropped, 5);
	/* finding_raise: only a more severe verdict takes the summary */
	memset(&f, 0, sizeof f);
	CHECK(finding_raise(&f, V_PASS, "first"));
	CHECK(finding_raise(&f, V_FAIL, "worst"));
	CHECK(!finding_raise(&f, V_FAIL, "later fail"));
	CHECK(!finding_raise(&f, V_WARN, "milder"));
	CHECK_EQ_STR(f.summary, "worst");
	CHECK_EQ_INT(f.verdict, V_FAIL);
}

static struct store *empty_store(void)
{
	struct store *st = store_new();
	store_finish(st, 0);
	return st;
}

static void test_no_evidence_no_pass(void)
{
	struct store *st = empty_store();
	struct profile p;
	profile_init(&p);
	snprintf(p.registrar, sizeof p.registrar, "sip.example.net");
	snprintf(p.user, sizeof p.user, "1000");
	struct check_ctx ctx = { .store = st, .profile = &p };
	struct finding *out = calloc(check_count, sizeof *out);
	checks_run(&ctx, NULL, 0, out);
	for (size_t i = 0; i < check_count; i++) {
		CHECK(out[i].verdict == V_UNKNOWN || out[i].verdict == V_SKIPPED);
		CHECK(out[i].summary[0] != 0);
	}
	CHECK_EQ_INT(checks_root_cause(out), -1);

	/* marks override, set .marked, and a failed mark is a root cause */
	struct check_mark marks[] = {
		{ "fw.ports-open", V_FAIL, "5060 closed" },
		{ "net.link-up", V_PASS, NULL },
		{ "pbx.expires", V_FAIL, NULL },
		{ "no.such-id", V_FAIL, NULL },
	};
	checks_run(&ctx, marks, 4, out);
	int ports = check_index("fw.ports-open"), link = check_index("net.link-up");
	CHECK_EQ_INT(out[ports].verdict, V_FAIL);
	CHECK(out[ports].marked);
	CHECK_EQ_STR(out[ports].note, "5060 closed");
	CHECK(strstr(out[ports].summary, "5060 closed") != NULL);
	CHECK_EQ_INT(out[link].verdict, V_PASS);
	CHECK(out[link].marked);
	/* helpdesk order: pbx before fw */
	CHECK_EQ_INT(checks_root_cause(out), check_index("pbx.expires"));
	free(out);
	store_free(st);
}

static enum verdict run_one(const char *id, const struct check_ctx *ctx, struct finding *f)
{
	memset(f, 0, sizeof *f);
	check_table[check_index(id)].evaluate(ctx, f);
	return f->verdict;
}

static void test_probe_checks(void)
{
	struct store *st = empty_store();
	struct profile p;
	profile_init(&p);
	snprintf(p.registrar, sizeof p.registrar, "sip.example.net");
	struct probe_results *pr = calloc(1, sizeof *pr);
	struct check_ctx ctx = { .store = st, .profile = &p };
	struct finding f;

	CHECK_EQ_INT(run_one("net.ping-registrar", &ctx, &f), V_UNKNOWN);
	CHECK(strstr(f.advice, "--probe") != NULL);
	CHECK_EQ_INT(run_one("net.options-ping", &ctx, &f), V_UNKNOWN);

	ctx.probes = pr;
	snprintf(pr->registrar, sizeof pr->registrar, "sip.example.net");
	snprintf(pr->ping.target, sizeof pr->ping.target, "198.51.100.20");
	pr->ping.outcome = PROBE_OK;
	pr->ping.rtt_ms = 23;
	CHECK_EQ_INT(run_one("net.ping-registrar", &ctx, &f), V_PASS);
	CHECK(strstr(f.summary, "23 ms") != NULL && f.nev == 1);
	pr->ping.outcome = PROBE_NO_ANSWER;
	CHECK_EQ_INT(run_one("net.ping-registrar", &ctx, &f), V_WARN);   /* never fail: ping is often dropped */
	pr->ping.outcome = PROBE_NOT_PERMITTED;
	CHECK_EQ_INT(run_one("net.ping-registrar", &ctx, &f), V_UNKNOWN);

	CHECK_EQ_INT(run_one("net.options-ping", &ctx, &f), V_UNKNOWN);   /* nothing run */
	pr->options[PROBE_UDP].outcome = PROBE_NO_ANSWER;
	pr->options[PROBE_TCP].outcome = PROBE_REFUSED;
	snprintf(pr->options[PROBE_TCP].error, PROBE_TEXT_MAX, "connection refused");
	CHECK_EQ_INT(run_one("net.options-ping", &ctx, &f), V_FAIL);
	CHECK(strstr(f.summary, "UDP, TCP") != NULL);
	pr->options[PROBE_TLS].outcome = PROBE_OK;
	pr->options[PROBE_TLS].status = 200;
	CHECK_EQ_INT(run_one("net.options-ping", &ctx, &f), V_PASS);
	CHECK(strstr(f.summary, "TLS") != NULL);

	pr->dns.outcome = PROBE_FAILED;
	snprintf(pr->dns.error, PROBE_TEXT_MAX, "NXDOMAIN");
	CHECK_EQ_INT(run_one("net.dns-registrar", &ctx, &f), V_FAIL);
	pr->dns.outcome = PROBE_OK;
	pr->dns.nlookups = 1;
	struct probe_dns_lookup *l = &pr->dns.lookups[0];
	snprintf(l->name, sizeof l->name, "sip.example.net");
	l->type = PROBE_RR_A;
	l->outcome = PROBE_OK;
	l->nans = 1;
	l->ans[0].type = PROBE_RR_A;
	snprintf(l->ans[0].data, sizeof l->ans[0].data, "198.51.100.20");
	CHECK_EQ_INT(run_one("net.dns-registrar", &ctx, &f), V_PASS);
	CHECK(f.nev >= 1 && strstr(f.ev[0].text, "198.51.100.20") != NULL);

	pr->tls.outcome = PROBE_FAILED;
	snprintf(pr->tls.target, sizeof pr->tls.target, "198.51.100.20:5061");
	snprintf(pr->tls.alert, sizeof pr->tls.alert, "certificate expired");
	CHECK_EQ_INT(run_one("net.tls-handshake", &ctx, &f), V_FAIL);
	CHECK(strstr(f.summary, "certificate expired") != NULL);
	pr->tls.outcome = PROBE_OK;
	pr->tls.have_cert = true;
	pr->tls.name_matches = true;
	pr->tls.verified = true;
	CHECK_EQ_INT(run_one("net.tls-handshake", &ctx, &f), V_PASS);
	/* a certificate a verifying PBX refuses is a failing case (issue 6) */
	pr->tls.expired = true;
	CHECK_EQ_INT(run_one("net.tls-handshake", &ctx, &f), V_FAIL);
	CHECK(strstr(f.summary, "has expired") != NULL);
	pr->tls.expired = false;
	pr->tls.name_matches = false;
	CHECK_EQ_INT(run_one("net.tls-handshake", &ctx, &f), V_FAIL);
	CHECK(strstr(f.summary, "does not name the host") != NULL);

	free(pr);
	store_free(st);
}

/* A REGISTER/401/REGISTER exchange written straight into a store, with a
 * digest username full of terminal escapes. */
static void test_hostile_header_text(void)
{
	struct store *st = store_new();
	struct endpoint pbx = { .family = 4, .addr = { 203, 0, 113, 10 }, .port = 5060 };
	struct endpoint srv = { .family = 4, .addr = { 198, 51, 100, 20 }, .port = 5060 };
	ep_id a = store_endpoint(st, &pbx), b = store_endpoint(st, &srv);
#define I(s) store_intern(st, s, strlen(s))
	/* the top Via is read back from the raw bytes */
	static const char raw1[] = "REGISTER sip:example.net SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 203.0.113.10:5060;branch=z9hG4bK-1\r\n\r\n";
	static const char raw2[] = "REGISTER sip:example.net SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 203.0.113.10:5060;branch=z9hG4bK-2\r\n\r\n";
	const uint16_t via_off = 39, via_len = 46;
	struct sip_msg m = {
		.time = 1000000, .frame = 1, .transport = TP_UDP,
		.method = M_REGISTER, .cseq = 1, .cseq_method = M_REGISTER,
		.via_branch = I("z9hG4bK-1"), .via_transport = TP_UDP,
		.via_raw_off = via_off, .via_raw_len = via_len, .wire_len = sizeof raw1 - 1,
		.raw_at = raw_pack(store_arena_put(st, raw1, sizeof raw1 - 1)),
	};
	struct sip_hdrset h = {
		.src = a, .dst = b, .method_str = I("REGISTER"), .ruri = I("sip:example.net"),
		.ruri_host = I("example.net"), .via_host = I("203.0.113.10"), .via_port = 5060,
		.from_uri = I("sip:1000@example.net"), .to_uri = I("sip:1000@example.net"),
		.aor = I("sip:1000@example.net"), .expires = 3600,
	};
	struct sip_msg_extra x = { .call_id = I("c1"), .min_expires = -1, .retry_after = -1 };
	x.first_frame = 1;
	store_add_msg(st, &m, &h, &x, NULL, 0, NULL, 0);
	struct sip_msg r = m;
	struct sip_hdrset rh = h;
	r.time += 40000; r.frame = x.first_frame = 2; rh.src = b; rh.dst = a;
	r.method = M_NONE; r.status = 401; rh.reason = I("Unauthorized"); r.to_tag = I("t1");
	struct sip_auth ch = { .kind = AUTH_WWW, .scheme = I("Digest"), .realm = I("example.net"), .nonce = I("n1") };
	store_add_msg(st, &r, &rh, &x, NULL, 0, &ch, 1);
	struct sip_msg m2 = m;
	m2.time += 50000; m2.frame = x.first_frame = 3; m2.cseq = 2; m2.via_branch = I("z9hG4bK-2");
	m2.wire_len = sizeof raw2 - 1;
	m2.raw_at = raw_pack(store_arena_put(st, raw2, sizeof raw2 - 1));
	char via[STR_MAX + 1];
	CHECK_EQ_STR(store_msg_via_raw(st, &m2, via, sizeof via), "SIP/2.0/UDP 203.0.113.10:5060;branch=z9hG4bK-2");
	struct sip_auth cr = { .kind = AUTH_AUTHORIZATION, .scheme = I("Digest"), .realm = I("example.net\x1b]0;pwned\x07"),
		.nonce = I("n1"), .username = I("\x1b[2J\x1b[31mroot"), .uri = I("sip:example.net"),
		.response = I("00000000000000000000000000000000") };
	store_add_msg(st, &m2, &h, &x, NULL, 0, &cr, 1);
#undef I
	store_finish(st, 60 * 1000000LL);

	struct profile p;
	profile_init(&p);
	snprintf(p.user, sizeof p.user, "1000");
	struct check_ctx ctx = { .store = st, .profile = &p, .now = 60 * 1000000LL };
	struct finding *out = calloc(check_count, sizeof *out);
	checks_run(&ctx, NULL, 0, out);
	int uf = check_index("pbx.username-form"), rm = check_index("pbx.realm-match");
	CHECK_EQ_INT(out[uf].verdict, V_WARN);
	CHECK_EQ_INT(out[rm].verdict, V_FAIL);
	for (size_t i = 0; i < check_count; i++) {
		CHECK(!strchr(out[i].summary, 0x1b) && !strchr(out[i].summary, 0x07));
		CHECK(!strchr(out[i].advice, 0x1b));
		for (size_t k = 0; k < out[i].nev; k++)
			CHECK(!strchr(out[i].ev[k].text, 0x1b));
	}
	CHECK(strstr(out[uf].summary, "root") != NULL);

	/* An "unknown" mark with a note annotates an observed step without
	 * freezing it: the verdict still comes from the traffic. */
	struct check_mark note_only[] = { { "pbx.realm-match", V_UNKNOWN, "asked the carrier" } };
	checks_run(&ctx, note_only, 1, out);
	CHECK_EQ_INT(out[rm].verdict, V_FAIL);
	CHECK(!out[rm].marked);
	CHECK_EQ_STR(out[rm].note, "asked the carrier");
	free(out);
	store_free(st);
}

static void test_addresses(void)
{
	CHECK_EQ_INT(addr_classify("10.1.2.3"), ADDR_PRIVATE);
	CHECK_EQ_INT(addr_classify("172.16.0.1"), ADDR_PRIVATE);
	CHECK_EQ_INT(addr_classify("172.32.0.1"), ADDR_PUBLIC);
	CHECK_EQ_INT(addr_classify("192.168.57.101"), ADDR_PRIVATE);
	CHECK_EQ_INT(addr_classify("100.64.0.1"), ADDR_CGNAT);
	CHECK_EQ_INT(addr_classify("100.127.255.255"), ADDR_CGNAT);
	CHECK_EQ_INT(addr_classify("100.128.0.1"), ADDR_PUBLIC);
	CHECK_EQ_INT(addr_classify("203.0.113.5"), ADDR_DOC);
	CHECK_EQ_INT(addr_classify("198.51.100.20"), ADDR_DOC);
	CHECK_EQ_INT(addr_classify("192.0.2.1"), ADDR_DOC);
	CHECK_EQ_INT(addr_classify("141.85.225.205"), ADDR_PUBLIC);
	CHECK_EQ_INT(addr_classify("127.0.0.1"), ADDR_LOOPBACK);
	CHECK_EQ_INT(addr_classify("169.254.1.1"), ADDR_LINKLOCAL);
	CHECK_EQ_INT(addr_classify("fd00::1"), ADDR_ULA);
	CHECK_EQ_INT(addr_classify("[fc00::1]"), ADDR_ULA);
	CHECK_EQ_INT(addr_classify("fe80::1"), ADDR_LINKLOCAL);
	CHECK_EQ_INT(addr_classify("2001:db8::1"), ADDR_DOC);
	CHECK_EQ_INT(addr_classify("2a00:1450::1"), ADDR_PUBLIC);
	CHECK_EQ_INT(addr_classify("::ffff:192.168.1.1"), ADDR_PRIVATE);
	CHECK_EQ_INT(addr_classify("sip.example.net"), ADDR_NOT_IP);
	CHECK_EQ_INT(addr_classify(""), ADDR_NOT_IP);
	CHECK(addr_class_private(ADDR_CGNAT) && addr_class_private(ADDR_ULA) && !addr_class_private(ADDR_DOC));
	CHECK(addr_class_public(ADDR_DOC) && !addr_class_public(ADDR_LOOPBACK));

	/* host:port splitting is tests/unit/test_hostport.c; uri_host on top */
	char host[64];
	uri_host("sip:1000@sip.example.net:5080;transport=udp", host, sizeof host);
	CHECK_EQ_STR(host, "sip.example.net");

	char user[64];
	uri_user("sip:+4420;phone-context=x@example.net", user, sizeof user);
	CHECK_EQ_STR(user, "+4420");
	uri_user("sips:alice:secret@example.net", user, sizeof user);
	CHECK_EQ_STR(user, "alice");
	uri_user("sip:example.net", user, sizeof user);
	CHECK_EQ_STR(user, "");
	CHECK(host_eq("Example.NET.", "example.net"));
	CHECK(host_eq("[2001:db8::1]", "2001:0db8:0:0::1"));
	CHECK(!host_eq("example.net", "example.org"));
	CHECK(!host_eq("", ""));
	CHECK(contact_uri_eq("sip:1000@203.0.113.5;transport=udp", "sip:1000@203.0.113.5:5060"));
	CHECK(!contact_uri_eq("sip:1000@203.0.113.5:5060", "sip:1000@203.0.113.5:5062"));
	CHECK(!contact_uri_eq("sip:1000@203.0.113.5", "sip:1001@203.0.113.5"));
}

/* A small deterministic generator, so a failure can be replayed. */
static uint32_t rng_state = 12345;
static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return n ? (rng_state >> 8) % n : 0;
}

/* Random but well-typed records: any mix of methods, statuses, headers,
 * auth and contacts, hostile strings, missing fields, odd times.  The
 * checks must not crash, and must never give a verdict without evidence. */
static void test_random_stores(void)
{
	static const char *const words[] = {
		"", "sip:1000@example.net", "example.net", "203.0.113.5", "192.168.1.10", "fd00::1",
		"\x1b[31mred", "REGISTER", "MD5", "SHA-256", "auth", "auth,auth-int", "00000001",
		"SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bK-1;rport", "sip:1000@192.168.1.10:5060",
		"%s%s%n", "10 60 5060 sip.example.net", "_sip._udp.example.net", "sip.example.net",
	};
	size_t nw = sizeof words / sizeof *words;
	int bad_evidence = 0, runs = 0, decided = 0;
	for (int round = 0; round < 40; round++) {
		struct store *st = store_new();
		str_id ids[sizeof words / sizeof *words];
		for (size_t i = 0; i < nw; i++)
			ids[i] = store_intern(st, words[i], strlen(words[i]));
		ep_id eps[4];
		for (int i = 0; i < 4; i++) {
			struct endpoint e = { .family = 4, .addr = { (uint8_t)(i < 2 ? 192 : 198), 168, 1, (uint8_t)i },
			                      .port = (uint16_t)(i % 2 ? 5060 : 5062) };
			eps[i] = store_endpoint(st, &e);
		}
		usec_t t = 1000000;
		for (int m = 0; m < 60; m++) {
			t += rnd(3) ? (usec_t)rnd(2000000) : (usec_t)rnd(400) * 1000000;
			struct sip_msg msg = {
				.time = t, .frame = (uint32_t)m + 1, .transport = (uint8_t)rnd(4),
				.method = rnd(2) ? M_REGISTER : (uint8_t)rnd(M__COUNT),
				.cseq = rnd(4), .cseq_method = rnd(3) ? M_REGISTER : M_OPTIONS,
				.via_branch = ids[rnd(nw)], .via_transport = (uint8_t)rnd(4),
				.via_raw_off = (uint16_t)rnd(100), .via_raw_len = (uint16_t)rnd(100),
				.wire_len = rnd(2000), .flags = (rnd(8) ? 0 : (1u << rnd(9))) | (rnd(2) ? MF_RPORT : 0),
			};
			struct sip_hdrset h = {
				.src = eps[rnd(4)], .dst = eps[rnd(4)],
				.via_host = ids[rnd(nw)], .via_port = (uint16_t)rnd(6000), .via_rport = (uint16_t)rnd(3),
				.via_received = ids[rnd(nw)], .from_uri = ids[rnd(nw)],
				.to_uri = ids[rnd(nw)], .aor = ids[rnd(3)], .ruri = ids[rnd(nw)], .ruri_host = ids[rnd(nw)],
				.expires = (int32_t)rnd(4000) - 1, .reason = ids[rnd(nw)],
			};
			struct sip_msg_extra x = {
				.call_id = ids[rnd(3)], .first_frame = (uint32_t)m + 1,
				.min_expires = (int32_t)rnd(700) - 1, .retry_after = (int32_t)rnd(40) - 1,
				.content_length = (int32_t)rnd(3) - 1, .warning = ids[rnd(nw)],
				.user_agent = rnd(2) ? ids[rnd(nw)] : 0, .server = ids[rnd(nw)],
			};
			if (msg.method == M_NONE) {
				static const uint16_t codes[] = { 100, 200, 401, 403, 404, 407, 423, 482, 500, 503, 504, 606 };
				msg.status = codes[rnd(sizeof codes / sizeof *codes)];
			}
			struct sip_contact c[3];
			struct sip_auth a[2];
			size_t nc = rnd(4), na = rnd(3);
			for (size_t i = 0; i < nc; i++)
				c[i] = (struct sip_contact){ .uri = ids[rnd(nw)], .host = ids[rnd(nw)], .port = (uint16_t)rnd(6000),
				                             .expires = (int32_t)rnd(700) - 1, .star = rnd(10) == 0 };
			for (size_t i = 0; i < na; i++)
				a[i] = (struct sip_auth){ .kind = (uint8_t)(1 + rnd(4)), .stale = rnd(3) == 0, .unparseable = rnd(8) == 0,
				                          .realm = ids[rnd(nw)], .nonce = ids[rnd(nw)], .algorithm = ids[rnd(nw)],
				                          .qop = ids[rnd(nw)], .username = ids[rnd(nw)], .uri = ids[rnd(nw)],
				                          .response = ids[rnd(nw)], .cnonce = ids[rnd(nw)], .nc = ids[rnd(nw)] };
			store_add_msg(st, &msg, &h, &x, c, nc, a, na);
			if (rnd(6) == 0) {
				struct dns_event d = { .time = t, .frame = msg.frame, .src = eps[rnd(4)], .dst = eps[rnd(4)],
				                       .id = (uint16_t)rnd(3), .response = rnd(2), .rcode = (uint8_t)rnd(6),
				                       .qtype = rnd(2) ? 33 : 1, .qname = ids[rnd(nw)] };
				struct dns_answer ans = { .type = rnd(2) ? 33 : 1, .data = ids[rnd(nw)] };
				store_add_dns(st, &d, &ans, rnd(2));
			}
			if (rnd(8) == 0) {
				struct icmp_event e = { .time = t, .frame = msg.frame, .from = eps[rnd(4)], .family = 4, .type = 3,
				                        .code = (uint8_t)rnd(14), .unreachable = true, .port_unreachable = rnd(2),
				                        .quoted_proto = 17, .quoted_src = eps[rnd(4)], .quoted_dst = eps[rnd(4)] };
				store_add_icmp(st, &e);
			}
			if (rnd(8) == 0) {
				struct tcp_event e = { .time = t, .frame = msg.frame, .src = eps[rnd(4)], .dst = eps[rnd(4)],
				                       .kind = (uint8_t)(1 + rnd(4)) };
				store_add_tcp(st, &e);
			}
			if (rnd(10) == 0) {
				struct tls_event e = { .time = t, .frame = msg.frame, .src = eps[rnd(4)], .dst = eps[rnd(4)],
				                       .kind = (uint8_t)(1 + rnd(5)), .alert_level = (uint8_t)rnd(3),
				                       .alert_desc = (uint8_t)rnd(130) };
				store_add_tls(st, &e);
			}
			if (rnd(10) == 0) {
				struct keepalive_event e = { .time = t, .frame = msg.frame, .src = eps[rnd(4)], .dst = eps[rnd(4)],
				                             .transport = TP_UDP, .kind = 1 };
				store_add_keepalive(st, &e);
			}
			if (rnd(15) == 0) {
				struct frag_event e = { .time = t, .frame = msg.frame, .src = eps[rnd(4)], .dst = eps[rnd(4)],
				                        .fragments = (uint16_t)rnd(4), .completed = rnd(2) };
				store_add_frag(st, &e);
			}
		}
		usec_t now = t + (usec_t)rnd(100) * 1000000;
		store_finish(st, now);
		struct profile p;
		profile_init(&p);
		if (rnd(2)) {
			snprintf(p.registrar, sizeof p.registrar, "%s", rnd(2) ? "example.net" : "[2001:db8::1]:5061");
			snprintf(p.user, sizeof p.user, "1000");
			snprintf(p.transport, sizeof p.transport, "%s", rnd(2) ? "udp" : "tls");
			snprintf(p.public_ip, sizeof p.public_ip, "203.0.113.5");
		}
		struct secret pw = { .value = "s3cret", .len = 6, .set = true };
		struct check_ctx ctx = { .store = st, .profile = &p, .password = rnd(2) ? &pw : NULL, .now = now };
		struct finding *out = calloc(check_count, sizeof *out);
		checks_run(&ctx, NULL, 0, out);
		for (size_t i = 0; i < check_count; i++) {
			runs++;
			enum verdict v = out[i].verdict;
			decided += v == V_PASS || v == V_WARN || v == V_FAIL;
			if ((v == V_PASS || v == V_WARN || v == V_FAIL) && out[i].nev == 0) {
				bad_evidence++;
				printf("# round %d: %s is %s without evidence: %s\n", round, check_table[i].id,
				       verdict_name(v), out[i].summary);
			}
			if (!out[i].summary[0] || strchr(out[i].summary, 0x1b))
				bad_evidence++;
		}
		free(out);
		store_free(st);
	}
	printf("# %d verdicts, %d of them decided\n", runs, decided);
	CHECK(decided > runs / 10);   /* the random stores do reach the rules */
	CHECK_EQ_INT(bad_evidence, 0);
}

/* The test registration's line says what it proves, from the steps: a
 * 404 or a 403 before any digest is not a refused password. */
static void test_registration_proof(void)
{
	struct probe_results *pr = calloc(1, sizeof *pr);
	char line[1024];
	CHECK(checks_test_registration(NULL, line, sizeof line) == V_SKIPPED);
	CHECK(checks_test_registration(pr, line, sizeof line) == V_SKIPPED);
	struct probe_register *r = &pr->reg;
	snprintf(r->target, sizeof r->target, "192.0.2.7:5060");
	snprintf(r->transport, sizeof r->transport, "udp");
	r->outcome = PROBE_OK;
	/* 401, then 200 to the digest, then the removal */
	r->steps[0] = (struct probe_reg_step){ "REGISTER", 60, false, 401, "Unauthorized", 3 };
	r->steps[1] = (struct probe_reg_step){ "REGISTER", 60, true, 200, "OK", 3 };
	r->steps[2] = (struct probe_reg_step){ "REGISTER", 0, true, 200, "OK", 3 };
	r->nsteps = 3;
	r->final_status = 200;
	snprintf(r->final_reason, sizeof r->final_reason, "OK");
	r->registered = r->unregistered = true;
	CHECK(checks_test_registration(pr, line, sizeof line) == V_PASS);
	CHECK(!strncmp(line, "Test registration: password accepted (200 OK; test binding removed) at 192.0.2.7:5060/udp", 200));
	/* challenged again after the digest */
	r->registered = r->unregistered = false;
	r->steps[1].status = 401;
	r->nsteps = 2;
	r->final_status = 401;
	snprintf(r->final_reason, sizeof r->final_reason, "Unauthorized");
	CHECK(checks_test_registration(pr, line, sizeof line) == V_FAIL);
	CHECK(strstr(line, "password refused (401 Unauthorized after the digest") != NULL);
	/* 403 to the digest */
	r->steps[1].status = r->final_status = 403;
	CHECK(checks_test_registration(pr, line, sizeof line) == V_FAIL);
	CHECK(strstr(line, "password refused or account suspended") != NULL);
	/* 404 to the first REGISTER: the password was never tried */
	r->nsteps = 1;
	r->steps[0].status = r->final_status = 404;
	CHECK(checks_test_registration(pr, line, sizeof line) == V_FAIL);
	CHECK(strstr(line, "refused before any password was tried") != NULL);
	CHECK(strstr(line, "password refused") == NULL);
	/* 401 and no password to answer with */
	r->steps[0].status = r->final_status = 401;
	CHECK(checks_test_registration(pr, line, sizeof line) == V_UNKNOWN);
	CHECK(strstr(line, "password not tested") != NULL);
	/* no answer */
	memset(r->steps, 0, sizeof r->steps);
	r->final_status = 0;
	r->outcome = PROBE_NO_ANSWER;
	snprintf(r->error, sizeof r->error, "no answer to REGISTER");
	CHECK(checks_test_registration(pr, line, sizeof line) == V_UNKNOWN);
	CHECK(strstr(line, "nothing proven about the password (no answer: no answer to REGISTER)") != NULL);
	free(pr);
}

int main(void)
{
	test_catalog();
	test_call_helpers();
	test_finding_helpers();
	test_no_evidence_no_pass();
	test_probe_checks();
	test_registration_proof();
	test_hostile_header_text();
	test_addresses();
	test_random_stores();
	return test_done();
}
