/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * sanitize.c - makes wire bytes safe to print; see sanitize.h.
 *
 * Each input unit (one byte, or one whole UTF-8 sequence) becomes one output
 * token: itself, or its visible escape.  A token is written whole or not at
 * all, so a cut-off output never ends in half an escape or half a
 * character.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sanitize.h"

/* Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0; *cp gets the code
 * point. */
static size_t utf8_seq(const unsigned char *p, size_t n, uint32_t *cp)
{
	unsigned char b = p[0];
	size_t len;
	uint32_t c, min;
	if (b >= 0xc2 && b <= 0xdf) {
		len = 2; c = b & 0x1f; min = 0x80;
	} else if (b >= 0xe0 && b <= 0xef) {
		len = 3; c = b & 0x0f; min = 0x800;
	} else if (b >= 0xf0 && b <= 0xf4) {
		len = 4; c = b & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Code points that are well-formed but must not reach a terminal as
 * themselves: C1 controls, bidi embeddings/overrides/isolates (they can
 * reorder what the reader sees), and the line/paragraph separators. */
static bool unsafe_code_point(uint32_t c)
{
	return (c >= 0x80 && c <= 0x9f) ||
	       (c >= 0x202a && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069) ||
	       c == 0x2028 || c == 0x2029;
}

struct sink {
	char *out;
	size_t cap;     /* bytes usable for text (outlen - 1) */
	size_t len;
	bool full;
};

static bool put(struct sink *s, const char *tok, size_t n)
{
	if (s->full || s->len + n > s->cap) {
		s->full = true;
		return false;
	}
	memcpy(s->out + s->len, tok, n);
	s->len += n;
	return true;
}

static bool put_hex(struct sink *s, const unsigned char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char tok[16];
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		tok[k++] = '\\';
		tok[k++] = 'x';
		tok[k++] = hex[p[i] >> 4];
		tok[k++] = hex[p[i] & 15];
	}
	return put(s, tok, k);
}

size_t sanitize(char *out, size_t outlen, const char *in, size_t inlen, unsigned flags)
{
	if (!out || !outlen)
		return 0;
	struct sink s = { out, outlen - 1, 0, false };
	const unsigned char *p = (const unsigned char *)(in ? in : "");
	if (!in)
		inlen = 0;
	size_t i = 0;
	while (i < inlen && !s.full) {
		unsigned char b = p[i];
		if (b >= 0x20 && b < 0x7f) {
			/* copy a run of printable ASCII at once */
			size_t j = i + 1;
			while (j < inlen && p[j] >= 0x20 && p[j] < 0x7f)
				j++;
			size_t room = s.cap - s.len, n = j - i;
			if (n > room) {
				n = room;
				s.full = true;
			}
			memcpy(s.out + s.len, p + i, n);
			s.len += n;
			i += n;
			continue;
		}
		if (b == '\n') {
			if (flags & SAN_KEEP_NEWLINES)
				put(&s, "\n", 1);
			else
				put(&s, "\\n", 2);
			i++;
		} else if (b == '\r') {
			if ((flags & SAN_KEEP_NEWLINES) && i + 1 < inlen && p[i + 1] == '\n') {
				i++;          /* dropped: the \n that follows is kept */
				continue;
			}
			put(&s, "\\r", 2);
			i++;
		} else if (b == '\t') {
			if (flags & SAN_KEEP_TABS)
				put(&s, "\t", 1);
			else
				put(&s, "\\t", 2);
			i++;
		} else if (b == 0x1b) {
			put(&s, "\\e", 2);
			i++;
		} else if (b < 0x80) {
			put_hex(&s, p + i, 1);    /* other C0 controls, NUL and DEL */
			i++;
		} else {
			uint32_t cp = 0;
			size_t n = (flags & SAN_ASCII_ONLY) ? 0 : utf8_seq(p + i, inlen - i, &cp);
			if (n && !unsafe_code_point(cp)) {
				put(&s, (const char *)p + i, n);
				i += n;
			} else if (n) {
				put_hex(&s, p + i, n);
				i += n;
			} else {
				put_hex(&s, p + i, 1);
				i++;
			}
		}
	}
	out[s.len] = '\0';
	return s.len;
}

size_t sanitize_str(char *out, size_t outlen, const char *in, unsigned flags)
{
	return sanitize(out, outlen, in, in ? strlen(in) : 0, flags);
}

void sanitize_say(FILE *f, const char *prefix, const char *text)
{
	size_t n = text ? strlen(text) : 0;
	/* every input byte becomes at most 4 output bytes (\xNN) */
	size_t cap = 4 * n + 1;
	char small[1024], *buf = cap <= sizeof small ? small : malloc(cap);
	if (!buf) {
		buf = small;
		cap = sizeof small;
	}
	sanitize(buf, cap, text, n, 0);
	fprintf(f, "%s%s\n", prefix ? prefix : "", buf);
	if (buf != small)
		free(buf);
}
