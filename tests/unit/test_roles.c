/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_roles.c - roles and trunks (checks/trunks.c) and trunkdoc's own
 * traffic (store/store_own.c) over a store built by hand: the PBX found
 * from the traffic, --pbx-ip, host addresses that match nothing, the
 * profile predicate (user AND registrar), and the test REGISTER kept apart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/trunks.h"
#include "store/store.h"
#include "trunk/profile.h"
#include "store_fixture.h"
#include "testlib.h"

/* A REGISTER from ua to registrar, and its final response. */
static void reg_pair(ep_id ua, ep_id reg, const char *aor, const char *domain, const char *cid,
                     const char *agent, uint16_t status)
{
	struct sip_msg_extra x = { .min_expires = -1, .retry_after = -1, .content_length = 0 };
	struct sip_msg q = { 0 }, r;
	struct sip_hdrset qh = { 0 }, rh;
	char branch[96];
	snprintf(branch, sizeof branch, "z9hG4bK-%s", cid);
	q.time = (usec_t)next_frame * 1000;
	q.frame = next_frame++;
	q.method = M_REGISTER;
	q.cseq_method = M_REGISTER;
	qh.method_str = S("REGISTER");
	q.via_branch = S(branch);
	q.cseq = 1;
	q.from_tag = S("f1");
	qh.aor = S(aor);
	qh.ruri_host = S(domain);
	qh.src = ua;
	qh.dst = reg;
	qh.expires = 3600;
	qh.agent = agent ? S(agent) : 0;
	x.call_id = S(cid);
	x.first_frame = q.frame;
	store_add_msg(st, &q, &qh, &x, NULL, 0, NULL, 0);
	r = q;
	rh = qh;
	r.time += 500;
	r.frame = next_frame++;
	r.method = M_NONE;
	r.status = status;
	r.to_tag = S("t1");
	rh.ruri_host = 0;
	rh.src = reg;
	rh.dst = ua;
	rh.agent = 0;
	x.first_frame = r.frame;
	store_add_msg(st, &r, &rh, &x, NULL, 0, NULL, 0);
}

static void test_own_sockets(void)
{
	st = store_new();
	ep_id probe = ep4(192, 0, 2, 5, 40312), other = ep4(192, 0, 2, 5, 40313), anyport = ep4(10, 1, 1, 1, 5555);
	CHECK(!store_ep_is_own(st, probe));
	CHECK(store_own_add_socket(st, "192.0.2.5:40312"));
	CHECK(store_ep_is_own(st, probe));
	CHECK(!store_ep_is_own(st, other));
	/* a refused connect leaves only the port (wildcard address) */
	CHECK(store_own_add_socket(st, "0.0.0.0:5555"));
	CHECK(store_ep_is_own(st, anyport));
	CHECK(!store_ep_is_own(st, ep4(10, 1, 1, 1, 5556)));
	CHECK(store_own_add_socket(st, "[2001:db8::5]:7"));
	CHECK(store_own_add_socket(st, "2001:db8::6"));
	CHECK(!store_own_add_socket(st, "0.0.0.0:0"));   /* would be everything */
	CHECK(!store_ep_is_own(st, ep4(192, 0, 2, 99, 5060)));
	CHECK(!store_own_add_socket(st, "sip.example.net:5060"));
	CHECK(!store_own_add_socket(st, "192.0.2.5:99999"));
	CHECK(!store_own_add_socket(st, "[2001:db8::5]x"));
	CHECK(!store_own_add_socket(st, ""));
	CHECK(store_call_id_is_own(st, "5f2a9c01@trunkdoc"));
	CHECK(store_call_id_is_own(st, "5F2A@TRUNKDOC"));
	CHECK(!store_call_id_is_own(st, "abc@trunkdoc.example"));
	CHECK(!store_call_id_is_own(st, "@trunkdoc"));
	CHECK(!store_call_id_is_own(st, "deadbeef"));
	CHECK(store_own_add_call_id(st, "deadbeef"));
	CHECK(store_call_id_is_own(st, "deadbeef"));
	store_free(st);
}

static void test_pbx_addrs(void)
{
	struct pbx_addrs p = { .n = 0 };
	CHECK(pbx_addrs_add_text(&p, "192.168.1.10"));
	CHECK(pbx_addrs_add_text(&p, "[2001:db8::10]"));
	CHECK(pbx_addrs_add_text(&p, "2001:db8::11"));
	CHECK(pbx_addrs_add_text(&p, "192.168.1.10"));   /* once */
	CHECK_EQ_INT(p.n, 3);
	CHECK(!pbx_addrs_add_text(&p, "pbx.example.net"));
	CHECK(!pbx_addrs_add_text(&p, "192.168.1.10:5060"));
	CHECK(!pbx_addrs_add_text(&p, ""));
}

/* Two phones register to the PBX 192.168.1.10, the PBX registers out to
 * two providers (one refuses it), and trunkdoc's test REGISTER uses the
 * trunk's AOR. */
