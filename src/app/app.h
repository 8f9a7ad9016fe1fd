/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * app.h - one troubleshooting session: the options, the capture and its
 * store, the trunk profile and password, the checklist's findings and the
 * operator's marks.  main.c builds it; the batch report, the export and the
 * TUI all work from it.
 */
#ifndef TRUNKDOC_APP_H
#define TRUNKDOC_APP_H

#include "app/options.h"
#include "checks/check.h"
#include "checks/trunks.h"
#include "trunk/profile.h"
#include "trunk/secret.h"

struct store;
struct pipeline;
struct probe_results;
struct call_focus;
struct node_stores;

#define MARK_MAX 64

/* An operator's mark, owning its strings (check_mark points into these). */
struct app_mark {
	char id[64];
	enum verdict verdict;
	char note[FINDING_TEXT];
};

struct app {
	struct options opt;
	struct store *store;
	struct pipeline *pipe;
	struct profile profile;
	struct secret password;
	struct probe_results *probes;      /* NULL until a probe ran */
	struct finding *findings;          /* check_count entries: the first trunk's
	                                      (trunks[0]), or the empty selection's */
	struct pbx_addrs pbx_addrs;        /* --pbx-ip, or this host's interfaces (live) */
	struct roles roles;                /* roles and trunks, by app_evaluate */
	struct finding *trunk_findings[TRUNKS_MAX]; /* each trunk's checklist */
	struct app_mark marks[MARK_MAX];
	size_t nmarks;
	char filter_text[256];             /* TUI display filter, saved in sessions */
	usec_t now;                        /* capture time the findings speak for */
	/* the screen's kept work (app/autosave.h) */
	char auto_session[4096];           /* the session file chosen for this capture, "" if none */
	char auto_session_err[512];        /* why there is none */
	char live_pcap[4096];              /* the live capture's packets, written as read; "" if none */
	char *kept_notes;                  /* captures kept at an earlier exit, said on this start */
	struct node_result *node_results;  /* per HEP capture node (app/nodes.h), or NULL */
	size_t nnode_results;
	struct node_stores *node_stores;   /* each node's own store, kept between evaluations (app/nodes.c) */
	bool keep_node_stores;             /* the screen evaluates again and again: keep them */
	usec_t node_quiet;                 /* kept: every node judged again after this, 0: NODES_QUIET_USEC */
	unsigned eval_gen;                 /* bumped by each app_evaluate() */
	struct call_focus *call_focus;     /* group 5 per call, for the screen (app/call_focus.h) */
};

/* Assigns roles and trunks, then runs every check once per trunk (the
 * first failing trunk, in helpdesk order, first; the profile's trunk always
 * first); app->findings is trunks[0]'s. */
void app_evaluate(struct app *a);
void app_free_evaluation(struct app *a);
/* Did any trunk's check fail? */
bool app_any_failure(const struct app *a);
/* Nothing to judge: no packets, no SIP, or no REGISTER of a trunk.  Fills
 * why ("Nothing to judge: 12 packets, 3 SIP messages (OPTIONS 2, responses
 * 1), no REGISTER") and returns true; false when a trunk's REGISTER is there. */
bool app_nothing_to_judge(const struct app *a, char *why, size_t whylen);
/* Records the sockets and Call-IDs trunkdoc's probes used in the store, so
 * their packets in a live capture are known as its own. */
void app_note_own_traffic(struct app *a);
/* Sets (or, with V_UNKNOWN and no note, clears) an operator mark. */
bool app_set_mark(struct app *a, const char *id, enum verdict v, const char *note);
/* Parses "ID=VERDICT[:NOTE]" as given to --mark. */
bool app_parse_mark(struct app *a, const char *spec, char *err, size_t errlen);
enum verdict verdict_from_name(const char *s);   /* "skip"/"skipped" -> V_SKIPPED; -1 cast if unknown */

#endif
