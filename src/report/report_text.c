/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * report_text.c - the batch report for people (--report), made for an
 * 80x24 terminal: the first lines answer the question.
 *
 *   Nothing to judge   first, when there is no packet, no SIP or no trunk REGISTER
 *   Root cause         the first failing step and what it found
 *   one line a group   [FAIL] Provider and portal     Registration ends in 2xx
 *   Checklist          group by group, one line per check with its mark (one per trunk)
 *   Roles              every registration's role, how it was decided, its own verdict
 *   Details            every warn/fail: summary, evidence, advice
 *   Capture            sources, counts, time span (UTC)
 *   Registrations      AOR @ registrar, state timeline, attempts
 *   Dialogs            one ladder per Call-ID: time  src -> dst  label
 *
 * Every string that came from a packet (or a file) goes through sanitize().
 */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/nodes.h"
#include "app/pipeline.h"
#include "probe/probe.h"
#include "report/report.h"
#include "report/report_calls.h"
#include "report/report_util.h"
#include "store/store.h"

static const char *verdict_mark(enum verdict v)
{
	switch (v) {
	case V_PASS: return "[PASS]";
	case V_WARN: return "[WARN]";
	case V_FAIL: return "[FAIL]";
	case V_SKIPPED: return "[SKIP]";
	default: return "[ ?? ]";
	}
}

#define TEXT_W 80

/* Prints text word-wrapped to TEXT_W columns, every line indented by
 * indent spaces (the first after prefix instead, when one is given), so a
 * wrapped evidence line keeps its place under its frame number. */
static void wrapped(FILE *out, int indent, const char *prefix, const char *text)
{
	int w = TEXT_W - indent;
	if (w < 20)
		w = 20;
	const char *s = text;
	bool first = true;
	do {
		size_t len = strlen(s), take = len;
		if ((int)len > w) {
			take = (size_t)w;
			while (take > 0 && s[take] != ' ')
				take--;
			if (take == 0)
				take = (size_t)w;      /* one long word: cut it */
		}
		if (first && prefix)
			fprintf(out, "%-*s%.*s\n", indent, prefix, (int)take, s);
		else
			fprintf(out, "%*s%.*s\n", indent, "", (int)take, s);
		first = false;
		s += take;
		while (*s == ' ')
			s++;
	} while (*s);
}

static int verdict_rank(enum verdict v)
{
	return v == V_FAIL ? 3 : v == V_WARN ? 2 : v == V_PASS ? 1 : 0;
}

/* --probe-register: what the registrar said to our own REGISTER with the
 * password given, which tells a wrong password from a refused account (the
 * wording is the checks', the screen's checklist shows the same line). */
static void test_registration(FILE *out, const struct app *a)
{
	if (!a->probes || !a->opt.probe_register)
		return;
	char line[1024], clean[2048];
	checks_test_registration(a->probes, line, sizeof line);
	wrapped(out, 2, NULL, rep_text(line, clean, sizeof clean));
}

/* The answer first: the root cause, then one line per group with its
 * worst verdict and the step that earned it (or its counts). */
static void summary(FILE *out, const struct app *a)
{
	char b1[FINDING_TEXT * 2], line[256];
	int root = checks_root_cause(a->findings);
	if (root >= 0) {
		snprintf(line, sizeof line, "Root cause: %s (%s)",
		         rep_text(check_table[root].title, b1, sizeof b1), check_table[root].id);
		wrapped(out, 0, NULL, line);
		if (a->findings[root].summary[0])
			wrapped(out, 2, NULL, rep_text(a->findings[root].summary, b1, sizeof b1));
	} else {
		fprintf(out, "No step failed.\n");
	}
	test_registration(out, a);
	fputc('\n', out);
	for (int g = 0; g < G__COUNT; g++) {
		size_t n = 0, pass = 0, open = 0;
		int worst = -1;
		for (size_t i = 0; i < check_count; i++) {
			if ((int)check_table[i].group != g)
				continue;
			enum verdict v = a->findings[i].verdict;
			n++;
			pass += v == V_PASS;
			open += v == V_UNKNOWN;
			if (worst < 0 || verdict_rank(v) > verdict_rank(a->findings[worst].verdict))
				worst = (int)i;
		}
		if (!n)
			continue;
		enum verdict wv = a->findings[worst].verdict;
		char what[128];
		if (wv == V_FAIL || wv == V_WARN)
			snprintf(what, sizeof what, "%s", rep_text(check_table[worst].title, b1, sizeof b1));
		else
			snprintf(what, sizeof what, "%zu pass, %zu not judged", pass, open);
		/* 6 + 1 + 27 + 1 + 45 = 80 columns */
		fprintf(out, "%s %-27.27s %.45s\n", verdict_mark(verdict_rank(wv) ? wv : V_UNKNOWN),
		        group_name((enum check_group)g), what);
	}
}

