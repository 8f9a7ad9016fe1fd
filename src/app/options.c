/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * options.c - option_table[] and the parser built on getopt_long.  The table
 * is the single list of options: --help prints it, the getopt array is built
 * from it (each row carries its own getopt code), and the test suite checks the man page names every row.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/options.h"

/* The order here is the order --help and the man page present them. */
const struct option_def option_table[] = {
	{ "read", 'r', "FILE", "read a pcap or pcapng file (repeatable; - for standard input); trailing arguments are a BPF filter, as with tcpdump -r" },
	{ "interface", 'i', "IFACE", "capture live on IFACE (or any); trailing arguments are a BPF filter" },
	{ "count", 'c', "N", "stop after N packets (matching the filter), from a file or live" },
	{ "write", 'O', "FILE", "also write every packet read to FILE (pcap) while watching: live, or from one -r file after its filter" },
	{ "duration", O_DURATION, "SECONDS", "live capture: stop after SECONDS" },
	{ "until-verdict", O_UNTIL_VERDICT, NULL, "live capture: stop once every registration has an outcome the checks can judge" },
	{ "limit", O_LIMIT, "N", "keep about N dialogs in memory (at most 1.5 N), dropping the oldest closed ones" },
	{ "report", O_REPORT, "[=text|json]", "print the report (text by default) instead of opening the screen" },
	{ "export", O_EXPORT, "DIR", "write the carrier-ticket bundle (Markdown, JSON, pcap) into DIR" },
	{ "redact", O_REDACT, NULL, "in exports, mask digest responses, nonces and phone numbers" },
	{ "export-rtp", O_EXPORT_RTP, "[=N[,TOTAL]]", "in exports, add the calls' RTP/RTCP to the pcap: at most N packets a stream (default 3000) and TOTAL in all (default 30000)" },
	{ "redact-ip", O_REDACT_IP, "ADDR", "in exports, mask this IP address too (repeatable; implies --redact)" },
	{ "session", O_SESSION, "FILE", "load and save the operator's marks, notes and profile in FILE (the screen keeps them anyway, see below)" },
	{ "mark", O_MARK, "ID=VERDICT[:NOTE]", "mark a check pass, fail, warn or skip (repeatable)" },
	{ "trunk", O_TRUNK, "FILE|NAME", "trunk profile INI file; with --from-*, the trunk's name in that config" },
	{ "registrar", O_REGISTRAR, "HOST", "registrar host or SIP domain the trunk should use" },
	{ "user", O_USER, "NAME", "account user name (the AOR's user part)" },
	{ "auth-user", O_AUTH_USER, "NAME", "digest authentication user name, if it differs" },
	{ "realm", O_REALM, "REALM", "digest realm the provider should challenge with" },
	{ "transport", O_TRANSPORT, "udp|tcp|tls", "transport the trunk should use" },
	{ "public-ip", O_PUBLIC_IP, "ADDR", "public address the provider should see (its allowlist)" },
	{ "pbx-ip", O_PBX_IP, "ADDR", "this address is the PBX host: its registrations out are trunks, those to it extensions (repeatable)" },
	{ "password-file", O_PASSWORD_FILE, "FILE", "read the trunk password from FILE (must not be group/world readable)" },
	{ "ask-password", O_ASK_PASSWORD, NULL, "prompt for the trunk password (no echo)" },
	{ "probe", O_PROBE, NULL, "run the active probes (DNS, OPTIONS, TLS) against the registrar" },
	{ "probe-register", O_PROBE_REGISTER, NULL, "with --probe, also try a test registration (and unregister it)" },
	{ "dns-server", O_DNS_SERVER, "IP[:PORT]", "use this DNS server for probes instead of the system's" },
	{ "from-pjsip", O_FROM_PJSIP, "FILE", "import the trunk profile from an Asterisk pjsip.conf" },
	{ "from-sipconf", O_FROM_SIPCONF, "FILE", "import the trunk profile from an Asterisk sip.conf register line" },
	{ "from-freeswitch", O_FROM_FREESWITCH, "FILE", "import the trunk profile from a FreeSWITCH sofia gateway XML" },
	{ "hep-listen", O_HEP_LISTEN, "udp|tcp:ADDR:PORT", "receive HEP (v1-v3) from agents on this socket (no capture privilege needed)" },
	{ "hep-port", O_HEP_PORT, "PORT", "HEP in capture files and live capture is on PORT (default 9060; HEPv3 is read on any port)" },
	{ "hep-password", O_HEP_PASSWORD, "KEY", "accept only HEP packets carrying this authentication key; send it with --hep-send" },
	{ "hep-send", O_HEP_SEND, "udp:HOST:PORT", "mirror every SIP message read to a HEP collector (HEPv3), as sngrep -H" },
	{ "hep-id", O_HEP_ID, "N", "capture id sent with --hep-send (default 2002)" },
	{ "ascii", O_ASCII, NULL, "draw with ASCII characters only" },
	{ "no-color", O_NO_COLOR, NULL, "do not use colours (NO_COLOR is also honoured)" },
	{ "help", 'h', NULL, "show this help and exit" },
	{ "version", 'V', NULL, "show the version and exit" },
};
const size_t option_count = sizeof option_table / sizeof option_table[0];

