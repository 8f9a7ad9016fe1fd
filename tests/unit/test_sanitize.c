/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_sanitize.c - the one gate between packet bytes and a terminal:
 * escapes, controls, UTF-8 validity, bidi overrides, truncation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sanitize.h"
#include "testlib.h"

static char out[256];

static const char *san(const char *in, size_t len, unsigned flags)
{
	sanitize(out, sizeof out, in, len, flags);
	return out;
}
#define SAN(lit, flags) san(lit, sizeof(lit) - 1, flags)

int main(void)
{
	/* printable ASCII and well-formed UTF-8 pass */
	CHECK_EQ_STR(SAN("SIP/2.0 200 OK", 0), "SIP/2.0 200 OK");
	CHECK_EQ_STR(SAN("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\x9e", 0), "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\x9e");
	/* controls */
	CHECK_EQ_STR(SAN("a\r\nb\tc", 0), "a\\r\\nb\\tc");
	CHECK_EQ_STR(SAN("\x1b[2J\x1b]0;owned\x07", 0), "\\e[2J\\e]0;owned\\x07");
	CHECK_EQ_STR(SAN("nul\0here", 0), "nul\\x00here");
	CHECK_EQ_STR(SAN("del\x7f", 0), "del\\x7f");
	CHECK_EQ_STR(SAN("\x01\x1f", 0), "\\x01\\x1f");
	/* C1 controls, raw and UTF-8 encoded (U+009B is CSI) */
	CHECK_EQ_STR(SAN("\x9b" "31m", 0), "\\x9b31m");
	CHECK_EQ_STR(SAN("\xc2\x9b" "31m", 0), "\\xc2\\x9b31m");
	CHECK_EQ_STR(SAN("\xc2\x85", 0), "\\xc2\\x85");
	/* bidi overrides and isolates */
	CHECK_EQ_STR(SAN("a\xe2\x80\xae" "b", 0), "a\\xe2\\x80\\xaeb");
	CHECK_EQ_STR(SAN("\xe2\x80\xaa", 0), "\\xe2\\x80\\xaa");
	CHECK_EQ_STR(SAN("\xe2\x81\xa6x\xe2\x81\xa9", 0), "\\xe2\\x81\\xa6x\\xe2\\x81\\xa9");
	CHECK_EQ_STR(SAN("\xe2\x80\xa9", 0), "\\xe2\\x80\\xa9");
	CHECK_EQ_STR(SAN("\xe2\x80\xa0", 0), "\xe2\x80\xa0");   /* U+2020 dagger is fine */
	/* invalid UTF-8: stray continuation, truncated sequence, overlong, surrogate, > U+10FFFF */
	CHECK_EQ_STR(SAN("\x80x", 0), "\\x80x");
	CHECK_EQ_STR(SAN("\xe2\x82", 0), "\\xe2\\x82");
	CHECK_EQ_STR(SAN("\xc0\xaf", 0), "\\xc0\\xaf");
	CHECK_EQ_STR(SAN("\xe0\x80\xaf", 0), "\\xe0\\x80\\xaf");
	CHECK_EQ_STR(SAN("\xed\xa0\x80", 0), "\\xed\\xa0\\x80");
	CHECK_EQ_STR(SAN("\xf4\x90\x80\x80", 0), "\\xf4\\x90\\x80\\x80");
	CHECK_EQ_STR(SAN("\xff\xfe", 0), "\\xff\\xfe");
	CHECK_EQ_STR(SAN("\xc3" "A", 0), "\\xc3A");
	/* flags */
	CHECK_EQ_STR(SAN("a\r\nb\nc\rd", SAN_KEEP_NEWLINES), "a\nb\nc\\rd");
	CHECK_EQ_STR(SAN("\x1b\r\n", SAN_KEEP_NEWLINES), "\\e\n");
	CHECK_EQ_STR(SAN("caf\xc3\xa9", SAN_ASCII_ONLY), "caf\\xc3\\xa9");

	/* truncation: never half an escape or half a character, always NUL */
	char small[6];
	memset(small, 'Z', sizeof small);
	CHECK_EQ_INT(sanitize(small, sizeof small, "abcd\x1b", 5, 0), 4);   /* "abcd\e" needs 6 */
	CHECK_EQ_STR(small, "abcd");
	CHECK_EQ_INT(sanitize(small, sizeof small, "abcdefgh", 8, 0), 5);
	CHECK_EQ_STR(small, "abcde");
	CHECK_EQ_INT(sanitize(small, sizeof small, "ab\xe2\x82\xac", 5, 0), 5);
	CHECK_EQ_STR(small, "ab\xe2\x82\xac");
	CHECK_EQ_INT(sanitize(small, sizeof small, "abc\xe2\x82\xac", 6, 0), 3);
	CHECK_EQ_STR(small, "abc");
	CHECK_EQ_INT(sanitize(small, sizeof small, "a\xe2\x80\xae", 4, 0), 1);  /* 12-byte escape does not fit */
	CHECK_EQ_STR(small, "a");
	char one[1] = { 'Z' };
	CHECK_EQ_INT(sanitize(one, 1, "abc", 3, 0), 0);
	CHECK_EQ_INT(one[0], 0);
	CHECK_EQ_INT(sanitize(one, 0, "abc", 3, 0), 0);
	CHECK_EQ_INT(one[0], 0);
	CHECK_EQ_STR(san(NULL, 5, 0), "");
	CHECK_EQ_INT(sanitize_str(small, sizeof small, "x\ty", 0), 4);
	CHECK_EQ_STR(small, "x\\ty");

	/* exhaustive: every single byte and every byte pair leave only safe output */
	int unsafe = 0;
	for (int a = 0; a < 256; a++)
		for (int b = 0; b < 256; b++) {
			char in[3] = { (char)a, (char)b, (char)0xae };
			char o[64];
			size_t n = sanitize(o, sizeof o, in, 3, 0);
			if (o[n] != '\0' || strlen(o) != n)
				unsafe++;
			for (size_t i = 0; i < n; i++) {
				unsigned char c = (unsigned char)o[i];
				if (c < 0x20 || c == 0x7f)
					unsafe++;
				/* a C1 control encoded in UTF-8, or a raw C1 byte not inside a sequence */
				if (c == 0xc2 && i + 1 < n && (unsigned char)o[i + 1] < 0xa0)
					unsafe++;
				if (c >= 0x80 && c < 0xa0 && (i == 0 || (unsigned char)o[i - 1] < 0x80))
					unsafe++;
			}
		}
	CHECK_EQ_INT(unsafe, 0);

	/* an operator's note keeps its tabs and newlines, nothing else */
	CHECK_EQ_STR(SAN("a\tb\r\nc\x1b[31m", SAN_KEEP_NEWLINES | SAN_KEEP_TABS), "a\tb\nc\\e[31m");
	CHECK_EQ_STR(SAN("a\tb", 0), "a\\tb");

	/* sanitize_say: one clean line, whatever its length (an OSC 52
	 * clipboard write in a file name becomes visible text) */
	char *text = NULL;
	size_t tlen = 0;
	FILE *f = open_memstream(&text, &tlen);
	char longer[3000];
	memset(longer, '\x1b', sizeof longer - 1);
	longer[sizeof longer - 1] = 0;
	sanitize_say(f, "trunkdoc: ", "bad \x1b]52;c;aGVsbG8=\x07 name");
	sanitize_say(f, "w: ", longer);
	fclose(f);
	const char *want = "trunkdoc: bad \\e]52;c;aGVsbG8=\\x07 name\n";
	CHECK(strncmp(text, want, strlen(want)) == 0);
	size_t controls = 0, lines = 0;
	for (size_t i = 0; i < tlen; i++) {
		lines += text[i] == '\n';
		controls += (unsigned char)text[i] < 0x20 && text[i] != '\n';
	}
	CHECK_EQ_INT(controls, 0);
	CHECK_EQ_INT(lines, 2);
	CHECK(tlen > 3 + 2 * (sizeof longer - 1));      /* the long one is whole */
	free(text);
	return test_done();
}
