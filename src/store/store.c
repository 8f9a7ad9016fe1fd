/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * store.c - the store's tables (strings, endpoints, the raw-byte arena,
 * messages and network events) and its readers.  Grouping lives in
 * store_group.c, registration timelines in store_reg.c.
 *
 * The store owns each source's fd (store_add_source) and closes it in
 * store_free.
 */
#include <arpa/inet.h>
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/hugemem.h"
#include "base/span.h"
#include "store/store_impl.h"

#define ARENA_CHUNK (4u << 20)

/* ---- growable arrays ---- */

void *vec_push(struct vec *v, size_t elsize)
{
	if (v->len == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 64;
		void *d = realloc(v->data, cap * elsize);
		if (!d)
			return NULL;
		hugemem_advise(d, cap * elsize);
		v->data = d;
		v->cap = cap;
	}
	void *p = (char *)v->data + v->len * elsize;
	memset(p, 0, elsize);
	v->len++;
	return p;
}

void vec_free(struct vec *v)
{
	free(v->data);
	memset(v, 0, sizeof *v);
}

static bool slices_reserve(struct slices *s, size_t extra)
{
	if (s->len + extra <= s->cap)
		return true;
	size_t cap = s->cap ? s->cap : 256;
	while (cap < s->len + extra)
		cap *= 2;
	uint32_t *d = realloc(s->data, cap * sizeof *d);
	if (!d)
		return false;
	hugemem_advise(d, cap * sizeof *d);
	s->data = d;
	s->cap = cap;
	return true;
}

/* Room of a slice holding count values that started with first_cap. */
static uint32_t slice_cap(uint32_t count, uint32_t first_cap)
{
	if (!count)
		return 0;
	uint32_t cap = first_cap;
	while (cap < count)
		cap *= 2;
	return cap;
}

bool slice_append(struct slices *s, uint32_t *first, uint32_t *count, uint32_t first_cap, uint32_t value)
{
	uint32_t cap = slice_cap(*count, first_cap);
	if (*count == cap) {
		uint32_t ncap = cap ? cap * 2 : first_cap;
		if (cap && *first + cap == s->len) {
			/* the slice is the last one: grow it in place */
			if (!slices_reserve(s, ncap - cap))
				return false;
			s->len += ncap - cap;
		} else {
			if (!slices_reserve(s, ncap))
				return false;
			if (*count)
				memcpy(s->data + s->len, s->data + *first, *count * sizeof *s->data);
			*first = (uint32_t)s->len;
			s->len += ncap;
		}
	}
	s->data[*first + (*count)++] = value;
	return true;
}

/* ---- life cycle ---- */

struct store *store_new(void)
{
	struct store *st = calloc(1, sizeof *st);
	if (!st)
		return NULL;
	st->pool = strpool_new();
	char *none = st->pool && vec_push(&st->eps, sizeof(struct endpoint))
	             ? vec_push(&st->ep_text, EP_FMT_LEN) : NULL;
	if (!none) {
		store_free(st);
		return NULL;
	}
	memcpy(none, "-", 2);
	st->no_callid_dialog = NONE_U32;
	return st;
}

void store_free(struct store *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->sources.len; i++) {
		struct store_source *s = VEC_AT(st->sources, struct store_source, i);
		free(s->name);
		if (s->fd >= 0)
			close(s->fd);
	}
	vec_free(&st->sources);
	strpool_free(st->pool);
	vec_free(&st->eps);
	vec_free(&st->ep_text);
	idmap_free(&st->ep_map);
	for (uint32_t i = 0; i < st->arena_chunks; i++)
		free(st->arena[i]);
	free(st->arena);
	free(st->arena_size);
	vec_free(&st->msgs);
	vec_free(&st->hdrs);
	idmap_free(&st->hdr_map);
	vec_free(&st->contacts);
	vec_free(&st->auths);
	vec_free(&st->auth_creds);
	vec_free(&st->extras);
	vec_free(&st->msg_blocks);
	vec_free(&st->sdp_media);
	vec_free(&st->late_max);
	idmap_free(&st->late_frames);
	vec_free(&st->txns);
	vec_free(&st->txn_x);
	idmap_free(&st->txn_map);
	free(st->txn_msgs.data);
	vec_free(&st->dialogs);
	idmap_free(&st->dialog_map);
	free(st->dialog_msgs.data);
	vec_free(&st->regs);
	idmap_free(&st->reg_map);
	idmap_free(&st->reg_aor_map);
	free(st->reg_txns.data);
	vec_free(&st->reg_events);
	vec_free(&st->calls);
	vec_free(&st->rtp);
	vec_free(&st->call_streams);
	vec_free(&st->dns);
	vec_free(&st->dns_answers);
	vec_free(&st->icmp);
	vec_free(&st->tcp);
	vec_free(&st->tls);
	vec_free(&st->keepalive);
	vec_free(&st->frag);
	vec_free(&st->nodes);
	vec_free(&st->msg_node);
	free(st);
}

