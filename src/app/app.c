/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * app.c - the session's shared operations: evaluating the checklist and
 * keeping the operator's marks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "app/call_focus.h"
#include "app/nodes.h"
#include "base/sanitize.h"
#include "probe/probe.h"
#include "store/store.h"

enum verdict verdict_from_name(const char *s)
{
	if (!strcasecmp(s, "pass") || !strcasecmp(s, "ok"))
		return V_PASS;
	if (!strcasecmp(s, "fail"))
		return V_FAIL;
	if (!strcasecmp(s, "warn"))
		return V_WARN;
	if (!strcasecmp(s, "skip") || !strcasecmp(s, "skipped"))
		return V_SKIPPED;
	if (!strcasecmp(s, "unknown") || !strcasecmp(s, "clear"))
		return V_UNKNOWN;
	return (enum verdict)-1;
}

void app_note_own_traffic(struct app *a)
{
	const struct probe_results *p = a->probes;
	if (!p || !a->store)
		return;
	for (size_t t = 0; t < PROBE__TRANSPORTS; t++)
		if (p->options[t].local[0])
			store_own_add_socket(a->store, p->options[t].local);
	if (p->tls.local[0])
		store_own_add_socket(a->store, p->tls.local);
	if (p->reg.local[0])
		store_own_add_socket(a->store, p->reg.local);
	if (p->reg.call_id[0])
		store_own_add_call_id(a->store, p->reg.call_id);
}

/* Helpdesk order between trunks: the profile's trunk first (the operator
 * named it), then the failing trunks by their root cause's place in the
 * checklist, then the rest; capture order otherwise. */
static int trunk_rank(const struct trunk *t)
{
	if (t->named_by_profile)
		return -1;
	return t->root_cause >= 0 ? t->root_cause : (int)check_count;
}

void roles_order_trunks(struct roles *ro)
{
	int map[TRUNKS_MAX];
	for (size_t i = 0; i < ro->ntrunk; i++)
		map[i] = (int)i;
	for (size_t i = 1; i < ro->ntrunk; i++)   /* insertion sort: stable, at most 16 */
		for (size_t j = i; j > 0 && trunk_rank(&ro->trunks[map[j]]) < trunk_rank(&ro->trunks[map[j - 1]]); j--) {
			int x = map[j];
			map[j] = map[j - 1];
			map[j - 1] = x;
		}
	struct trunk sorted[TRUNKS_MAX];
	int inverse[TRUNKS_MAX];
	for (size_t i = 0; i < ro->ntrunk; i++) {
		sorted[i] = ro->trunks[map[i]];
		inverse[map[i]] = (int)i;
	}
	memcpy(ro->trunks, sorted, ro->ntrunk * sizeof sorted[0]);
	for (size_t i = 0; i < ro->nreg; i++)
		if (ro->reg[i].trunk >= 0)
			ro->reg[i].trunk = inverse[ro->reg[i].trunk];
}

void app_evaluate(struct app *a)
{
	struct check_mark cm[MARK_MAX];
	for (size_t i = 0; i < a->nmarks; i++)
		cm[i] = (struct check_mark){ a->marks[i].id, a->marks[i].verdict, a->marks[i].note };
	app_note_own_traffic(a);
	a->eval_gen++;          /* what app/call_focus.c kept is stale */
	struct roles *ro = &a->roles;
	bool roles_ok = roles_assign(ro, a->store, &a->profile, &a->pbx_addrs);
	struct check_ctx ctx = {
		.store = a->store,
		.profile = &a->profile,
		.password = a->password.set ? &a->password : NULL,
		.probes = a->probes,
		.now = a->now,
	};
	size_t judged = 0;
	for (size_t k = 0; roles_ok && k < ro->ntrunk; k++) {
		struct trunk *t = &ro->trunks[k];
		if (!a->trunk_findings[k] && !(a->trunk_findings[k] = calloc(check_count, sizeof *a->findings)))
			break;
		t->findings = a->trunk_findings[k];
		ctx.trunk = t;
		checks_run(&ctx, cm, a->nmarks, t->findings);
		t->root_cause = checks_root_cause(t->findings);
		judged++;
	}
	ro->ntrunk = judged;
	if (judged) {
		roles_order_trunks(ro);
		memcpy(a->findings, ro->trunks[0].findings, check_count * sizeof *a->findings);
	} else {
		/* no trunk: the checks still speak of DNS, probes and the rest,
		 * and of no registration (an extension is never the trunk's) */
		static const struct trunk none = { .root_cause = -1 };
		ctx.trunk = roles_ok ? &none : NULL;
		checks_run(&ctx, cm, a->nmarks, a->findings);
	}
}

void app_free_evaluation(struct app *a)
{
	app_call_focus_free(a);
	roles_free(&a->roles);
	for (size_t k = 0; k < TRUNKS_MAX; k++) {
		free(a->trunk_findings[k]);
		a->trunk_findings[k] = NULL;
	}
}

bool app_any_failure(const struct app *a)
{
	for (size_t i = 0; i < check_count; i++)
		if (a->findings[i].verdict == V_FAIL)
			return true;
	for (size_t i = 0; i < a->nnode_results; i++)
		if (a->node_results[i].failing)
			return true;
	/* a trunk's root cause may be a leading warning (checks_root_cause):
	 * only a failing step makes the run fail */
	for (size_t k = 0; k < a->roles.ntrunk; k++) {
		const struct finding *f = a->roles.trunks[k].findings;
		for (size_t i = 0; f && i < check_count; i++)
			if (f[i].verdict == V_FAIL)
				return true;
	}
	return false;
}