static bool fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return false;
}

static bool push(const char **list, size_t *n, const char *v, const char *what,
                 char *err, size_t errlen)
{
	if (*n >= OPT_LIST_MAX)
		return fail(err, errlen, "too many %s options (at most %d)", what, OPT_LIST_MAX);
	list[(*n)++] = v;
	return true;
}

static bool parse_number(const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || v < 0)
		return false;
	*out = v;
	return true;
}

/* --export-rtp[=N[,TOTAL]]: no value keeps the defaults; a TOTAL below N
 * is allowed (the total cuts first). */
static bool parse_rtp_caps(struct options *o, const char *arg)
{
	o->export_rtp = true;
	o->rtp_stream_cap = EXPORT_RTP_STREAM_DEFAULT;
	o->rtp_total_cap = EXPORT_RTP_TOTAL_DEFAULT;
	if (!arg)
		return true;
	char buf[64];
	if (strlen(arg) >= sizeof buf)
		return false;
	strcpy(buf, arg);
	char *comma = strchr(buf, ',');
	if (comma)
		*comma = 0;
	double n, t;
	if (!parse_number(buf, &n) || n < 1 || n > 100000000 || n != (unsigned long)n)
		return false;
	o->rtp_stream_cap = (unsigned long)n;
	if (comma) {
		if (!parse_number(comma + 1, &t) || t < 1 || t > 100000000 || t != (unsigned long)t)
			return false;
		o->rtp_total_cap = (unsigned long)t;
	}
	return true;
}