/* ---- writers ---- */

uint16_t store_add_source(struct store *st, const char *name, bool live, int fd)
{
	if (st->sources.len >= RAW_SOURCES_MAX)   /* sip_msg.raw_at has room for no more */
		return UINT16_MAX;
	struct store_source *s = vec_push(&st->sources, sizeof *s);
	if (!s)
		return UINT16_MAX;
	s->name = strdup(name ? name : "");
	s->live = live;
	s->fd = fd;
	return (uint16_t)(st->sources.len - 1);
}

str_id store_intern(struct store *st, const char *s, size_t len)
{
	return strpool_intern(st->pool, s, len);
}

str_id store_intern_hashed(struct store *st, const char *s, size_t len, uint32_t hash)
{
	return strpool_intern_hashed(st->pool, s, len, hash);
}

str_id store_keep_unique(struct store *st, const char *s, size_t len)
{
	return strpool_append(st->pool, s, len);
}

void store_intern_prefetch(const struct store *st, uint32_t hash)
{
	strpool_prefetch(st->pool, hash);
}

void store_set_ingest(struct store *st, void *ctx, void (*barrier)(void *ctx))
{
	st->ingest_ctx = ctx;
	st->ingest_barrier = barrier;
	st->ingest_pending = 0;
}

void *store_ingest_ctx(const struct store *st)
{
	return st->ingest_ctx;
}

void store_ingest_pending(struct store *st, long delta)
{
	st->ingest_pending = (size_t)((long)st->ingest_pending + delta);
}

size_t store_msg_seen(const struct store *st)
{
	return st->msgs.len + st->ingest_pending;
}

void store_ingest_barrier(struct store *st)
{
	if (st->ingest_pending && st->ingest_barrier)
		st->ingest_barrier(st->ingest_ctx);
}

static size_t ep_addr_len(const struct endpoint *ep)
{
	return ep->family == 6 ? 16 : 4;
}

static bool ep_same(const void *ctx, uint32_t i, const void *key)
{
	const struct store *st = ctx;
	const struct endpoint *a = VEC_AT(st->eps, struct endpoint, i), *b = key;
	return a->family == b->family && a->port == b->port &&
	       !memcmp(a->addr, b->addr, ep_addr_len(a));
}

static uint32_t ep_hash(const struct endpoint *ep)
{
	uint32_t w[6] = { ep->family, ep->port };
	memcpy(&w[2], ep->addr, ep_addr_len(ep));
	return hash_words(w, 6);
}

static void ep_format(const struct endpoint *ep, char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN] = "?";
	inet_ntop(ep->family == 6 ? AF_INET6 : AF_INET, ep->addr, addr, sizeof addr);
	if (ep->port == 0)
		snprintf(buf, len, "%s", addr);
	else if (ep->family == 6)
		snprintf(buf, len, "[%s]:%u", addr, ep->port);
	else
		snprintf(buf, len, "%s:%u", addr, ep->port);
}

ep_id store_endpoint(struct store *st, const struct endpoint *ep)
{
	if (!ep || (ep->family != 4 && ep->family != 6))
		return 0;
	struct endpoint norm = { .family = ep->family, .port = ep->port };
	memcpy(norm.addr, ep->addr, ep_addr_len(ep));
	uint32_t h = ep_hash(&norm);
	uint32_t i = idmap_find(&st->ep_map, h, ep_same, st, &norm);
	if (i != UINT32_MAX)
		return i;
	char *text = vec_push(&st->ep_text, EP_FMT_LEN);
	if (!text)
		return 0;
	struct endpoint *e = vec_push(&st->eps, sizeof *e);
	if (!e) {
		st->ep_text.len--;
		return 0;
	}
	*e = norm;
	ep_format(e, text, EP_FMT_LEN);
	uint32_t id = (uint32_t)st->eps.len - 1;
	if (!idmap_insert(&st->ep_map, h, id)) {
		st->eps.len--;
		st->ep_text.len--;
		return 0;
	}
	return id;
}

