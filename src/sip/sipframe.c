/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * sipframe.c - SIP message boundaries; see sipframe.h.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/model.h"
#include "sip/sipframe.h"

#define START_LINE_MAX 8192     /* longer "start lines" are not taken for SIP */
#define METHOD_MAX 32

static bool is_token_char(unsigned char c)
{
	return isalnum(c) || strchr("-.!%*_+`'~", c);
}

static bool prefix_ci(const char *p, size_t n, const char *lit)
{
	size_t l = strlen(lit);
	return n >= l && !strncasecmp(p, lit, l);
}

/* Could p[0..n) still grow into `lit` (case-insensitively)? */
static bool could_be(const char *p, size_t n, const char *lit)
{
	size_t l = strlen(lit);
	return !strncasecmp(p, lit, n < l ? n : l);
}

static enum start_verdict status_line(const char *p, size_t n, bool line_done)
{
	/* SIP/2.0 SP 3DIGIT [SP reason] */
	if (n < 11)
		return line_done ? START_NO : START_MAYBE;
	if (p[7] != ' ' && p[7] != '\t')
		return START_NO;
	for (int i = 8; i < 11; i++)
		if (!isdigit((unsigned char)p[i]))
			return START_NO;
	if (p[8] < '1' || p[8] > '6')
		return START_NO;
	if (n == 11)
		return line_done ? START_YES : START_MAYBE;
	return (p[11] == ' ' || p[11] == '\t') ? START_YES : START_NO;
}

enum start_verdict sipframe_start_line(const char *buf, size_t len, bool complete)
{
	size_t scan = len < START_LINE_MAX ? len : START_LINE_MAX;
	const char *nl = memchr(buf, '\n', scan);
	bool line_done = nl || complete;
	size_t n = nl ? (size_t)(nl - buf) : scan;
	if (!nl && len >= START_LINE_MAX)
		return START_NO;
	if (n && buf[n - 1] == '\r')
		n--;
	if (prefix_ci(buf, n, "SIP/2.0"))
		return status_line(buf, n, line_done);
	if (!line_done && could_be(buf, n, "SIP/2.0"))
		return START_MAYBE;

	/* Method SP Request-URI SP SIP/2.0 */
	size_t i = 0;
	while (i < n && i <= METHOD_MAX && is_token_char((unsigned char)buf[i]))
		i++;
	if (i == 0 || i > METHOD_MAX)
		return START_NO;
	if (i == n)
		return line_done ? START_NO : START_MAYBE;
	if (buf[i] != ' ')
		return START_NO;
	size_t uri = ++i;
	bool colon = false;
	while (i < n && buf[i] != ' ') {
		if ((unsigned char)buf[i] < 0x21)
			return START_NO;
		colon |= buf[i] == ':';
		i++;
	}
	if (i == n)
		return line_done ? START_NO : START_MAYBE;
	if (i == uri || !colon)
		return START_NO;
	i++;
	size_t rest = n - i;
	if (!line_done)
		return could_be(buf + i, rest, "SIP/2.0") && rest <= 7 ? START_MAYBE : START_NO;
	return rest == 7 && prefix_ci(buf + i, rest, "SIP/2.0") ? START_YES : START_NO;
}

size_t sipframe_find_start(const char *buf, size_t len, size_t from, bool complete)
{
	size_t pos = from;
	while (pos < len) {
		enum start_verdict v = sipframe_start_line(buf + pos, len - pos, complete);
		if (v != START_NO)
			return pos;
		const char *nl = memchr(buf + pos, '\n', len - pos);
		if (!nl)
			break;
		pos = (size_t)(nl - buf) + 1;
	}
	return len;
}

size_t sipframe_headers_end(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return 0;
		/* a blank line: "\n\n" or "\n\r\n" */
		if (nl + 1 < end && nl[1] == '\n')
			return (size_t)(nl + 2 - buf);
		if (nl + 2 < end && nl[1] == '\r' && nl[2] == '\n')
			return (size_t)(nl + 3 - buf);
		p = nl + 1;
	}
	return 0;
}

void sipframe_headers_begin(struct hdr_iter *it, const char *msg, size_t len)
{
	const char *nl = memchr(msg, '\n', len);
	it->p = nl ? nl + 1 : msg + len;
	it->end = msg + len;
}

