/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * fuzz_session.c - the session loader (src/app/session.c): the input is a
 * session file.  Whatever it loads is saved again and loaded back, and the
 * second load must succeed: trunkdoc never writes a session it cannot read.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_util.h"
#include "app/app.h"
#include "app/session.h"

static char out[] = "/tmp/fuzz_session.XXXXXX";

static void remove_out(void)
{
	unlink(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct app a, b;
	static int outfd = -1;
	char path[64], err[1024];

	if (outfd < 0) {
		outfd = mkstemp(out);
		if (outfd < 0)
			abort();
		close(outfd);
		atexit(remove_out);
	}
	int fd = fuzz_input_file(data, size, path);
	if (fd < 0)
		return 0;
	memset(&a, 0, sizeof a);
	profile_init(&a.profile);
	if (session_load(&a, path, err, sizeof err)) {
		if (!session_save(&a, out, err, sizeof err))
			abort();
		memset(&b, 0, sizeof b);
		profile_init(&b.profile);
		if (!session_load(&b, out, err, sizeof err)) {
			fprintf(stderr, "fuzz_session: a saved session does not load: %s\n", err);
			abort();
		}
		if (b.nmarks != a.nmarks || strcmp(a.filter_text, b.filter_text) != 0) {
			fprintf(stderr, "fuzz_session: a saved session loads differently\n");
			abort();
		}
	}
	close(fd);
	return 0;
}
