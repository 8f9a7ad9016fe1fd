/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_digest.c - digest recomputation against the worked examples of
 * RFC 2617 §3.5 and RFC 7616 §3.9.1, and SIP REGISTER cases (no qop,
 * -sess, auth-int, SHA-512-256) whose expected values were computed with an
 * independent implementation (Python hashlib, same formulas), and a real
 * Kamailio challenge answered by SIPp.
 */
#include "testlib.h"
#include "trunk/digest.h"

static const char *resp(const struct digest_input *in)
{
	static char out[DIGEST_HEX_MAX];
	char err[128];
	if (!digest_response(in, out, sizeof out, err, sizeof err)) {
		printf("# digest_response: %s\n", err);
		return "(failed)";
	}
	return out;
}

int main(void)
{
	/* RFC 2617 §3.5 */
	struct digest_input rfc2617 = {
		.algorithm = NULL, .username = "Mufasa", .realm = "testrealm@host.com",
		.password = "Circle Of Life", .method = "GET", .uri = "/dir/index.html",
		.nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093", .qop = "auth",
		.nc = "00000001", .cnonce = "0a4f113b",
	};
	CHECK_EQ_STR(resp(&rfc2617), "6629fae49393a05397450978507c4ef1");

	/* RFC 7616 §3.9.1, MD5 and SHA-256 */
	struct digest_input rfc7616 = {
		.algorithm = "MD5", .username = "Mufasa", .realm = "http-auth@example.org",
		.password = "Circle of Life", .method = "GET", .uri = "/dir/index.html",
		.nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", .qop = "auth",
		.nc = "00000001", .cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
	};
	CHECK_EQ_STR(resp(&rfc7616), "8ca523f5e9506fed4657c9700eebdbec");
	rfc7616.algorithm = "SHA-256";
	CHECK_EQ_STR(resp(&rfc7616), "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
	rfc7616.algorithm = "sha-256";   /* tokens are case-insensitive */
	CHECK_EQ_STR(resp(&rfc7616), "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");

	/* SIP REGISTER variants */
	struct digest_input sip = {
		.username = "1000", .realm = "example.net", .password = "s3cret",
		.method = "REGISTER", .uri = "sip:example.net", .nonce = "abc",
	};
	CHECK_EQ_STR(resp(&sip), "86aaf39069e5cbddb7356eb18b97c48b");      /* RFC 2069 style */
	sip.algorithm = "MD5-sess"; sip.qop = "auth"; sip.nc = "00000001"; sip.cnonce = "xyz";
	CHECK_EQ_STR(resp(&sip), "4fc1a1ab9c43187187ec9e987a75dd86");
	sip.algorithm = "MD5"; sip.qop = "auth-int"; sip.nc = "00000002";
	CHECK_EQ_STR(resp(&sip), "319e0aedef22439fb46a02ff851db62f");      /* empty body */
	sip.algorithm = "SHA-256"; sip.body = "v=0\r\n"; sip.body_len = 5;
	CHECK_EQ_STR(resp(&sip), "9fcf9beb0aba62288f3ba2ce4144cce8b19a661a0c09d42d956d8140c1abf4a8");
	sip.body = NULL; sip.body_len = 0; sip.qop = "auth"; sip.nc = "00000001";
	sip.algorithm = "SHA-256-sess";
	CHECK_EQ_STR(resp(&sip), "456167a67a3ed5970be86e597215997c3e4a994c153afdf893dea6e13c5d8728");
	sip.algorithm = "SHA-512-256-sess";
	CHECK_EQ_STR(resp(&sip), "179cc2aa01c3b183a5dc72ccd8811e1149348de7e3ede89515886d75e75860ce");

	/* A real Kamailio 5 challenge and SIPp's answer, from the lab capture
	 * tests/captures/real/healthy.pcap (frames 4 and 5; lab password). */
	struct digest_input kam = {
		.algorithm = "MD5", .username = "trunk1", .realm = "sip.provider.example",
		.password = "lab-secret-1", .method = "REGISTER", .uri = "sip:sip.provider.example",
		.nonce = "awFGR2sBRRvUI+f+RcIfyv5mPekXwfPR",
	};
	CHECK_EQ_STR(resp(&kam), "db0717c7967927eae8bf69cbde938b66");
	kam.password = "lab-secret-2";
	CHECK(!digest_equal(resp(&kam), "db0717c7967927eae8bf69cbde938b66"));

	/* a wrong password gives another response */
	sip.algorithm = "MD5"; sip.qop = NULL; sip.password = "s3creT";
	CHECK(!digest_equal(resp(&sip), "86aaf39069e5cbddb7356eb18b97c48b"));

	/* refusals */
	char out[DIGEST_HEX_MAX], err[128];
	struct digest_input bad = sip;
	bad.algorithm = "SHA-1";
	CHECK(!digest_response(&bad, out, sizeof out, err, sizeof err));
	bad = sip; bad.qop = "auth"; bad.cnonce = NULL;
	CHECK(!digest_response(&bad, out, sizeof out, err, sizeof err));
	bad = sip; bad.qop = "bogus";
	CHECK(!digest_response(&bad, out, sizeof out, err, sizeof err));
	CHECK(!digest_response(&sip, out, 10, err, sizeof err));  /* output too small */

	enum digest_hash h; bool sess;
	CHECK(digest_algorithm_parse("SHA-512-256-SESS", &h, &sess) && h == DIGEST_SHA512_256 && sess);
	CHECK(digest_algorithm_parse("", &h, &sess) && h == DIGEST_MD5 && !sess);
	CHECK(digest_equal("ABCdef", "abcDEF"));
	CHECK(!digest_equal("abc", "abcd"));
	return test_done();
}
