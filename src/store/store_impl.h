/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * store_impl.h - the inside of struct store, shared by the store's own
 * files (store.c: tables and readers, store_group.c: transactions, dialogs
 * and registrations, store_reg.c: registration timelines, store_hdr.c:
 * header sets).  Nobody else includes it.
 *
 * Grouped lists (a transaction's messages, a dialog's messages, a
 * registration's transactions) are slices of one shared index array:
 *
 *   txn_msgs: [ t0: m0 m1 . . | t1: m2 m5 . . | t0 (moved, cap 8): m0 m1 m3 m4 m6 . . . ]
 *
 * A slice that fills up moves to the end of the array with twice the room,
 * so appends are amortised O(1), every slice stays contiguous (the readers
 * hand out a pointer and a count) and the space left behind is at most the
 * size of the live data.  A slice's room follows from its count (its first
 * room, doubled until the count fits), so it is not stored: a million
 * transactions would spend 4 MB on it.
 */
#ifndef TRUNKDOC_STORE_IMPL_H
#define TRUNKDOC_STORE_IMPL_H

#include "base/idmap.h"
#include "base/strpool.h"
#include "store/store.h"

/* A growable array of fixed-size records. */
struct vec {
	void *data;
	size_t len, cap;
};
/* Makes room for one more record; returns its address (zeroed) or NULL. */
void *vec_push(struct vec *v, size_t elsize);
void vec_free(struct vec *v);
#define VEC_AT(v, type, i) (&((type *)(v).data)[i])

/* A growable array of uint32 holding many slices (see above). */
struct slices {
	uint32_t *data;
	size_t len, cap;
};
/* Appends value to the slice (*first, *count); false if out of memory. */
bool slice_append(struct slices *s, uint32_t *first, uint32_t *count, uint32_t first_cap, uint32_t value);
/* A transaction's first TXN_INLINE messages are kept in its record
 * (struct sip_txn's msgs): most hold a request and its final response,
 * and a slice for them cost 8 bytes more each (0.8 MB on a REGISTER feed
 * of 100,000 transactions).  The third moves them all to a slice. */
#define TXN_INLINE 2
/* First room of each kind of slice (a transaction's holds at least
 * TXN_INLINE + 1); dialogs and registrations grow longer. */
#define TXN_SLICE_FIRST 4
#define DIALOG_SLICE_FIRST 4
#define REG_SLICE_FIRST 4

/* What the store keeps beside each transaction to group the next message. */
struct txn_extra {
	uint32_t reg;            /* registration, NONE_U32 if not a REGISTER */
	uint16_t acks;           /* ACKs absorbed into an INVITE transaction */
	bool keyed;              /* inserted in txn_map */
};

/* A message below the running maximum of frames before it. */
struct late_max {
	uint32_t msg, max;
};

/* Where the side records of a block of MSG_BLOCK messages begin. */
struct msg_block {
	uint32_t contacts, auths, auth_creds, extras;
};

/* A digest header as the store keeps it (store_auth unpacks it into a
 * struct sip_auth): what challenges and credentials share, 28 bytes, and
 * the five ids only credentials carry (username, uri, response, cnonce,
 * nc) in a record of their own, kept only when one of them is set.  A
 * challenge (half the digest headers of a REGISTER feed) then costs 28
 * bytes, not 48. */
enum { AUTH_KEPT_STALE = 1, AUTH_KEPT_UNPARSEABLE = 2 };
#define AUTH_NO_CRED UINT16_MAX
struct auth_kept {
	uint8_t kind;            /* enum auth_kind */
	uint8_t flags;           /* AUTH_KEPT_* */
	uint16_t cred_off;       /* its struct auth_cred: the block's auth_creds + this;
	                          * AUTH_NO_CRED for none (a block holds at most
	                          * MSG_BLOCK * 255 < AUTH_NO_CRED digest headers) */
	str_id scheme, realm, nonce, opaque, algorithm, qop;
};
struct auth_cred {
	str_id username, uri, response, cnonce, nc;
};
_Static_assert(sizeof(struct auth_kept) == 28, "struct auth_kept grew: one per digest header");
_Static_assert(MSG_BLOCK * 255 < AUTH_NO_CRED, "a block's digest headers outgrew auth_kept.cred_off");

/* "[v6 address]:port" is at most 1 + 45 + 2 + 5 bytes */
#define EP_FMT_LEN 64

struct store {
	struct strpool *pool;
	struct vec sources;              /* struct store_source */
	struct vec eps;                  /* struct endpoint; [0] unused */
	/* char[EP_FMT_LEN] per endpoint, formatted when it is added: reports
	 * print every message's two endpoints and there are few distinct ones */
	struct vec ep_text;
	struct idmap ep_map;

