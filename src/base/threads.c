/* SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors */
#include <stdlib.h>

#include "base/threads.h"

unsigned threads_wanted(void)
{
	const char *e = getenv("TRUNKDOC_THREADS");
	if (e && *e) {
		char *end;
		unsigned long n = strtoul(e, &end, 10);
		if (!*end && n >= 1)
			return n > 2 ? 2 : (unsigned)n;   /* one worker is all we use */
	}
	return 2;
}
