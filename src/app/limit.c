/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * limit.c - bounded memory (see limit.h).
 */
#include <stdbool.h>
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "app/limit.h"
#include "app/reingest.h"
#include "net/sink.h"
#include "sip/sipparse.h"
#include "store/store.h"

#define CLOSED_AFTER (32 * 1000000LL)    /* timer F: nothing more will come */

struct age {
	usec_t last;
	uint32_t dialog;
};

static int by_last(const void *a, const void *b)
{
	const struct age *x = a, *y = b;
	return x->last < y->last ? -1 : x->last > y->last ? 1 : (x->dialog > y->dialog) - (x->dialog < y->dialog);
}

size_t app_limit_store(struct store *st, size_t limit, usec_t now)
{
	size_t n = store_dialog_count(st);
	struct capture_stats *now_cs = store_stats(st);
	size_t next_try = now_cs->limit_next_try ? now_cs->limit_next_try : limit + limit / 2;
	if (!limit || n <= next_try)
		return 0;
	struct age *closed = malloc(n * sizeof *closed);
	bool *keep = malloc(n * sizeof *keep);
	if (!closed || !keep) {
		free(closed);
		free(keep);
		return 0;
	}
	size_t nclosed = 0;
	for (uint32_t i = 0; i < n; i++) {
		const struct sip_dialog *d = store_dialog(st, i);
		keep[i] = true;
		if (now - d->last_time >= CLOSED_AFTER)
			closed[nclosed++] = (struct age){ d->last_time, i };
	}
	qsort(closed, nclosed, sizeof *closed, by_last);
	size_t drop = n - limit < nclosed ? n - limit : nclosed;
	/* A rebuild parses what it keeps again: it is worth it when it drops
	 * at least half as many dialogs as it keeps (and limit/2), so each
	 * message is parsed again at most twice, however many dialogs are
	 * open.  When more than the limit are open (a fleet registering
	 * faster than dialogs close), rebuilding for the few that just
	 * closed would re-parse the whole store at every step: wait instead
	 * until enough have closed, and scan again only after a quarter
	 * more dialogs came (not at every step). */
	size_t kept = n - drop;
	if (drop < limit / 2 || drop < kept / 2 || !drop) {
		size_t grow = n / 4 > limit / 2 ? n / 4 : limit / 2;
		now_cs->limit_next_try = n + (grow ? grow : 1);
		free(closed);
		free(keep);
		return 0;
	}
	for (size_t i = 0; i < drop; i++)
		keep[closed[i].dialog] = false;
	free(closed);
	struct store *next = store_successor(st);
	if (!next) {
		free(keep);
		return 0;
	}
	usec_t since = INT64_MAX;
	for (uint32_t i = 0; i < n; i++)
		if (keep[i] && store_dialog(st, i)->first_time < since)
			since = store_dialog(st, i)->first_time;
	uint64_t malformed = store_stats_c(st)->malformed;   /* counted once, on first reading */
	static char buf[SIP_MSG_MAX + 1];
	size_t nm = store_msg_count(st);
	for (uint32_t i = 0; i < nm; i++) {
		const struct sip_msg *m = store_msg(st, i);
		if (m->dialog == NONE_U32 || m->dialog >= n || !keep[m->dialog])
			continue;
		struct raw_ref raw = raw_unpack(m->raw_at, m->wire_len);
		long len = store_msg_bytes(st, m, buf, sizeof buf);
		if (len <= 0)
			continue;
		struct msg_meta meta;
		app_reingest_meta(st, i, m, &meta);   /* the same endpoint table */
		/* bytes in a capture file stay there; arena bytes are copied */
		if (raw.where == RAW_FILE)
			meta.raw = raw;
		sip_ingest(next, buf, (size_t)len, &meta);
	}
	free(keep);
	store_copy_events(next, st, since);
	struct capture_stats *cs = store_stats(next);
	cs->sip_messages = store_msg_count(next);
	cs->malformed = malformed;
	cs->limit_dropped += drop;
	/* the next rebuild when half as many again came as are kept */
	cs->limit_next_try = kept + kept / 2 > limit + limit / 2 ? kept + kept / 2 : limit + limit / 2;
	store_replace(st, next);
#ifdef __GLIBC__
	/* the old store's memory, freed by store_replace, goes back to the
	 * system: glibc keeps freed chunks of a busy heap otherwise, and the
	 * resident size would only ever grow */
	malloc_trim(0);
#endif
	return drop;
}