struct raw_ref store_arena_put(struct store *st, const void *bytes, size_t len)
{
	struct raw_ref r = { .where = RAW_NONE };
	if (len > UINT32_MAX / 2)
		return r;
	if (!st->arena_chunks || st->arena_used + len > st->arena_size[st->arena_chunks - 1]) {
		if (st->arena_chunks == st->arena_cap) {
			uint32_t cap = st->arena_cap ? st->arena_cap * 2 : 16;
			char **a = realloc(st->arena, cap * sizeof *a);
			if (!a)
				return r;
			st->arena = a;
			uint32_t *sz = realloc(st->arena_size, cap * sizeof *sz);
			if (!sz)
				return r;
			st->arena_size = sz;
			st->arena_cap = cap;
		}
		uint32_t size = len > ARENA_CHUNK ? (uint32_t)len : ARENA_CHUNK;
		/* the first chunk on ordinary pages: most captures never fill it */
		char *chunk = st->arena_chunks ? hugemem_alloc(size) : malloc(size);
		if (!chunk)
			return r;
		st->arena[st->arena_chunks] = chunk;
		st->arena_size[st->arena_chunks] = size;
		st->arena_chunks++;
		st->arena_used = 0;
	}
	uint32_t c = st->arena_chunks - 1;
	if (len)
		memcpy(st->arena[c] + st->arena_used, bytes, len);
	r.where = RAW_ARENA;
	r.len = (uint32_t)len;
	r.off = (uint64_t)c << 32 | st->arena_used;
	st->arena_used += (uint32_t)len;
	return r;
}

static bool frame_same(const void *ctx, uint32_t i, const void *key)
{
	const struct store *st = ctx;
	return VEC_AT(st->msgs, struct sip_msg, i)->frame == *(const uint32_t *)key;
}

static void index_frame(struct store *st, uint32_t mi)
{
	if (st->frames_indexed != mi)
		return;                  /* an earlier allocation failed: stop indexing */
	uint32_t frame = msg_at(st, mi)->frame;
	uint32_t prev = st->frame_run_max;
	if (frame < prev) {
		struct late_max *l = vec_push(&st->late_max, sizeof *l);
		if (!l)
			return;
		*l = (struct late_max){ mi, prev };
		uint32_t h = hash_words(&frame, 1);
		if (idmap_find(&st->late_frames, h, frame_same, st, &frame) == UINT32_MAX)
			idmap_insert(&st->late_frames, h, mi);
	} else {
		st->frame_run_max = frame;
	}
	st->frames_indexed++;
}

/* The largest frame among messages 0..mi (mi < frames_indexed). */
static uint32_t frame_max_at(const struct store *st, uint32_t mi)
{
	size_t lo = 0, hi = st->late_max.len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct late_max *l = VEC_AT(st->late_max, struct late_max, mid);
		if (l->msg == mi)
			return l->max;
		if (l->msg < mi)
			lo = mid + 1;
		else
			hi = mid;
	}
	return VEC_AT(st->msgs, struct sip_msg, mi)->frame;
}

/* What store_msg_extra gives a message that has no extra record: the
 * defaults, and its agent header (its header set's).  (The Call-ID is
 * left to the caller.) */
static void extra_defaults(const struct sip_msg *m, str_id agent, struct sip_msg_extra *out)
{
	*out = (struct sip_msg_extra){
		.first_frame = m->frame, .min_expires = -1, .retry_after = -1,
		.content_length = m->body_len,
	};
	if (m->flags & MF_AGENT_SERVER)
		out->server = agent;
	else
		out->user_agent = agent;
}

/* Does the message carry anything the defaults would not rebuild?  (The
 * record is all 32-bit fields, so memcmp sees no padding.) */
static bool extra_needed(const struct sip_msg *m, str_id agent, const struct sip_msg_extra *x)
{
	struct sip_msg_extra d;
	extra_defaults(m, agent, &d);
	d.call_id = x->call_id;
	return memcmp(&d, x, sizeof d) != 0;
}
_Static_assert(sizeof(struct sip_msg_extra) == 12 * sizeof(uint32_t), "padding in struct sip_msg_extra");

