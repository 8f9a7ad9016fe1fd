/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * app.c - the session's shared operations: evaluating the checklist and
 * keeping the operator's marks.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "base/sanitize.h"
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

void app_evaluate(struct app *a)
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
	};
	checks_run(&ctx, cm, a->nmarks, a->findings);
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
