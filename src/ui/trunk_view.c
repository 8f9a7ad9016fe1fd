/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * trunk_view.c - which trunk the checklist shows: the one the registration
 * under the list cursor is judged in, else the first (the report's).  An
 * extension under the cursor keeps the first trunk's checklist and its own
 * short verdict goes in the checklist's title.  A call open in the ladder
 * (one INVITE dialog) is followed by group 5, judged for that call alone;
 * with none, group 5 speaks of every call of the trunk.  The verdicts are
 * the checks' (checks/trunks.h, app/call_focus.h); this file only chooses
 * which to show.  A row opened from the fleet view shows that capture
 * node's trunk's checklist instead.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/call_focus.h"
#include "store/store.h"
#include "ui/ui.h"

uint32_t ui_cursor_reg(const struct ui *u)
{
	struct item it;
	if (!list_current(u, &it))
		return NONE_U32;
	return it.kind == ITEM_REG ? it.idx : NONE_U32;
}

const struct trunk *ui_trunk(const struct ui *u)
{
	const struct trunk *picked;
	if (fleet_picked(u, &picked))    /* a fleet row opened: its node's trunk */
		return picked;
	const struct roles *ro = &u->app->roles;
	const struct trunk *t = roles_trunk_of(ro, ui_cursor_reg(u));
	if (t && t->findings)
		return t;
	return ro->ntrunk ? &ro->trunks[0] : NULL;
}

/* The trunk's checklist, every call of the trunk in group 5. */
static const struct finding *trunk_findings(const struct ui *u, const struct trunk *t)
{
	/* trunks[0]'s buffer and app->findings hold the same verdicts;
	 * app->findings is what marks and sessions update in place */
	if (!t || t == &u->app->roles.trunks[0] || !t->findings)
		return u->app->findings;
	return t->findings;
}

uint32_t ui_followed_call(const struct ui *u)
{
	return ladder_call(u);
}

const struct finding *ui_findings(const struct ui *u)
{
	/* a fleet row opened: its node's own checklist, judged over that
	 * node's messages; group 5 there speaks of all the node's calls */
	const struct trunk *picked;
	const struct finding *fleet = fleet_picked(u, &picked);
	if (fleet)
		return fleet;
	const struct trunk *t = ui_trunk(u);
	const struct finding *base = trunk_findings(u, t);
	/* a call open in the ladder: group 5 speaks of it alone (the checks
	 * judge it, app/call_focus.c keeps the result) */
	uint32_t call = ui_followed_call(u);
	const struct finding *f = call != NONE_U32 ? app_call_findings(u->app, t, base, call) : NULL;
	return f ? f : base;
}

const char *ui_call_followed_text(const struct ui *u, char *out, size_t outlen)
{
	const struct store *st = u->app->store;
	uint32_t call = ui_followed_call(u);
	size_t n = store_call_count(st);
	out[0] = 0;
	if (call != NONE_U32) {
		const struct sip_call *c = store_call(st, call);
		const struct sip_dialog *d = c ? store_dialog(st, c->dialog) : NULL;
		char cid[STR_MAX];
		ui_clean_str(u, cid, sizeof cid, d ? store_str(st, d->call_id) : "");
		snprintf(out, outlen, "(call %u of %zu, Call-ID %s)", call + 1, n, cid);
	} else if (n) {
		snprintf(out, outlen, ladder_call_open(u) ? "(all the trunk's calls; A: the open call alone)"
		                                          : "(all the trunk's calls; open one to judge it alone)");
	}
	return out;
}

/* "phone 381: wrong password, 401 loop" for an extension under the
 * cursor; "" otherwise. */
const char *ui_extension_verdict(const struct ui *u, char *out, size_t outlen)
{
	const struct roles *ro = &u->app->roles;
	uint32_t ri = ui_cursor_reg(u);
	out[0] = 0;
	if (ri >= ro->nreg || ro->reg[ri].role != ROLE_EXTENSION)
		return out;
	const struct registration *r = store_reg(u->app->store, ri);
	char aor[STR_MAX], user[STR_MAX];
	ui_clean_str(u, aor, sizeof aor, r ? store_str(u->app->store, r->aor) : "");
	const char *c = strchr(aor, ':'), *at = strchr(aor, '@');
	if (c && at && at > c)
		snprintf(user, sizeof user, "%.*s", (int)(at - c - 1), c + 1);
	else
		snprintf(user, sizeof user, "%s", aor);
	snprintf(out, outlen, "phone %s: %s %s", user, u->g->verdict[ro->reg[ri].verdict],
	         ro->reg[ri].verdict_text);
	return out;
}
