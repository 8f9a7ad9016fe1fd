/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * hepstream.c - HEP packets cut from a TCP stream (see hepstream.h).
 */
#include <string.h>

#include "base/wire.h"
#include "net/hep.h"
#include "net/hepstream.h"

/* A start line longer than this is no SIP any real agent sends (the
 * longest request URIs seen in the field are a few hundred bytes). */
#define START_LINE_MAX 4096

enum start { START_NO, START_MAYBE, START_YES };

static bool is_token(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("-.!%*_+`'~", c));
}

static bool is_digit(uint8_t c) { return c >= '0' && c <= '9'; }

/* Does p..p+n start with a SIP start line ("SIP/2.0 NNN ..." or
 * "METHOD URI SIP/2.0"), ended by CRLF? */
static enum start sip_start(const uint8_t *p, size_t n)
{
	size_t lim = n < START_LINE_MAX ? n : START_LINE_MAX;
	size_t e = 0;
	while (e < lim && p[e] != '\r') {
		if (p[e] < 0x20 || p[e] == 0x7f)
			return START_NO;      /* a control byte: no start line */
		e++;
	}
	if (e == lim)
		return n >= START_LINE_MAX ? START_NO : START_MAYBE;
	if (e + 1 == n)
		return START_MAYBE;
	if (p[e + 1] != '\n')
		return START_NO;
	if (e >= 11 && !memcmp(p, "SIP/2.0 ", 8))   /* the reason phrase may be empty */
		return is_digit(p[8]) && is_digit(p[9]) && is_digit(p[10]) && (e == 11 || p[11] == ' ')
		       ? START_YES : START_NO;
	size_t m = 0;
	while (m < e && is_token(p[m]))
		m++;
	if (m == 0 || m >= e || p[m] != ' ' || e < m + 10 || memcmp(p + e - 8, " SIP/2.0", 8))
		return START_NO;
	return START_YES;
}

/* The fixed v1/v2 header's length, 0 when b is not one. */
static size_t v12_header_len(const uint8_t *b)
{
	size_t alen = b[2] == 2 ? 4 : 16;
	return 8 + 2 * alen + (b[0] == 2 ? 12 : 0);
}

/* Could a HEP packet start at b? */
static enum start packet_start(const uint8_t *b, size_t len)
{
	if (len == 0)
		return START_MAYBE;
	if (b[0] == 'H') {
		size_t have = len < 4 ? len : 4;
		if (memcmp(b, "HEP3", have))
			return START_NO;
		if (len < 6)
			return START_MAYBE;
		return rd16(b + 4) >= 6 ? START_YES : START_NO;
	}
	if (b[0] != 1 && b[0] != 2)
		return START_NO;
	if (len < 3)
		return START_MAYBE;
	if (b[2] != 2 && b[2] != 10)
		return START_NO;
	size_t h = v12_header_len(b);
	if (len <= h)
		return START_MAYBE;
	return sip_start(b + h, len - h);
}

/* The first place after `from` where a packet may start; len when none. */
static size_t next_start(const uint8_t *b, size_t len, size_t from, bool eof)
{
	for (size_t k = from; k < len; k++) {
		if (b[k] != 'H' && b[k] != 1 && b[k] != 2)
			continue;
		enum start s = packet_start(b + k, len - k);
		if (s == START_YES || (s == START_MAYBE && !eof))
			return k;
	}
	return len;
}

static enum hep_cut junk(const uint8_t *b, size_t len, bool eof, size_t *n, const char **why,
                         const char *text)
{
	*n = next_start(b, len, 1, eof);
	*why = text;
	return HEP_CUT_JUNK;
}

static bool name_is(const uint8_t *p, size_t n, const char *name)
{
	size_t k = strlen(name);
	if (n != k)
		return false;
	for (size_t i = 0; i < k; i++) {
		uint8_t c = p[i];
		if (c >= 'A' && c <= 'Z')
			c = (uint8_t)(c - 'A' + 'a');
		if (c != (uint8_t)name[i])
			return false;
	}
	return true;
}

/* Content-Length of the header block h..h+hlen (start line excluded,
 * ending CRLF included): -1 when absent, -2 when broken or duplicated
 * with another value, else the value. */
