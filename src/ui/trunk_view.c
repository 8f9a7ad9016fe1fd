/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * trunk_view.c - which trunk the checklist shows: the one the registration
 * under the list cursor is judged in, else the first (the report's).  An
 * extension under the cursor keeps the first trunk's checklist and its own
 * short verdict goes in the checklist's title.  A row opened from the fleet
 * view shows that capture node's trunk's checklist instead.  The verdicts are the
 * checks' (checks/trunks.h); this file only chooses which to show.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

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

const struct finding *ui_findings(const struct ui *u)
{
	const struct trunk *picked;
	const struct finding *f = fleet_picked(u, &picked);
	if (f)
		return f;
	const struct trunk *t = ui_trunk(u);
	/* trunks[0]'s buffer and app->findings hold the same verdicts;
	 * app->findings is what marks and sessions update in place */
	if (!t || t == &u->app->roles.trunks[0] || !t->findings)
		return u->app->findings;
	return t->findings;
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