bool app_nothing_to_judge(const struct app *a, char *why, size_t whylen)
{
	const struct store *st = a->store;
	const struct capture_stats *cs = store_stats_c(st);
	size_t nmsg = store_msg_count(st);
	for (size_t k = 0; k < a->roles.ntrunk; k++) {
		const struct trunk *t = &a->roles.trunks[k];
		for (size_t i = 0; i < t->nreg; i++) {
			const struct registration *r = store_reg(st, t->regs[i]);
			const uint32_t *tx = store_reg_txns(st, r);
			for (uint32_t j = 0; tx && j < r->txns_count; j++) {
				const struct sip_txn *x = store_txn(st, tx[j]);
				if (x && !x->orphan)
					return false;
			}
		}
	}
	/* the trunk's calls (group 5) are judged with or without a REGISTER */
	for (size_t i = 0; i < check_count; i++) {
		enum verdict v = a->findings[i].verdict;
		if (check_table[i].group == G_CALL && (v == V_PASS || v == V_WARN || v == V_FAIL))
			return false;
	}
	if (a->probes && !a->pipe)
		return false;   /* --probe alone: the probes are what is judged */
	if (!cs->packets) {
		snprintf(why, whylen, "Nothing to judge: the capture holds no packets");
		return true;
	}
	if (!nmsg) {
		snprintf(why, whylen, "Nothing to judge: %llu packet%s, no SIP message", (unsigned long long)cs->packets,
		         cs->packets == 1 ? "" : "s");
		return true;
	}
	/* what kinds of SIP there were */
	size_t count[M__COUNT + 1] = { 0 };
	for (size_t i = 0; i < nmsg; i++) {
		const struct sip_msg *m = store_msg(st, (uint32_t)i);
		count[m->method < M__COUNT ? m->method : M__COUNT]++;
	}
	char kinds[256] = "";
	size_t l = 0;
	for (int m = 1; m <= M__COUNT && l < sizeof kinds; m++)
		if (count[m])
			l += (size_t)snprintf(kinds + l, sizeof kinds - l, "%s%zu %s", l ? ", " : "", count[m],
			                      m == M__COUNT ? "other" : sip_method_name((enum sip_method)m));
	if (count[M_NONE] && l < sizeof kinds)
		snprintf(kinds + l, sizeof kinds - l, "%s%zu response%s", l ? ", " : "", count[M_NONE],
		         count[M_NONE] == 1 ? "" : "s");
	char ext[96] = "";
	if (a->roles.nextensions)
		snprintf(ext, sizeof ext, " (%zu extension registration%s to the PBX)", a->roles.nextensions,
		         a->roles.nextensions == 1 ? "" : "s");
	snprintf(why, whylen, "Nothing to judge: %llu packet%s, %zu SIP message%s (%s), no REGISTER of a trunk%s",
	         (unsigned long long)cs->packets, cs->packets == 1 ? "" : "s", nmsg, nmsg == 1 ? "" : "s", kinds, ext);
	return true;
}

bool app_set_mark(struct app *a, const char *id, enum verdict v, const char *note)
{
	if (check_index(id) < 0)
		return false;
	size_t i;
	for (i = 0; i < a->nmarks; i++)
		if (!strcmp(a->marks[i].id, id))
			break;
	bool clear = v == V_UNKNOWN && (!note || !*note);
	if (clear) {
		if (i < a->nmarks)
			memmove(&a->marks[i], &a->marks[i + 1], (a->nmarks - i - 1) * sizeof a->marks[0]);
		a->nmarks -= i < a->nmarks;
		return true;
	}
	if (i == a->nmarks) {
		if (a->nmarks >= MARK_MAX)
			return false;
		a->nmarks++;
	}
	snprintf(a->marks[i].id, sizeof a->marks[i].id, "%s", id);
	a->marks[i].verdict = v;
	/* a note is the operator's text, shown on the screen, in reports and
	 * in the session file: cleaned as it comes in (newlines and tabs
	 * stay; ESC and other control bytes become visible text), so nothing
	 * written later can carry a byte the session loader refuses */
	char clean[sizeof a->marks[i].note];
	sanitize_str(clean, sizeof clean, note ? note : "", SAN_KEEP_NEWLINES | SAN_KEEP_TABS);
	memcpy(a->marks[i].note, clean, sizeof clean);
	return true;
}

bool app_parse_mark(struct app *a, const char *spec, char *err, size_t errlen)
{
	const char *eq = strchr(spec, '=');
	char id[64], vname[16];
	if (!eq || (size_t)(eq - spec) >= sizeof id) {
		snprintf(err, errlen, "--mark wants ID=VERDICT[:NOTE], not '%s'", spec);
		return false;
	}
	memcpy(id, spec, eq - spec);
	id[eq - spec] = 0;
	const char *v = eq + 1, *colon = strchr(v, ':');
	size_t vlen = colon ? (size_t)(colon - v) : strlen(v);
	if (vlen >= sizeof vname)
		vlen = sizeof vname - 1;
	memcpy(vname, v, vlen);
	vname[vlen] = 0;
	enum verdict vd = verdict_from_name(vname);
	if ((int)vd < 0) {
		snprintf(err, errlen, "--mark %s: verdict is pass, fail, warn or skip, not '%s'", id, vname);
		return false;
	}
	if (check_index(id) < 0) {
		snprintf(err, errlen, "--mark: no check has the id '%s'", id);
		return false;
	}
	if (!app_set_mark(a, id, vd, colon ? colon + 1 : NULL)) {
		snprintf(err, errlen, "--mark: too many marks");
		return false;
	}
	return true;
}
