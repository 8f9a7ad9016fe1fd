/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * store_call.c - calls: the dialogs that hold an INVITE, and where the
 * INVITE led, rebuilt from the dialog's messages as of a point in time.
 *
 *   INVITE ──> 401/407/422/491 ──> INVITE (next CSeq) ──> ... ──> final
 *                                                                 │
 *        >= 300: failed (status) ── CANCEL first: cancelled ──────┤
 *        2xx: answered ── ACK of the 2xx (same CSeq) ─────────────┤
 *                     └─ no ACK, then a BYE or the 2xx resent until
 *                        timer H (64*T1, RFC 3261 §13.3.1.4): dropped
 *
 * An initial INVITE is one sent before the call is answered; a re-INVITE
 * (after the 2xx) does not change the call's outcome.  The call's messages
 * are its dialog's, in capture order.
 */
#include <stdlib.h>
#include <string.h>

#include "store/store_impl.h"

#define TIMER_H_USEC (64 * 500000LL)    /* 64*T1 */

static void build_call(struct store *st, uint32_t di, struct sip_call *c, usec_t now)
{
	const struct sip_dialog *d = VEC_AT(st->dialogs, struct sip_dialog, di);
	const uint32_t *ids = d->msgs_count ? st->dialog_msgs.data + d->msgs_first : NULL;
	*c = (struct sip_call){
		.dialog = di, .invite = NONE_U32, .last_invite = NONE_U32, .final = NONE_U32,
		.ack = NONE_U32, .bye = NONE_U32, .cancel = NONE_U32,
	};
	uint32_t bye_answer = NONE_U32;
	usec_t last_ok = 0;
	for (uint32_t k = 0; k < d->msgs_count; k++) {
		uint32_t mi = ids[k];
		const struct sip_msg *m = msg_at(st, mi);
		bool answered = c->state == CALL_ANSWERED || c->state == CALL_DROPPED;
		if (!m->status) {
			switch (m->method) {
			case M_INVITE:
				if (c->invite == NONE_U32) {
					c->invite = mi;
					c->start = m->time;
					c->caller = hdr_of(st, m)->src;
					c->callee = hdr_of(st, m)->dst;
				}
				/* a new initial INVITE (not a copy, not a re-INVITE) */
				if (!answered && !(m->flags & MF_RETRANS) &&
				    (c->last_invite == NONE_U32 || msg_at(st, c->last_invite)->cseq != m->cseq)) {
					c->last_invite = mi;
					c->final = NONE_U32;
					c->status = 0;
					if (c->invites < UINT8_MAX)
						c->invites++;
				}
				break;
			case M_ACK:
				if (answered && c->ack == NONE_U32 && c->final != NONE_U32 &&
				    m->cseq == msg_at(st, c->final)->cseq)
					c->ack = mi;
				break;
			case M_BYE:
				if (c->bye == NONE_U32)
					c->bye = mi;
				break;
			case M_CANCEL:
				if (c->cancel == NONE_U32 && !answered)
					c->cancel = mi;
				break;
			default:
				break;
			}
			continue;
		}
		if (m->cseq_method == M_BYE && c->bye != NONE_U32 && bye_answer == NONE_U32 && m->status >= 200)
			bye_answer = mi;
		if (m->cseq_method != M_INVITE || m->status < 200 || c->last_invite == NONE_U32)
			continue;
		if (m->cseq != msg_at(st, c->last_invite)->cseq)
			continue;      /* a re-INVITE's answer, or an old attempt's */
		if (m->status < 300) {
			if (!answered) {
				c->final = mi;
				c->status = m->status;
				c->answered = m->time;
				c->state = CALL_ANSWERED;
			}
			/* copies of the 2xx before its ACK: the UAS resends it until
			 * the ACK comes (RFC 3261 §13.3.1.4) */
			if (c->ack == NONE_U32 && c->ok_copies < UINT16_MAX)
				c->ok_copies++;
			last_ok = m->time;
		} else if (!answered) {
			c->final = mi;
			c->status = m->status;
		}
	}
	if (c->invite == NONE_U32)
		return;
	if (c->state != CALL_ANSWERED) {
		/* a challenge never answered with a new INVITE is where it failed */
		if (c->cancel != NONE_U32 && (c->status == 0 || c->status == 487))
			c->state = CALL_CANCELLED;
		else if (c->status >= 300)
			c->state = CALL_FAILED;
	} else if (c->ack == NONE_U32) {
		/* no ACK: dropped once a BYE ends it, or the 2xx was resent until
		 * timer H; a capture that ends sooner leaves it answered */
		bool h_passed = now - c->answered >= TIMER_H_USEC && last_ok - c->answered >= TIMER_H_USEC / 2;
		if (c->bye != NONE_U32 || h_passed)
			c->state = CALL_DROPPED;
	}
	if (bye_answer != NONE_U32)
		c->ended = msg_at(st, bye_answer)->time;
	else if (c->bye != NONE_U32)
		c->ended = msg_at(st, c->bye)->time;
	else if (c->state == CALL_FAILED || c->state == CALL_CANCELLED)
		c->ended = c->final != NONE_U32 ? msg_at(st, c->final)->time : d->last_time;
	else
		c->ended = 0;
}

/* RTP streams sorted by an endpoint, to find a call's streams by the
 * addresses and ports its SDP names without a scan per call. */
struct by_ep {
	ep_id ep;
	uint32_t stream;
};

static int by_ep_cmp(const void *a, const void *b)
{
	const struct by_ep *x = a, *y = b;
	if (x->ep != y->ep)
		return x->ep < y->ep ? -1 : 1;
	return x->stream < y->stream ? -1 : x->stream > y->stream;
}

