/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * main.c - builds the session (profile, password, sources) from the command
 * line, then either runs the batch report or hands over to the screen.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "app/app.h"
#include "app/limit.h"
#include "app/nodes.h"
#include "app/pipeline.h"
#include "app/session.h"
#include "base/hugemem.h"
#include "net/capture.h"
#include "probe/probe.h"
#include "report/export.h"
#include "report/redact.h"
#include "report/report.h"
#include "sip/sipparse.h"
#include "store/store.h"
#include "trunk/import.h"
#include "ui/tui.h"

#define EXIT_OK 0
#define EXIT_CHECK_FAILED 1
#define EXIT_USAGE 2

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static usec_t wall_clock_usec(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (usec_t)tv.tv_sec * 1000000 + tv.tv_usec;
}

static int usage_error(const char *msg)
{
	fprintf(stderr, "trunkdoc: %s\n", msg);
	return EXIT_USAGE;
}

/* Profile precedence: imported PBX config or INI file first, then each
 * command-line field overrides. */
static bool build_profile(struct app *a, char *err, size_t errlen)
{
	const struct options *o = &a->opt;
	struct profile *p = &a->profile;

	profile_init(p);
	if (o->from_pjsip) {
		if (!import_pjsip(p, &a->password, o->from_pjsip, o->trunk, err, errlen))
			return false;
	} else if (o->from_sipconf) {
		if (!import_sipconf(p, &a->password, o->from_sipconf, o->trunk, err, errlen))
			return false;
	} else if (o->from_freeswitch) {
		if (!import_freeswitch(p, &a->password, o->from_freeswitch, o->trunk, err, errlen))
			return false;
	} else if (o->trunk) {
		if (!profile_load_ini(p, o->trunk, err, errlen))
			return false;
	}
#define OVERRIDE(field, value) \
	do { if (value) snprintf(p->field, sizeof p->field, "%s", value); } while (0)
	OVERRIDE(registrar, o->registrar);
	OVERRIDE(user, o->user);
	OVERRIDE(auth_user, o->auth_user);
	OVERRIDE(realm, o->realm);
	OVERRIDE(transport, o->transport);
	OVERRIDE(public_ip, o->public_ip);
#undef OVERRIDE
	if (!p->origin[0] && !profile_is_empty(p))
		snprintf(p->origin, sizeof p->origin, "command line");
	return true;
}

static bool read_password(struct app *a, char *err, size_t errlen)
{
	const struct options *o = &a->opt;
	if (o->password_file)
		return secret_from_file(&a->password, o->password_file, err, errlen);
	if (secret_from_env(&a->password))
		return true;
	if (o->ask_password)
		return secret_from_prompt(&a->password, "Trunk password: ", err, errlen);
	return true;
}

/* --until-verdict: every registration seen has an outcome the checks can
 * judge.  Registered, timed out (timer F has already run) or refused for
 * good (403, 404 ...) are final at once.  After a 423, a 503 or a challenge
 * the next move is the PBX's (retry at Min-Expires, after Retry-After, or
 * answer the challenge), and that move is what the checks judge: wait until
 * it comes or UNTIL_VERDICT_SETTLE passes without it. */
#define UNTIL_VERDICT_SETTLE (5 * 1000000LL)
static bool registration_decided(const struct registration *r, usec_t now)
{
	switch (r->state) {
	case REG_REGISTERED:
	case REG_TIMED_OUT:
		return true;
	case REG_FAILED:
		if (r->last_status != 423 && r->last_status != 503)
			return true;
		/* the PBX's retry decides */
		/* fall through */
	case REG_CHALLENGED:
		return now - r->last_time >= UNTIL_VERDICT_SETTLE;
	default:
		return false;
	}
}

static bool all_registrations_decided(const struct store *st, usec_t now)
{
	size_t n = store_reg_count(st);
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!registration_decided(store_reg(st, i), now))
			return false;
	return true;
}

/* Reads every source to its end (files) or until the duration, the packet
 * count, --until-verdict or a signal stops it (live). */
static void run_batch_capture(struct app *a)
{
	const struct options *o = &a->opt;
	usec_t started = wall_clock_usec();
	usec_t deadline = o->duration > 0 ? started + (usec_t)(o->duration * 1e6) : 0;
	bool live = o->interface || o->hep_listen;

	for (;;) {
		if (stop_requested)
			break;
		if (o->count && store_stats_c(a->store)->packets >= o->count)
			break;
		enum pipe_status st = pipeline_step(a->pipe, 4096);
		usec_t now = wall_clock_usec();
		if (o->limit && app_limit_store(a->store, o->limit, live ? now : store_stats_c(a->store)->last))
			pipeline_store_rebuilt(a->pipe);
		if (st == PIPE_DONE)
			break;
		if (o->until_verdict) {
			store_finish(a->store, now);
			if (all_registrations_decided(a->store, now))
				break;
		}
		if (deadline && now >= deadline)
			break;
		if (st == PIPE_IDLE) {
			int timeout_ms = 200;
			if (deadline && (deadline - now) / 1000 < timeout_ms)
				timeout_ms = (int)((deadline - now) / 1000) + 1;
			struct pollfd pfd = { .fd = pipeline_fd(a->pipe), .events = POLLIN };
			if (pfd.fd >= 0)
				poll(&pfd, 1, timeout_ms);
			else
				usleep((useconds_t)timeout_ms * 1000);
		}
	}
	pipeline_flush(a->pipe);
}

/* A failing check, for the capture as a whole or for any capture node. */
static bool any_failure(const struct app *a)
{
	for (size_t i = 0; i < check_count; i++)
		if (a->findings[i].verdict == V_FAIL)
			return true;
	for (size_t i = 0; i < a->nnode_results; i++)
		if (a->node_results[i].failing)
			return true;
	return false;
}

