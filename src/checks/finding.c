/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * finding.c - the names of verdicts, groups and kinds, the helpers that fill
 * a finding (every formatted line passes sanitize(), since most carry packet
 * text), running the table, and the root cause.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/sanitize.h"
#include "checks/check.h"
#include "checks/truncation.h"

const char *verdict_name(enum verdict v)
{
	switch (v) {
	case V_UNKNOWN: return "unknown";
	case V_PASS: return "pass";
	case V_WARN: return "warn";
	case V_FAIL: return "fail";
	case V_SKIPPED: return "skipped";
	}
	return "unknown";
}

const char *group_name(enum check_group g)
{
	switch (g) {
	case G_NET: return "Internet and reachability";
	case G_PBX: return "PBX configuration";
	case G_PROV: return "Provider and portal";
	case G_FW: return "Firewall and NAT";
	case G_CALL: return "Calls on the trunk";
	case G__COUNT: break;
	}
	return "?";
}

const char *group_id(enum check_group g)
{
	switch (g) {
	case G_NET: return "net";
	case G_PBX: return "pbx";
	case G_PROV: return "prov";
	case G_FW: return "fw";
	case G_CALL: return "call";
	case G__COUNT: break;
	}
	return "?";
}

const char *kind_name(unsigned kind)
{
	switch (kind & (K_OBS | K_PROBE | K_MAN)) {
	case K_OBS: return "obs";
	case K_PROBE: return "probe";
	case K_MAN: return "man";
	case K_OBS | K_PROBE: return "obs+probe";
	case K_OBS | K_MAN: return "obs+man";
	case K_PROBE | K_MAN: return "probe+man";
	case K_OBS | K_PROBE | K_MAN: return "obs+probe+man";
	}
	return "?";
}

int check_index(const char *id)
{
	if (!id)
		return -1;
	for (size_t i = 0; i < check_count; i++)
		if (!strcmp(check_table[i].id, id))
			return (int)i;
	return -1;
}

static void format_sanitized(char *out, size_t outlen, const char *fmt, va_list ap)
{
	char raw[FINDING_TEXT > EVIDENCE_TEXT ? FINDING_TEXT : EVIDENCE_TEXT];
	vsnprintf(raw, sizeof raw, fmt, ap);
	sanitize_str(out, outlen, raw, 0);
}

void finding_set(struct finding *f, enum verdict v, const char *fmt, ...)
{
	va_list ap;
	f->verdict = v;
	va_start(ap, fmt);
	format_sanitized(f->summary, sizeof f->summary, fmt, ap);
	va_end(ap);
}

void finding_advice(struct finding *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	format_sanitized(f->advice, sizeof f->advice, fmt, ap);
	va_end(ap);
}

void finding_evidence(struct finding *f, uint32_t frame, usec_t time, const char *fmt, ...)
{
	char text[EVIDENCE_TEXT];
	va_list ap;
	va_start(ap, fmt);
	format_sanitized(text, sizeof text, fmt, ap);
	va_end(ap);
	/* Several checks walk the same messages: say each thing once. */
	for (size_t i = 0; i < f->nev; i++)
		if (f->ev[i].frame == frame && !strcmp(f->ev[i].text, text))
			return;
	if (f->nev >= EVIDENCE_MAX) {
		f->ev_dropped++;
		return;
	}
	struct evidence *e = &f->ev[f->nev++];
	e->frame = frame;
	e->time = time;
	memcpy(e->text, text, sizeof e->text);
}

static void evaluate_manual(const struct check_def *d, struct finding *f)
{
	finding_set(f, V_UNKNOWN, "Manual step, not marked yet");
	finding_advice(f, "%s Then mark it: in the screen, or with --mark %s=pass|fail|warn|skip[:note].",
	               d->how ? d->how : "", d->id);
}

void checks_run(const struct check_ctx *ctx, const struct check_mark *marks,
                size_t nmarks, struct finding *out)
{
	checks_run_groups(ctx, ~0u, marks, nmarks, out);
}

void checks_run_groups(const struct check_ctx *ctx, unsigned groups, const struct check_mark *marks,
                       size_t nmarks, struct finding *out)
{
	struct truncation cut = { 0 };
	if (ctx->store)
		truncation_scan(ctx->store, &cut);
	for (size_t i = 0; i < check_count; i++) {
		const struct check_def *d = &check_table[i];
		struct finding *f = &out[i];
		if (!(groups & (1u << d->group)))
			continue;
		memset(f, 0, sizeof *f);
		if (d->evaluate && ctx->store)
			d->evaluate(ctx, f);
		else if (d->kind & K_MAN)
			evaluate_manual(d, f);
		else
			finding_set(f, V_UNKNOWN, "No capture to judge from");
		/* evaluate() may leave a bare unknown: give it words */
		if (!f->summary[0])
			finding_set(f, V_UNKNOWN, "No evidence yet");
		truncation_review(ctx, d, &cut, f);
	}
	for (size_t m = 0; m < nmarks; m++) {
		int i = check_index(marks[m].id);
		if (i < 0 || !(groups & (1u << check_table[i].group)))
			continue;
		struct finding *f = &out[i];
		sanitize_str(f->note, sizeof f->note, marks[m].note ? marks[m].note : "", 0);
		/* An "unknown" mark that carries a note is a note only: the
		 * operator annotated an observed step without judging it, and
		 * its verdict must keep following the traffic. */
		if (marks[m].verdict == V_UNKNOWN && f->note[0])
			continue;
		f->verdict = marks[m].verdict;
		f->marked = true;
		f->leads = false;          /* the operator's word, not the traffic's */
		if (f->note[0])
			finding_set(f, marks[m].verdict, "Marked %s by the operator: %s",
			            verdict_name(marks[m].verdict), f->note);
		else if (check_table[i].kind == K_MAN)
			finding_set(f, marks[m].verdict, "Marked %s by the operator: %s",
			            verdict_name(marks[m].verdict), check_table[i].title);
	}
}

int checks_root_cause(const struct finding *f)
{
	/* check_table[] is already in helpdesk order: net, pbx, prov, fw. */
	for (int g = 0; g < G__COUNT; g++)
		for (size_t i = 0; i < check_count; i++)
			if ((int)check_table[i].group == g &&
			    (f[i].verdict == V_FAIL || (f[i].verdict == V_WARN && f[i].leads)))
				return (int)i;
	return -1;
}
