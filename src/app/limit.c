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

/* RFC 3261 timers on unreliable transports (17.1.1.2, 17.1.2.2), T1 500 ms.
 * After its final response a non-INVITE transaction can still show a
 * retransmitted request that crossed the response and the response sent
 * again for it: the client absorbs those for timer K = T4 (5 s), and a
 * request retransmission is sent no later than the final arrives, so an
 * observer sees nothing more of the transaction T4 after its last message
 * (timer J, 64*T1 on the server, only keeps the server's state; it waits
 * for requests the client has stopped sending).  A request without a
 * final is given up by its client after timer F (B for INVITE), 64*T1
 * after it was first sent: we count from its last copy, which is later.
 * A failed INVITE's final is sent again until its ACK, at most timer D
 * (32 s on UDP) for the client to absorb.  A challenge (401, 407) or a
 * 423 as the dialog's last answer ends its transaction but not the
 * attempt: that waits 32 s too.
 * Wall time is not looked at:
 * a capture read from a file is judged at its own last frame's time. */
#define T1 500000LL
#define TIMER_K (5 * 1000000LL)          /* T4 */
#define TIMER_F (64 * T1)                /* = timer B = timer D's 32 s */
#define NEVER INT64_MAX                  /* an established call: open until its BYE */

/* When the dialog will see nothing more (RFC 3261 timers above), NEVER
 * while a call is up: an INVITE answered 2xx with no BYE in the dialog,
 * or an INVITE with no final response yet.  seen[] marks the
 * transactions already counted (by dialog + 1), so each is looked at once
 * though its messages are many. */
static usec_t dialog_done_at(const struct store *st, uint32_t di, uint32_t *seen)
{
	const struct sip_dialog *d = store_dialog(st, di);
	const uint32_t *msgs = store_dialog_msgs(st, d);
	usec_t done = d->last_time;
	bool call_up = false, bye = false;
	usec_t latest_time = INT64_MIN;      /* the transaction that ended last, */
	uint16_t latest_status = 0;          /* and its final status */
	size_t ntxn = store_txn_count(st);
	for (uint32_t k = 0; k < d->msgs_count; k++) {
		uint32_t ti = store_msg(st, msgs[k])->txn;
		if (ti >= ntxn || seen[ti] == di + 1)
			continue;
		seen[ti] = di + 1;
		const struct sip_txn *t = store_txn(st, ti);
		const uint32_t *tm = store_txn_msgs(st, t);
		usec_t last = t->msgs_count ? store_msg(st, tm[t->msgs_count - 1])->time : d->last_time;
		usec_t at;
		if (t->method == M_BYE)
			bye = true;
		if (t->method == M_ACK) {
			at = last;                     /* never answered */
		} else if (t->method == M_INVITE) {
			if (!t->final_status || (t->final_status >= 200 && t->final_status < 300)) {
				call_up = true;                /* ringing, or answered: until its BYE */
				at = last;
			} else {
				at = last + TIMER_F;           /* timer D */
			}
		} else {
			at = last + (t->final_status ? TIMER_K : TIMER_F);
		}
		if (last >= latest_time) {
			latest_time = last;
			latest_status = t->final_status;
		}
		if (at > done)
			done = at;
	}
	/* an answer that asks for another try in the same Call-ID
	 * (credentials, a longer expiry), when nothing followed it yet: the
	 * attempt goes on in a new transaction, and pbx.answers-challenge
	 * calls it abandoned only after 32 s of nothing more (doc/checks.md) */
	if ((latest_status == 401 || latest_status == 407 || latest_status == 423) && latest_time + TIMER_F > done)
		done = latest_time + TIMER_F;
	/* a BYE ends the call whatever its answer: its own timers count */
	return call_up && !bye ? NEVER : done;
}

/* Which dialogs go first: finished ones, then open ones, then the
 * flows that hold what a registration's state rests on, each
 * oldest first.  At most half the limit goes to the last kind: beyond
 * that (more registrations than N/2) the older of those flows go by age
 * with the open dialogs, so a store of one-flow registrations still keeps
 * the newest. */
enum rank { R_FINISHED = 0, R_OPEN, R_KEPT_FOR_REG };
/* (the last kind are answered flows, finished or not) */

struct age {
	uint8_t rank;
	bool open;               /* not finished as of now */
	usec_t last;
	uint32_t dialog;
};

static int by_rank_then_age(const void *a, const void *b)
{
	const struct age *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	if (x->last != y->last)
		return x->last < y->last ? -1 : 1;
	return (x->dialog > y->dialog) - (x->dialog < y->dialog);
}

