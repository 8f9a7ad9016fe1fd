/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * tcpstream.c - per-direction TCP reassembly feeding the SIP framer or the
 * TLS record walker.  Sequence numbers compare modulo 2^32.
 */
#include <stdlib.h>
#include <string.h>

#include "net/hep.h"
#include "net/hepin.h"
#include "net/hepstream.h"
#include "net/netevents.h"
#include "net/sink.h"
#include "net/tcpstream.h"
#include "store/store.h"

#define TCP_BUCKETS 4096
/* a whole HEP packet always fits, with room for the start of the next
 * (header and start line, which net/hepstream bounds to 4 KiB) */
#define HEP_STREAM_BUF (HEP_MAX_PACKET + 8192)

enum stream_kind { KIND_UNKNOWN = 0, KIND_SIP, KIND_TLS, KIND_HEP };

struct held {                /* an out-of-order segment */
	struct held *next;
	uint32_t seq;
	uint32_t len;
	usec_t time;
	uint32_t frame;
	uint32_t msg_flags;
	struct raw_ref raw;
	uint8_t data[];
};

struct tcp_dir {
	struct endpoint src, dst;
	ep_id src_id, dst_id;
	uint32_t hash;
	uint32_t next_seq;
	uint8_t kind;            /* enum stream_kind */
	bool has_sip;            /* the framer has found a message in it */
	struct sip_stream *sip;
	struct tls_walker tls;
	uint8_t *hep;            /* KIND_HEP: bytes of the HEP packet not yet whole */
	size_t hep_len;
	uint32_t hep_frame;      /* KIND_HEP: the frame that brought the last bytes */
	bool hep_junk;           /* KIND_HEP: inside a broken stretch (counted once) */
	struct held *held;       /* sorted by seq */
	size_t held_count, held_bytes;
	usec_t last_time;
	struct tcp_dir *hnext;               /* bucket chain */
	struct tcp_dir *older, *newer;       /* activity list */
};

struct tcp_table {
	struct store *st;
	const struct sip_sink *sink;
	const struct hep_in_config *hep;
	struct tcp_dir *bucket[TCP_BUCKETS];
	struct tcp_dir *oldest, *newest;
	size_t count;
	size_t held_bytes;       /* held by all directions together */
};

/* What the current delivery is about, for events raised while walking. */
struct delivery {
	struct tcp_table *t;
	struct tcp_dir *d;
	usec_t time;
	uint32_t frame;
};

static int32_t seq_diff(uint32_t a, uint32_t b) { return (int32_t)(a - b); }

static size_t ep_addr_len(const struct endpoint *e) { return e->family == 4 ? 4 : 16; }

static bool ep_equal(const struct endpoint *a, const struct endpoint *b)
{
	return a->family == b->family && a->port == b->port &&
	       !memcmp(a->addr, b->addr, ep_addr_len(a));
}