bool options_parse(struct options *o, int argc, char **argv, char *err, size_t errlen)
{
	struct option longopts[sizeof option_table / sizeof option_table[0] + 1];
	char shortopts[64] = "+";
	size_t sl = 1;

	memset(o, 0, sizeof *o);
	for (size_t i = 0; i < option_count; i++) {
		const struct option_def *d = &option_table[i];
		int has = !d->arg ? no_argument : d->arg[0] == '[' ? optional_argument : required_argument;
		longopts[i] = (struct option){ d->long_name, has, NULL, d->code };
		char letter = option_short_name(d);
		if (letter && sl + 3 < sizeof shortopts) {
			shortopts[sl++] = letter;
			if (has == required_argument)
				shortopts[sl++] = ':';
		}
	}
	longopts[option_count] = (struct option){ 0 };
	shortopts[sl] = 0;

	opterr = 0;
	optind = 0;   /* glibc: 0 re-initialises getopt fully, so parsing twice works */
	int c;
	double num;
	bool hep_id_set = false;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (!push(o->read_files, &o->nread, optarg, "-r", err, errlen))
				return false;
			break;
		case 'i': o->interface = optarg; break;
		case 'O': o->write_file = optarg; break;
		case 'c':
			if (!parse_number(optarg, &num) || num < 1)
				return fail(err, errlen, "--count wants a positive number, not '%s'", optarg);
			o->count = (unsigned long)num;
			break;
		case O_DURATION:
			if (!parse_number(optarg, &num) || num <= 0)
				return fail(err, errlen, "--duration wants a number of seconds, not '%s'", optarg);
			o->duration = num;
			break;
		case O_UNTIL_VERDICT: o->until_verdict = true; break;
		case O_LIMIT:
			if (!parse_number(optarg, &num) || num < 1 || num != (unsigned long)num)
				return fail(err, errlen, "--limit wants a positive whole number, not '%s'", optarg);
			o->limit = (unsigned long)num;
			break;
		case O_REPORT:
			if (!optarg || !strcmp(optarg, "text"))
				o->report = REPORT_TEXT;
			else if (!strcmp(optarg, "json"))
				o->report = REPORT_JSON;
			else
				return fail(err, errlen, "--report is text or json, not '%s'", optarg);
			break;
		case O_EXPORT: o->export_dir = optarg; break;
		case O_REDACT: o->redact = true; break;
		case O_EXPORT_RTP:
			if (!parse_rtp_caps(o, optarg))
				return fail(err, errlen, "--export-rtp wants N or N,TOTAL (packets, at least 1), not '%s'",
				            optarg);
			break;
		case O_REDACT_IP:
			if (!push(o->redact_ips, &o->nredact_ips, optarg, "--redact-ip", err, errlen))
				return false;
			break;
		case O_PBX_IP:
			if (!push(o->pbx_ips, &o->npbx_ips, optarg, "--pbx-ip", err, errlen))
				return false;
			break;
		case O_SESSION: o->session_file = optarg; break;
		case O_MARK:
			if (!strchr(optarg, '='))
				return fail(err, errlen, "--mark wants ID=pass|fail|warn|skip, not '%s'", optarg);
			if (!push(o->marks, &o->nmarks, optarg, "--mark", err, errlen))
				return false;
			break;
		case O_TRUNK: o->trunk = optarg; break;
		case O_REGISTRAR: o->registrar = optarg; break;
		case O_USER: o->user = optarg; break;
		case O_AUTH_USER: o->auth_user = optarg; break;
		case O_REALM: o->realm = optarg; break;
		case O_TRANSPORT:
			if (strcmp(optarg, "udp") && strcmp(optarg, "tcp") && strcmp(optarg, "tls"))
				return fail(err, errlen, "--transport is udp, tcp or tls, not '%s'", optarg);
			o->transport = optarg;
			break;
		case O_PUBLIC_IP: o->public_ip = optarg; break;
		case O_PASSWORD_FILE: o->password_file = optarg; break;
		case O_ASK_PASSWORD: o->ask_password = true; break;
		case O_PROBE: o->probe = true; break;
		case O_PROBE_REGISTER: o->probe_register = true; break;
		case O_DNS_SERVER: o->dns_server = optarg; break;
		case O_FROM_PJSIP: o->from_pjsip = optarg; break;
		case O_FROM_SIPCONF: o->from_sipconf = optarg; break;
		case O_FROM_FREESWITCH: o->from_freeswitch = optarg; break;
		case O_HEP_LISTEN: o->hep_listen = optarg; break;
		case O_HEP_PORT:
			if (!parse_number(optarg, &num) || num < 1 || num > 65535 || num != (unsigned)num)
				return fail(err, errlen, "--hep-port wants a port number, not '%s'", optarg);
			o->hep_port = (unsigned)num;
			break;
		case O_HEP_PASSWORD:
			free(o->hep_password);
			if (!(o->hep_password = strdup(optarg)))
				return fail(err, errlen, "out of memory");
			/* out of ps and /proc/PID/cmdline from now on */
			memset(optarg, 'x', strlen(optarg));
			break;
		case O_HEP_SEND:
			if (strncmp(optarg, "udp:", 4))
				return fail(err, errlen, "--hep-send wants udp:HOST:PORT, not '%s'", optarg);
			o->hep_send = optarg;
			break;
		case O_HEP_ID:
			if (!parse_number(optarg, &num) || num > 4294967295.0 || num != (unsigned long)num)
				return fail(err, errlen, "--hep-id wants a number 0-4294967295, not '%s'", optarg);
			o->hep_id = (unsigned long)num;
			hep_id_set = true;
			break;
		case O_ASCII: o->ascii = true; break;
		case O_NO_COLOR: o->no_color = true; break;
		case 'h': o->help = true; break;
		case 'V': o->version = true; break;
		case ':':
			return fail(err, errlen, "option %s needs an argument", argv[optind - 1]);
		default:
			if (optopt && optopt < 256)
				return fail(err, errlen, "unknown option -%c (see trunkdoc --help)", optopt);
			return fail(err, errlen, "unknown option %s (see trunkdoc --help)", argv[optind - 1]);
		}
	}

	/* Trailing arguments are a BPF filter, as with tcpdump. */
	if (optind < argc) {
		size_t len = 1;
		for (int i = optind; i < argc; i++)
			len += strlen(argv[i]) + 1;
		o->filter = calloc(1, len);
		if (!o->filter)
			return fail(err, errlen, "out of memory");
		for (int i = optind; i < argc; i++) {
			if (i > optind)
				strcat(o->filter, " ");
			strcat(o->filter, argv[i]);
		}
	}

	if (o->help || o->version)
		return true;
	if (o->probe_register && !o->probe)
		return fail(err, errlen, "--probe-register goes with --probe");
	if ((o->duration > 0 || o->until_verdict) && !o->interface && !o->hep_listen)
		return fail(err, errlen, "--duration and --until-verdict go with -i or --hep-listen (live)");
	if (o->interface && o->nread)
		return fail(err, errlen, "use either -r FILE or -i IFACE, not both");
	if (o->hep_listen && (o->interface || o->nread))
		return fail(err, errlen, "use --hep-listen on its own, not with -r or -i");
	if (hep_id_set && !o->hep_send)
		return fail(err, errlen, "--hep-id goes with --hep-send");
	if (!hep_id_set)
		o->hep_id = 2002;
	if (o->export_rtp && !o->export_dir && o->report != REPORT_NONE)
		return fail(err, errlen, "--export-rtp goes with --export (or the screen's save)");
	if (o->export_dir && o->report == REPORT_NONE)
		o->report = REPORT_TEXT;   /* batch export implies a report */
	return true;
}

