/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * check.h - the guided checklist.  A check is one row of check_table[]: an
 * id (the public interface: JSON reports and scripts match on it), a group,
 * a kind, a title as the helpdesk reads it, and an evaluate function over the
 * store, the trunk profile and any probe results that fills a finding.
 *
 *   internet ──> PBX configuration ──> provider/portal ──> firewall/NAT
 *   (G_NET)      (G_PBX)                (G_PROV)             (G_FW)
 *
 * Rules: evaluate() is pure: it reads its context and writes its finding,
 * never does I/O, never includes curses.  A check with no evidence returns
 * V_UNKNOWN, never V_PASS.  Every pass/warn/fail names its evidence frames.
 */
#ifndef TRUNKDOC_CHECK_H
#define TRUNKDOC_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/model.h"

struct store;
struct profile;
struct secret;
struct probe_results;
struct trunk;

enum verdict { V_UNKNOWN = 0, V_PASS, V_WARN, V_FAIL, V_SKIPPED };
enum check_group { G_NET = 0, G_PBX, G_PROV, G_FW, G_CALL, G__COUNT };
enum check_kind {
	K_OBS = 1 << 0,     /* decided from captured traffic */
	K_PROBE = 1 << 1,   /* decided from an active test */
	K_MAN = 1 << 2,     /* only a person can confirm: the operator marks it */
};

#define EVIDENCE_MAX 24
#define EVIDENCE_TEXT 200
#define FINDING_TEXT 400

/* One piece of evidence: a frame (0 if none) and what it shows. */
struct evidence {
	uint32_t frame;
	usec_t time;
	char text[EVIDENCE_TEXT];   /* already sanitised */
};

struct finding {
	enum verdict verdict;
	char summary[FINDING_TEXT];  /* one plain-language line; sanitised */
	char advice[FINDING_TEXT];   /* the next step; cites the RFC where one decides */
	struct evidence ev[EVIDENCE_MAX];
	size_t nev;
	size_t ev_dropped;           /* evidence beyond EVIDENCE_MAX, counted */
	bool marked;                 /* verdict set by the operator (manual mark) */
	bool leads;                  /* a warn that already names the cause (an unanswered
	                              * REGISTER before timer F, a 423 with no retry): the
	                              * root cause when no earlier step fails */
	bool side_unknown;           /* the evidence cannot tell the PBX's side from the
	                              * provider's (a 401 loop without the password) */
	char note[FINDING_TEXT];     /* operator's note, if any */
};

/* An operator's mark for a manual (or any) check: from the TUI, --mark, or a
 * saved session. */
struct check_mark {
	const char *id;
	enum verdict verdict;
	const char *note;
};

struct check_ctx {
	const struct store *store;
	const struct profile *profile;     /* never NULL; fields may be empty */
	const struct secret *password;     /* NULL when the operator gave none */
	const struct probe_results *probes;/* NULL when no probe ran */
	usec_t now;                        /* capture time the verdicts speak for */
	/* The trunk judged (checks/trunks.h): its registrations are the ones
	 * regs_of_interest() and reg_walk give the checks.  NULL: the profile's
	 * registrations, else every one (a caller with no roles). */
	const struct trunk *trunk;
	uint32_t only_call;                /* group 5: 1 + the call to judge alone
	                                    * (the screen's selection); 0: every trunk call */
};

struct check_def {
	const char *id;          /* "pbx.realm-match" */
	enum check_group group;
	unsigned kind;           /* enum check_kind bits */
	const char *title;       /* "Digest realm matches the challenge" */
	const char *how;         /* for manual steps: what the operator does */
	void (*evaluate)(const struct check_ctx *ctx, struct finding *out);
};

extern const struct check_def check_table[];
extern const size_t check_count;

const char *verdict_name(enum verdict v);      /* "unknown", "pass", ... */
const char *group_name(enum check_group g);    /* "Internet and reachability" */
const char *group_id(enum check_group g);      /* "net", "pbx", "prov", "fw", "call" */
const char *kind_name(unsigned kind);          /* "obs", "obs+probe", "man" */
int check_index(const char *id);               /* -1 if unknown */

/* Runs every check in table order into out[check_count], then applies the
 * marks (a mark overrides the verdict and sets finding.marked). */
void checks_run(const struct check_ctx *ctx, const struct check_mark *marks,
                size_t nmarks, struct finding *out);
/* The same for the checks of some groups only (bit 1 << group): the
 * other entries of out are left as they are (the screen's checklist keeps
 * a trunk's groups 1-4 and judges group 5 for one call). */
void checks_run_groups(const struct check_ctx *ctx, unsigned groups, const struct check_mark *marks,
                       size_t nmarks, struct finding *out);
/* Index of the first failing check in helpdesk order (a leading warn counts
 * as failing), or -1. */
int checks_root_cause(const struct finding *f);

/* The probe's test registration (--probe-register, checks/test_register.c):
 * its verdict on the password (pass: accepted; fail: refused, or the account
 * refused before a password was tried; unknown: nothing proven; skipped:
 * none ran), and one line saying what was sent, what came back and what it
 * proves, which the checklist and the text report print as it is. */
enum verdict checks_test_registration(const struct probe_results *pr, char *line, size_t len);

/* Helpers for evaluate functions (checks/finding.c). */
void finding_set(struct finding *f, enum verdict v, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void finding_advice(struct finding *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Adds evidence for a message: frame, time, and a formatted line. */
void finding_evidence(struct finding *f, uint32_t frame, usec_t time, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
