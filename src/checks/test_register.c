/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_register.c - what the probe's test registration (--probe-register)
 * proves, in one line the screen's checklist and the text report print as
 * it is, so the two cannot tell the operator different things:
 *
 *   2xx                            the password is accepted        pass
 *   401/407 again after the digest the password (or auth user) is  fail
 *                                  refused
 *   403 after the digest           password refused, or the        fail
 *                                  account suspended
 *   403/404... to the first,       refused before any password     fail
 *   unauthenticated REGISTER       was tried: says nothing of it
 *   challenge, no password given   the password was not tested     unknown
 *   no answer, error, 423, 5xx     nothing proven                  unknown
 *
 * The reading of 403 follows prov.final-response (a 403 to the first,
 * credential-less request is an allowlist or ACL; after a digest, the
 * credentials or the account).  Every string in the probe results is
 * already sanitised (probe.h).
 */
#include <stdio.h>

#include "checks/check.h"
#include "probe/probe.h"

/* Was the final response an answer to a REGISTER that carried the digest? */
static bool final_after_digest(const struct probe_register *r)
{
	for (size_t i = r->nsteps; i-- > 0;)
		if (r->steps[i].expires != 0)      /* the binding REGISTER, not the removal */
			return r->steps[i].with_auth;
	return false;
}

/* "Test registration: WHAT IT PROVES (STATUS REASON MORE) at TARGET/TP":
 * what it proves first, so a line cut at 80 columns still says it. */
static void say(char *line, size_t len, const struct probe_register *r, const char *proves,
                const char *more)
{
	char status[PROBE_TEXT_MAX + 16] = "";
	if (r->final_status)
		snprintf(status, sizeof status, "%d %s", r->final_status, r->final_reason);
	else
		snprintf(status, sizeof status, "%s%s%.200s", probe_outcome_name(r->outcome),
		         r->error[0] ? ": " : "", r->error);
	snprintf(line, len, "Test registration: %s (%s%s)%s%s%s%s", proves, status, more,
	         r->target[0] ? " at " : "", r->target,
	         r->target[0] && r->transport[0] ? "/" : "", r->target[0] ? r->transport : "");
}

enum verdict checks_test_registration(const struct probe_results *pr, char *line, size_t len)
{
	if (!pr || (pr->reg.outcome == PROBE_NOT_RUN && !pr->reg.error[0])) {
		snprintf(line, len, "Test registration: not run");
		return V_SKIPPED;
	}
	const struct probe_register *r = &pr->reg;
	int st = r->final_status;
	bool digest = final_after_digest(r);
	if (r->outcome != PROBE_OK) {
		say(line, len, r, "nothing proven about the password", "");
		return V_UNKNOWN;
	}
	if (r->registered) {
		say(line, len, r, "password accepted",
		    r->unregistered ? "; test binding removed" : "; the test binding lapses in 60 s");
		return V_PASS;
	}
	if ((st == 401 || st == 407) && digest) {
		say(line, len, r, "password refused", " after the digest; or the auth user or realm is wrong");
		return V_FAIL;
	}
	if (st == 401 || st == 407) {
		say(line, len, r, "password not tested, none given",
		    "; give it: --password-file or TRUNKDOC_PASSWORD");
		return V_UNKNOWN;
	}
	if (st == 403 && digest) {
		say(line, len, r, "password refused or account suspended", " after the digest");
		return V_FAIL;
	}
	if (st == 403 || st == 404 || st == 484) {
		say(line, len, r, "refused before any password was tried",
		    st == 403 ? ": this address or account is not allowed, allowlist or ACL"
		              : ": the registrar does not know this account, user or domain");
		return V_FAIL;
	}
	say(line, len, r, "nothing proven about the password", "");
	return V_UNKNOWN;
}
