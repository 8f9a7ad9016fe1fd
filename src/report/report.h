/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * report.h - the batch report: capture summary, the checklist (verdicts,
 * evidence, advice), registrations with their state timelines and dialogs
 * as text ladders.  Text for people, JSON (one stable schema, doc/json.md)
 * for scripts and for the export.
 */
#ifndef TRUNKDOC_REPORT_H
#define TRUNKDOC_REPORT_H

#include <stdio.h>
#include <json-c/json.h>

struct app;

void report_text(FILE *out, const struct app *a);
/* Builds the JSON report object; the caller owns it (json_object_put). */
struct json_object *report_json_object(const struct app *a);
void report_json(FILE *out, const struct app *a);

#endif