static void build_office(void)
{
	st = store_new();
	ep_id pbx = ep4(192, 168, 1, 10, 5060), pbx_out = ep4(192, 168, 1, 10, 5060);
	reg_pair(ep4(192, 168, 1, 101, 5060), pbx, "sip:381@192.168.1.10", "192.168.1.10", "p381", "Yealink", 200);
	reg_pair(pbx_out, ep4(198, 51, 100, 20, 5060), "sip:4412@sip.a.example", "sip.a.example", "ta", "Asterisk", 200);
	reg_pair(ep4(192, 168, 1, 102, 5062), pbx, "sip:388@192.168.1.10", "192.168.1.10", "p388", "Snom", 403);
	reg_pair(pbx_out, ep4(203, 0, 113, 80, 5060), "sip:8005@voip.b.example", "voip.b.example", "tb", "Asterisk", 404);
	reg_pair(ep4(192, 168, 1, 10, 41240), ep4(198, 51, 100, 20, 5060), "sip:4412@sip.a.example", "sip.a.example",
	         "8d03be77@trunkdoc", "trunkdoc/0.9 (test registration)", 403);
	store_finish(st, (usec_t)next_frame * 1000);
}

static void test_inferred(void)
{
	build_office();
	CHECK_EQ_INT(store_reg_count(st), 5);   /* the test REGISTER kept apart */
	struct profile p;
	memset(&p, 0, sizeof p);
	struct roles ro;
	memset(&ro, 0, sizeof ro);
	CHECK(roles_assign(&ro, st, &p, NULL));
	CHECK_EQ_INT(ro.reg[0].role, ROLE_EXTENSION);
	CHECK_EQ_INT(ro.reg[1].role, ROLE_TRUNK);
	CHECK_EQ_INT(ro.reg[2].role, ROLE_EXTENSION);
	CHECK_EQ_INT(ro.reg[3].role, ROLE_TRUNK);
	CHECK(ro.reg[4].own);
	CHECK_EQ_INT(ro.reg[4].trunk, -1);
	CHECK(store_reg(st, 4)->own);
	CHECK(!store_reg(st, 1)->own);
	CHECK_EQ_INT(ro.ntrunk, 2);
	CHECK_EQ_STR(ro.trunks[0].name, "4412@sip.a.example");
	CHECK_EQ_STR(ro.trunks[1].name, "8005@voip.b.example");
	CHECK(strstr(ro.pbx, "192.168.1.10") != NULL);
	CHECK(strstr(ro.reg[1].why, "registers out") != NULL);
	CHECK_EQ_INT(ro.nextensions, 2);
	CHECK_EQ_INT(ro.reg[2].verdict, V_FAIL);
	CHECK(strstr(ro.reg[2].verdict_text, "403") != NULL);
	CHECK_EQ_INT(ro.reg[0].verdict, V_PASS);
	CHECK(roles_reg_is_first_trunks(&ro, 1));
	CHECK(!roles_reg_is_first_trunks(&ro, 0));
	CHECK(!roles_reg_is_first_trunks(&ro, 4));

	/* the profile names trunk b: it comes first, a stays a trunk */
	snprintf(p.user, sizeof p.user, "8005");
	snprintf(p.registrar, sizeof p.registrar, "voip.b.example");
	CHECK(roles_assign(&ro, st, &p, NULL));
	CHECK(ro.trunks[0].named_by_profile);
	CHECK_EQ_INT(ro.trunks[0].nreg, 1);
	CHECK_EQ_INT(ro.trunks[0].regs[0], 3);
	CHECK(strstr(ro.reg[3].why, "profile") != NULL);
	/* both must match: the right user at another registrar is not it */
	snprintf(p.registrar, sizeof p.registrar, "sip.a.example");
	CHECK(!trunk_reg_matches_profile(st, &p, store_reg(st, 3)));
	CHECK(!trunk_reg_matches_profile(st, &p, store_reg(st, 1)));
	memset(&p, 0, sizeof p);
	CHECK(!trunk_reg_matches_profile(st, &p, store_reg(st, 1)));   /* names nothing */

	/* --pbx-ip naming another host: nothing is the PBX's */
	struct pbx_addrs known = { .n = 0, .source = "--pbx-ip" };
	pbx_addrs_add_text(&known, "10.9.9.9");
	CHECK(roles_assign(&ro, st, &p, &known));
	CHECK_EQ_INT(ro.ntrunk, 0);
	CHECK_EQ_INT(ro.reg[1].role, ROLE_OTHER);
	/* a text shared by registrations is kept once (a fleet's thousands
	 * share theirs), and none is NULL */
	size_t shared = 0;
	for (size_t i = 0; i < ro.nreg; i++)
		for (size_t j = i + 1; j < ro.nreg; j++) {
			CHECK(ro.reg[i].why && ro.reg[i].verdict_text);
			if (!strcmp(ro.reg[i].why, ro.reg[j].why)) {
				CHECK(ro.reg[i].why == ro.reg[j].why);
				shared++;
			}
			if (!strcmp(ro.reg[i].verdict_text, ro.reg[j].verdict_text)) {
				CHECK(ro.reg[i].verdict_text == ro.reg[j].verdict_text);
				shared++;
			}
		}
	CHECK(shared > 0);
	/* this host's interfaces that no registration touches: infer instead */
	known.only_if_seen = true;
	CHECK(roles_assign(&ro, st, &p, &known));
	CHECK_EQ_INT(ro.ntrunk, 2);
	CHECK_EQ_INT(ro.reg[0].role, ROLE_EXTENSION);
	roles_free(&ro);
	store_free(st);
}