static void heading(FILE *out, const char *title)
{
	fprintf(out, "\n%s\n", title);
	for (size_t i = 0; title[i]; i++)
		fputc('=', out);
	fputc('\n', out);
}

static void checklist_of(FILE *out, const struct finding *findings, const char *title, const char *trunk)
{
	char b1[FINDING_TEXT * 2], b2[FINDING_TEXT * 2];
	heading(out, title);
	for (int g = 0; g < G__COUNT; g++) {
		bool any = false;
		for (size_t i = 0; i < check_count; i++) {
			const struct check_def *c = &check_table[i];
			if ((int)c->group != g)
				continue;
			if (!any)
				fprintf(out, "%s\n", group_name((enum check_group)g));
			any = true;
			const struct finding *f = &findings[i];
			char head[64], title[FINDING_TEXT * 2 + 16];
			snprintf(head, sizeof head, "  %s %-28s ", verdict_mark(f->verdict), c->id);
			snprintf(title, sizeof title, "%s%s", rep_text(c->title, b1, sizeof b1),
			         f->marked ? " (marked)" : "");
			wrapped(out, (int)strlen(head), head, title);
			if (f->summary[0] && f->verdict != V_WARN && f->verdict != V_FAIL)
				wrapped(out, 9, NULL, rep_text(f->summary, b2, sizeof b2));
		}
	}
	int root = checks_root_cause(findings);
	if (root >= 0) {
		fprintf(out, "\nRoot cause (first %s step): %s\n",
		        findings[root].verdict == V_FAIL ? "failing" : "warning, so far", check_table[root].id);
		wrapped(out, 2, NULL, rep_text(findings[root].summary, b1, sizeof b1));
	} else {
		fprintf(out, "\nNo step failed.\n");
	}
	if (trunk)
		wrapped(out, 14, "Trunk judged: ", rep_text(trunk, b1, sizeof b1));

	bool details = false;
	for (size_t i = 0; i < check_count; i++) {
		const struct finding *f = &findings[i];
		if (f->verdict != V_WARN && f->verdict != V_FAIL)
			continue;
		if (!details)
			heading(out, "Details");
		details = true;
		fprintf(out, "%s %s: %s\n", verdict_mark(f->verdict), check_table[i].id,
		        rep_text(check_table[i].title, b1, sizeof b1));
		wrapped(out, 2, NULL, rep_text(f->summary, b1, sizeof b1));
		for (size_t e = 0; e < f->nev && e < EVIDENCE_MAX; e++) {
			char t[40], head[64];
			if (f->ev[e].frame) {
				/* frame and time on their line; the text wraps under it */
				fprintf(out, "    frame %-7u %s\n", f->ev[e].frame, rep_time(f->ev[e].time, t, sizeof t));
				wrapped(out, 6, NULL, rep_text(f->ev[e].text, b1, sizeof b1));
			} else {
				snprintf(head, sizeof head, "    - ");
				wrapped(out, 6, head, rep_text(f->ev[e].text, b1, sizeof b1));
			}
		}
		if (f->ev_dropped)
			fprintf(out, "    (%zu more pieces of evidence not shown)\n", f->ev_dropped);
		char lab[FINDING_TEXT * 2 + 32];
		if (f->advice[0]) {
			snprintf(lab, sizeof lab, "Next step: %s", rep_text(f->advice, b1, sizeof b1));
			wrapped(out, 2, NULL, lab);
		}
		if (f->note[0]) {
			snprintf(lab, sizeof lab, "Operator's note: %s", rep_text(f->note, b1, sizeof b1));
			wrapped(out, 2, NULL, lab);
		}
		fputc('\n', out);
	}
}

