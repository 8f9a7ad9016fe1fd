/* SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors */
#include <ctype.h>
#include <string.h>

#include "base/span.h"

size_t span_unfold(struct span v, char *buf, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; i < v.n && k < cap; i++) {
		char c = v.p[i];
		if (c == '\r' || c == '\n') {
			while (i + 1 < v.n && (v.p[i + 1] == '\r' || v.p[i + 1] == '\n' ||
			                       v.p[i + 1] == ' ' || v.p[i + 1] == '\t'))
				i++;
			c = ' ';
		}
		buf[k++] = c;
	}
	return k;
}

char *span_trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = 0;
	return s;
}
