/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_sipbody.c - the SDP of a SIP body (src/sip/sipbody.c): the whole
 * body for application/sdp; the application/sdp part of multipart/mixed
 * (SIP-I's SDP + ISUP, RFC 2046 framing with CRLF or bare LF, quoted
 * boundary, preamble, a part before the SDP, nested multipart/alternative);
 * and hostile bodies that must give nothing, each handed over in an exact
 * heap copy so ASan sees any read past its end.
 */
#include <stdlib.h>
#include <string.h>

#include "sip/sipbody.h"
#include "testlib.h"

/* The SDP found, as a string ("" when none), from an exact-size copy. */
static const char *sdp_of_n(const char *ct, const char *body, size_t n, char *out, size_t size)
{
	char *copy = malloc(n ? n : 1);
	memcpy(copy, body, n);
	const char *s;
	size_t sl;
	out[0] = 0;
	if (sip_body_sdp(ct, ct ? strlen(ct) : 0, copy, n, &s, &sl)) {
		if (s < copy || s + sl > copy + n || sl >= size)
			snprintf(out, size, "(out of the body)");
		else {
			memcpy(out, s, sl);
			out[sl] = 0;
		}
	}
	free(copy);
	return out;
}

/* bodies with NULs (ISUP is binary) are arrays: their size is their length */
#define sdp_of(ct, body, out, size) sdp_of_n(ct, body, sizeof(body) - 1, out, size)

#define SDP "v=0\r\no=- 1 1 IN IP4 192.0.2.5\r\ns=-\r\nc=IN IP4 192.0.2.5\r\nt=0 0\r\nm=audio 4000 RTP/AVP 8\r\n"
#define ISUP "\x01\x00\x49\x00\x00\x03\x02\x00\x07\x04\x10\x00\x33\x63\x21\x43\x00\x00\x03--b1\r"

int main(void)
{
	char out[2048];

	CHECK_EQ_STR(sdp_of("application/sdp", SDP, out, sizeof out), SDP);
	CHECK_EQ_STR(sdp_of(" Application/SDP ;charset=x", SDP, out, sizeof out), SDP);
	CHECK_EQ_STR(sdp_of("application/sdpx", SDP, out, sizeof out), "");
	CHECK_EQ_STR(sdp_of("text/plain", SDP, out, sizeof out), "");
	CHECK_EQ_STR(sdp_of(NULL, SDP, out, sizeof out), "");
	CHECK_EQ_STR(sdp_of("application/sdp", "", out, sizeof out), "");

	/* SIP-I: SDP first, then ISUP (binary, with a "--b1" inside that is no
	 * delimiter: not at a line start) */
	static const char sipi[] = "--unique-boundary-1\r\n"
		"Content-Type: application/sdp\r\n\r\n" SDP
		"\r\n--unique-boundary-1\r\n"
		"Content-Type: application/ISUP;version=itu-t92+;base=itu-t92+\r\n"
		"Content-Disposition: signal;handling=optional\r\n\r\n" ISUP
		"\r\n--unique-boundary-1--\r\n";
	CHECK_EQ_STR(sdp_of("multipart/mixed;boundary=unique-boundary-1", sipi, out, sizeof out), SDP);
	CHECK_EQ_STR(sdp_of("Multipart/Mixed ; Boundary = \"unique-boundary-1\"", sipi, out, sizeof out), SDP);
	CHECK_EQ_STR(sdp_of("multipart/mixed;version=1;boundary=unique-boundary-1;x=y", sipi, out, sizeof out), SDP);

	/* ISUP first, SDP last, a preamble, bare LF line ends, no close delimiter */
	static const char isup_first[] = "This is a preamble.\n"
		"--b1\n"
		"Content-Type: application/isup;version=nxv3\n\n" ISUP
		"\n--b1 \n"
		"content-type:application/sdp\n\n"
		"v=0\nc=IN IP4 192.0.2.6\nm=audio 4002 RTP/AVP 0\n";
	CHECK_EQ_STR(sdp_of("multipart/mixed; boundary=b1", isup_first, out, sizeof out),
	             "v=0\nc=IN IP4 192.0.2.6\nm=audio 4002 RTP/AVP 0\n");

	/* nested: multipart/alternative inside multipart/mixed */
	static const char nested[] = "--outer\r\n"
		"Content-Type: multipart/alternative;boundary=inner\r\n\r\n"
		"--inner\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
		"--inner\r\nContent-Type: application/sdp\r\n\r\n" SDP
		"\r\n--inner--\r\n"
		"\r\n--outer\r\nContent-Type: application/isup\r\n\r\nxx\r\n--outer--\r\n";
	CHECK_EQ_STR(sdp_of("multipart/mixed;boundary=outer", nested, out, sizeof out), SDP);

	/* hostile and broken: nothing, never a read outside */
	CHECK_EQ_STR(sdp_of("multipart/mixed", sipi, out, sizeof out), "");                 /* no boundary */
	CHECK_EQ_STR(sdp_of("multipart/mixed;boundary=", sipi, out, sizeof out), "");
	CHECK_EQ_STR(sdp_of("multipart/mixed;boundary=\"unique-boundary-1", sipi, out, sizeof out), "");
	CHECK_EQ_STR(sdp_of("multipart/mixed;boundary=other", sipi, out, sizeof out), "");
	char longb[200] = "multipart/mixed;boundary=";
	memset(longb + strlen(longb), 'a', 71);
	CHECK_EQ_STR(sdp_of(longb, sipi, out, sizeof out), "");
	CHECK_EQ_STR(sdp_of("multipart/mixed;boundary=b", "--b", out, sizeof out), "");
	CHECK_EQ_STR(sdp_of("multipart/mixed;boundary=b", "--b\r\n", out, sizeof out), "");
	CHECK_EQ_STR(sdp_of("multipart/mixed;boundary=b", "--b\r\nContent-Type: application/sdp\r\n", out, sizeof out), "");
	CHECK_EQ_STR(sdp_of("multipart/mixed;boundary=b", "--b\r\nContent-Type: application/sdp\r\n\r\n", out, sizeof out), "");
	CHECK_EQ_STR(sdp_of("multipart/mixed;boundary=b", "--b--\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n", out, sizeof out), "");
	CHECK_EQ_STR(sdp_of("multipart/mixed;boundary=b", "--b\r\nContent-Type: application/sdp\r\n\r\nv=0", out, sizeof out), "v=0");
	CHECK_EQ_STR(sdp_of("multipart/mixed;boundary=b", "--b\r\nContent-Type:", out, sizeof out), "");
	CHECK_EQ_STR(sdp_of("multipart/", "--b\r\n\r\nv=0", out, sizeof out), "");
	/* nesting deeper than SIP_BODY_DEPTH_MAX */
	CHECK_EQ_STR(sdp_of("multipart/mixed;boundary=a",
		"--a\r\nContent-Type: multipart/mixed;boundary=b\r\n\r\n"
		"--b\r\nContent-Type: multipart/mixed;boundary=c\r\n\r\n"
		"--c\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n", out, sizeof out), "");
	/* more parts than SIP_BODY_PARTS_MAX before the SDP */
	char many[4096] = "";
	for (int i = 0; i < SIP_BODY_PARTS_MAX; i++)
		strcat(many, "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n");
	strcat(many, "--b\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--b--");
	CHECK_EQ_STR(sdp_of_n("multipart/mixed;boundary=b", many, strlen(many), out, sizeof out), "");
	return test_done();
}
