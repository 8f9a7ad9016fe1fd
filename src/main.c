/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * main.c - builds the session (profile, password, sources) from the command
 * line, then either runs the batch report or hands over to the screen.
 */
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "app/app.h"
#include "app/limit.h"
#include "app/nodes.h"
#include "app/pipeline.h"
#include "app/autosave.h"
#include "app/session.h"
#include "app/version.h"
#include "base/hostport.h"
#include "base/hugemem.h"
#include "base/sanitize.h"
#include "net/capture.h"
#include "probe/probe.h"
#include "report/export.h"
#include "report/redact.h"
#include "report/report.h"
#include "sip/sipparse.h"
#include "store/store.h"
#include "trunk/import.h"
#include "ui/curses_version.h"
#include "ui/tui.h"

#define EXIT_OK 0
#define EXIT_CHECK_FAILED 1
#define EXIT_USAGE 2
#define EXIT_NOTHING_TO_JUDGE 3   /* no packets, no SIP, or no REGISTER of a trunk */

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	if (stop_requested < 2)
		stop_requested++;
}

static usec_t wall_clock_usec(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (usec_t)tv.tv_sec * 1000000 + tv.tv_usec;
}

/* Every message quoting outside bytes (a file name, an argument, a
 * file's content) reaches the terminal through the sanitiser. */
static int usage_error(const char *msg)
{
	sanitize_say(stderr, "trunkdoc: ", msg);
	return EXIT_USAGE;
}

