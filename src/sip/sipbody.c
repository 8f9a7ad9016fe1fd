/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * sipbody.c - the SDP of a SIP body, single or inside multipart (see
 * sipbody.h).  Every search is bounded by the body's length; no byte is
 * assumed to be NUL-terminated.
 */
#include <string.h>
#include <strings.h>

#include "sip/sipbody.h"

static bool is_sp(char c) { return c == ' ' || c == '\t'; }
static bool is_ws(char c) { return is_sp(c) || c == '\r' || c == '\n'; }

/* "type/subtype" of a Content-Type value, compared without case and
 * without its parameters. */
static bool media_type_is(const char *ct, size_t n, const char *want)
{
	size_t i = 0, wl = strlen(want);
	while (i < n && is_ws(ct[i]))
		i++;
	if (n - i < wl || strncasecmp(ct + i, want, wl))
		return false;
	i += wl;
	return i == n || ct[i] == ';' || is_ws(ct[i]);
}

static bool media_type_is_multipart(const char *ct, size_t n)
{
	size_t i = 0;
	while (i < n && is_ws(ct[i]))
		i++;
	return n - i > 10 && !strncasecmp(ct + i, "multipart/", 10);
}

/* The boundary parameter (quoted or not) of a Content-Type value. */
static bool boundary_of(const char *ct, size_t n, const char **b, size_t *bl)
{
	size_t i = 0;
	while (i < n) {
		/* the next parameter: after a ';' outside quotes */
		bool q = false;
		while (i < n && (q || ct[i] != ';')) {
			if (ct[i] == '"')
				q = !q;
			i++;
		}
		if (i >= n)
			return false;
		i++;
		while (i < n && is_ws(ct[i]))
			i++;
		if (n - i < 8 || strncasecmp(ct + i, "boundary", 8))
			continue;
		size_t j = i + 8;
		while (j < n && is_sp(ct[j]))
			j++;
		if (j >= n || ct[j] != '=')
			continue;
		j++;
		while (j < n && is_sp(ct[j]))
			j++;
		size_t start = j;
		if (j < n && ct[j] == '"') {
			start = ++j;
			while (j < n && ct[j] != '"')
				j++;
			if (j >= n)
				return false;     /* an unclosed quote frames nothing */
		} else {
			while (j < n && ct[j] != ';' && !is_ws(ct[j]))
				j++;
		}
		*b = ct + start;
		*bl = j - start;
		return *bl >= 1 && *bl <= SIP_BOUNDARY_MAX;
	}
	return false;
}

static const char *find(const char *hay, size_t n, const char *needle, size_t nl)
{
	if (nl > n)
		return NULL;
	return memmem(hay, n, needle, nl);
}

/* Is there a delimiter line "--boundary" at p (p inside [body, end))? */
static bool delimiter_at(const char *p, const char *end, const char *b, size_t bl)
{
	return (size_t)(end - p) >= bl + 2 && p[0] == '-' && p[1] == '-' && !memcmp(p + 2, b, bl);
}

/* The next delimiter at or after p: at the body's start, or after a line
 * end (RFC 2046: CRLF; LF alone as sloppy senders write it).  Returns
 * where its "--" starts, and in *before where the part's content ends. */
static const char *next_delimiter(const char *body, const char *p, const char *end, const char *b,
                                  size_t bl, const char **before)
{
	while (p < end) {
		const char *d = find(p, (size_t)(end - p), "--", 2);
		if (!d)
			return NULL;
		if (delimiter_at(d, end, b, bl) && (d == body || d[-1] == '\n')) {
			*before = d;
			if (d > body && d[-1] == '\n') {
				(*before)--;
				if (*before > body && (*before)[-1] == '\r')
					(*before)--;
			}
			return d;
		}
		p = d + 1;
	}
	return NULL;
}

/* The end of a part's headers (the empty line), NULL if none. */
static const char *headers_end(const char *p, const char *end, const char **content)
{
	/* no headers at all: the part starts with its empty line */
	if (end - p >= 2 && p[0] == '\r' && p[1] == '\n') {
		*content = p + 2;
		return p;
	}
	if (end - p >= 1 && p[0] == '\n') {
		*content = p + 1;
		return p;
	}
	for (const char *q = p; q < end; q++) {
		if (*q != '\n')
			continue;
		if (end - q >= 3 && q[1] == '\r' && q[2] == '\n') {
			*content = q + 3;
			return q + 1;
		}
		if (end - q >= 2 && q[1] == '\n') {
			*content = q + 2;
			return q + 1;
		}
	}
	return NULL;
}

/* A part's Content-Type header value (part headers are MIME headers:
 * full name only, no compact form), unfolded lines not needed: the value
 * is read up to its line end. */
static bool part_content_type(const char *h, const char *hend, const char **ct, size_t *ctlen)
{
	const char *line = h;
	while (line < hend) {
		const char *nl = memchr(line, '\n', (size_t)(hend - line));
		const char *le = nl ? nl : hend;
		if ((size_t)(le - line) > 13 && !strncasecmp(line, "Content-Type", 12)) {
			const char *v = line + 12;
			while (v < le && is_sp(*v))
				v++;
			if (v < le && *v == ':') {
				v++;
				const char *ve = le;
				if (ve > v && ve[-1] == '\r')
					ve--;
				*ct = v;
				*ctlen = (size_t)(ve - v);
				return true;
			}
		}
		line = nl ? nl + 1 : hend;
	}
	return false;
}

static bool find_sdp(const char *ct, size_t ctlen, const char *body, size_t len, int depth,
                     const char **sdp, size_t *sdplen)
{
	if (!ct || !body)
		return false;
	if (media_type_is(ct, ctlen, "application/sdp")) {
		*sdp = body;
		*sdplen = len;
		return len > 0;
	}
	if (depth >= SIP_BODY_DEPTH_MAX || !media_type_is_multipart(ct, ctlen))
		return false;
	const char *b;
	size_t bl;
	if (!boundary_of(ct, ctlen, &b, &bl))
		return false;
	const char *end = body + len, *before;
	const char *d = next_delimiter(body, body, end, b, bl, &before);
	for (int parts = 0; d && parts < SIP_BODY_PARTS_MAX; parts++) {
		const char *p = d + 2 + bl;
		/* the close delimiter ends the body */
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return false;
		/* the rest of the delimiter line (transport padding) */
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return false;
		p = nl + 1;
		const char *content;
		const char *hend = headers_end(p, end, &content);
		if (!hend)
			return false;
		const char *next = next_delimiter(body, content, end, b, bl, &before);
		/* an unclosed last part runs to the body's end */
		const char *cend = next ? before : end;
		if (cend < content)
			cend = content;
		const char *pct;
		size_t pctl;
		if (part_content_type(p, hend, &pct, &pctl) &&
		    find_sdp(pct, pctl, content, (size_t)(cend - content), depth + 1, sdp, sdplen))
			return true;
		d = next;
	}
	return false;
}

bool sip_body_sdp(const char *ct, size_t ctlen, const char *body, size_t len,
                  const char **sdp, size_t *sdplen)
{
	return find_sdp(ct, ctlen, body, len, 0, sdp, sdplen);
}