static uint32_t fnv(uint32_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

static uint32_t dir_hash(const struct endpoint *src, const struct endpoint *dst)
{
	uint32_t h = 2166136261u;
	h = fnv(h, src->addr, ep_addr_len(src));
	h = fnv(h, &src->port, sizeof src->port);
	h = fnv(h, dst->addr, ep_addr_len(dst));
	h = fnv(h, &dst->port, sizeof dst->port);
	return h;
}

struct tcp_table *tcp_table_new(struct store *st, const struct sip_sink *sink)
{
	struct tcp_table *t = calloc(1, sizeof *t);
	if (t) {
		t->st = st;
		t->sink = sink;
	}
	return t;
}

void tcp_table_set_hep(struct tcp_table *t, const struct hep_in_config *cfg)
{
	t->hep = cfg;
}

static struct tcp_dir *dir_find(struct tcp_table *t, const struct endpoint *src,
                                const struct endpoint *dst, uint32_t h)
{
	for (struct tcp_dir *d = t->bucket[h % TCP_BUCKETS]; d; d = d->hnext)
		if (d->hash == h && ep_equal(&d->src, src) && ep_equal(&d->dst, dst))
			return d;
	return NULL;
}

static void list_unlink(struct tcp_table *t, struct tcp_dir *d)
{
	if (d->older)
		d->older->newer = d->newer;
	else
		t->oldest = d->newer;
	if (d->newer)
		d->newer->older = d->older;
	else
		t->newest = d->older;
	d->older = d->newer = NULL;
}

static void list_append(struct tcp_table *t, struct tcp_dir *d)
{
	d->older = t->newest;
	d->newer = NULL;
	if (t->newest)
		t->newest->newer = d;
	else
		t->oldest = d;
	t->newest = d;
}

static void drop_held(struct tcp_table *t, struct tcp_dir *d)
{
	while (d->held) {
		struct held *h = d->held;
		d->held = h->next;
		free(h);
	}
	t->held_bytes -= d->held_bytes;
	d->held_count = d->held_bytes = 0;
}

/* Ends the SIP framer of a direction: a partial message is stored. */
static void end_framer(struct tcp_table *t, struct tcp_dir *d)
{
	if (d->sip) {
		t->sink->stream_flush(d->sip, t->st);
		t->sink->stream_free(d->sip);
		d->sip = NULL;
	}
}

/* A gap the stream cannot bridge: the framer loses its partial message and
 * TLS record boundaries are gone with it. */
static void lose_place(struct tcp_table *t, struct tcp_dir *d)
{
	end_framer(t, d);
	if (d->kind == KIND_TLS)
		d->tls.lost = true;
	d->hep_len = 0;           /* a HEP packet with a hole is not read */
}

static void dir_remove(struct tcp_table *t, struct tcp_dir *d, bool flush);

static void on_tls_record(void *ctx, const struct tls_record_info *ri)
{
	struct delivery *dv = ctx;
	store_stats(dv->t->st)->tls_records++;
	if (!ri->kind)
		return;
	struct tls_event ev = {
		.time = dv->time, .frame = dv->frame,
		.src = dv->d->src_id, .dst = dv->d->dst_id,
		.kind = ri->kind, .alert_level = ri->alert_level, .alert_desc = ri->alert_desc,
		.version = ri->version,
	};
	store_add_tls(dv->t->st, &ev);
}

/* HEP over TCP: packets cut from the stream by net/hepstream (v3 by its
 * length, v1/v2 by the SIP message inside).  Bytes that start no packet
 * are a broken stretch: counted as one malformed packet, then skipped up
 * to the next place a packet may start.  eof: the stream has ended, what
 * is left is read as it is. */
static void cut_hep(struct tcp_table *t, struct tcp_dir *d, bool eof)
{
	struct endpoint agent = d->src;
	struct hep_outer o = { .time = d->last_time, .frame = d->hep_frame, .agent = &agent,
	                       .raw = { .where = RAW_NONE } };
	for (;;) {
		size_t n;
		const char *why;
		enum hep_cut c = hep_stream_cut(d->hep, d->hep_len, eof, &n, &why);
		if (c == HEP_CUT_MORE)
			break;
		if (c == HEP_CUT_JUNK) {
			/* one broken stretch, however many segments bring it */
			if (!d->hep_junk) {
				hep_count_malformed(t->st, d->hep_frame, why);
				store_stats(t->st)->hep_packets++;
			}
			d->hep_junk = true;
		} else {
			hep_ingest(t->st, t->sink, t->hep, d->hep, n, &o);
			d->has_sip = true;
			d->hep_junk = false;
		}
		memmove(d->hep, d->hep + n, d->hep_len - n);
		d->hep_len -= n;
		if (!d->hep_len)
			break;
	}
}

static void deliver_hep(struct tcp_table *t, struct tcp_dir *d, const uint8_t *data, size_t len,
                        usec_t time, uint32_t frame)
{
	if (!d->hep && !(d->hep = malloc(HEP_STREAM_BUF)))
		return;
	d->last_time = time;
	d->hep_frame = frame;
	while (len) {
		size_t take = HEP_STREAM_BUF - d->hep_len;
		if (take > len)
			take = len;
		memcpy(d->hep + d->hep_len, data, take);
		d->hep_len += take;
		data += take;
		len -= take;
		cut_hep(t, d, false);
		if (d->hep_len == HEP_STREAM_BUF) {   /* hepstream bounds what it waits for below this */
			hep_count_malformed(t->st, frame, "HEP over TCP: no packet within the buffer");
			d->hep_len = 0;
		}
	}
}

static bool is_hep_stream(const struct tcp_table *t, const struct tcp_dir *d,
                          const uint8_t *data, size_t len)
{
	bool on_port = t->hep && t->hep->port && (d->src.port == t->hep->port || d->dst.port == t->hep->port);
	return hep_stream_starts(data, len, !on_port);
}

/* In-order bytes of one direction. */
static void deliver(struct tcp_table *t, struct tcp_dir *d, const uint8_t *data, size_t len,
                    usec_t time, uint32_t frame, uint32_t msg_flags, struct raw_ref raw)
{
	if (len == 0)
		return;
	if (d->kind == KIND_UNKNOWN)
		d->kind = is_hep_stream(t, d, data, len) ? KIND_HEP
		        : tls_looks_like_record(data, len) ? KIND_TLS : KIND_SIP;
	if (d->kind == KIND_HEP) {
		deliver_hep(t, d, data, len, time, frame);
		return;
	}
	if (d->kind == KIND_TLS) {
		struct delivery dv = { t, d, time, frame };
		tls_walk(&d->tls, data, len, on_tls_record, &dv);
		return;
	}
	if (!d->sip && !(d->sip = t->sink->stream_new()))
		return;
	struct msg_meta meta = {
		.time = time, .frame = frame, .last_frame = frame,
		.src = d->src_id, .dst = d->dst_id, .transport = TP_TCP,
		.flags = msg_flags, .raw = raw,
	};
	size_t before = store_msg_seen(t->st) + store_keepalive_count(t->st);
	t->sink->stream_feed(d->sip, t->st, (const char *)data, len, &meta);
	if (store_msg_seen(t->st) + store_keepalive_count(t->st) != before)
		d->has_sip = true;
}

/* Delivers the part of a segment at/after next_seq; false if it lies in
 * the future (a gap before it). */
static bool deliver_from(struct tcp_table *t, struct tcp_dir *d, uint32_t seq,
                         const uint8_t *data, size_t len, usec_t time, uint32_t frame,
                         uint32_t msg_flags, struct raw_ref raw)
{
	int32_t diff = seq_diff(seq, d->next_seq);
	if (diff > 0)
		return false;
	size_t trim = (size_t)-(int64_t)diff;
	if (trim >= len)
		return true;                  /* all of it seen already */
	if (raw.where == RAW_FILE) {
		raw.off += trim;
		raw.len -= (uint32_t)trim;
	}
	d->next_seq += (uint32_t)(len - trim);
	deliver(t, d, data + trim, len - trim, time, frame, msg_flags, raw);
	return true;
}

/* Delivers held segments that the stream has now reached. */
static void drain_held(struct tcp_table *t, struct tcp_dir *d)
{
	while (d->held && seq_diff(d->held->seq, d->next_seq) <= 0) {
		struct held *h = d->held;
		d->held = h->next;
		d->held_count--;
		d->held_bytes -= h->len;
		t->held_bytes -= h->len;
		deliver_from(t, d, h->seq, h->data, h->len, h->time, h->frame, h->msg_flags, h->raw);
		free(h);
	}
}

/* Gives up the gap before the first held segment: the framer loses its
 * partial message, and delivery resumes at that segment. */
static void skip_gap(struct tcp_table *t, struct tcp_dir *d)
{
	if (!d->held)
		return;
	lose_place(t, d);
	d->next_seq = d->held->seq;
	drain_held(t, d);
}

static void hold(struct tcp_table *t, struct tcp_dir *d, const struct tcp_seg *s)
{
	if (seq_diff(s->seq, d->next_seq) > (int32_t)TCP_OOO_WINDOW) {
		/* far ahead: the stream lost its place (or joined a new one) */
		drop_held(t, d);
		lose_place(t, d);
		d->next_seq = s->seq;
		deliver_from(t, d, s->seq, s->payload, s->len, s->time, s->frame, s->msg_flags, s->raw);
		return;
	}
	struct held *h = malloc(sizeof *h + s->len);
	if (!h)
		return;
	h->seq = s->seq;
	h->len = (uint32_t)s->len;
	h->time = s->time;
	h->frame = s->frame;
	h->msg_flags = s->msg_flags;
	h->raw = s->raw;
	memcpy(h->data, s->payload, s->len);
	struct held **pp = &d->held;
	while (*pp && seq_diff((*pp)->seq, s->seq) <= 0)
		pp = &(*pp)->next;
	h->next = *pp;
	*pp = h;
	d->held_count++;
	d->held_bytes += s->len;
	t->held_bytes += s->len;
	while (d->held && (d->held_count > TCP_OOO_MAX_SEGS || d->held_bytes > TCP_OOO_MAX_BYTES ||
	                   t->held_bytes > TCP_HELD_TOTAL_MAX))
		skip_gap(t, d);
}

static void dir_remove(struct tcp_table *t, struct tcp_dir *d, bool flush)
{
	if (flush) {
		while (d->held)
			skip_gap(t, d);
		end_framer(t, d);
		if (d->kind == KIND_HEP && d->hep_len)
			cut_hep(t, d, true);
	}
	drop_held(t, d);
	if (d->sip)
		t->sink->stream_free(d->sip);
	free(d->hep);
	struct tcp_dir **pp = &t->bucket[d->hash % TCP_BUCKETS];
	while (*pp != d)
		pp = &(*pp)->hnext;
	*pp = d->hnext;
	list_unlink(t, d);
	t->count--;
	free(d);
}

/* Endpoints are interned only when a direction or an event needs them, so
 * the ACKs of connections we do not follow cost a hash lookup and no more. */
struct seg_ids { ep_id src, dst; };

static void need_ids(struct tcp_table *t, const struct tcp_seg *s, struct seg_ids *ids)
{
	if (!ids->src)
		ids->src = store_endpoint(t->st, &s->src);
	if (!ids->dst)
		ids->dst = store_endpoint(t->st, &s->dst);
}

static struct tcp_dir *dir_create(struct tcp_table *t, const struct tcp_seg *s, uint32_t h,
                                  struct seg_ids *ids)
{
	while (t->oldest && (t->count >= TCP_MAX_DIRS || s->time - t->oldest->last_time > TCP_IDLE))
		dir_remove(t, t->oldest, true);
	struct tcp_dir *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->src = s->src;
	d->dst = s->dst;
	need_ids(t, s, ids);
	d->src_id = ids->src;
	d->dst_id = ids->dst;
	d->hash = h;
	d->hnext = t->bucket[h % TCP_BUCKETS];
	t->bucket[h % TCP_BUCKETS] = d;
	list_append(t, d);
	t->count++;
	return d;
}

static void add_event(struct tcp_table *t, const struct tcp_seg *s, struct seg_ids *ids,
                      enum tcp_event_kind kind)
{
	need_ids(t, s, ids);
	struct tcp_event ev = {
		.time = s->time, .frame = s->frame, .src = ids->src, .dst = ids->dst, .kind = kind,
	};
	store_add_tcp(t->st, &ev);
}

bool tcp_segment(struct tcp_table *t, const struct tcp_seg *s)
{
	uint32_t h = dir_hash(&s->src, &s->dst);
	struct tcp_dir *d = dir_find(t, &s->src, &s->dst, h);
	struct seg_ids ids = { d ? d->src_id : 0, d ? d->dst_id : 0 };

	if (s->flags & TCPF_SYN)
		add_event(t, s, &ids, (s->flags & TCPF_ACK) ? TCP_SYNACK : TCP_SYN);
	if (s->flags & TCPF_RST) {
		add_event(t, s, &ids, TCP_RST);
		/* RST ends both directions; its own payload (rare) is ignored */
		if (d)
			dir_remove(t, d, true);
		struct tcp_dir *r = dir_find(t, &s->dst, &s->src, dir_hash(&s->dst, &s->src));
		if (r)
			dir_remove(t, r, true);
		return false;
	}
	if (s->flags & TCPF_FIN)
		add_event(t, s, &ids, TCP_FIN);

	if (s->flags & TCPF_SYN) {
		/* a new ISN on a known direction is a new connection (port reuse) */
		if (d && d->next_seq != s->seq + 1) {
			dir_remove(t, d, true);
			d = NULL;
		}
		if (!d && !(d = dir_create(t, s, h, &ids)))
			return false;
		d->next_seq = s->seq + 1;
		d->last_time = s->time;
		if (s->len)
			deliver_from(t, d, s->seq + 1, s->payload, s->len, s->time, s->frame,
			             s->msg_flags, s->raw);
	} else if (s->len) {
		if (!d) {
			/* joined mid-way: this segment is where the stream starts */
			if (!(d = dir_create(t, s, h, &ids)))
				return false;
			d->next_seq = s->seq;
		}
		if (deliver_from(t, d, s->seq, s->payload, s->len, s->time, s->frame,
		                 s->msg_flags, s->raw)) {
			if (s->missing && seq_diff(s->seq + (uint32_t)s->len, d->next_seq) == 0) {
				/* the snapshot length cut this segment: its missing bytes
				 * are a gap the framer cannot bridge; skip past them now
				 * rather than wait for data that will never come */
				lose_place(t, d);
				d->next_seq += (uint32_t)s->missing;
			}
			drain_held(t, d);
		} else {
			hold(t, d, s);
		}
	}
	if (!d)
		return false;
	d->last_time = s->time;
	list_unlink(t, d);
	list_append(t, d);
	/* payload counts as decoded once its stream proved to be SIP or TLS
	 * (an HTTP connection fed to the framer stays "non-SIP") */
	bool carried = s->len > 0 && (d->has_sip || d->kind == KIND_TLS);
	if (s->flags & TCPF_FIN)
		dir_remove(t, d, true);
	return carried;
}

void tcp_flush_all(struct tcp_table *t)
{
	while (t->oldest)
		dir_remove(t, t->oldest, true);
}

void tcp_table_free(struct tcp_table *t)
{
	if (!t)
		return;
	while (t->oldest)
		dir_remove(t, t->oldest, false);
	free(t);
}