uint32_t store_add_sdp(struct store *st, const struct sdp_mline *media, const struct endpoint *eps, size_t n)
{
	if (!n || st->sdp_media.len >= NONE_U32 - SDP_MEDIA_MAX)
		return 0;
	if (n > SDP_MEDIA_MAX)
		n = SDP_MEDIA_MAX;
	uint32_t first = (uint32_t)st->sdp_media.len + 1;
	for (size_t i = 0; i < n; i++) {
		struct sdp_mline *d = vec_push(&st->sdp_media, sizeof *d);
		if (!d) {
			st->sdp_media.len = first - 1;
			return 0;
		}
		*d = media[i];
		d->ep = eps && eps[i].family ? store_endpoint(st, &eps[i]) : 0;
	}
	return first;
}

/* The block of side-table bases of a message of this store (m must point
 * into its table, as store_msg gives it). */
static const struct msg_block *msg_block_of(const struct store *st, const struct sip_msg *m)
{
	const struct sip_msg *first = st->msgs.data;
	assert(st->msgs.len && m >= first && m < first + st->msgs.len);
	if (!st->msgs.len || m < first || m >= first + st->msgs.len)
		return NULL;
	size_t b = (size_t)(m - first) / MSG_BLOCK;
	return b < st->msg_blocks.len ? VEC_AT(st->msg_blocks, struct msg_block, b) : NULL;
}

/* Its kept struct sip_msg_extra, or NULL when it has none. */
static const struct sip_msg_extra *msg_extra_kept(const struct store *st, const struct sip_msg *m)
{
	const struct msg_block *b = m->extra_off ? msg_block_of(st, m) : NULL;
	if (!b || (size_t)b->extras + m->extra_off > st->extras.len)
		return NULL;
	return VEC_AT(st->extras, struct sip_msg_extra, b->extras + m->extra_off - 1);
}

const struct sdp_mline *store_msg_sdp(const struct store *st, const struct sip_msg *m, size_t *n)
{
	*n = 0;
	const struct sip_msg_extra *x = msg_extra_kept(st, m);
	if (!x || !x->sdp_first || x->sdp_first - 1 + (size_t)x->sdp_count > st->sdp_media.len)
		return NULL;
	*n = x->sdp_count;
	return VEC_AT(st->sdp_media, struct sdp_mline, x->sdp_first - 1);
}

const char *sdp_kind_name(enum sdp_kind k)
{
	switch (k) {
	case SDP_K_AUDIO: return "audio";
	case SDP_K_VIDEO: return "video";
	case SDP_K_IMAGE: return "image";
	case SDP_K_APPLICATION: return "application";
	default: return "other";
	}
}

const char *sdp_dir_name(enum sdp_dir d)
{
	switch (d) {
	case SDP_SENDONLY: return "sendonly";
	case SDP_RECVONLY: return "recvonly";
	case SDP_INACTIVE: return "inactive";
	default: return "sendrecv";
	}
}

const char *sdp_proto_name(enum sdp_proto p)
{
	switch (p) {
	case SDP_P_RTP_AVP: return "RTP/AVP";
	case SDP_P_RTP_SAVP: return "RTP/SAVP";
	case SDP_P_UDPTL: return "udptl";
	default: return "other";
	}
}

/* Packs a digest header into the side tables (struct auth_kept); false
 * when memory ran out (nothing kept then). */
static bool keep_auth(struct store *st, const struct msg_block *blk, const struct sip_auth *a)
{
	struct auth_kept *k = vec_push(&st->auths, sizeof *k);
	if (!k)
		return false;
	*k = (struct auth_kept){
		.kind = a->kind,
		.flags = (uint8_t)((a->stale ? AUTH_KEPT_STALE : 0) | (a->unparseable ? AUTH_KEPT_UNPARSEABLE : 0)),
		.cred_off = AUTH_NO_CRED,
		.scheme = a->scheme, .realm = a->realm, .nonce = a->nonce,
		.opaque = a->opaque, .algorithm = a->algorithm, .qop = a->qop,
	};
	/* by what it holds, not by its kind: an unparseable challenge's text
	 * may still give a username or uri (sipparse.c) */
	if (a->username || a->uri || a->response || a->cnonce || a->nc) {
		struct auth_cred *c = vec_push(&st->auth_creds, sizeof *c);
		if (!c) {
			st->auths.len--;
			return false;
		}
		*c = (struct auth_cred){ a->username, a->uri, a->response, a->cnonce, a->nc };
		/* at most MSG_BLOCK * 255 since the block began */
		k->cred_off = (uint16_t)(st->auth_creds.len - 1 - blk->auth_creds);
	}
	return true;
}

