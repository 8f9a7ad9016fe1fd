/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_call_focus.c - group 5 for one call (app/call_focus.c), as the
 * screen asks for it: over tests/tui/calls.scn (a registration, a call with
 * RTP both ways, a call refused 403 by the provider's ACL, a call with RTP
 * one way), each call's worst verdict and its checklist judged alone, the
 * other groups left as the trunk's, the trunk's own group 5 untouched, an
 * operator's mark honoured, and nothing kept across an evaluation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testlib.h"
#include "app/app.h"
#include "app/call_focus.h"
#include "app/pipeline.h"
#include "sip/sipparse.h"
#include "store/store.h"

static enum verdict verdict_of(const struct finding *f, const char *id)
{
	int i = check_index(id);
	return i >= 0 ? f[i].verdict : (enum verdict)-1;
}

int main(void)
{
	const char *src = getenv("top_srcdir"), *build = getenv("top_builddir");
	char pcap[] = "/tmp/test_call_focus.XXXXXX", cmd[8192], err[512];
	int fd = mkstemp(pcap);
	CHECK(fd >= 0);
	close(fd);
	snprintf(cmd, sizeof cmd, "'%s/tests/tools/scn2pcap' '%s/tests/tui/calls.scn' '%s' >/dev/null",
	         build ? build : ".", src ? src : "..", pcap);
	CHECK(system(cmd) == 0);

	static struct app app;
	struct app *a = &app;
	sipparse_init();
	profile_init(&a->profile);
	a->findings = calloc(check_count, sizeof *a->findings);
	a->store = store_new();
	a->pipe = pipeline_new(a->store);
	CHECK(a->findings && a->store && a->pipe);
	CHECK(pipeline_add_file(a->pipe, pcap, err, sizeof err));
	while (pipeline_step(a->pipe, 1024) != PIPE_DONE)
		;
	pipeline_flush(a->pipe);
	a->now = store_stats_c(a->store)->last;
	store_finish(a->store, a->now);
	app_evaluate(a);
	CHECK_EQ_INT((int)store_call_count(a->store), 3);

	/* the trunk: every call, the 403 and the one-way audio among them */
	CHECK_EQ_INT(verdict_of(a->findings, "call.auth"), V_FAIL);
	CHECK_EQ_INT(verdict_of(a->findings, "call.rtp-both-ways"), V_FAIL);
	CHECK_EQ_INT(call_group_worst(a->findings), V_FAIL);

	/* each call alone */
	CHECK_EQ_INT(app_call_verdict(a, 0), V_PASS);
	CHECK_EQ_INT(app_call_verdict(a, 1), V_FAIL);
	CHECK_EQ_INT(app_call_verdict(a, 2), V_FAIL);
	CHECK_EQ_INT(app_call_verdict(a, 3), V_UNKNOWN);      /* no such call */

	const struct trunk *t = a->roles.ntrunk ? &a->roles.trunks[0] : NULL;
	const struct finding *f = app_call_findings(a, t, a->findings, 0);
	CHECK(f != NULL);
	CHECK_EQ_INT(verdict_of(f, "call.auth"), V_PASS);
	CHECK_EQ_INT(verdict_of(f, "call.rtp-both-ways"), V_PASS);
	CHECK(strstr(f[check_index("call.rtp-both-ways")].summary, "(2 of 3") == NULL);
	/* the other groups are the trunk's, word for word */
	for (size_t i = 0; f && i < check_count; i++)
		if (check_table[i].group != G_CALL) {
			CHECK_EQ_INT(f[i].verdict, a->findings[i].verdict);
			CHECK_EQ_STR(f[i].summary, a->findings[i].summary);
		}
	f = app_call_findings(a, t, a->findings, 1);
	CHECK(f != NULL);
	CHECK_EQ_INT(verdict_of(f, "call.auth"), V_FAIL);
	f = app_call_findings(a, t, a->findings, 2);
	CHECK(f != NULL);
	CHECK_EQ_INT(verdict_of(f, "call.auth"), V_PASS);
	CHECK_EQ_INT(verdict_of(f, "call.rtp-both-ways"), V_FAIL);
	CHECK(app_call_findings(a, t, a->findings, 3) == NULL);
	/* judging one call left the trunk's checklist alone */
	CHECK_EQ_INT(verdict_of(a->findings, "call.auth"), V_FAIL);

	/* an operator's mark speaks for every call; a new evaluation drops
	 * what was kept */
	CHECK(app_set_mark(a, "call.rtp-both-ways", V_PASS, NULL));
	app_evaluate(a);
	CHECK_EQ_INT(app_call_verdict(a, 2), V_PASS);
	f = app_call_findings(a, t, a->findings, 2);
	CHECK(f != NULL);
	CHECK_EQ_INT(verdict_of(f, "call.rtp-both-ways"), V_PASS);
	CHECK(f && f[check_index("call.rtp-both-ways")].marked);
	CHECK_EQ_INT(app_call_verdict(a, 1), V_FAIL);

	app_free_evaluation(a);
	pipeline_free(a->pipe);
	store_free(a->store);
	free(a->findings);
	unlink(pcap);
	return test_done();
}