void options_free(struct options *o)
{
	free(o->filter);
	o->filter = NULL;
	if (o->hep_password) {
		explicit_bzero(o->hep_password, strlen(o->hep_password));
		free(o->hep_password);
		o->hep_password = NULL;
	}
}

void options_print_help(FILE *out)
{
	fprintf(out,
		"Usage: trunkdoc [OPTION]... [-r FILE | -i IFACE [FILTER...]]\n"
		"Tell why a SIP trunk will not register, and prove it from the packets.\n\n");
	for (size_t i = 0; i < option_count; i++) {
		const struct option_def *d = &option_table[i];
		char left[64];
		char letter = option_short_name(d);
		if (letter)
			snprintf(left, sizeof left, "-%c, --%s%s%s", letter, d->long_name,
			         d->arg && d->arg[0] != '[' ? " " : "", d->arg ? d->arg : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", d->long_name,
			         d->arg && d->arg[0] != '[' ? " " : "", d->arg ? d->arg : "");
		if (strlen(left) > 28)
			fprintf(out, "  %s\n  %-28s %s\n", left, "", d->help);
		else
			fprintf(out, "  %-28s %s\n", left, d->help);
	}
	fprintf(out,
		"\nThe screen keeps the operator's marks, notes, profile and filter without\n"
		"--session: one file per capture in $XDG_STATE_HOME/trunkdoc/sessions\n"
		"(default ~/.local/state/trunkdoc/sessions), back when the same capture is\n"
		"opened again; a live capture ended without a save keeps its packets there\n"
		"as a pcap.  The password is never saved.\n"
		"\nThe password is never an argument: use --password-file, --ask-password\n"
		"or the environment variable TRUNKDOC_PASSWORD.\n"
		"Exit status: 0 no check fails, 1 a check fails, 2 bad usage or unreadable input.\n");
}