static long content_length(const uint8_t *h, size_t hlen)
{
	long found = -1;
	size_t i = 0;
	while (i < hlen) {
		const uint8_t *eol = memchr(h + i, '\n', hlen - i);
		size_t end = eol ? (size_t)(eol - h) : hlen;
		const uint8_t *line = h + i;
		size_t ll = end - i;
		i = end + 1;
		if (ll && line[ll - 1] == '\r')
			ll--;
		if (!ll || line[0] == ' ' || line[0] == '\t')
			continue;             /* the empty line, or a folded continuation */
		const uint8_t *colon = memchr(line, ':', ll);
		if (!colon)
			continue;
		size_t nl = (size_t)(colon - line);
		while (nl && (line[nl - 1] == ' ' || line[nl - 1] == '\t'))
			nl--;
		if (!name_is(line, nl, "content-length") && !name_is(line, nl, "l"))
			continue;
		size_t v = (size_t)(colon - line) + 1;
		while (v < ll && (line[v] == ' ' || line[v] == '\t'))
			v++;
		long val = 0;
		size_t digits = 0;
		while (v < ll && is_digit(line[v])) {
			if (++digits > 6)
				return -2;        /* beyond any HEP packet */
			val = val * 10 + (line[v++] - '0');
		}
		while (v < ll && (line[v] == ' ' || line[v] == '\t'))
			v++;
		if (!digits || v != ll || (found >= 0 && found != val))
			return -2;
		found = val;
	}
	return found;
}

static enum hep_cut cut_v12(const uint8_t *b, size_t len, bool eof, size_t *n, const char **why)
{
	size_t h = v12_header_len(b);
	size_t room = HEP_MAX_PACKET - h;      /* SIP bytes one packet may hold */
	size_t have = len - h < room ? len - h : room;
	const uint8_t *sip = b + h;
	const uint8_t *end = have >= 4 ? memmem(sip, have, "\r\n\r\n", 4) : NULL;
	if (!end) {
		if (len - h >= room)
			return junk(b, len, eof, n, why, "HEPv1/v2 over TCP: SIP headers without an end within 64 KiB");
		if (eof)
			return junk(b, len, eof, n, why, "HEPv1/v2 over TCP: stream ends inside a SIP message");
		return HEP_CUT_MORE;
	}
	const uint8_t *first_eol = memchr(sip, '\n', (size_t)(end - sip) + 2);
	size_t hdr_from = (size_t)(first_eol - sip) + 1;
	size_t body_at = (size_t)(end - sip) + 4;
	long cl = content_length(sip + hdr_from, body_at - hdr_from);
	if (cl == -2)
		return junk(b, len, eof, n, why, "HEPv1/v2 over TCP: SIP message with a broken Content-Length");
	if (cl >= 0) {
		size_t total = h + body_at + (size_t)cl;
		if (total > HEP_MAX_PACKET)
			return junk(b, len, eof, n, why, "HEPv1/v2 over TCP: SIP message longer than 64 KiB");
		if (total <= len) {
			*n = total;
			return HEP_CUT_PACKET;
		}
		if (eof)
			return junk(b, len, eof, n, why, "HEPv1/v2 over TCP: stream ends inside a SIP message");
		return HEP_CUT_MORE;
	}
	/* no Content-Length: the body runs to the next packet, or to the end
	 * of what has arrived */
	size_t k = next_start(b, len, h + body_at, eof);
	if (k - h > room) {
		*n = h + room;                    /* the rest is junk, next time */
		return HEP_CUT_PACKET;
	}
	if (k == len || eof || packet_start(b + k, len - k) == START_YES) {
		*n = k;
		return HEP_CUT_PACKET;
	}
	return HEP_CUT_MORE;                  /* the next packet's first bytes: wait */
}

enum hep_cut hep_stream_cut(const uint8_t *b, size_t len, bool eof, size_t *n, const char **why)
{
	*n = 0;
	*why = "";
	enum start s = packet_start(b, len);
	if (s == START_NO)
		return junk(b, len, eof, n, why,
		            "HEP over TCP: bytes that start no HEP packet (neither HEP3 nor a v1/v2 header before a SIP start line)");
	if (s == START_MAYBE) {
		if (!eof || len == 0)
			return HEP_CUT_MORE;
		*n = len;
		*why = "HEP over TCP: stream ends inside a packet (its header or start line)";
		return HEP_CUT_JUNK;
	}
	if (b[0] == 'H') {
		size_t total = rd16(b + 4);
		if (total <= len) {
			*n = total;
			return HEP_CUT_PACKET;
		}
		if (eof)
			return junk(b, len, eof, n, why, "HEP3 over TCP: stream ends inside a packet");
		return HEP_CUT_MORE;
	}
	return cut_v12(b, len, eof, n, why);
}

bool hep_stream_starts(const uint8_t *b, size_t len, bool strict)
{
	enum start s = packet_start(b, len);
	return s == START_YES || (!strict && s == START_MAYBE && len > 0);
}