uint32_t store_add_msg(struct store *st, const struct sip_msg *m, const struct sip_hdrset *h,
                       const struct sip_msg_extra *x,
                       const struct sip_contact *contacts, size_t ncontacts,
                       const struct sip_auth *auths, size_t nauths)
{
	if (st->msgs.len >= NONE_U32 - 1)
		return NONE_U32;
	struct sip_hdrset set = *h;
	set.agent = x->user_agent ? x->user_agent : x->server;
	uint32_t hdr = store_hdr_intern(st, &set);
	if (hdr == NONE_U32)
		return NONE_U32;
	struct sip_msg *dst = vec_push(&st->msgs, sizeof *dst);
	if (!dst)
		return NONE_U32;
	uint32_t mi = (uint32_t)st->msgs.len - 1;
	*dst = *m;
	dst->hdr = hdr;
	dst->txn = NONE_U32;
	dst->dialog = NONE_U32;
	dst->flags &= (uint16_t)~MF_AGENT_SERVER;
	if (!x->user_agent && x->server)
		dst->flags |= MF_AGENT_SERVER;
	if (mi % MSG_BLOCK == 0) {
		struct msg_block *b = vec_push(&st->msg_blocks, sizeof *b);
		if (!b) {
			st->msgs.len--;
			return NONE_U32;
		}
		*b = (struct msg_block){ (uint32_t)st->contacts.len, (uint32_t)st->auths.len, (uint32_t)st->auth_creds.len,
		                         (uint32_t)st->extras.len };
	}
	const struct msg_block *blk = VEC_AT(st->msg_blocks, struct msg_block, mi / MSG_BLOCK);
	dst->extra_off = 0;
	if (extra_needed(dst, set.agent, x)) {
		struct sip_msg_extra *e = vec_push(&st->extras, sizeof *e);
		if (e) {
			*e = *x;
			/* at most MSG_BLOCK extras since the block began */
			dst->extra_off = (uint8_t)(st->extras.len - blk->extras);
		}
	}
	if (ncontacts > UINT8_MAX)
		ncontacts = UINT8_MAX;
	if (nauths > UINT8_MAX)
		nauths = UINT8_MAX;
	/* at most MSG_BLOCK - 1 messages of 255 each before it in the block */
	dst->contacts_off = (uint16_t)(st->contacts.len - blk->contacts);
	dst->contacts_count = 0;
	for (size_t i = 0; i < ncontacts; i++) {
		struct sip_contact *c = vec_push(&st->contacts, sizeof *c);
		if (!c)
			break;
		*c = contacts[i];
		dst->contacts_count++;
	}
	dst->auth_off = (uint16_t)(st->auths.len - blk->auths);
	dst->auth_count = 0;
	for (size_t i = 0; i < nauths; i++)
		if (!keep_auth(st, blk, &auths[i]))
			break;
		else
			dst->auth_count++;
	index_frame(st, mi);
	st->stats.sip_messages = st->msgs.len;
	if (dst->flags & MF_MALFORMED)
		st->stats.malformed++;
	if (dst->flags & MF_TRUNCATED)
		st->stats.truncated++;
	store_group_msg(st, mi, x->call_id);
	return mi;
}

void store_add_dns(struct store *st, const struct dns_event *ev,
                   const struct dns_answer *answers, size_t nanswers)
{
	struct dns_event *e = vec_push(&st->dns, sizeof *e);
	if (!e)
		return;
	*e = *ev;
	e->answers_first = (uint32_t)st->dns_answers.len;
	e->answers_count = 0;
	if (nanswers > UINT16_MAX)
		nanswers = UINT16_MAX;
	for (size_t i = 0; i < nanswers; i++) {
		struct dns_answer *a = vec_push(&st->dns_answers, sizeof *a);
		if (!a)
			break;
		*a = answers[i];
		VEC_AT(st->dns, struct dns_event, st->dns.len - 1)->answers_count++;
	}
}

#define ADD_EVENT(fn, type, field) \
	void fn(struct store *st, const struct type *ev) \
	{ \
		struct type *e = vec_push(&st->field, sizeof *e); \
		if (e) \
			*e = *ev; \
	}
ADD_EVENT(store_add_icmp, icmp_event, icmp)
ADD_EVENT(store_add_tcp, tcp_event, tcp)
ADD_EVENT(store_add_tls, tls_event, tls)
ADD_EVENT(store_add_keepalive, keepalive_event, keepalive)
ADD_EVENT(store_add_frag, frag_event, frag)

