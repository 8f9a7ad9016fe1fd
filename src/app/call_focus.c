/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * call_focus.c - group 5 judged for one call (check_ctx.only_call), kept
 * per evaluation: one followed checklist, one worst verdict per call made
 * on first request.  app_evaluate() bumps app.eval_gen, which drops both.
 */
#include <stdlib.h>
#include <string.h>

#include "app/call_focus.h"
#include "store/store.h"

struct call_focus {
	unsigned gen;                    /* app.eval_gen the entries below speak for */
	/* the followed checklist */
	bool have;
	const struct trunk *trunk;
	const struct finding *base;
	uint32_t call;
	struct finding *findings;        /* check_count entries */
	/* per call: 0 not judged yet, else 1 + enum verdict */
	uint8_t *worst;
	size_t nworst;
	struct finding *scratch;         /* check_count entries */
};

static struct call_focus *focus_of(struct app *a)
{
	if (!a->call_focus && !(a->call_focus = calloc(1, sizeof *a->call_focus)))
		return NULL;
	struct call_focus *cf = a->call_focus;
	if (cf->gen != a->eval_gen) {
		cf->gen = a->eval_gen;
		cf->have = false;
		if (cf->worst)
			memset(cf->worst, 0, cf->nworst);
	}
	return cf;
}

/* The group-5 checks for one call, with the operator's marks (as the
 * checklist shows them) over out, whose other entries are kept. */
static void judge_call(struct app *a, const struct trunk *t, uint32_t call, struct finding *out)
{
	struct check_mark cm[MARK_MAX];
	for (size_t i = 0; i < a->nmarks; i++)
		cm[i] = (struct check_mark){ a->marks[i].id, a->marks[i].verdict, a->marks[i].note };
	struct check_ctx ctx = {
		.store = a->store,
		.profile = &a->profile,
		.password = a->password.set ? &a->password : NULL,
		.probes = a->probes,
		.now = a->now,
		.trunk = t,
		.only_call = call + 1,
	};
	checks_run_groups(&ctx, 1u << G_CALL, cm, a->nmarks, out);
}

const struct finding *app_call_findings(struct app *a, const struct trunk *t, const struct finding *base,
                                        uint32_t call)
{
	if (!a->store || call >= store_call_count(a->store))
		return NULL;
	struct call_focus *cf = focus_of(a);
	if (!cf)
		return NULL;
	if (cf->have && cf->trunk == t && cf->base == base && cf->call == call)
		return cf->findings;
	if (!cf->findings && !(cf->findings = calloc(check_count, sizeof *cf->findings)))
		return NULL;
	memcpy(cf->findings, base, check_count * sizeof *base);
	judge_call(a, t, call, cf->findings);
	cf->have = true;
	cf->trunk = t;
	cf->base = base;
	cf->call = call;
	return cf->findings;
}

enum verdict call_group_worst(const struct finding *f)
{
	enum verdict w = V_UNKNOWN;
	static const int rank[] = { [V_UNKNOWN] = 0, [V_SKIPPED] = 0, [V_PASS] = 1, [V_WARN] = 2, [V_FAIL] = 3 };
	for (size_t i = 0; i < check_count; i++) {
		if (check_table[i].group != G_CALL || f[i].verdict > V_SKIPPED)
			continue;
		if (rank[f[i].verdict] > rank[w])
			w = f[i].verdict;
	}
	return w;
}

enum verdict app_call_verdict(struct app *a, uint32_t call)
{
	size_t n = a->store ? store_call_count(a->store) : 0;
	struct call_focus *cf = call < n ? focus_of(a) : NULL;
	if (!cf)
		return V_UNKNOWN;
	if (cf->nworst < n) {
		uint8_t *p = realloc(cf->worst, n);
		if (!p)
			return V_UNKNOWN;
		memset(p + cf->nworst, 0, n - cf->nworst);
		cf->worst = p;
		cf->nworst = n;
	}
	if (!cf->worst[call]) {
		if (!cf->scratch && !(cf->scratch = calloc(check_count, sizeof *cf->scratch)))
			return V_UNKNOWN;
		/* the trunk the report judges first: a call is the trunk's, not a registration's */
		const struct trunk *t = a->roles.ntrunk ? &a->roles.trunks[0] : NULL;
		judge_call(a, t, call, cf->scratch);
		cf->worst[call] = (uint8_t)(1 + call_group_worst(cf->scratch));
	}
	return (enum verdict)(cf->worst[call] - 1);
}

void app_call_focus_free(struct app *a)
{
	struct call_focus *cf = a->call_focus;
	if (!cf)
		return;
	free(cf->findings);
	free(cf->worst);
	free(cf->scratch);
	free(cf);
	a->call_focus = NULL;
}
