/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * probe-cli.c - test helper: runs probe_run() (or, with --async, the
 * probe_start()/probe_job_poll() path) and prints probe_results_json(), so
 * the probe tests can check the results without depending on the report.
 *
 *   probe-cli [--async] [--register] [--timeout S] [--from-pjsip FILE]
 *             REGISTRAR|- DNS_SERVER|- [USER [AUTHUSER]]
 *
 * The password for --register comes from TRUNKDOC_PASSWORD, or from the
 * imported file; REGISTRAR "-" takes the imported one.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "probe/probe.h"
#include "sip/sipparse.h"
#include "trunk/import.h"
#include "trunk/profile.h"
#include "trunk/secret.h"

int main(int argc, char **argv)
{
	bool async = false, reg = false;
	double timeout = 2.0;
	const char *pjsip = NULL;
	int i = 1;
	for (; i < argc && !strncmp(argv[i], "--", 2); i++) {
		if (!strcmp(argv[i], "--async"))
			async = true;
		else if (!strcmp(argv[i], "--register"))
			reg = true;
		else if (!strcmp(argv[i], "--timeout") && i + 1 < argc)
			timeout = atof(argv[++i]);
		else if (!strcmp(argv[i], "--from-pjsip") && i + 1 < argc)
			pjsip = argv[++i];
	}
	if (argc - i < 2) {
		fprintf(stderr, "usage: probe-cli [--async] [--register] [--timeout S] REGISTRAR DNS|- [USER [AUTHUSER]]\n");
		return 2;
	}
	sipparse_init();   /* libosip2's parser tables, as main() does */
	struct profile p;
	struct secret pw;
	memset(&p, 0, sizeof p);
	memset(&pw, 0, sizeof pw);
	if (pjsip) {
		char err[512];
		if (!import_pjsip(&p, &pw, pjsip, NULL, err, sizeof err)) {
			fprintf(stderr, "probe-cli: %s\n", err);
			return 2;
		}
	}
	if (strcmp(argv[i], "-"))
		snprintf(p.registrar, sizeof p.registrar, "%s", argv[i]);
	if (argc - i > 2)
		snprintf(p.user, sizeof p.user, "%s", argv[i + 2]);
	if (argc - i > 3)
		snprintf(p.auth_user, sizeof p.auth_user, "%s", argv[i + 3]);
	const char *env = getenv("TRUNKDOC_PASSWORD");
	if (env && strlen(env) < SECRET_MAX) {
		memcpy(pw.value, env, strlen(env));
		pw.len = strlen(env);
		pw.set = true;
	}
	struct probe_opts po = {
		.registrar = p.registrar,
		.dns_server = strcmp(argv[i + 1], "-") ? argv[i + 1] : NULL,
		.test_register = reg,
		.timeout = timeout,
	};
	struct probe_results *r = NULL;
	if (async) {
		struct probe_job *j = probe_start(&po, &p, pw.set ? &pw : NULL);
		if (!j)
			return 3;
		int rc = 0, polls = 0;
		while (rc == 0) {
			struct pollfd pfd = { .fd = probe_job_fd(j), .events = POLLIN };
			poll(&pfd, 1, 100);
			polls++;
			if (pfd.revents)
				rc = probe_job_poll(j, &r);
		}
		probe_job_free(j);
		if (rc < 0)
			return 3;
		fprintf(stderr, "probe-cli: async, %d polls\n", polls);
	} else {
		r = probe_run(&po, &p, pw.set ? &pw : NULL);
	}
	if (!r)
		return 3;
	json_object *o = probe_results_json(r);
	printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	probe_results_free(r);
	return 0;
}
