/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * report_calls.c - calls in the reports: state, offer and answer, streams.
 *
 *   calls[]: call_id state status caller callee start answered ended
 *            request_uri from  offer{frame media[]}  answer{...}
 *            streams[]{src dst ssrc payload_type packets lost first last rtcp}
 *
 * Every string from the wire passes rep_text (the sanitiser).
 */
#include <stdio.h>
#include <string.h>

#include "checks/call_util.h"
#include "report/report_calls.h"
#include "report/report_util.h"
#include "store/store.h"

static void add_str(struct json_object *o, const char *key, const char *s)
{
	char b[REPORT_STR * 2];
	json_object_object_add(o, key, json_object_new_string(rep_text(s, b, sizeof b)));
}

static void add_time(struct json_object *o, const char *key, usec_t t)
{
	char b[40];
	json_object_object_add(o, key, t ? json_object_new_string(rep_time(t, b, sizeof b)) : NULL);
}

static void add_int(struct json_object *o, const char *key, int64_t v)
{
	json_object_object_add(o, key, json_object_new_int64(v));
}

static void add_frame(struct json_object *o, const char *key, const struct store *st, uint32_t mi)
{
	json_object_object_add(o, key, mi == NONE_U32 ? NULL : json_object_new_int64(store_msg(st, mi)->frame));
}

const char *call_state_text(const struct store *st, const struct sip_call *c, char *buf, size_t len)
{
	char reason[REPORT_STR];
	const struct sip_msg *fin = c->final != NONE_U32 ? store_msg(st, c->final) : NULL;
	switch ((enum call_state)c->state) {
	case CALL_FAILED:
		snprintf(buf, len, "failed %u %s", c->status, fin ? rep_str(st, store_msg_hdr(st, fin)->reason, reason, sizeof reason) : "");
		break;
	case CALL_DROPPED:
		snprintf(buf, len, "dropped (no ACK)");
		break;
	default:
		snprintf(buf, len, "%s", call_state_name((enum call_state)c->state));
	}
	return buf;
}

const char *sdp_summary(const struct store *st, const struct sip_msg *m, char *buf, size_t len)
{
	buf[0] = '\0';
	size_t n;
	const struct sdp_mline *ml = m ? store_msg_sdp(st, m, &n) : NULL;
	for (size_t i = 0; ml && i < n; i++) {
		if (ml[i].kind != SDP_K_AUDIO && ml[i].kind != SDP_K_IMAGE)
			continue;
		char names[SDP_CODECS_ROOM], t1[REPORT_STR], t2[REPORT_STR];
		codecs_names(store_str(st, ml[i].codecs), names, sizeof names);
		snprintf(buf, len, "%s %s:%u%s%s", rep_text(names, t1, sizeof t1),
		         rep_text(store_str(st, ml[i].addr), t2, sizeof t2), ml[i].port,
		         ml[i].dir != SDP_SENDRECV ? " " : "", ml[i].dir != SDP_SENDRECV ? sdp_dir_name((enum sdp_dir)ml[i].dir) : "");
		break;
	}
	return buf;
}

static struct json_object *sdp_json(const struct store *st, const struct sip_msg *m)
{
	if (!m)
		return NULL;
	struct json_object *o = json_object_new_object();
	add_int(o, "frame", m->frame);
	struct json_object *media = json_object_new_array();
	size_t n;
	const struct sdp_mline *ml = store_msg_sdp(st, m, &n);
	for (size_t i = 0; ml && i < n; i++) {
		struct json_object *x = json_object_new_object();
		add_str(x, "kind", sdp_kind_name((enum sdp_kind)ml[i].kind));
		add_str(x, "address", store_str(st, ml[i].addr));
		add_int(x, "port", ml[i].port);
		add_str(x, "proto", sdp_proto_name((enum sdp_proto)ml[i].proto));
		add_str(x, "direction", sdp_dir_name((enum sdp_dir)ml[i].dir));
		add_str(x, "codecs", store_str(st, ml[i].codecs));
		json_object_object_add(x, "hold", json_object_new_boolean((ml[i].flags & SDPF_HOLD) != 0));
		json_object_array_add(media, x);
	}
	json_object_object_add(o, "media", media);
	return o;
}

static struct json_object *stream_json(const struct store *st, const struct rtp_stream *r)
{
	struct json_object *o = json_object_new_object();
	char e[64], ssrc[16];
	add_str(o, "src", store_ep_fmt(st, r->src, e, sizeof e));
	add_str(o, "dst", store_ep_fmt(st, r->dst, e, sizeof e));
	snprintf(ssrc, sizeof ssrc, "0x%08x", r->ssrc);
	add_str(o, "ssrc", ssrc);
	json_object_object_add(o, "rtcp", json_object_new_boolean((r->flags & RTPF_RTCP) != 0));
	add_int(o, "payload_type", r->pt);
	add_int(o, "packets", r->packets);
	add_int(o, "lost", r->lost);
	add_int(o, "first_frame", r->first_frame);
	add_time(o, "first", r->first);
	add_time(o, "last", r->last);
	return o;
}