static const char *line_end(const char *p, const char *end, const char **next)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	const char *e = nl ? nl : end;
	*next = nl ? nl + 1 : end;
	if (e > p && e[-1] == '\r')
		e--;
	return e;
}

bool sipframe_next_header(struct hdr_iter *it, struct span *name, struct span *value)
{
	while (it->p < it->end) {
		const char *next;
		const char *e = line_end(it->p, it->end, &next);
		if (e == it->p) {            /* blank line: end of headers */
			it->p = it->end;
			return false;
		}
		/* join folded continuation lines */
		while (next < it->end && (*next == ' ' || *next == '\t')) {
			const char *n2;
			e = line_end(next, it->end, &n2);
			next = n2;
		}
		const char *colon = memchr(it->p, ':', (size_t)(e - it->p));
		const char *start = it->p;
		it->p = next;
		if (!colon)
			continue;                /* not a header field: skip it */
		const char *ne = colon;
		while (ne > start && (ne[-1] == ' ' || ne[-1] == '\t'))
			ne--;
		const char *v = colon + 1;
		while (v < e && (*v == ' ' || *v == '\t'))
			v++;
		const char *ve = e;
		while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
			ve--;
		name->p = start;
		name->n = (size_t)(ne - start);
		value->p = v;
		value->n = (size_t)(ve - v);
		return true;
	}
	return false;
}

bool sipframe_name_is(struct span name, const char *full, char compact)
{
	if (compact && name.n == 1 && tolower((unsigned char)name.p[0]) == compact)
		return true;
	size_t l = strlen(full);
	return name.n == l && !strncasecmp(name.p, full, l);
}

long sipframe_clen_value(struct span v)
{
	long val = 0;
	size_t i = 0;
	if (!v.n)
		return -2;
	for (; i < v.n && isdigit((unsigned char)v.p[i]); i++) {
		val = val * 10 + (v.p[i] - '0');
		if (val > SIP_MSG_MAX * 16L)
			return -2;
	}
	return i == v.n ? val : -2;
}

long sipframe_content_length(const char *msg, size_t len)
{
	struct hdr_iter it;
	struct span n, v;
	long found = -1;
	sipframe_headers_begin(&it, msg, len);
	/* Framing asks this of every message, so most lines are only stepped
	 * over: a header's name starts its line, and only a name starting
	 * with c or l can be Content-Length or l.  Other lines (and the
	 * folded lines after them, which start with a space) need no more
	 * than their end; a candidate gets the full header walk from its
	 * line on, which joins its folded lines and returns it or the next
	 * header, exactly as walking every header would. */
	while (it.p < it.end) {
		const char *next, *e = line_end(it.p, it.end, &next);
		if (e == it.p)
			break;               /* blank line: end of headers */
		char c = (char)(*it.p | 0x20);
		if (c != 'c' && c != 'l') {
			it.p = next;
			continue;
		}
		if (!sipframe_next_header(&it, &n, &v))
			break;
		if (!sipframe_name_is(n, "content-length", 'l'))
			continue;
		long val = sipframe_clen_value(v);
		if (val < 0 || (found >= 0 && found != val))
			return -2;
		found = val;
	}
	return found;
}

struct span sipframe_first_value(struct span v)
{
	bool quoted = false;
	int angle = 0;
	size_t i = 0;
	if (!v.n)
		return v;
	if (!memchr(v.p, '"', v.n) && !memchr(v.p, '<', v.n)) {
		/* no quotes, no URI in brackets (a Via, say): the first comma ends
		 * it, and memchr finds it faster than the loop below */
		const char *comma = memchr(v.p, ',', v.n);
		i = comma ? (size_t)(comma - v.p) : v.n;
	} else for (; i < v.n; i++) {
		char c = v.p[i];
		if (quoted) {
			if (c == '\\' && i + 1 < v.n)
				i++;
			else if (c == '"')
				quoted = false;
		} else if (c == '"') {
			quoted = true;
		} else if (c == '<') {
			angle++;
		} else if (c == '>' && angle) {
			angle--;
		} else if (c == ',' && !angle) {
			break;
		}
	}
	while (i > 0 && (v.p[i - 1] == ' ' || v.p[i - 1] == '\t'))
		i--;
	return (struct span){ v.p, i };
}

