/* SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors */
/* The one host:port parser (src/base/hostport.c): what it accepts, what it
 * refuses, and that a refusal leaves nothing behind. */
#include <stdint.h>
#include "base/hostport.h"
#include "testlib.h"

static char host[64];
static uint16_t port;

static void good(const char *in, const char *want_host, unsigned want_port)
{
	bool ok = hostport_parse(in, host, sizeof host, &port);
	if (!ok)
		printf("# refused: \"%s\"\n", in);
	CHECK(ok);
	CHECK_EQ_STR(host, want_host);
	CHECK_EQ_INT(port, want_port);
}

static void bad(const char *in, size_t len)
{
	port = 4242;
	snprintf(host, sizeof host, "stale");
	bool ok = hostport_parse_n(in, len, host, sizeof host, &port);
	if (ok)
		printf("# accepted: \"%.*s\" -> %s port %u\n", (int)len, in, host, port);
	CHECK(!ok);
	CHECK_EQ_STR(host, "");
	CHECK_EQ_INT(port, 0);
}
#define BAD(s) bad(s, sizeof s - 1)

static void uri(const char *in, const char *want_host, unsigned want_port)
{
	CHECK(hostport_of_uri(in, host, sizeof host, &port));
	CHECK_EQ_STR(host, want_host);
	CHECK_EQ_INT(port, want_port);
}

int main(void)
{
	/* IPv4, with and without a port */
	good("192.0.2.1", "192.0.2.1", 0);
	good("192.0.2.1:5060", "192.0.2.1", 5060);
	good("192.0.2.1:65535", "192.0.2.1", 65535);
	/* bracketed IPv6, with and without a port */
	good("[2001:db8::1]", "2001:db8::1", 0);
	good("[2001:db8::1]:5061", "2001:db8::1", 5061);
	good("[::1]:5060", "::1", 5060);
	good("[fe80::1%eth0]:5060", "fe80::1%eth0", 5060);
	/* a bare IPv6 address never has a port: the last group is the address's */
	good("2001:db8::1", "2001:db8::1", 0);
	good("2001:db8::1:5060", "2001:db8::1:5060", 0);
	good("::1", "::1", 0);
	good("::ffff:192.0.2.1", "::ffff:192.0.2.1", 0);
	/* names */
	good("sip.example.net", "sip.example.net", 0);
	good("sip.example.net:5080", "sip.example.net", 5080);
	good("SIP.Example.NET.", "SIP.Example.NET.", 0);
	good("_sip._udp.example.net", "_sip._udp.example.net", 0);
	good("localhost:05060", "localhost", 5060);

	/* garbage */
	BAD("");
	BAD("[::1");
	BAD("[::1]x");
	BAD("[::1]:");
	BAD("[::1]:99999");
	BAD("[]");
	BAD("[sip.example.net]");
	BAD("[192.0.2.1]:5060");
	BAD("host:99999");
	BAD("host:65536");
	BAD("host:0");
	BAD("host:");
	BAD("host:-1");
	BAD("host:+5060");
	BAD("host:50 60");
	BAD("host:5060x");
	BAD(":5060");
	BAD(":");
	BAD("2001:db8::zz");      /* several colons, no address */
	BAD("a:b:c");
	BAD("1.2.3.256");
	BAD("192.0.2.1.5");
	BAD("host name");
	BAD("host\tname");
	BAD("host\nname:5060");
	BAD("host\r");
	BAD("\x1b]52;c;aGk=\x07");
	BAD("host\x7f");
	BAD("h\xc3\xa9st");
	BAD("user@host");
	BAD("host/path");
	BAD("host:5060;transport=udp");
	BAD("sip:host");          /* a scheme is for hostport_of_uri */
	bad("host\0evil", 9);     /* an embedded NUL is a byte like any other */
	/* a host longer than the caller's buffer is refused, not cut */
	{
		char small[16];
		uint16_t p = 1;
		CHECK(!hostport_parse("a-very-long-host-name-that-does-not-fit", small, sizeof small, &p));
		CHECK_EQ_STR(small, "");
		CHECK(hostport_parse("fifteen-chars.x", small, sizeof small, &p));
		CHECK(!hostport_parse("sixteen-chars.xy", small, sizeof small, &p));
	}
	CHECK(!hostport_parse(NULL, host, sizeof host, &port));

	/* SIP URIs and their parts */
	uri("sip:1000@sip.example.net:5080;transport=udp", "sip.example.net", 5080);
	uri("sips:[2001:db8::1]:5061", "2001:db8::1", 5061);
	uri("sip:+4420;phone-context=x@example.net", "example.net", 0);
	uri("sip:alice:secret@192.0.2.7>;tag=1", "192.0.2.7", 0);
	uri("SIP:example.net?subject=x", "example.net", 0);
	uri("sip.example.net:5060", "sip.example.net", 5060);
	uri("2001:db8::1", "2001:db8::1", 0);
	CHECK(!hostport_of_uri("sip:", host, sizeof host, &port));
	CHECK(!hostport_of_uri("sip:1000@", host, sizeof host, &port));
	CHECK(!hostport_of_uri("sip:host:99999", host, sizeof host, &port));
	CHECK(!hostport_of_uri(NULL, host, sizeof host, &port));
	return test_done();
}
