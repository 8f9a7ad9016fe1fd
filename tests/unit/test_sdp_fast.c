/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_sdp_fast.c - the SDP fast path (src/sip/sipsdp_fast.c) reads what
 * libosip2's parser reads, or declines.  Offers and answers as PBXs,
 * phones, SBCs and gateways send them must be taken by the fast path
 * (else it buys nothing) and give exactly libosip2's media descriptions;
 * then every one of some hundred thousand mutations of them (a byte
 * dropped, doubled or replaced by one that matters to the grammar, a line
 * dropped, doubled or moved, the body cut short) is either declined or
 * read the same by both.  Under ASan this is also a bounded fuzz run of
 * the fast path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sip/sipparse.h"
#include "sip/sipsdp.h"
#include "sip/sipsdp_impl.h"
#include "testlib.h"

static const char *const seeds[] = {
	/* Asterisk, G.711 and G.722 with DTMF */
	"v=0\r\no=- 1234 5678 IN IP4 203.0.113.5\r\ns=Asterisk\r\nc=IN IP4 203.0.113.5\r\nt=0 0\r\n"
	"m=audio 10000 RTP/AVP 8 0 9 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\n"
	"a=rtpmap:9 G722/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n",
	/* FreeSWITCH: session direction, media c=, b= */
	"v=0\r\no=FreeSWITCH 1700000000 1700000001 IN IP4 198.51.100.7\r\ns=FreeSWITCH\r\n"
	"c=IN IP4 198.51.100.7\r\nt=0 0\r\na=sendonly\r\nm=audio 24580 RTP/AVP 0 101\r\n"
	"c=IN IP4 192.168.1.20\r\nb=AS:64\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
	"a=fmtp:101 0-16\r\na=ptime:20\r\n",
	/* hold (RFC 2543), LF line ends, no rtpmap */
	"v=0\no=user 1 2 IN IP4 10.0.0.1\ns=-\nc=IN IP4 0.0.0.0\nt=0 0\nm=audio 4000 RTP/AVP 0 18\na=inactive\n",
	/* IPv6, SRTP with crypto, video */
	"v=0\r\no=- 42 42 IN IP6 2001:db8::1\r\ns=call\r\ni=info\r\nu=http://example.com\r\n"
	"e=ops@example.com\r\np=+1 555 0100\r\nc=IN IP6 2001:db8::1\r\nb=CT:1000\r\nt=0 0\r\nt=0 0\r\n"
	"a=group:BUNDLE 0 1\r\nm=audio 5004 RTP/SAVP 111 0\r\ni=voice\r\na=rtpmap:111 opus/48000/2\r\n"
	"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\r\n"
	"a=recvonly\r\nm=video 5006 RTP/SAVPF 96\r\nc=IN IP6 2001:db8::2\r\na=rtpmap:96 H264/90000\r\n",
	/* T.38 fax after a re-INVITE, a refused stream */
	"v=0\r\no=sbc 7 8 IN IP4 192.0.2.9\r\ns=fax\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\n"
	"m=audio 0 RTP/AVP 0\r\nm=image 30000 udptl t38\r\na=T38FaxVersion:0\r\na=T38MaxBitRate:14400\r\n"
	"a=T38FaxRateManagement:transferredTCF\r\n",
	/* a host name in c=, a dynamic type with no rtpmap, RTP/AVPF, no last line end */
	"v=0\r\no=- 3 3 IN IP4 pbx.example.net\r\ns=x\r\nc=IN IP4 media.example.net\r\nt=0 0\r\n"
	"m=audio 7078 RTP/AVPF 120 8\r\na=rtpmap:8 pcma/8000\r\na=rtcp-fb:* nack",
	/* several media, more than SDP_MEDIA_MAX of them */
	"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=s\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
	"m=audio 1000 RTP/AVP 0\r\nm=audio 1002 RTP/AVP 8\r\nm=audio 1004 RTP/AVP 9\r\nm=video 1006 RTP/AVP 31\r\n"
	"m=audio 1008 RTP/AVP 3\r\nm=audio 1010 RTP/AVP 4\r\nm=audio 1012 RTP/AVP 18\r\nm=application 1014 UDP/BFCP *\r\n"
	"m=audio 1016 RTP/AVP 0\r\na=sendonly\r\n",
	/* an rtpmap that names its type twice, attributes in upper case */
	"v=0\r\no=Polycom 1 2 IN IP4 172.16.0.3\r\ns=-\r\nc=IN IP4 172.16.0.3\r\nt=0 0\r\n"
	"m=audio 2222 RTP/AVP 9 102 101\r\na=RTPMAP:102 G7221/16000\r\na=rtpmap:102 G7221/32000\r\n"
	"a=rtpmap:101 telephone-event/8000\r\na=SENDONLY\r\na=rtpmap:9 G722/8000\r\n",
};

/* What both readers give for one body. */
struct both {
	int fast;
	bool osip;
	struct sdp_parsed f, o;
};

static char pad[SIP_MSG_MAX + SDP_PAD];