static struct by_ep *index_streams(const struct store *st, bool by_src)
{
	size_t n = st->rtp.len;
	struct by_ep *ix = malloc((n ? n : 1) * sizeof *ix);
	if (!ix)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const struct rtp_stream *r = VEC_AT(st->rtp, struct rtp_stream, i);
		ix[i] = (struct by_ep){ by_src ? r->src : r->dst, (uint32_t)i };
	}
	qsort(ix, n, sizeof *ix, by_ep_cmp);
	return ix;
}

#define CALL_STREAMS_MAX 64
#define CALL_EPS_MAX 16
#define MEDIA_LATE_USEC 5000000LL    /* media may trail the BYE by a moment */

static void add_stream(struct store *st, struct sip_call *c, uint32_t si)
{
	uint32_t *have = st->call_streams.data ? (uint32_t *)st->call_streams.data + c->streams_first : NULL;
	for (uint32_t k = 0; k < c->streams_count; k++)
		if (have[k] == si)
			return;
	if (c->streams_count >= CALL_STREAMS_MAX)
		return;
	uint32_t *slot = vec_push(&st->call_streams, sizeof *slot);
	if (!slot)
		return;
	*slot = si;
	c->streams_count++;
}

static void find_streams(struct store *st, const struct by_ep *ix, ep_id ep, struct sip_call *c)
{
	size_t n = st->rtp.len, lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ix[mid].ep < ep)
			lo = mid + 1;
		else
			hi = mid;
	}
	usec_t end = c->ended ? c->ended + MEDIA_LATE_USEC : INT64_MAX;
	for (size_t i = lo; i < n && ix[i].ep == ep; i++) {
		const struct rtp_stream *r = VEC_AT(st->rtp, struct rtp_stream, ix[i].stream);
		if (r->last >= c->start && r->first <= end)
			add_stream(st, c, ix[i].stream);
	}
}

/* The streams to or from the addresses and ports the call's SDP names. */
static void link_streams(struct store *st, struct sip_call *c, const struct by_ep *to, const struct by_ep *from)
{
	c->streams_first = (uint32_t)st->call_streams.len;
	c->streams_count = 0;
	if (!to || !from || !st->rtp.len)
		return;
	const struct sip_dialog *d = VEC_AT(st->dialogs, struct sip_dialog, c->dialog);
	const uint32_t *ids = st->dialog_msgs.data + d->msgs_first;
	ep_id eps[CALL_EPS_MAX];
	size_t neps = 0;
	for (uint32_t k = 0; k < d->msgs_count; k++) {
		size_t n;
		const struct sdp_mline *ml = store_msg_sdp(st, msg_at(st, ids[k]), &n);
		for (size_t i = 0; ml && i < n; i++) {
			if (!ml[i].ep || !ml[i].port)
				continue;
			bool seen = false;
			for (size_t j = 0; j < neps && !seen; j++)
				seen = eps[j] == ml[i].ep;
			if (!seen && neps < CALL_EPS_MAX)
				eps[neps++] = ml[i].ep;
		}
	}
	for (size_t j = 0; j < neps; j++) {
		find_streams(st, to, eps[j], c);
		find_streams(st, from, eps[j], c);
	}
}

const uint32_t *store_call_streams(const struct store *st, const struct sip_call *c, size_t *n)
{
	*n = 0;
	if (!c->streams_count || (size_t)c->streams_first + c->streams_count > st->call_streams.len)
		return NULL;
	*n = c->streams_count;
	return (const uint32_t *)st->call_streams.data + c->streams_first;
}

void store_call_rebuild(struct store *st, usec_t now)
{
	st->calls.len = 0;
	st->call_streams.len = 0;
	struct by_ep *to = st->rtp.len ? index_streams(st, false) : NULL;
	struct by_ep *from = st->rtp.len ? index_streams(st, true) : NULL;
	for (uint32_t di = 0; di < st->dialogs.len; di++) {
		const struct sip_dialog *d = VEC_AT(st->dialogs, struct sip_dialog, di);
		/* the dialog must hold an INVITE request: its first request, or any */
		if (d->first_method != M_INVITE) {
			bool any = false;
			const uint32_t *ids = st->dialog_msgs.data + d->msgs_first;
			for (uint32_t k = 0; k < d->msgs_count && !any; k++)
				any = msg_at(st, ids[k])->method == M_INVITE && !msg_at(st, ids[k])->status;
			if (!any)
				continue;
		}
		struct sip_call c;
		build_call(st, di, &c, now);
		if (c.invite == NONE_U32)
			continue;
		link_streams(st, &c, to, from);
		struct sip_call *slot = vec_push(&st->calls, sizeof *slot);
		if (!slot)
			break;
		*slot = c;
	}
	free(to);
	free(from);
}

size_t store_call_count(const struct store *st)
{
	return st->calls.len;
}

const struct sip_call *store_call(const struct store *st, uint32_t i)
{
	return i < st->calls.len ? VEC_AT(st->calls, struct sip_call, i) : NULL;
}

uint32_t store_call_of_dialog(const struct store *st, uint32_t dialog)
{
	/* calls are built in dialog order */
	size_t lo = 0, hi = st->calls.len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t d = VEC_AT(st->calls, struct sip_call, mid)->dialog;
		if (d == dialog)
			return (uint32_t)mid;
		if (d < dialog)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NONE_U32;
}

const char *call_state_name(enum call_state s)
{
	switch (s) {
	case CALL_SETUP: return "setup";
	case CALL_ANSWERED: return "answered";
	case CALL_FAILED: return "failed";
	case CALL_CANCELLED: return "cancelled";
	case CALL_DROPPED: return "dropped";
	}
	return "setup";
}