struct json_object *calls_json(const struct store *st)
{
	struct json_object *arr = json_object_new_array();
	for (uint32_t i = 0; i < store_call_count(st); i++)
		json_object_array_add(arr, call_json(st, i));
	return arr;
}

struct json_object *call_json(const struct store *st, uint32_t i)
{
	const struct sip_call *c = store_call(st, i);
	const struct sip_dialog *d = store_dialog(st, c->dialog);
	const struct sip_msg *inv = store_msg(st, c->invite);
	struct json_object *o = json_object_new_object();
	char e[64];
	add_str(o, "call_id", d ? store_str(st, d->call_id) : "");
	add_str(o, "state", call_state_name((enum call_state)c->state));
	json_object_object_add(o, "status", c->status ? json_object_new_int(c->status) : NULL);
	add_str(o, "caller", store_ep_fmt(st, c->caller, e, sizeof e));
	add_str(o, "callee", store_ep_fmt(st, c->callee, e, sizeof e));
	add_str(o, "request_uri", store_str(st, store_msg_hdr(st, inv)->ruri));
	add_str(o, "from", store_str(st, store_msg_hdr(st, inv)->from_uri));
	add_time(o, "start", c->start);
	add_time(o, "answered", c->state == CALL_ANSWERED || c->state == CALL_DROPPED ? c->answered : 0);
	add_time(o, "ended", c->ended);
	add_int(o, "invites", c->invites);
	add_frame(o, "invite_frame", st, c->invite);
	add_frame(o, "final_frame", st, c->final);
	add_frame(o, "ack_frame", st, c->ack);
	add_frame(o, "bye_frame", st, c->bye);
	add_int(o, "ok_copies", c->ok_copies);
	const struct sip_msg *offer, *answer;
	call_offer_answer(st, c, &offer, &answer);
	json_object_object_add(o, "offer", sdp_json(st, offer));
	json_object_object_add(o, "answer", sdp_json(st, answer));
	struct json_object *streams = json_object_new_array();
	size_t n;
	const uint32_t *ids = store_call_streams(st, c, &n);
	for (size_t k = 0; k < n; k++)
		json_object_array_add(streams, stream_json(st, store_rtp(st, ids[k])));
	json_object_object_add(o, "streams", streams);
	return o;
}

void calls_text(FILE *out, const struct store *st)
{
	size_t n = store_call_count(st);
	if (!n)
		fprintf(out, "No call (INVITE) seen.\n");
	for (uint32_t i = 0; i < n; i++) {
		const struct sip_call *c = store_call(st, i);
		const struct sip_dialog *d = store_dialog(st, c->dialog);
		const struct sip_msg *inv = store_msg(st, c->invite);
		char cid[REPORT_STR], ruri[REPORT_STR], state[REPORT_STR], e1[64], e2[64], t[40], sdp[REPORT_STR];
		/* 80 columns: the Call-ID alone, then the parties and state */
		fprintf(out, "Call-ID %s\n  %s -> %s  %s\n  %s  INVITE %s  (frame %u)\n",
		        rep_str(st, d ? d->call_id : 0, cid, sizeof cid), store_ep_fmt(st, c->caller, e1, sizeof e1),
		        store_ep_fmt(st, c->callee, e2, sizeof e2), call_state_text(st, c, state, sizeof state),
		        rep_time(c->start, t, sizeof t), rep_str(st, store_msg_hdr(st, inv)->ruri, ruri, sizeof ruri), inv->frame);
		const struct sip_msg *offer, *answer;
		call_offer_answer(st, c, &offer, &answer);
		if (offer)
			fprintf(out, "  offer  %s  (frame %u)\n", sdp_summary(st, offer, sdp, sizeof sdp), offer->frame);
		if (answer)
			fprintf(out, "  answer %s  (frame %u)\n", sdp_summary(st, answer, sdp, sizeof sdp), answer->frame);
		size_t ns;
		const uint32_t *ids = store_call_streams(st, c, &ns);
		for (size_t k = 0; k < ns; k++) {
			const struct rtp_stream *r = store_rtp(st, ids[k]);
			fprintf(out, "  %s %s -> %s\n       SSRC 0x%08x PT %u  %u packets, %u lost  (frame %u)\n",
			        (r->flags & RTPF_RTCP) ? "RTCP" : "RTP ", store_ep_fmt(st, r->src, e1, sizeof e1),
			        store_ep_fmt(st, r->dst, e2, sizeof e2), r->ssrc, r->pt, r->packets, r->lost, r->first_frame);
		}
		if (i + 1 < n)
			fputc('\n', out);
	}
}
