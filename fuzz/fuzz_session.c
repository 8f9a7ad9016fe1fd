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

static void count(void *ctx, const char *msg)
{
	(void)msg;
	(*(unsigned *)ctx)++;
}

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
	unsigned warned = 0;
	if (session_load(&a, path, count, &warned, err, sizeof err)) {
		if (!session_save(&a, out, err, sizeof err))
			abort();
		memset(&b, 0, sizeof b);
		profile_init(&b.profile);
		warned = 0;
		if (!session_load(&b, out, count, &warned, err, sizeof err) || warned) {
			fprintf(stderr, "fuzz_session: a saved session does not load cleanly: %s\n", err);
			abort();
		}
		bool same = b.nmarks == a.nmarks && !strcmp(a.filter_text, b.filter_text);
		for (size_t i = 0; same && i < a.nmarks; i++)
			same = !strcmp(a.marks[i].id, b.marks[i].id) && a.marks[i].verdict == b.marks[i].verdict &&
			       !strcmp(a.marks[i].note, b.marks[i].note);
		if (!same) {
			fprintf(stderr, "fuzz_session: a saved session loads differently\n");
			abort();
		}
	}
	close(fd);
	return 0;
}
