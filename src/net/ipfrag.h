/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * ipfrag.h - IPv4 and IPv6 fragment reassembly.
 *
 *   key = (family, src, dst, id, protocol)
 *
 *   pending datagram:  buf [0 ............................. total)
 *                      ranges  [0,1480) [2960,3000)   <- holes in between
 *                      total known once the last fragment (MF=0) arrived
 *
 * The first copy of a byte wins: duplicates and overlaps never rewrite data
 * already held, so an overlapping fragment cannot change what was seen.
 * Bounded: a datagram is at most IPFRAG_MAX_LEN bytes, at most
 * IPFRAG_MAX_PENDING datagrams wait at once (the oldest is abandoned to make
 * room), and one that is not complete IPFRAG_TIMEOUT after its first
 * fragment (capture time) is abandoned.  Every completed or abandoned
 * datagram is reported once through the done callback.
 */
#ifndef TRUNKDOC_IPFRAG_H
#define TRUNKDOC_IPFRAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/model.h"

#define IPFRAG_MAX_LEN 65535
#define IPFRAG_MAX_PENDING 256
#define IPFRAG_MAX_RANGES 64            /* distinct pieces per datagram */
#define IPFRAG_TIMEOUT (30 * 1000000LL)  /* microseconds of capture time */

struct ipfrag_key {
	uint8_t family;          /* 4 or 6 */
	uint8_t proto;           /* upper-layer protocol */
	uint8_t src[16], dst[16];
	uint32_t id;             /* 16-bit for IPv4, 32-bit for IPv6 */
};

/* A finished datagram: payload (the upper-layer bytes, from offset 0) is
 * only valid during the callback; NULL when abandoned. */
struct ipfrag_done {
	const struct ipfrag_key *key;
	const uint8_t *payload;
	size_t len;              /* payload bytes (total) or bytes held when abandoned */
	uint16_t fragments;      /* fragments that arrived (duplicates included) */
	usec_t first_time, time; /* first fragment, completing/abandoning moment */
	uint32_t first_frame;    /* first fragment to arrive */
	uint32_t frame;          /* completing fragment, or the latest one when abandoned */
	bool completed;
};
typedef void (*ipfrag_done_cb)(void *ctx, const struct ipfrag_done *done);

struct ipfrag_table;
struct ipfrag_table *ipfrag_new(ipfrag_done_cb cb, void *ctx);
void ipfrag_free(struct ipfrag_table *t);

/* Adds one fragment: offset in bytes, more = the MF flag.  May call the
 * callback (for this datagram when it completes, or for expired ones). */
void ipfrag_add(struct ipfrag_table *t, const struct ipfrag_key *key, size_t offset, bool more,
                const uint8_t *data, size_t len, usec_t time, uint32_t frame);
/* Abandons every datagram older than IPFRAG_TIMEOUT at `now`. */
void ipfrag_expire(struct ipfrag_table *t, usec_t now);
/* End of capture: abandons everything still pending. */
void ipfrag_flush(struct ipfrag_table *t, usec_t now);
size_t ipfrag_pending(const struct ipfrag_table *t);

#endif