/* A registration's state is replayed from the REGISTER transactions kept
 * (store_reg.c): its newest answered (or timed out) flow says where it
 * ended (refused, timed out, registered), and its newest flow granted a
 * binding says it is registered still while a later refresh was only
 * challenged.  Both are kept before any other dialog, so a trunk that
 * registers every hour is not "no REGISTER seen" because a busy fleet
 * filled the limit.  Answered, not finished: a fleet faster than the
 * limit turns the store over in less than timer K's 5 s. */
static void rank_registration_flows(const struct store *st, const usec_t *done, usec_t now, struct age *ages)
{
	size_t nd = store_dialog_count(st), nr = store_reg_count(st);
	for (uint32_t r = 0; r < nr; r++) {
		const struct registration *reg = store_reg(st, r);
		const uint32_t *txns = store_reg_txns(st, reg);
		uint32_t newest = NONE_U32, newest_ok = NONE_U32;
		for (uint32_t k = 0; k < reg->txns_count; k++) {
			const struct sip_txn *t = store_txn(st, txns[k]);
			uint32_t di = store_msg(st, t->first_msg)->dialog;
			if (di >= nd || (!t->final_status && done[di] > now))
				continue;          /* no answer yet: it says nothing yet */
			newest = di;
			if (t->final_status >= 200 && t->final_status < 300)
				newest_ok = di;
		}
		if (newest != NONE_U32)
			ages[newest].rank = R_KEPT_FOR_REG;
		if (newest_ok != NONE_U32)
			ages[newest_ok].rank = R_KEPT_FOR_REG;
	}
}

/* The successor store, holding the kept dialogs' messages parsed again
 * from their bytes; NULL when out of memory. */
static struct store *rebuild(struct store *st, const bool *keep, size_t n)
{
	struct store *next = store_successor(st);
	if (!next)
		return NULL;
	usec_t since = INT64_MAX;
	for (uint32_t i = 0; i < n; i++)
		if (keep[i] && store_dialog(st, i)->first_time < since)
			since = store_dialog(st, i)->first_time;
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
	store_copy_events(next, st, since);
	return next;
}

size_t app_limit_store(struct store *st, size_t limit, usec_t now)
{
	size_t n = store_dialog_count(st);
	/* half as many again as the limit before a rebuild: it drops at least
	 * limit/2 dialogs and parses the N kept ones again, so each message
	 * is parsed at most about twice more */
	if (!limit || n <= limit + limit / 2)
		return 0;
	struct age *ages = malloc(n * sizeof *ages);
	usec_t *done = malloc(n * sizeof *done);
	uint32_t *seen = calloc(store_txn_count(st) + 1, sizeof *seen);
	bool *keep = malloc(n * sizeof *keep);
	if (!ages || !done || !seen || !keep) {
		free(ages);
		free(done);
		free(seen);
		free(keep);
		return 0;
	}
	for (uint32_t i = 0; i < n; i++) {
		done[i] = dialog_done_at(st, i, seen);
		bool open = done[i] > now;
		ages[i] = (struct age){ open ? R_OPEN : R_FINISHED, open, store_dialog(st, i)->last_time, i };
		keep[i] = true;
	}
	free(seen);
	rank_registration_flows(st, done, now, ages);
	qsort(ages, n, sizeof *ages, by_rank_then_age);
	size_t pinned = 0;
	for (size_t i = n; i-- > 0 && ages[i].rank == R_KEPT_FOR_REG;)
		pinned++;
	if (pinned > limit / 2) {
		for (size_t i = n - pinned; i < n - limit / 2; i++)
			ages[i].rank = R_OPEN;
		qsort(ages, n, sizeof *ages, by_rank_then_age);
	}
	size_t drop = n - limit, open = 0;
	for (size_t i = 0; i < drop; i++) {
		keep[ages[i].dialog] = false;
		open += ages[i].open;
	}
	free(ages);
	free(done);
	uint64_t malformed = store_stats_c(st)->malformed;   /* counted once, on first reading */
	struct store *next = rebuild(st, keep, n);
	free(keep);
	if (!next)
		return 0;
	struct capture_stats *cs = store_stats(next);
	cs->sip_messages = store_msg_count(next);
	cs->malformed = malformed;
	cs->limit_dropped += drop;
	cs->limit_dropped_open += open;
	store_replace(st, next);
#ifdef __GLIBC__
	/* the old store's memory, freed by store_replace, goes back to the
	 * system: glibc keeps freed chunks of a busy heap otherwise, and the
	 * resident size would only ever grow */
	malloc_trim(0);
#endif
	return drop;
}