/* The first (or only) trunk's checklist as the report always had it, then
 * one more per further trunk. */
static void checklist(FILE *out, const struct app *a)
{
	const struct roles *ro = &a->roles;
	char title[TRUNK_NAME_MAX + 32];
	if (ro->ntrunk <= 1) {
		checklist_of(out, a->findings, "Checklist", ro->ntrunk ? ro->trunks[0].name : NULL);
		return;
	}
	for (size_t k = 0; k < ro->ntrunk; k++) {
		snprintf(title, sizeof title, "Checklist %zu of %zu: trunk %s", k + 1, ro->ntrunk, ro->trunks[k].name);
		checklist_of(out, k ? ro->trunks[k].findings : a->findings, title, ro->trunks[k].name);
	}
}

/* Every registration's role, how it was decided, and its own verdict: the
 * answer to "why does this phone not register". */
static void roles_summary(FILE *out, const struct app *a)
{
	const struct store *st = a->store;
	const struct roles *ro = &a->roles;
	char aor[REPORT_STR], b[REPORT_STR], user[REPORT_STR];
	if (!ro->nreg)
		return;
	heading(out, "Roles");
	if (ro->pbx[0])
		fprintf(out, "PBX host: %s\n", rep_text(ro->pbx, b, sizeof b));
	for (uint32_t i = 0; i < ro->nreg; i++) {
		const struct registration *r = store_reg(st, i);
		const struct reg_role_info *ri = &ro->reg[i];
		rep_str(st, r->aor, aor, sizeof aor);
		const char *u = strchr(aor, ':'), *at = strchr(aor, '@');
		snprintf(user, sizeof user, "%.*s", u && at && at > u ? (int)(at - u - 1) : (int)strlen(aor),
		         u && at && at > u ? u + 1 : aor);
		fprintf(out, "%-9s %s\n", ri->own ? "trunkdoc" : role_name((enum reg_role)ri->role), aor);
		char line[4096];
		if (ri->role == ROLE_EXTENSION)
			snprintf(line, sizeof line, "%s phone %s: %s", verdict_mark(ri->verdict), user,
			         rep_text(ri->verdict_text, b, sizeof b));
		else
			snprintf(line, sizeof line, "%s %s", verdict_mark(ri->verdict), rep_text(ri->verdict_text, b, sizeof b));
		wrapped(out, 19, "          verdict: ", line);
		wrapped(out, 16, "          role: ", rep_text(ri->why, b, sizeof b));
		if (ri->trunk >= 0) {
			snprintf(line, sizeof line, "judged in the checklist of %s", rep_text(ro->trunks[ri->trunk].name, b, sizeof b));
			wrapped(out, 10, "          ", line);
		}
	}
}

