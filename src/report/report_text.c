/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * report_text.c - the batch report for people (--report):
 *
 *   Checklist          group by group, one line per check with its mark
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
#include "app/pipeline.h"
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

static void heading(FILE *out, const char *title)
{
	fprintf(out, "\n%s\n", title);
	for (size_t i = 0; title[i]; i++)
		fputc('=', out);
	fputc('\n', out);
}

static void checklist(FILE *out, const struct app *a)
{
	char b1[FINDING_TEXT * 2], b2[FINDING_TEXT * 2];
	heading(out, "Checklist");
	for (int g = 0; g < G__COUNT; g++) {
		bool any = false;
		for (size_t i = 0; i < check_count; i++) {
			const struct check_def *c = &check_table[i];
			if ((int)c->group != g)
				continue;
			if (!any)
				fprintf(out, "%s\n", group_name((enum check_group)g));
			any = true;
			const struct finding *f = &a->findings[i];
			fprintf(out, "  %s %-28s %s%s\n", verdict_mark(f->verdict), c->id,
			        rep_text(c->title, b1, sizeof b1), f->marked ? " (marked)" : "");
			if (f->summary[0] && f->verdict != V_WARN && f->verdict != V_FAIL)
				fprintf(out, "         %s\n", rep_text(f->summary, b2, sizeof b2));
		}
	}
	int root = checks_root_cause(a->findings);
	if (root >= 0)
		fprintf(out, "\nRoot cause (first failing step): %s: %s\n", check_table[root].id,
		        rep_text(a->findings[root].summary, b1, sizeof b1));
	else
		fprintf(out, "\nNo step failed.\n");

	bool details = false;
	for (size_t i = 0; i < check_count; i++) {
		const struct finding *f = &a->findings[i];
		if (f->verdict != V_WARN && f->verdict != V_FAIL)
			continue;
		if (!details)
			heading(out, "Details");
		details = true;
		fprintf(out, "%s %s: %s\n", verdict_mark(f->verdict), check_table[i].id,
		        rep_text(check_table[i].title, b1, sizeof b1));
		fprintf(out, "  %s\n", rep_text(f->summary, b1, sizeof b1));
		for (size_t e = 0; e < f->nev && e < EVIDENCE_MAX; e++) {
			char t[40];
			if (f->ev[e].frame)
				fprintf(out, "    frame %-7u %s  %s\n", f->ev[e].frame, rep_time(f->ev[e].time, t, sizeof t),
				        rep_text(f->ev[e].text, b1, sizeof b1));
			else
				fprintf(out, "    %s\n", rep_text(f->ev[e].text, b1, sizeof b1));
		}
		if (f->ev_dropped)
			fprintf(out, "    (%zu more pieces of evidence not shown)\n", f->ev_dropped);
		if (f->advice[0])
			fprintf(out, "  Next step: %s\n", rep_text(f->advice, b1, sizeof b1));
		if (f->note[0])
			fprintf(out, "  Operator's note: %s\n", rep_text(f->note, b1, sizeof b1));
		fputc('\n', out);
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
	if (cs->tls_records)
		fprintf(out, "TLS records:   %llu (encrypted SIP cannot be read)\n", (unsigned long long)cs->tls_records);
	if (cs->packets)
		fprintf(out, "Time span:     %s .. %s (UTC)\n", rep_time(cs->first, t1, sizeof t1),
		        rep_time(cs->last, t2, sizeof t2));
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
			        rep_time(m->time, t, sizeof t), store_ep_fmt(st, m->src, e1, sizeof e1),
			        store_ep_fmt(st, m->dst, e2, sizeof e2), transport_name((enum transport)m->transport),
			        rep_msg_label(st, m, label, sizeof label),
			        (m->flags & MF_RETRANS) ? "  [retransmission]" : "",
			        (m->flags & MF_MALFORMED) ? "  [malformed]" : "", m->frame);
		}
		fputc('\n', out);
	}
}

void report_text(FILE *out, const struct app *a)
{
	fprintf(out, "trunkdoc report\n");
	checklist(out, a);
	capture_summary(out, a);
	registrations(out, a->store);
	heading(out, "Calls");
	calls_text(out, a->store);
	dialogs(out, a->store);
}
