/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * store_hdr.c - the header sets: what a message shares with others of its
 * kind (struct sip_hdrset, model.h), kept once per store.
 *
 *   msgs:  [ m0 hdr=0 ] [ m1 hdr=1 ] [ m2 hdr=0 ] [ m3 hdr=2 ] [ m4 hdr=0 ] ...
 *   hdrs:  [ 0: PBX a REGISTER ] [ 1: 401 to a ] [ 2: 200 to a ] ...
 *   hdr_map: hash of a set's 60 bytes -> its index
 *
 * On a fleet's REGISTER feed 200,000 messages hold about 15,000 distinct
 * sets; a message then costs its 72 bytes and a share of a set, not the
 * 128 it took with these fields in it.
 *
 * The worst case is traffic where no two messages share a set: each then
 * costs its record and a set (72 + 60 bytes, four more than before) and
 * the index a slot.  So that the index cannot grow without paying for
 * itself, a new set enters it only while it holds fewer than
 * HDR_INDEX_FREE sets or no more sets than lookups have found (each hit
 * saved a set's 60 bytes, more than the slot a set costs); a set left out
 * is still kept and named, only not found again.
 */
#include <assert.h>
#include <string.h>

#include "store/store_impl.h"

#define HDR_INDEX_FREE 65536

static bool hdr_same(const void *ctx, uint32_t i, const void *key)
{
	const struct store *st = ctx;
	return !memcmp(VEC_AT(st->hdrs, struct sip_hdrset, i), key, sizeof(struct sip_hdrset));
}

uint32_t store_hdr_intern(struct store *st, const struct sip_hdrset *h)
{
	uint32_t hash = hash_bytes(h, sizeof *h);
	uint32_t i = idmap_find(&st->hdr_map, hash, hdr_same, st, h);
	if (i != UINT32_MAX) {
		st->hdr_hits++;
		return i;
	}
	if (st->hdrs.len >= NONE_U32)
		return NONE_U32;
	struct sip_hdrset *d = vec_push(&st->hdrs, sizeof *d);
	if (!d)
		return NONE_U32;
	*d = *h;
	i = (uint32_t)st->hdrs.len - 1;
	/* an index that fails to grow only loses sharing, not the set */
	if (st->hdr_map.used < HDR_INDEX_FREE || st->hdr_map.used <= st->hdr_hits)
		idmap_insert(&st->hdr_map, hash, i);
	return i;
}

const struct sip_hdrset *store_msg_hdr(const struct store *st, const struct sip_msg *m)
{
	/* a record of another store would read that store's set number here:
	 * a caller's mistake, caught in a debug build; past the table, it
	 * reads as a message with no headers */
	static const struct sip_hdrset none = { .expires = -1 };
	const struct sip_msg *first = st->msgs.data;
	assert(st->msgs.len && m >= first && m < first + st->msgs.len);
	(void)first;
	return m->hdr < st->hdrs.len ? VEC_AT(st->hdrs, struct sip_hdrset, m->hdr) : &none;
}

size_t store_hdr_count(const struct store *st)
{
	return st->hdrs.len;
}