static void capture_summary(FILE *out, const struct app *a)
{
	const struct store *st = a->store;
	const struct capture_stats *cs = store_stats_c(st);
	char b[REPORT_STR], t1[40], t2[40];
	heading(out, "Capture");
	for (size_t i = 0; i < store_source_count(st); i++) {
		const struct store_source *s = store_source_get(st, (uint16_t)i);
		fprintf(out, "Source:        %s%s\n", rep_text(s->name, b, sizeof b), s->live ? " (live)" : "");
	}
	fprintf(out, "Packets:       %llu\n", (unsigned long long)cs->packets);
	fprintf(out, "SIP messages:  %llu\n", (unsigned long long)store_msg_count(st));
	fprintf(out, "Malformed:     %llu\n", (unsigned long long)cs->malformed);
	if (cs->dropped)
		fprintf(out, "Kernel drops:  %u\n", cs->dropped);
	if (cs->queue_dropped)
		fprintf(out, "Queue drops:   %llu (trunkdoc's reader queue was full: the parse did not keep up)\n",
		        (unsigned long long)cs->queue_dropped);
	if (cs->limit_dropped)
		fprintf(out, "Dropped:       %llu dialog%s, %llu of them still open, the oldest first (--limit)\n",
		        (unsigned long long)cs->limit_dropped, cs->limit_dropped == 1 ? "" : "s",
		        (unsigned long long)cs->limit_dropped_open);
	if (cs->hep_packets)
		fprintf(out, "HEP packets:   %llu (%llu malformed, %llu refused, %llu not SIP), %zu capture node%s\n",
		        (unsigned long long)cs->hep_packets, (unsigned long long)cs->hep_malformed,
		        (unsigned long long)cs->hep_refused, (unsigned long long)cs->hep_not_sip,
		        store_node_count(st), store_node_count(st) == 1 ? "" : "s");
	if (cs->tls_records)
		fprintf(out, "TLS records:   %llu (encrypted SIP cannot be read)\n", (unsigned long long)cs->tls_records);
	if (cs->truncated || cs->snap_cut)
		fprintf(out, "Truncated:     %llu SIP messages cut short, %llu packets cut by the snapshot length\n",
		        (unsigned long long)cs->truncated, (unsigned long long)cs->snap_cut);
	if (cs->packets)
		fprintf(out, "Time span:     %s .. %s (UTC)\n", rep_time(cs->first, t1, sizeof t1),
		        rep_time(cs->last, t2, sizeof t2));
	if (a->pipe && a->opt.filter && !a->opt.interface)
		fprintf(out, "Filter:        %s (%llu packets did not match)\n", rep_text(a->opt.filter, b, sizeof b),
		        (unsigned long long)pipeline_filtered(a->pipe));
	if (a->pipe)
		for (size_t i = 0; i < pipeline_warning_count(a->pipe); i++)
			fprintf(out, "Warning:       %s\n", rep_text(pipeline_warning(a->pipe, i), b, sizeof b));
}

static void registrations(FILE *out, const struct store *st)
{
	char aor[REPORT_STR], reg[REPORT_STR], e1[64], e2[64], t[40];
	size_t n = store_reg_count(st);
	heading(out, "Registrations");
	if (!n)
		fprintf(out, "No REGISTER seen.\n");
	for (uint32_t i = 0; i < n; i++) {
		const struct registration *r = store_reg(st, i);
		fprintf(out, "%s at %s\n", rep_str(st, r->aor, aor, sizeof aor),
		        r->registrar ? rep_str(st, r->registrar, reg, sizeof reg) : "(registrar unknown)");
		fprintf(out, "  from %s to %s, %u attempt%s\n", store_ep_fmt(st, r->pbx, e1, sizeof e1),
		        store_ep_fmt(st, r->server, e2, sizeof e2), r->txns_count, r->txns_count == 1 ? "" : "s");
		fprintf(out, "  state: %s", reg_state_name((enum reg_state)r->state));
		if (r->last_status)
			fprintf(out, ", last final response %u", r->last_status);
		if (r->granted_expires >= 0)
			fprintf(out, ", granted %d s", r->granted_expires);
		fputc('\n', out);
		const struct reg_event *ev = store_reg_events(st, r);
		for (uint32_t k = 0; k < r->events_count; k++) {
			const struct sip_msg *m = store_msg(st, ev[k].msg);
			fprintf(out, "    %s  %-12s frame %u\n", rep_time(ev[k].time, t, sizeof t),
			        reg_state_name((enum reg_state)ev[k].state), m ? m->frame : 0);
		}
	}
}