struct capture_stats *store_stats(struct store *st)
{
	return &st->stats;
}

const struct capture_stats *store_stats_c(const struct store *st)
{
	return &st->stats;
}

void store_finish(struct store *st, usec_t now)
{
	store_reg_rebuild(st, now);
	store_call_rebuild(st, now);
}

#define RTP_STREAMS_MAX 1000000   /* hostile traffic may invent an SSRC per packet */

uint32_t store_add_rtp(struct store *st, const struct rtp_stream *s)
{
	if (st->rtp.len >= RTP_STREAMS_MAX)
		return NONE_U32;
	struct rtp_stream *d = vec_push(&st->rtp, sizeof *d);
	if (!d)
		return NONE_U32;
	*d = *s;
	return (uint32_t)st->rtp.len - 1;
}

struct rtp_stream *store_rtp_mut(struct store *st, uint32_t i)
{
	return i < st->rtp.len ? VEC_AT(st->rtp, struct rtp_stream, i) : NULL;
}

size_t store_rtp_count(const struct store *st)
{
	return st->rtp.len;
}

const struct rtp_stream *store_rtp(const struct store *st, uint32_t i)
{
	return i < st->rtp.len ? VEC_AT(st->rtp, struct rtp_stream, i) : NULL;
}

/* ---- readers ---- */

uint64_t store_generation(const struct store *st)
{
	return st->generation;
}

size_t store_source_count(const struct store *st)
{
	return st->sources.len;
}

const struct store_source *store_source_get(const struct store *st, uint16_t i)
{
	return i < st->sources.len ? VEC_AT(st->sources, struct store_source, i) : NULL;
}

const char *store_str(const struct store *st, str_id id)
{
	return strpool_get(st->pool, id);
}

const struct endpoint *store_ep(const struct store *st, ep_id id)
{
	return id < st->eps.len ? VEC_AT(st->eps, struct endpoint, id) : VEC_AT(st->eps, struct endpoint, 0);
}


const char *store_ep_text(const struct store *st, ep_id id)
{
	return id < st->ep_text.len ? (const char *)st->ep_text.data + (size_t)id * EP_FMT_LEN : "-";
}

const char *store_ep_fmt(const struct store *st, ep_id id, char *buf, size_t len)
{
	if (len)
		snprintf(buf, len, "%s", store_ep_text(st, id));
	return buf;
}

size_t store_msg_count(const struct store *st)
{
	return st->msgs.len;
}

const struct sip_msg *store_msg(const struct store *st, uint32_t i)
{
	return i < st->msgs.len ? VEC_AT(st->msgs, struct sip_msg, i) : NULL;
}

const struct sip_contact *store_contacts(const struct store *st, const struct sip_msg *m)
{
	const struct msg_block *b = m->contacts_count ? msg_block_of(st, m) : NULL;
	return b ? VEC_AT(st->contacts, struct sip_contact, b->contacts + m->contacts_off) : NULL;
}

const struct sip_auth *store_auth(const struct store *st, const struct sip_msg *m, uint32_t i, struct sip_auth *out)
{
	const struct msg_block *b = m && i < m->auth_count ? msg_block_of(st, m) : NULL;
	size_t at = b ? (size_t)b->auths + m->auth_off + i : SIZE_MAX;
	if (at >= st->auths.len)
		return NULL;
	const struct auth_kept *k = VEC_AT(st->auths, struct auth_kept, at);
	*out = (struct sip_auth){
		.kind = k->kind,
		.stale = k->flags & AUTH_KEPT_STALE,
		.unparseable = k->flags & AUTH_KEPT_UNPARSEABLE,
		.scheme = k->scheme, .realm = k->realm, .nonce = k->nonce,
		.opaque = k->opaque, .algorithm = k->algorithm, .qop = k->qop,
	};
	size_t ci = k->cred_off == AUTH_NO_CRED ? SIZE_MAX : (size_t)b->auth_creds + k->cred_off;
	if (ci < st->auth_creds.len) {
		const struct auth_cred *c = VEC_AT(st->auth_creds, struct auth_cred, ci);
		out->username = c->username;
		out->uri = c->uri;
		out->response = c->response;
		out->cnonce = c->cnonce;
		out->nc = c->nc;
	}
	return out;
}

