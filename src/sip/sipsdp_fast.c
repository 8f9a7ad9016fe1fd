/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * sipsdp_fast.c - the SDP bodies nearly every PBX, phone and SBC sends,
 * read in one pass without libosip2's parser (which allocates a tree of
 * some fifty blocks per body and was half the cost of an offer).
 *
 * It takes a body only in a strict form where what libosip2 5.3's
 * sdp_message_parse would read is certain, and hands anything else back
 * (-1) to that parser, so no body is read two ways:
 *
 *   v= o= s= [i=] [u=] e=* p=* [c=] b=* t=+ a=*  then per medium
 *   m= [i=] c=* b=* a=*
 *
 *   - every line "x=value" with a non-empty value, ended by CRLF or LF;
 *     no empty line, no lone CR, no NUL (each ends or cuts libosip2's
 *     parse somewhere this reader would not);
 *   - no r=, z= or k= lines (rare; libosip2 places them by rules this
 *     reader does not repeat);
 *   - o= six fields, t= two, c= "nettype addrtype address" with no '/'
 *     (multicast TTLs go to libosip2), b= "type:value", a= "field" or
 *     "field:value" with both non-empty: each as libosip2 splits it on
 *     single spaces, where an empty field would fail its parse;
 *   - m= "media port proto fmt..." with single spaces, no port count
 *     ("/2"), at least one fmt and no trailing space.
 *
 * The fields then become struct sdp_parsed_media through the helpers
 * libosip2's path uses too (sipsdp_impl.h).  tests/unit/test_sdp_fast.c
 * holds the two readers to the same output on bodies from the field and
 * on thousands of mutations of them.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sip/sipsdp_impl.h"

#define FAST_ATTRS 64            /* a=rtpmap lines kept per medium; more: libosip2 */

struct fast_media {
	char *media, *port, *proto;
	char *fmt;                   /* the first fmt; nfmt NUL-ended ones follow */
	unsigned nfmt;
	char *c_addr;                /* its first c= address, NULL when none */
	int dir;                     /* its last direction attribute, -1 when none */
	const char *rtpmap[FAST_ATTRS];
	unsigned nrtpmap;
};

/* The next line of [*p, end): NUL-ended in place, its type letter in *type,
 * its value returned; NULL when it is not a well-formed line. */
static char *next_line(char **p, char *end, char *type)
{
	char *s = *p;
	if (end - s < 3 || s[1] != '=' || s[0] < 'a' || s[0] > 'z')
		return NULL;
	char *e = s + 2;
	while (e < end && *e != '\r' && *e != '\n')
		e++;
	if (e == end || e == s + 2)
		return NULL;             /* no line end, or an empty value */
	char *next;
	if (*e == '\r') {
		if (e + 1 >= end || e[1] != '\n')
			return NULL;         /* a lone CR */
		next = e + 2;
	} else {
		next = e + 1;
	}
	if (next < end && (*next == '\r' || *next == '\n'))
		return NULL;             /* an empty line: libosip2 stops there */
	*e = '\0';
	*type = s[0];
	*p = next;
	return s + 2;
}

/* Splits v at its first space (NUL-ending the first part); returns the
 * rest, or NULL when either part would be empty. */
static char *split_space(char *v)
{
	char *sp = strchr(v, ' ');
	if (!sp || sp == v || !sp[1])
		return NULL;
	*sp = '\0';
	return sp + 1;
}

/* Does v hold exactly n single-space-separated non-empty fields? */
static bool fields(const char *v, unsigned n)
{
	unsigned k = 1;
	if (*v == ' ')
		return false;
	for (const char *c = v; *c; c++)
		if (*c == ' ') {
			if (c[1] == ' ' || !c[1])
				return false;
			k++;
		}
	return k == n;
}

/* a=field or a=field:value, both non-empty; the field NUL-ended, *value
 * set (NULL without a colon).  False when libosip2 would fail on it. */
static bool attribute(char *v, char **value)
{
	char *colon = strchr(v, ':');
	*value = NULL;
	if (!colon)
		return true;
	if (colon == v || !colon[1])
		return false;
	*colon = '\0';
	*value = colon + 1;
	return true;
}

/* m=media port proto fmt ...: false when it is not in the strict form. */
static bool media_line(char *v, struct fast_media *m)
{
	m->media = v;
	if (!(m->port = split_space(m->media)) || !(m->proto = split_space(m->port)) ||
	    !(m->fmt = split_space(m->proto)) || *m->fmt == ' ' || strchr(m->port, '/'))
		return false;
	m->nfmt = 1;
	for (char *c = m->fmt; *c; c++)
		if (*c == ' ') {
			if (c[1] == ' ' || !c[1])
				return false;
			*c = '\0';
			m->nfmt++;
		}
	return true;
}

/* c=nettype addrtype address, unicast: the address, or NULL. */
static char *connection_line(char *v)
{
	char *addrtype = split_space(v);
	char *addr = addrtype ? split_space(addrtype) : NULL;
	if (!addr || strchr(addr, '/'))
		return NULL;
	return addr;
}

