/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * call_util.h - what the call checks (call.c) ask of the store: which calls
 * are the trunk's, each call's sides and its initial INVITEs, its offer and
 * answer, headers the compact record does not keep (re-read from the raw
 * bytes), numbers and codec lists.  Nothing here decides a verdict.
 */
#ifndef TRUNKDOC_CHECKS_CALL_UTIL_H
#define TRUNKDOC_CHECKS_CALL_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include "base/model.h"
#include "checks/check.h"

#define SDP_CODECS_ROOM 320              /* a codec list as text, names alone */
#define TIMER_B_USEC (64 * 500000LL)    /* RFC 3261 §17.1.1.2: 64*T1, also timer H */

/* The trunk's calls: with ctx->only_call, that call alone; else the calls
 * with one end at a registration's server or at a public address (the
 * provider); when no call has either, every call (a capture of calls
 * between private addresses, a lab).  Calls between two private phones of
 * the PBX are not the trunk's when a trunk call exists.
 *     struct call_walk w;
 *     for (const struct sip_call *c = call_walk_first(&w, ctx); c; c = call_walk_next(&w))  */
#define CALL_SERVERS_MAX 64
struct call_servers {            /* the registrations' servers, distinct addresses */
	struct endpoint a[CALL_SERVERS_MAX];
	size_t n;
};
struct call_walk {
	const struct check_ctx *ctx;
	bool every;              /* no call reaches the provider: take them all */
	uint32_t i;
	struct call_servers servers;
};
const struct sip_call *call_walk_first(struct call_walk *w, const struct check_ctx *ctx);
const struct sip_call *call_walk_next(struct call_walk *w);
size_t call_trunk_count(const struct check_ctx *ctx);

/* Is the endpoint the provider's side of the call (a registration's server,
 * else the public end, else the callee)? */
bool call_ep_is_provider(const struct call_walk *w, const struct sip_call *c, ep_id ep);

/* Did the capture end before this call's outcome could be known (no final
 * response within timer B, or an unacknowledged 2xx within timer H)? */
bool call_cut_off(const struct check_ctx *ctx, const struct sip_call *c);

/* The request messages of the call's initial INVITE transactions, in order
 * (copies left out); returns how many (at most max). */
size_t call_invites(const struct store *st, const struct sip_call *c, const struct sip_msg **out, size_t max);
/* The final response to an INVITE request (its transaction's), NULL if none. */
const struct sip_msg *call_final_of(const struct store *st, const struct sip_msg *invite);

/* The call's offer and answer (RFC 3264): the INVITE's SDP and the first
 * 18x/2xx SDP to it; or, with an INVITE without SDP, the 2xx's SDP and
 * the ACK's.  Either may be NULL. */
void call_offer_answer(const struct store *st, const struct sip_call *c,
                       const struct sip_msg **offer, const struct sip_msg **answer);

/* The value of the first header `name` (or its compact form, 0 for none)
 * of message m, re-read from its raw bytes; "" when absent. */
const char *msg_header(const struct store *st, const struct sip_msg *m, const char *name,
                       char compact, char *out, size_t size);

/* The user part of a URI ("sip:+441234@x" -> "+441234"), of a tel: URI
 * too; "" when none. */
void uri_number(const char *uri, char *out, size_t size);
/* "+CC..." with 8 to 15 digits (ITU-T E.164), visual separators aside. */
bool number_is_e164(const char *num);

/* Does text (a reason phrase or Warning) contain one of the words?  (case-insensitive) */
bool text_has_any(const char *text, const char *const *words);

/* Codec lists as sdp_mline.codecs holds them ("0 PCMU/8000 8 PCMA/8000"):
 * the names alone, "PCMU/8000 PCMA/8000", for the evidence; and whether
 * two lists share a media codec (names compared without case; telephone-
 * event, CN and the like do not count). */
void codecs_names(const char *list, char *out, size_t size);
bool codecs_share(const char *a, const char *b);

#endif