str_id store_msg_call_id(const struct store *st, const struct sip_msg *m)
{
	return m->dialog < st->dialogs.len ? VEC_AT(st->dialogs, struct sip_dialog, m->dialog)->call_id : 0;
}

void store_msg_extra(const struct store *st, const struct sip_msg *m, struct sip_msg_extra *out)
{
	const struct sip_msg_extra *x = msg_extra_kept(st, m);
	if (x)
		*out = *x;
	else
		extra_defaults(m, store_msg_hdr(st, m)->agent, out);
	out->call_id = store_msg_call_id(st, m);
}

str_id store_msg_server(const struct store *st, const struct sip_msg *m)
{
	struct sip_msg_extra x;
	store_msg_extra(st, m, &x);
	return x.server;
}

uint32_t store_msg_by_frame(const struct store *st, uint32_t frame)
{
	/* the first message whose running maximum reaches frame */
	size_t lo = 0, hi = st->frames_indexed;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (frame_max_at(st, (uint32_t)mid) < frame)
			lo = mid + 1;
		else
			hi = mid;
	}
	uint32_t late = idmap_find(&st->late_frames, hash_words(&frame, 1), frame_same, st, &frame);
	if (lo < st->frames_indexed && VEC_AT(st->msgs, struct sip_msg, lo)->frame == frame)
		return late != UINT32_MAX && late < lo ? late : (uint32_t)lo;
	return late == UINT32_MAX ? NONE_U32 : late;
}

/* Reads at most len bytes of r from byte skip on. */
static long raw_read(const struct store *st, const struct raw_ref *r, size_t skip, char *buf, size_t len)
{
	if (skip > r->len)
		return -1;
	size_t n = r->len - skip < len ? r->len - skip : len;
	if (r->where == RAW_ARENA) {
		uint32_t c = (uint32_t)(r->off >> 32), off = (uint32_t)r->off;
		if (c >= st->arena_chunks || (uint64_t)off + r->len > st->arena_size[c])
			return -1;
		memcpy(buf, st->arena[c] + off + skip, n);
		return (long)n;
	}
	if (r->where == RAW_FILE) {
		const struct store_source *s = store_source_get(st, r->source);
		if (!s || s->fd < 0)
			return -1;
		size_t got = 0;
		while (got < n) {
			ssize_t k = pread(s->fd, buf + got, n - got, (off_t)(r->off + skip + got));
			if (k <= 0)
				return got ? (long)got : -1;
			got += (size_t)k;
		}
		return (long)got;
	}
	return -1;
}

long store_msg_bytes(const struct store *st, const struct sip_msg *m, char *buf, size_t len)
{
	if (!m || !buf)
		return -1;
	struct raw_ref r = raw_unpack(m->raw_at, m->wire_len);
	return raw_read(st, &r, 0, buf, len);
}

long store_msg_raw(const struct store *st, uint32_t i, char *buf, size_t len)
{
	return store_msg_bytes(st, store_msg(st, i), buf, len);
}

const char *store_msg_via_raw(const struct store *st, const struct sip_msg *m, char *buf, size_t size)
{
	if (!size)
		return "";
	buf[0] = '\0';
	/* the value may be folded: read all of it, unfold, then cut */
	char text[SIP_MSG_MAX];
	if (!m || !m->via_raw_len)
		return buf;
	struct raw_ref r = raw_unpack(m->raw_at, m->wire_len);
	long n = raw_read(st, &r, m->via_raw_off, text, m->via_raw_len);
	if (n <= 0)
		return buf;
	size_t k = span_unfold((struct span){ text, (size_t)n }, buf, size - 1);
	k = strpool_kept_len(buf, k);
	buf[k] = '\0';
	return buf;
}

size_t store_txn_count(const struct store *st)
{
	return st->txns.len;
}

const struct sip_txn *store_txn(const struct store *st, uint32_t i)
{
	return i < st->txns.len ? VEC_AT(st->txns, struct sip_txn, i) : NULL;
}

const uint32_t *store_txn_msgs(const struct store *st, const struct sip_txn *t)
{
	return t->msgs_count <= TXN_INLINE ? t->msgs : st->txn_msgs.data + t->msgs[0];
}

usec_t store_txn_first_time(const struct store *st, const struct sip_txn *t)
{
	return t->msgs_count ? VEC_AT(st->msgs, struct sip_msg, store_txn_msgs(st, t)[0])->time : 0;
}

