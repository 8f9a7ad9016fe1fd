/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * call_focus.h - group 5 ("Calls on the trunk") for one call: the screen's
 * checklist follows the call the operator opened, and the list shows each
 * call's worst group-5 verdict.  The checks decide (check_ctx.only_call);
 * this only runs them and keeps the result until the next app_evaluate(),
 * so the screen asks as often as it draws.
 */
#ifndef TRUNKDOC_APP_CALL_FOCUS_H
#define TRUNKDOC_APP_CALL_FOCUS_H

#include <stdint.h>
#include "app/app.h"

/* Trunk t's checklist (`base`, check_count entries) with group 5 judged
 * for store call `call` alone; NULL when it cannot be made (no such call,
 * out of memory).  Valid until the next call of this or app_evaluate(). */
const struct finding *app_call_findings(struct app *a, const struct trunk *t, const struct finding *base,
                                        uint32_t call);
/* The call's worst group-5 verdict, judged alone (fail, then warn, then
 * pass; V_UNKNOWN when no group-5 check speaks of it). */
enum verdict app_call_verdict(struct app *a, uint32_t call);
/* Worst group-5 verdict of a checklist. */
enum verdict call_group_worst(const struct finding *f);
void app_call_focus_free(struct app *a);

#endif