/* May a line of rank want follow one of rank at (ranks: sdp_parse_fast)? */
static bool order_ok(int at, int want)
{
	switch (want) {
	case 0: return at == -1;                          /* v= first */
	case 1: return at == 0;                           /* then o= */
	case 2: return at == 1;                           /* then s= (never before o=) */
	case 3: case 4: case 7:
		return at >= 2 && at < want;              /* i=, u=, c=: once, in order */
	case 5: case 6: case 8:
		return at >= 2 && at <= want;             /* e=*, p=*, b=* */
	case 9: return at >= 2 && at <= 9;                /* t=+ */
	case 11: return at >= 9 && at <= 11;              /* a=* after t= */
	case 19: return at >= 9;                          /* m= after t=, or another medium */
	case 20: return at == 19;                         /* its i= right after m= */
	case 21: case 22: return at >= 19 && at <= want;  /* its c=*, b=* */
	case 23: return at >= 19;                         /* its a=* */
	default: return false;
	}
}

int sdp_parse_fast(const char *body, size_t len, char *pad, size_t padsize, struct sdp_parsed *out)
{
	out->nmedia = 0;
	if (!body || !len || padsize < len + SDP_PAD || memchr(body, '\0', len))
		return -1;
	memcpy(pad, body, len);
	char *p = pad, *end = pad + len;
	/* the last line may lack its line end: libosip2's path adds one */
	if (pad[len - 1] != '\n') {
		memcpy(pad + len, "\r\n", 2);
		end += 2;
	}
	pad[end - pad] = '\0';

	struct fast_media med[SDP_MEDIA_MAX], skipped, *cur = NULL;
	unsigned nmed = 0;
	char *session_c = NULL;
	int session_dir = SDP_SENDRECV;
	/* the rank of the last line: -1 none yet; session 0 v, 1 o, 2 s, 3 i,
	 * 4 u, 5 e, 6 p, 7 c, 8 b, 9 t, 11 a; 19 m, then in a medium 20 i,
	 * 21 c, 22 b, 23 a (order_ok says what may follow what). */
	int at = -1;
	while (p < end) {
		char type, *v = next_line(&p, end, &type), *val;
		if (!v)
			return -1;
		bool media = at >= 19;
		int want;
		switch (type) {
		case 'v': want = 0; break;
		case 'o': want = 1; break;
		case 's': want = 2; break;
		case 'i': want = media ? 20 : 3; break;
		case 'u': want = 4; break;
		case 'e': want = 5; break;
		case 'p': want = 6; break;
		case 'c': want = media ? 21 : 7; break;
		case 'b': want = media ? 22 : 8; break;
		case 't': want = 9; break;
		case 'a': want = media ? 23 : 11; break;
		case 'm': want = 19; break;
		default: return -1;              /* r=, z=, k= and the unknown */
		}
		if (!order_ok(at, want))
			return -1;
		switch (want) {
		case 1:
			if (!fields(v, 6))
				return -1;
			break;
		case 7:
		case 21:
			if (!(val = connection_line(v)))
				return -1;
			if (want == 7)
				session_c = val;
			else if (!cur->c_addr)
				cur->c_addr = val;
			break;
		case 8:
		case 22:
			if (!attribute(v, &val) || !val)
				return -1;
			break;
		case 9:
			if (!split_space(v))
				return -1;
			break;
		case 11:
		case 23: {
			if (!attribute(v, &val))
				return -1;
			int d = sdp_dir_of(v);
			if (want == 11) {
				if (d >= 0)
					session_dir = d;
				break;
			}
			if (d >= 0)
				cur->dir = d;
			if (val && !strcasecmp(v, "rtpmap")) {
				if (cur->nrtpmap == FAST_ATTRS)
					return -1;
				cur->rtpmap[cur->nrtpmap++] = val;
			}
			break;
		}
		case 19:
			cur = nmed < SDP_MEDIA_MAX ? &med[nmed++] : &skipped;
			memset(cur, 0, sizeof *cur);
			cur->dir = -1;
			if (!media_line(v, cur))
				return -1;
			break;
		default:
			break;
		}
		at = want;
	}
	if (at < 9)
		return -1;                   /* no t= yet: libosip2 says what it makes of that */

	for (unsigned k = 0; k < nmed; k++) {
		const struct fast_media *m = &med[k];
		struct sdp_parsed_media *pm = &out->media[out->nmedia++];
		memset(pm, 0, sizeof *pm);
		long port = strtol(m->port, NULL, 10);
		pm->port = port > 0 && port <= 65535 ? (uint16_t)port : 0;
		pm->kind = (uint8_t)sdp_kind_of(m->media);
		pm->proto = (uint8_t)sdp_proto_of(m->proto);
		pm->dir = (uint8_t)(m->dir >= 0 ? m->dir : session_dir);
		sdp_fill_address(pm, m->c_addr ? m->c_addr : session_c, !m->c_addr);
		size_t used = 0;
		const char *f = m->fmt;
		for (unsigned i = 0; i < m->nfmt; i++, f += strlen(f) + 1) {
			int pt = sdp_pt_of(f);
			const char *name = NULL;
			for (unsigned r = 0; pt >= 0 && r < m->nrtpmap; r++) {
				const char *n = sdp_rtpmap_name(m->rtpmap[r], pt);
				if (n) {
					name = *n ? n : NULL;
					break;
				}
			}
			sdp_codec_of_payload(pm, &used, f, name);
		}
	}
	return out->nmedia > 0;
}
