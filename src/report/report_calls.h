/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * report_calls.h - the calls as the reports show them: JSON calls[] (with
 * their offer, answer and RTP streams; doc/json.md), the text report's
 * "Calls" section, and one line per call for the export and the screen.
 */
#ifndef TRUNKDOC_REPORT_CALLS_H
#define TRUNKDOC_REPORT_CALLS_H

#include <stdio.h>
#include <json-c/json.h>
#include "base/model.h"

struct store;

struct json_object *calls_json(const struct store *st);
/* One call's object (calls[i]); the caller owns it. */
struct json_object *call_json(const struct store *st, uint32_t i);
/* The text report's "Calls" section, below its heading. */
void calls_text(FILE *out, const struct store *st);
/* "answered", "failed 403 Forbidden", "cancelled", "dropped (no ACK)",
 * "setup"; sanitised, into buf. */
const char *call_state_text(const struct store *st, const struct sip_call *c, char *buf, size_t len);
/* "PCMA/8000 203.0.113.5:10000" for an SDP body's first audio line ("" if none). */
const char *sdp_summary(const struct store *st, const struct sip_msg *m, char *buf, size_t len);

#endif