static void dialogs(FILE *out, const struct store *st)
{
	char cid[REPORT_STR], label[REPORT_STR], e1[64], e2[64], t[40];
	size_t n = store_dialog_count(st);
	heading(out, "Dialogs");
	if (!n)
		fprintf(out, "No SIP dialog seen.\n");
	for (uint32_t i = 0; i < n; i++) {
		const struct sip_dialog *d = store_dialog(st, i);
		fprintf(out, "Call-ID %s  (%s, %u message%s)\n",
		        d->call_id ? rep_str(st, d->call_id, cid, sizeof cid) : "(none)",
		        d->first_method ? sip_method_name((enum sip_method)d->first_method) : "responses only",
		        d->msgs_count, d->msgs_count == 1 ? "" : "s");
		const uint32_t *ids = store_dialog_msgs(st, d);
		for (uint32_t k = 0; k < d->msgs_count; k++) {
			const struct sip_msg *m = store_msg(st, ids[k]);
			fprintf(out, "  %s  %21s -> %-21s %-4s %s%s%s  (frame %u)\n",
			        rep_time(m->time, t, sizeof t), store_ep_fmt(st, store_msg_hdr(st, m)->src, e1, sizeof e1),
			        store_ep_fmt(st, store_msg_hdr(st, m)->dst, e2, sizeof e2), transport_name((enum transport)m->transport),
			        rep_msg_label(st, m, label, sizeof label),
			        (m->flags & MF_RETRANS) ? "  [retransmission]" : "",
			        (m->flags & MF_MALFORMED) ? "  [malformed]" : "", m->frame);
		}
		fputc('\n', out);
	}
}

/* One line per HEP capture node, failing first: what a helpdesk watching
 * a fleet reads first. */
static void nodes(FILE *out, const struct app *a)
{
	const struct store *st = a->store;
	if (!a->nnode_results)
		return;
	heading(out, "Capture nodes (HEP)");
	char name[REPORT_STR], b[REPORT_STR];
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < a->nnode_results; i++) {
			const struct node_result *r = &a->node_results[i];
			if (r->failing != (pass == 0))
				continue;
			const struct capture_node *cn = store_node_get(st, r->node);
			size_t nregs = 0;
			for (uint32_t k = 0; k < store_reg_count(st); k++)
				nregs += registration_node(st, store_reg(st, k)) == r->node;
			fprintf(out, "%s node %u: capture id %u from %s%s%s%s, %u message%s, %zu registration%s\n",
			        r->failing ? "FAIL" : "ok  ", r->node, cn->capture_id,
			        store_ep_text(st, cn->agent), cn->name ? " (" : "",
			        cn->name ? rep_str(st, cn->name, name, sizeof name) : "", cn->name ? ")" : "",
			        r->messages, r->messages == 1 ? "" : "s", nregs, nregs == 1 ? "" : "s");
			if (r->pbx[0])
				wrapped(out, 12, "     PBX:   ", rep_text(r->pbx, b, sizeof b));
			for (size_t t = 0; t < r->ntrunk; t++) {
				const struct node_trunk *nt = &r->trunks[t];
				char line[4096];
				snprintf(line, sizeof line, "%s %s: %s", nt->failing ? "FAIL" : "ok  ",
				         rep_text(nt->name, b, sizeof b), rep_text(nt->state, name, sizeof name));
				wrapped(out, 12, "     trunk  ", line);
				if (nt->root_cause >= 0) {
					snprintf(line, sizeof line, "%s: %s", check_table[nt->root_cause].id,
					         rep_text(nt->findings[nt->root_cause].summary, b, sizeof b));
					wrapped(out, 24, "            root cause: ", line);
				}
			}
			if (!r->ntrunk && r->root_cause >= 0) {
				char line[4096];
				snprintf(line, sizeof line, "%s: %s", check_table[r->root_cause].id,
				         rep_text(r->findings[r->root_cause].summary, b, sizeof b));
				wrapped(out, 17, "     root cause: ", line);
			}
		}
}

void report_text(FILE *out, const struct app *a)
{
	char why[512];
	if (app_nothing_to_judge(a, why, sizeof why))
		fprintf(out, "%s.\n\n", why);
	summary(out, a);
	checklist(out, a);
	roles_summary(out, a);
	nodes(out, a);
	capture_summary(out, a);
	registrations(out, a->store);
	heading(out, "Calls");
	calls_text(out, a->store);
	dialogs(out, a->store);
}