	char **arena;                    /* chunks; a ref's off = chunk << 32 | offset */
	uint32_t *arena_size;
	uint32_t arena_chunks, arena_cap, arena_used;

	struct vec msgs;                 /* struct sip_msg */
	struct vec hdrs;                 /* struct sip_hdrset, for sip_msg.hdr (store_hdr.c) */
	struct idmap hdr_map;
	uint32_t hdr_hits;               /* lookups that found a set */
	struct vec contacts;             /* struct sip_contact */
	struct vec auths;                /* struct auth_kept */
	struct vec auth_creds;           /* struct auth_cred, for auth_kept.cred_off */
	struct vec extras;               /* struct sip_msg_extra, for sip_msg.extra_off */
	/* per MSG_BLOCK messages, the lengths of contacts, auths and extras
	 * when the block's first message came: sip_msg's offsets count from
	 * there (store_add_msg, msg_side) */
	struct vec msg_blocks;           /* struct msg_block */
	struct vec sdp_media;            /* struct sdp_media, for sip_msg_extra.sdp_first */
	/* store_msg_by_frame: messages arrive in frame order except when TCP
	 * reassembly completes an earlier frame's message late.  The running
	 * maximum of frames over messages 0..i never decreases, so it can be
	 * searched: it is the message's own frame, except for a message below
	 * the maximum before it (a late one), whose maximum late_max keeps
	 * (by message index, in order); the late ones also go in late_frames.
	 * frames_indexed: messages indexed so far (an allocation that failed
	 * stops the index there). */
	struct vec late_max;             /* struct late_max */
	uint32_t frames_indexed, frame_run_max;
	struct idmap late_frames;

	struct vec txns;                 /* struct sip_txn */
	struct vec txn_x;                /* struct txn_extra */
	struct idmap txn_map;            /* also the branch lookup's (store_group.c) */
	struct slices txn_msgs;

	struct vec dialogs;              /* struct sip_dialog */
	struct idmap dialog_map;
	struct slices dialog_msgs;
	uint32_t no_callid_dialog;       /* shared by messages without a Call-ID */

	struct vec regs;                 /* struct registration */
	struct idmap reg_map;            /* (aor, registrar) */
	struct idmap reg_aor_map;        /* aor alone: first registration of an AOR */
	struct slices reg_txns;
	struct vec reg_events;           /* struct reg_event, rebuilt by store_finish */
	struct vec calls;                /* struct sip_call, rebuilt by store_finish */
	struct vec rtp;                  /* struct rtp_stream */
	struct vec call_streams;         /* uint32_t stream indices, sip_call.streams_first */

	struct vec dns, dns_answers, icmp, tcp, tls, keepalive, frag;
	struct vec nodes;                /* struct capture_node; node n at n - 1 */
	struct vec msg_node;             /* uint16_t per message, up to the last HEP one */
	uint16_t last_node;              /* lookup cache: consecutive packets share a node */
	void *ingest_ctx;                /* struct sip_batch, or NULL */
	void (*ingest_barrier)(void *ctx);
	size_t ingest_pending;           /* queued, not yet committed */
	uint64_t generation;             /* bumped by store_replace (store_generation) */
	struct capture_stats stats;
	struct store_own own;            /* trunkdoc's own traffic (store_own.c) */
};

static inline struct sip_msg *msg_at(struct store *st, uint32_t i)
{
	return VEC_AT(st->msgs, struct sip_msg, i);
}
/* Its header set (m is one of the store's: its hdr is in range). */
static inline const struct sip_hdrset *hdr_of(const struct store *st, const struct sip_msg *m)
{
	return VEC_AT(st->hdrs, const struct sip_hdrset, m->hdr);
}
static inline struct sip_txn *txn_at(struct store *st, uint32_t i)
{
	return VEC_AT(st->txns, struct sip_txn, i);
}
/* Its message indices, msgs_count of them (TXN_INLINE above). */
static inline uint32_t *txn_ids(struct store *st, struct sip_txn *t)
{
	return t->msgs_count <= TXN_INLINE ? t->msgs : st->txn_msgs.data + t->msgs[0];
}

/* store_hdr.c: the index of the set equal to h, added when new;
 * NONE_U32 when out of memory. */
uint32_t store_hdr_intern(struct store *st, const struct sip_hdrset *h);
/* store_group.c: puts message `mi` (already in msgs) into its groups. */
void store_group_msg(struct store *st, uint32_t mi, str_id call_id);
/* store_reg.c: rebuilds every registration's timeline as of `now`. */
void store_reg_rebuild(struct store *st, usec_t now);
/* store_call.c: rebuilds the calls as of `now`. */
void store_call_rebuild(struct store *st, usec_t now);

#endif
