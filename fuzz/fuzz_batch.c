/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * fuzz_batch.c - a capture file through the whole batch path, as
 * `trunkdoc -r FILE --report json` runs it: libpcap (classic pcap or
 * pcapng), decode, IP reassembly, TCP streams, SIP framing and parsing,
 * the store, every check, and the JSON and text reports (to a memory
 * stream).  The input is the capture file's bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_util.h"
#include "app/app.h"
#include "app/pipeline.h"
#include "report/report.h"
#include "sip/sipparse.h"
#include "store/store.h"

static void once(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	/* one thread: every run does the same thing for the same bytes */
	setenv("TRUNKDOC_THREADS", "1", 1);
	sipparse_init();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct app a;
	char path[64], err[512];

	once();
	memset(&a, 0, sizeof a);
	profile_init(&a.profile);
	secret_init(&a.password);
	a.opt.report = REPORT_JSON;
	a.store = store_new();
	a.findings = calloc(check_count, sizeof *a.findings);
	a.pipe = a.store ? pipeline_new(a.store) : NULL;
	int fd = fuzz_input_file(data, size, path);
	if (a.pipe && a.findings && fd >= 0 && pipeline_add_file(a.pipe, path, err, sizeof err)) {
		while (pipeline_step(a.pipe, 4096) != PIPE_DONE)
			;
		pipeline_flush(a.pipe);
		a.now = store_stats_c(a.store)->last;
		store_finish(a.store, a.now);
		app_evaluate(&a);
		char *text = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&text, &len);
		if (out) {
			report_json(out, &a);
			report_text(out, &a);
			fclose(out);
		}
		free(text);
	}
	if (fd >= 0)
		close(fd);
	if (a.pipe)
		pipeline_free(a.pipe);
	app_free_evaluation(&a);    /* what app_evaluate made: roles, per-trunk checklists */
	if (a.store)
		store_free(a.store);
	free(a.findings);
	secret_wipe(&a.password);
	return 0;
}
