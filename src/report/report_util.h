/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * report_util.h - what the text and JSON reports share: sanitised strings
 * from the store, UTC timestamps, message labels.  Private to the reports.
 */
#ifndef TRUNKDOC_REPORT_UTIL_H
#define TRUNKDOC_REPORT_UTIL_H

#include <stddef.h>
#include "base/model.h"

struct store;

#define REPORT_STR 1100        /* STR_MAX plus room for a few escapes */

/* A pooled string made safe to print (sanitize()); buf of len bytes. */
const char *rep_str(const struct store *st, str_id id, char *buf, size_t len);
/* Any string made safe to print. */
const char *rep_text(const char *s, char *buf, size_t len);
/* "2026-11-21T07:20:44.123456Z"; buf at least 32 bytes. */
const char *rep_time(usec_t t, char *buf, size_t len);
/* "INVITE", "200 OK" (sanitised); buf at least REPORT_STR bytes. */
const char *rep_msg_label(const struct store *st, const struct sip_msg *m, char *buf, size_t len);

#endif