static void warn_line(void *ctx, const char *msg)
{
	(void)ctx;
	sanitize_say(stderr, "trunkdoc: warning: ", msg);
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
	profile_sanitize(p);
	/* The checks, the probes and the export all read the registrar with
	 * the one host:port parser: one it refuses would leave them without a
	 * registrar, so it is refused here, where the operator can fix it. */
	char host[PROFILE_FIELD_MAX], shown[PROFILE_FIELD_MAX];
	uint16_t port;
	if (p->registrar[0] && !hostport_of_uri(p->registrar, host, sizeof host, &port)) {
		sanitize_str(shown, sizeof shown, p->registrar, 0);
		snprintf(err, errlen, "registrar '%s' is not a host[:port] (a port is 1-65535; "
		         "an IPv6 address takes brackets to have one)", shown);
		return false;
	}
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

#define LIVE_GATHER_US 5000

/* Reads every source to its end (files) or until the duration, the packet
 * count, --until-verdict or a signal stops it (live). */
static void run_batch_capture(struct app *a)
{
	const struct options *o = &a->opt;
	usec_t started = wall_clock_usec();
	usec_t deadline = o->duration > 0 ? started + (usec_t)(o->duration * 1e6) : 0;
	bool live = o->interface || o->hep_listen;
	bool draining = false;       /* --duration is over: the queue is read to its end */

	for (;;) {
		if (stop_requested > 1 || (stop_requested && !live))
			break;               /* a second signal: at once */
		if (stop_requested && !draining) {
			/* Ctrl-C ends a live capture as --duration does: what the
			 * reader has queued is read first */
			pipeline_stop_live(a->pipe);
			draining = true;
		}
		size_t budget = 4096;
		if (o->count) {
			uint64_t read = store_stats_c(a->store)->packets;   /* as tcpdump -c: matching ones */
			if (read >= o->count)
				break;
			if (o->count - read < budget)
				budget = (size_t)(o->count - read);
		}
		enum pipe_status st = pipeline_step(a->pipe, budget);
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
		if (draining && st != PIPE_MORE)
			break;
		if (deadline && now >= deadline && !draining) {
			/* what arrived in time and waits in the reader's queue
			 * (net/capture.c) is read, then nothing more; a HEP
			 * socket is simply no longer read */
			pipeline_stop_live(a->pipe);
			draining = true;
			continue;
		}
		if (st == PIPE_IDLE) {
			int timeout_ms = pipeline_poll_ms(a->pipe, 200);
			if (deadline && (deadline - now) / 1000 < timeout_ms)
				timeout_ms = (int)((deadline - now) / 1000) + 1;
			struct pollfd pfd = { .fd = pipeline_fd(a->pipe), .events = POLLIN };
			if (pfd.fd >= 0) {
				/* the socket's buffer holds seconds of traffic: a
				 * few ms before reading lets a batch gather, so a
				 * listener at thousands of messages a second wakes,
				 * reads and hands its parse worker a batch a few
				 * hundred times a second, not once per datagram */
				if (poll(&pfd, 1, timeout_ms) > 0 && !o->until_verdict)
					usleep(LIVE_GATHER_US);
			} else
				usleep((useconds_t)timeout_ms * 1000);
		}
	}
	pipeline_flush(a->pipe);
}

/* Live on the PBX host, the host's own addresses are the PBX's (unless
 * --pbx-ip says otherwise): its registrations out are trunks, those to it
 * extensions.  Loopback is left out (nothing registers over it in the field). */
static void host_addresses(struct pbx_addrs *p)
{
	struct ifaddrs *ifa = NULL;
	if (getifaddrs(&ifa) != 0)
		return;
	for (struct ifaddrs *i = ifa; i; i = i->ifa_next) {
		struct endpoint e = { 0 };
		if (!i->ifa_addr || (i->ifa_flags & IFF_LOOPBACK))
			continue;
		if (i->ifa_addr->sa_family == AF_INET) {
			e.family = 4;
			memcpy(e.addr, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, 4);
		} else if (i->ifa_addr->sa_family == AF_INET6) {
			e.family = 6;
			memcpy(e.addr, &((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr, 16);
		} else {
			continue;
		}
		pbx_addrs_add(p, &e);
	}
	freeifaddrs(ifa);
	p->source = "this host's interfaces (live capture)";
	p->only_if_seen = true;   /* capturing on a mirror port, not the PBX: infer */
}

static int run_batch(struct app *a)
{
	const struct options *o = &a->opt;
	char err[512];

	if (a->pipe) {
		run_batch_capture(a);
		pipeline_end_parsing(a->pipe);
	}
	const struct capture_stats *cs = store_stats_c(a->store);
	a->now = (o->interface || o->hep_listen) ? wall_clock_usec() : cs->last;
	store_finish(a->store, a->now);

	if (a->pipe)
		for (size_t i = 0; i < pipeline_warning_count(a->pipe); i++)
			warn_line(NULL, pipeline_warning(a->pipe, i));

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

	/* The files first, then the report: `--report text | head` closes
	 * standard output early, and the bundle and the session must not
	 * depend on how much of the report was read. */
	int rc = app_any_failure(a) ? EXIT_CHECK_FAILED :
	         app_nothing_to_judge(a, err, sizeof err) ? EXIT_NOTHING_TO_JUDGE : EXIT_OK;
	if (o->export_dir) {
		struct redact_opts eo = { o->redact, o->redact_ips, o->nredact_ips };
		char stem[4096], msg[4096 * 3 + 64];
		if (!export_bundle(a, o->export_dir, &eo, stem, sizeof stem, err, sizeof err)) {
			usage_error(err);
			rc = EXIT_USAGE;
		} else {
			snprintf(msg, sizeof msg, "exported %s.md, %s.json and %s.pcap", stem, stem, stem);
			sanitize_say(stderr, "trunkdoc: ", msg);
		}
	}
	if (o->session_file && !session_save(a, o->session_file, err, sizeof err))
		usage_error(err);

	/* SIGPIPE is ignored (main), so a reader that went away is EPIPE
	 * here: the end of the report, not of the run.  Any other write
	 * error (a full disk) is said. */
	if (o->report == REPORT_JSON)
		report_json(stdout, a);
	else
		report_text(stdout, a);
	if ((fflush(stdout) == EOF || ferror(stdout)) && errno != EPIPE)
		fprintf(stderr, "trunkdoc: cannot write the report: %s\n", strerror(errno));
	return rc;
}

/* The screen keeps the operator's work without --session: a session file
 * per capture in the XDG state directory, and a live capture's packets
 * beside it (kept when the capture ends without a save).  What was kept
 * at an earlier exit is said now. */
static void keep_work_by_default(struct app *a)
{
	char err[512];
	a->kept_notes = autosave_take_notes();
	if (a->opt.session_file)
		return;
	if (!autosave_session_path(&a->opt, time(NULL), a->auto_session, sizeof a->auto_session,
	                           err, sizeof err)) {
		a->auto_session[0] = 0;
		snprintf(a->auto_session_err, sizeof a->auto_session_err, "%s", err);
		return;
	}
	a->opt.session_file = a->auto_session;
	if (a->opt.interface && a->pipe && !a->opt.write_file) {
		size_t n = strlen(a->auto_session) - strlen(".session");
		snprintf(a->live_pcap, sizeof a->live_pcap, "%.*s.pcap", (int)n, a->auto_session);
		if (!pipeline_dump_live(a->pipe, a->live_pcap, err, sizeof err)) {
			char clean[1024];
			sanitize(clean, sizeof clean, err, strlen(err), 0);
			fprintf(stderr, "trunkdoc: warning: %s\n", clean);
			a->live_pcap[0] = 0;
		}
	}
}

/* -O must not overwrite a capture being read (-r FILE -O FILE would empty
 * it before it is read). */
static bool write_file_is_new(const struct options *o, char *err, size_t errlen)
{
	struct stat w, r;
	if (stat(o->write_file, &w) != 0)
		return true;
	for (size_t i = 0; i < o->nread; i++)
		if (strcmp(o->read_files[i], "-") && stat(o->read_files[i], &r) == 0 &&
		    r.st_dev == w.st_dev && r.st_ino == w.st_ino) {
			char shown[256];
			sanitize_str(shown, sizeof shown, o->write_file, 0);
			snprintf(err, errlen, "-O %s is the capture being read: write to another file", shown);
			return false;
		}
	return true;
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
	app_free_evaluation(a);
	free(a->kept_notes);
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
		version_print(stdout, ui_curses_version());
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
	/* a filter after -r applies to the files, as tcpdump -r and tshark -r
	 * apply it (with -i it is the live capture's, below) */
	if (a->opt.nread && a->opt.filter && !a->opt.interface &&
	    !pipeline_filter_files(a->pipe, a->opt.filter, err, sizeof err)) {
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
		/* as tcpdump says it: from here on, with the filter in place,
		 * nothing sent is missed (scripts wait for this line) */
		if (a->opt.report != REPORT_NONE || !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			char shown[128];
			sanitize_str(shown, sizeof shown, a->opt.interface, 0);
			fprintf(stderr, "trunkdoc: listening on %s\n", shown);
		}
	}

	for (size_t i = 0; i < a->opt.npbx_ips; i++)
		if (!pbx_addrs_add_text(&a->pbx_addrs, a->opt.pbx_ips[i])) {
			char shown[128];
			sanitize_str(shown, sizeof shown, a->opt.pbx_ips[i], 0);
			snprintf(err, sizeof err, "--pbx-ip wants an IPv4 or IPv6 address, not '%s'", shown);
			rc = usage_error(err);
			goto out;
		}
	if (a->opt.npbx_ips)
		a->pbx_addrs.source = "--pbx-ip";
	else if (a->opt.interface)
		host_addresses(&a->pbx_addrs);

	/* -O FILE: every captured packet as pcap, while watching (sngrep -O);
	 * on a file, what its filter keeps (tshark -r IN -w OUT FILTER) */
	if (a->opt.write_file) {
		if (!a->opt.interface && !a->opt.nread) {
			rc = usage_error("-O writes packets from -i IFACE or -r FILE; --hep-listen gives messages, not packets");
			goto out;
		}
		if (!write_file_is_new(&a->opt, err, sizeof err) ||
		    !(a->opt.interface ? pipeline_dump_live : pipeline_dump_file)(a->pipe, a->opt.write_file,
		                                                                 err, sizeof err)) {
			rc = usage_error(err);
			goto out;
		}
	}
	bool screen = a->opt.report == REPORT_NONE && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	if (screen)
		keep_work_by_default(a);
	if (a->opt.session_file &&
	    !session_load(a, a->opt.session_file, warn_line, NULL, err, sizeof err)) {
		if (a->opt.session_file != a->auto_session) {
			rc = usage_error(err);
			goto out;
		}
		/* a kept session that cannot be read must not stop the screen */
		a->opt.session_file = NULL;
		snprintf(a->auto_session_err, sizeof a->auto_session_err, "the kept session cannot be read");
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
	/* a closed pipe on standard output (`| head`) or a probe's socket is
	 * an error to handle where it is written, never a silent death */
	signal(SIGPIPE, SIG_IGN);

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