usec_t store_txn_final_time(const struct store *st, const struct sip_txn *t)
{
	return t->final_msg < st->msgs.len ? VEC_AT(st->msgs, struct sip_msg, t->final_msg)->time : 0;
}

size_t store_dialog_count(const struct store *st)
{
	return st->dialogs.len;
}

const struct sip_dialog *store_dialog(const struct store *st, uint32_t i)
{
	return i < st->dialogs.len ? VEC_AT(st->dialogs, struct sip_dialog, i) : NULL;
}

const uint32_t *store_dialog_msgs(const struct store *st, const struct sip_dialog *d)
{
	return st->dialog_msgs.data + d->msgs_first;
}

size_t store_reg_count(const struct store *st)
{
	return st->regs.len;
}

const struct registration *store_reg(const struct store *st, uint32_t i)
{
	return i < st->regs.len ? VEC_AT(st->regs, struct registration, i) : NULL;
}

const uint32_t *store_reg_txns(const struct store *st, const struct registration *r)
{
	return st->reg_txns.data + r->txns_first;
}

const struct reg_event *store_reg_events(const struct store *st, const struct registration *r)
{
	return r->events_count ? VEC_AT(st->reg_events, struct reg_event, r->events_first) : NULL;
}

#define EVENT_READERS(count_fn, get_fn, type, field) \
	size_t count_fn(const struct store *st) { return st->field.len; } \
	const struct type *get_fn(const struct store *st, uint32_t i) \
	{ return i < st->field.len ? VEC_AT(st->field, struct type, i) : NULL; }
EVENT_READERS(store_dns_count, store_dns, dns_event, dns)
EVENT_READERS(store_icmp_count, store_icmp, icmp_event, icmp)
EVENT_READERS(store_tcp_count, store_tcp, tcp_event, tcp)
EVENT_READERS(store_tls_count, store_tls, tls_event, tls)
EVENT_READERS(store_keepalive_count, store_keepalive, keepalive_event, keepalive)
EVENT_READERS(store_frag_count, store_frag, frag_event, frag)

const struct dns_answer *store_dns_answers(const struct store *st, const struct dns_event *e)
{
	return e->answers_count ? VEC_AT(st->dns_answers, struct dns_answer, e->answers_first) : NULL;
}

/* ---- names ---- */

static const char *const method_names[M__COUNT] = {
	[M_NONE] = "", [M_REGISTER] = "REGISTER", [M_INVITE] = "INVITE",
	[M_ACK] = "ACK", [M_BYE] = "BYE", [M_CANCEL] = "CANCEL",
	[M_OPTIONS] = "OPTIONS", [M_SUBSCRIBE] = "SUBSCRIBE", [M_NOTIFY] = "NOTIFY",
	[M_PUBLISH] = "PUBLISH", [M_MESSAGE] = "MESSAGE", [M_INFO] = "INFO",
	[M_PRACK] = "PRACK", [M_UPDATE] = "UPDATE", [M_REFER] = "REFER",
	[M_OTHER] = "OTHER",
};

const char *sip_method_name(enum sip_method m)
{
	return (unsigned)m < M__COUNT ? method_names[m] : "";
}

/* Method names are case-sensitive (RFC 3261 7.1). */
enum sip_method sip_method_from(const char *s, size_t len)
{
	if (!s || !len)
		return M_NONE;
	for (int m = M_REGISTER; m < M_OTHER; m++)
		if (strlen(method_names[m]) == len && !memcmp(method_names[m], s, len))
			return (enum sip_method)m;
	return M_OTHER;
}

const char *dns_type_name(uint16_t type)
{
	switch (type) {
	case 1: return "A";
	case 5: return "CNAME";
	case 28: return "AAAA";
	case 33: return "SRV";
	case 35: return "NAPTR";
	default: return "RR";
	}
}

const char *transport_name(enum transport t)
{
	switch (t) {
	case TP_UDP: return "UDP";
	case TP_TCP: return "TCP";
	case TP_TLS: return "TLS";
	case TP_SCTP: return "SCTP";
	case TP_WS: return "WS";
	default: return "?";
	}
}

const char *reg_state_name(enum reg_state s)
{
	switch (s) {
	case REG_UNREGISTERED: return "unregistered";
	case REG_TRYING: return "trying";
	case REG_CHALLENGED: return "challenged";
	case REG_REGISTERED: return "registered";
	case REG_FAILED: return "failed";
	case REG_TIMED_OUT: return "timed out";
	case REG_EXPIRED: return "expired";
	}
	return "?";
}
