/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * report_util.c - shared pieces of the batch reports; see report_util.h.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/sanitize.h"
#include "report/report_util.h"
#include "store/store.h"

const char *rep_str(const struct store *st, str_id id, char *buf, size_t len)
{
	sanitize_str(buf, len, store_str(st, id), 0);
	return buf;
}

const char *rep_text(const char *s, char *buf, size_t len)
{
	sanitize_str(buf, len, s ? s : "", 0);
	return buf;
}

const char *rep_time(usec_t t, char *buf, size_t len)
{
	time_t sec = (time_t)(t >= 0 ? t / 1000000 : (t - 999999) / 1000000);
	long usec = (long)(t - (usec_t)sec * 1000000);
	/* A report formats two or three times per message, mostly within the
	 * same second: gmtime_r + strftime once per second, not per call. */
	static _Thread_local time_t last_sec;
	static _Thread_local char day[32];
	static _Thread_local size_t day_len;
	static _Thread_local bool have_day;
	if (!have_day || sec != last_sec) {
		struct tm tm;
		if (!gmtime_r(&sec, &tm)) {
			snprintf(buf, len, "?");
			return buf;
		}
		day_len = strftime(day, sizeof day, "%Y-%m-%dT%H:%M:%S", &tm);
		last_sec = sec;
		have_day = true;
	}
	/* ".123456Z" by hand: snprintf cost more than the rest of the call */
	if (day_len + sizeof ".123456Z" > len) {
		snprintf(buf, len, "%s.%06ldZ", day, usec);
		return buf;
	}
	memcpy(buf, day, day_len);
	char *p = buf + day_len;
	p[0] = '.';
	for (int i = 6; i >= 1; i--, usec /= 10)
		p[i] = (char)('0' + usec % 10);
	p[7] = 'Z';
	p[8] = '\0';
	return buf;
}

const char *rep_msg_label(const struct store *st, const struct sip_msg *m, char *buf, size_t len)
{
	char tmp[REPORT_STR];
	if (m->status) {
		rep_str(st, store_msg_hdr(st, m)->reason, tmp, sizeof tmp);
		snprintf(buf, len, "%u%s%s", m->status, tmp[0] ? " " : "", tmp);
	} else if (store_msg_hdr(st, m)->method_str) {
		rep_str(st, store_msg_hdr(st, m)->method_str, buf, len);
	} else {
		snprintf(buf, len, "%s", m->method ? sip_method_name(m->method) : "?");
	}
	return buf;
}