static void read_both(const char *body, size_t len, struct both *b)
{
	memset(&b->f, 0, sizeof b->f);
	memset(&b->o, 0, sizeof b->o);
	b->fast = sdp_parse_fast(body, len, pad, sizeof pad, &b->f);
	b->osip = sdp_parse_osip(body, len, pad, sizeof pad, &b->o);
}

static bool same(const struct both *b)
{
	if (b->fast < 0)
		return true;
	if ((b->fast == 1) != b->osip || b->f.nmedia != b->o.nmedia)
		return false;
	for (size_t i = 0; i < b->f.nmedia; i++)
		if (memcmp(&b->f.media[i], &b->o.media[i], sizeof b->f.media[i]))
			return false;
	return true;
}

static void show(const char *what, const char *body, size_t len, const struct both *b)
{
	printf("# %s: fast %d (%zu media) osip %d (%zu media) on:\n# ", what, b->fast, b->f.nmedia, b->osip,
	       b->o.nmedia);
	for (size_t i = 0; i < len; i++)
		printf(body[i] == '\n' ? "\\n\n# " : body[i] == '\r' ? "\\r" : (unsigned char)body[i] < 32 ? "\\x%02x" : "%c",
		       (unsigned char)body[i]);
	printf("\n");
	for (size_t i = 0; i < b->f.nmedia || i < b->o.nmedia; i++)
		printf("#  m%zu fast [%s] %u %s dir %u flags %u | osip [%s] %u %s dir %u flags %u\n", i,
		       b->f.media[i].addr, b->f.media[i].port, b->f.media[i].codecs, b->f.media[i].dir,
		       b->f.media[i].flags, b->o.media[i].addr, b->o.media[i].port, b->o.media[i].codecs,
		       b->o.media[i].dir, b->o.media[i].flags);
}

static uint64_t rng = 88172645463325252ULL;
static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* One mutation of seed into out; returns its length. */
static size_t mutate(const char *seed, size_t len, char *out)
{
	static const char bytes[] = " \r\n/:=\t0a9mcbtrzkv\0";
	memcpy(out, seed, len);
	size_t at = rnd((unsigned)len);
	switch (rnd(8)) {
	case 0:                                   /* drop a byte */
		memmove(out + at, out + at + 1, len - at - 1);
		return len - 1;
	case 1:                                   /* insert one */
		memmove(out + at + 1, out + at, len - at);
		out[at] = bytes[rnd(sizeof bytes - 1)];
		return len + 1;
	case 2:                                   /* replace one */
		out[at] = bytes[rnd(sizeof bytes - 1)];
		return len;
	case 3:                                   /* cut short */
		return at ? at : 1;
	default: {                                /* a whole line: drop, double or move it */
		size_t s = at;
		while (s && out[s - 1] != '\n')
			s--;
		size_t e = at;
		while (e < len && out[e] != '\n')
			e++;
		if (e < len)
			e++;
		size_t n = e - s;
		char line[2048];
		if (n > sizeof line)
			return len;
		memcpy(line, out + s, n);
		memmove(out + s, out + e, len - e);
		len -= n;
		int what = rnd(3);
		if (what == 0)
			return len;
		size_t to = what == 1 ? s : rnd((unsigned)len + 1);
		while (to && to < len && out[to - 1] != '\n')
			to--;
		for (int k = what == 1 ? 2 : 1; k > 0; k--) {
			memmove(out + to + n, out + to, len - to);
			memcpy(out + to, line, n);
			len += n;
		}
		return len;
	}
	}
}

int main(void)
{
	sipparse_init();
	size_t nseeds = sizeof seeds / sizeof *seeds;
	struct both b;
	for (size_t i = 0; i < nseeds; i++) {
		size_t len = strlen(seeds[i]);
		read_both(seeds[i], len, &b);
		if (b.fast < 0 || !same(&b))
			show("seed", seeds[i], len, &b);
		CHECK(b.fast >= 0);               /* the fast path takes what the field sends */
		CHECK(same(&b));
		CHECK(b.o.nmedia > 0);
	}
	/* a body in neither reader's form is declined, not misread */
	read_both("v=0\r\n", 5, &b);
	CHECK(b.fast < 0 && !b.osip);

	static char out[8192];
	unsigned taken = 0, declined = 0, differ = 0;
	for (unsigned n = 0; n < 120000; n++) {
		const char *seed = seeds[n % nseeds];
		size_t len = mutate(seed, strlen(seed), out);
		/* a second mutation on every other body */
		if (n & 1) {
			static char twice[8192];
			memcpy(twice, out, len);
			len = mutate(twice, len, out);
		}
		if (!len)
			continue;
		read_both(out, len, &b);
		if (b.fast < 0)
			declined++;
		else
			taken++;
		if (!same(&b) && differ++ < 5)
			show("mutation read two ways", out, len, &b);
	}
	printf("# mutations: %u taken by the fast path, %u declined, %u read differently\n", taken, declined, differ);
	CHECK_EQ_INT(differ, 0);
	CHECK(taken > 10000);                      /* the comparison saw many bodies */
	CHECK(declined > 10000);
	return test_done();
}
