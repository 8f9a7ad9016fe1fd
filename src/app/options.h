/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * options.h - the command line.  Every option is one row of option_table[];
 * --help, the man page test and the parser all read that table.
 */
#ifndef TRUNKDOC_OPTIONS_H
#define TRUNKDOC_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define OPT_LIST_MAX 32
/* --export-rtp's caps: a minute of one stream at 20 ms packets, and ten
 * such streams (about 7 MB of G.711 with headers), so a long call or many
 * calls cannot fill a disk or a ticket system's attachment limit. */
#define EXPORT_RTP_STREAM_DEFAULT 3000
#define EXPORT_RTP_TOTAL_DEFAULT 30000

enum report_format { REPORT_NONE = 0, REPORT_TEXT, REPORT_JSON };

struct options {
	const char *read_files[OPT_LIST_MAX];
	size_t nread;
	const char *interface;
	char *filter;                  /* trailing arguments joined; NULL = default */
	enum report_format report;
	const char *export_dir;
	bool export_rtp;               /* --export-rtp: the calls' RTP/RTCP in the bundle's pcap */
	unsigned long rtp_stream_cap;  /* packets per stream at most */
	unsigned long rtp_total_cap;   /* packets in all at most */
	bool redact;
	const char *redact_ips[OPT_LIST_MAX];
	size_t nredact_ips;
	const char *pbx_ips[OPT_LIST_MAX];   /* --pbx-ip: the PBX host's addresses */
	size_t npbx_ips;
	const char *session_file;
	const char *marks[OPT_LIST_MAX];   /* "ID=VERDICT[:note]" */
	size_t nmarks;
	const char *trunk;             /* profile INI file, or a section name with --from-* */
	const char *registrar, *user, *auth_user, *realm, *transport, *public_ip;
	const char *password_file;
	bool ask_password;
	bool probe;
	bool probe_register;
	const char *dns_server;
	const char *from_pjsip, *from_sipconf, *from_freeswitch;
	double duration;               /* live: stop after this many seconds (0 = never) */
	bool until_verdict;
	unsigned long count;           /* stop after this many packets (0 = all) */
	/* HEP (net/hep.h) */
	unsigned hep_port;             /* in capture files and live capture; 0 = not named (9060) */
	const char *hep_listen;        /* udp:ADDR:PORT or tcp:ADDR:PORT */
	const char *hep_send;          /* udp:HOST:PORT */
	unsigned long hep_id;          /* capture id we send with */
	char *hep_password;            /* copied out of argv, which is then blanked */
	unsigned long limit;           /* --limit: dialogs kept in memory, 0 = all */
	bool ascii;
	bool no_color;
	const char *write_file;            /* -O: the live capture's packets as pcap */
	bool help, version;
};

/* The getopt value of an option without a one-letter form; an option with
 * one uses its letter.  Values start above every letter, so the two never
 * meet. */
enum option_code {
	O_REPORT = 1000, O_EXPORT, O_REDACT, O_REDACT_IP, O_SESSION, O_MARK,
	O_TRUNK, O_REGISTRAR, O_USER, O_AUTH_USER, O_REALM, O_TRANSPORT,
	O_PUBLIC_IP, O_PASSWORD_FILE, O_ASK_PASSWORD, O_PROBE, O_PROBE_REGISTER,
	O_DNS_SERVER, O_FROM_PJSIP, O_FROM_SIPCONF, O_FROM_FREESWITCH,
	O_DURATION, O_UNTIL_VERDICT, O_ASCII, O_NO_COLOR, O_PBX_IP,
	O_HEP_PORT, O_HEP_LISTEN, O_HEP_SEND, O_HEP_ID, O_HEP_PASSWORD, O_LIMIT,
	O_EXPORT_RTP,
};

/* One option, whole: its names, what getopt_long returns for it and what
 * it takes.  The parser dispatches on code, so a row cannot lend its
 * meaning to another. */
struct option_def {
	const char *long_name;
	int code;                      /* the short letter, or an O_* value */
	const char *arg;               /* NULL: a flag; "[=FMT]": optional */
	const char *help;
};
extern const struct option_def option_table[];
extern const size_t option_count;

/* The row's one-letter form ('r' for -r), or 0 if it has none. */
static inline char option_short_name(const struct option_def *d)
{
	return d->code > 0 && d->code < 128 ? (char)d->code : 0;
}

/* Parses argv into o.  On a usage error writes one line into err and
 * returns false (exit code 2). */
bool options_parse(struct options *o, int argc, char **argv, char *err, size_t errlen);
void options_free(struct options *o);
void options_print_help(FILE *out);

#endif