static int run_batch(struct app *a)
{
	const struct options *o = &a->opt;
	char err[512];

	if (a->pipe)
		run_batch_capture(a);
	const struct capture_stats *cs = store_stats_c(a->store);
	a->now = (o->interface || o->hep_listen) ? wall_clock_usec() : cs->last;
	store_finish(a->store, a->now);

	if (a->pipe)
		for (size_t i = 0; i < pipeline_warning_count(a->pipe); i++)
			fprintf(stderr, "trunkdoc: warning: %s\n", pipeline_warning(a->pipe, i));

	if (o->probe) {
		struct probe_opts po = {
			.registrar = a->profile.registrar,
			.dns_server = o->dns_server,
			.test_register = o->probe_register,
			.timeout = 3.0,
		};
		a->probes = probe_run(&po, &a->profile, a->password.set ? &a->password : NULL);
	}
	app_evaluate(a);
	if (!app_evaluate_nodes(a))
		fprintf(stderr, "trunkdoc: warning: out of memory for the checklists per capture node\n");

	if (o->report == REPORT_JSON)
		report_json(stdout, a);
	else
		report_text(stdout, a);
	fflush(stdout);

	if (o->export_dir) {
		struct redact_opts eo = { o->redact, o->redact_ips, o->nredact_ips };
		char stem[4096];
		if (!export_bundle(a, o->export_dir, &eo, stem, sizeof stem, err, sizeof err)) {
			fprintf(stderr, "trunkdoc: %s\n", err);
			return EXIT_USAGE;
		}
		fprintf(stderr, "trunkdoc: exported %s.md, %s.json and %s.pcap\n", stem, stem, stem);
	}
	if (o->session_file && !session_save(a, o->session_file, err, sizeof err))
		fprintf(stderr, "trunkdoc: %s\n", err);
	return any_failure(a) ? EXIT_CHECK_FAILED : EXIT_OK;
}

static void app_release(struct app *a)
{
	if (a->pipe)
		pipeline_free(a->pipe);
	if (a->store)
		store_free(a->store);
	if (a->probes)
		probe_results_free(a->probes);
	app_free_nodes(a);
	free(a->findings);
	secret_wipe(&a->password);
	options_free(&a->opt);
}

int main(int argc, char **argv)
{
	static struct app app;
	struct app *a = &app;
	char err[1024];
	int rc;

	if (!options_parse(&a->opt, argc, argv, err, sizeof err)) {
		rc = usage_error(err);
		goto out;
	}
	if (a->opt.help) {
		options_print_help(stdout);
		rc = EXIT_OK;
		goto out;
	}
	if (a->opt.version) {
		printf("trunkdoc %s\n", PACKAGE_VERSION);
		rc = EXIT_OK;
		goto out;
	}

	hugemem_init();
	sipparse_init();
	secret_init(&a->password);
	a->findings = calloc(check_count, sizeof *a->findings);
	a->store = store_new();
	if (!a->findings || !a->store) {
		rc = usage_error("out of memory");
		goto out;
	}
	if (!build_profile(a, err, sizeof err) || !read_password(a, err, sizeof err)) {
		rc = usage_error(err);
		goto out;
	}
	if (a->opt.probe && !a->profile.registrar[0]) {
		rc = usage_error("--probe needs a registrar (--registrar HOST, --trunk or --from-*)");
		goto out;
	}
	if (!a->opt.nread && !a->opt.interface && !a->opt.hep_listen && !a->opt.probe) {
		rc = usage_error("nothing to read: give -r FILE, -i IFACE or --hep-listen (see trunkdoc --help)");
		goto out;
	}

	if (a->opt.nread || a->opt.interface || a->opt.hep_listen) {
		a->pipe = pipeline_new(a->store);
		if (!a->pipe) {
			rc = usage_error("out of memory");
			goto out;
		}
		const char *key = a->opt.hep_password;
		pipeline_set_hep(a->pipe, a->opt.hep_port, key, key ? strlen(key) : 0);
		if (a->opt.hep_send &&
		    !pipeline_hep_send(a->pipe, a->opt.hep_send, (uint32_t)a->opt.hep_id, key, err, sizeof err)) {
			rc = usage_error(err);
			goto out;
		}
		if (a->opt.hep_listen && !pipeline_add_hep_listen(a->pipe, a->opt.hep_listen, err, sizeof err)) {
			rc = usage_error(err);
			goto out;
		}
	}
	for (size_t i = 0; i < a->opt.nread; i++)
		if (!pipeline_add_file(a->pipe, a->opt.read_files[i], err, sizeof err)) {
			rc = usage_error(err);
			goto out;
		}
	if (a->opt.interface) {
		const char *filter = a->opt.filter ? a->opt.filter : capture_live_filter;
		if (!pipeline_add_live(a->pipe, a->opt.interface, filter, err, sizeof err) ||
		    !pipeline_drop_privileges(err, sizeof err)) {
			rc = usage_error(err);
			goto out;
		}
	}

	if (a->opt.session_file && !session_load(a, a->opt.session_file, err, sizeof err)) {
		rc = usage_error(err);
		goto out;
	}
	for (size_t i = 0; i < a->opt.nmarks; i++)
		if (!app_parse_mark(a, a->opt.marks[i], err, sizeof err)) {
			rc = usage_error(err);
			goto out;
		}

	struct sigaction sa = { .sa_handler = on_stop_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	if (a->opt.report != REPORT_NONE) {
		rc = run_batch(a);
	} else if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		rc = usage_error("the screen needs a terminal; use --report for batch output");
	} else {
		rc = tui_run(a);
	}
out:
	app_release(a);
	return rc;
}