static void test_one_ua(void)
{
	st = store_new();
	reg_pair(ep4(192, 0, 2, 10, 5060), ep4(198, 51, 100, 1, 5060), "sip:1000@example.com", "example.com", "c1", "PBX", 200);
	reg_pair(ep4(192, 0, 2, 10, 5060), ep4(198, 51, 100, 1, 5060), "sip:1001@example.com", "example.com", "c2", "PBX", 403);
	store_finish(st, (usec_t)next_frame * 1000);
	struct profile p;
	memset(&p, 0, sizeof p);
	struct roles ro;
	memset(&ro, 0, sizeof ro);
	CHECK(roles_assign(&ro, st, &p, NULL));
	CHECK_EQ_INT(ro.reg[0].role, ROLE_TRUNK);
	CHECK_EQ_INT(ro.reg[1].role, ROLE_TRUNK);
	CHECK_EQ_INT(ro.ntrunk, 1);               /* one registrar, one checklist */
	CHECK_EQ_INT(ro.trunks[0].nreg, 2);
	CHECK(strstr(ro.reg[0].why, "only UA") != NULL);
	/* two UAs to one registrar, no PBX among them: judged together */
	reg_pair(ep4(192, 0, 2, 11, 5060), ep4(198, 51, 100, 1, 5060), "sip:1002@example.com", "example.com", "c3", "PBX", 200);
	store_finish(st, (usec_t)next_frame * 1000);
	CHECK(roles_assign(&ro, st, &p, NULL));
	CHECK_EQ_INT(ro.ntrunk, 1);
	CHECK(ro.trunks[0].all_together);
	CHECK_EQ_INT(ro.trunks[0].nreg, 3);
	CHECK_EQ_INT(ro.reg[2].role, ROLE_OTHER);
	roles_free(&ro);
	store_free(st);
}

/* trunkdoc's own TCP connection attempt (its OPTIONS/TLS probe to 5061,
 * refused) inside a live capture of a UDP trunk: judged as the PBX's, it is
 * "the registrar refused the TCP connection"; known as ours (its socket was
 * recorded when the probe ran), it is never judged. */
static void test_own_tcp_not_judged(void)
{
	st = store_new();
	reg_pair(ep4(192, 168, 1, 10, 5060), ep4(198, 51, 100, 20, 5060), "sip:1000@example.com", "example.com", "c1", "PBX", 200);
	struct tcp_event syn = { .time = (usec_t)next_frame * 1000, .frame = next_frame, .kind = TCP_SYN,
	                         .src = ep4(192, 168, 1, 10, 41000), .dst = ep4(198, 51, 100, 20, 5061) };
	next_frame++;
	struct tcp_event rst = syn;
	rst.time += 300;
	rst.frame = next_frame++;
	rst.kind = TCP_RST;
	rst.src = syn.dst;
	rst.dst = syn.src;
	store_add_tcp(st, &syn);
	store_add_tcp(st, &rst);
	usec_t now = (usec_t)next_frame * 1000 + 40 * 1000000LL;
	store_finish(st, now);

	struct profile p;
	memset(&p, 0, sizeof p);
	struct roles ro;
	memset(&ro, 0, sizeof ro);
	CHECK(roles_assign(&ro, st, &p, NULL));
	CHECK_EQ_INT(ro.ntrunk, 1);
	struct finding *f = calloc(check_count, sizeof *f);
	struct check_ctx ctx = { .store = st, .profile = &p, .now = now, .trunk = &ro.trunks[0] };
	int ra = check_index("net.registrar-answers");
	CHECK(ra >= 0 && f);
	checks_run(&ctx, NULL, 0, f);
	CHECK_EQ_INT(f[ra].verdict, V_FAIL);           /* taken for the PBX's */
	CHECK(store_own_add_socket(st, "0.0.0.0:41000"));   /* what the probe recorded */
	memset(f, 0, check_count * sizeof *f);
	checks_run(&ctx, NULL, 0, f);
	CHECK_EQ_INT(f[ra].verdict, V_PASS);
	free(f);
	roles_free(&ro);
	store_free(st);
}

int main(void)
{
	test_own_sockets();
	test_pbx_addrs();
	test_inferred();
	test_one_ua();
	test_own_tcp_not_judged();
	return test_done();
}
