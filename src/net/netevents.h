/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * netevents.h - the network events decoded beside SIP: DNS messages, ICMP
 * errors that quote a UDP/TCP packet, and TLS record headers.
 *
 * Each decoder first fills a plain struct from the wire bytes (testable with
 * no store), then a *_to_store() call interns its strings and adds the event.
 *
 *   DNS message ──> dns_parse() ──> struct dns_parsed ──> dns_to_store()
 *   ICMP error  ──> icmp_parse() ─> struct icmp_parsed ─> store_add_icmp()
 *   TLS stream  ──> tls_walk() (record by record, across segments)
 *                   ──> store_add_tls() + stats->tls_records
 */
#ifndef TRUNKDOC_NETEVENTS_H
#define TRUNKDOC_NETEVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/model.h"

struct store;

#define DNS_NAME_MAX 256       /* 255 octets of name + NUL */
#define DNS_TEXT_MAX 1100      /* one answer rendered as text (NAPTR at worst) */
#define DNS_ANSWERS_MAX 32     /* answers kept per message */

struct dns_parsed_answer {
	uint16_t type;
	uint32_t ttl;
	char text[DNS_TEXT_MAX];
};
struct dns_parsed {
	uint16_t id;
	bool response;
	uint8_t rcode;
	uint16_t qtype;
	char qname[DNS_NAME_MAX];
	size_t nanswers;
	struct dns_parsed_answer answers[DNS_ANSWERS_MAX];
};

/* Parses one DNS message (UDP payload).  Returns false when it is not DNS
 * (too short, no question).  Answers of types we do not render are skipped. */
bool dns_parse(const uint8_t *msg, size_t len, struct dns_parsed *out);
/* Reads a (possibly compressed) name at *off; on success advances *off past
 * it in the message and writes a dotted name ("" for the root). Loops and
 * pointers out of bounds fail. */
bool dns_read_name(const uint8_t *msg, size_t len, size_t *off, char *out, size_t outlen);
void dns_to_store(struct store *st, const struct dns_parsed *d, usec_t time,
                  uint32_t frame, ep_id src, ep_id dst);

/* An ICMPv4 type 3 / ICMPv6 type 1 error and the packet it quotes. */
struct icmp_parsed {
	uint8_t family;          /* of the ICMP message itself: 4 or 6 */
	uint8_t type, code;
	bool unreachable, port_unreachable;
	bool quoted;             /* the quoted IP + UDP/TCP ports could be read */
	uint8_t quoted_proto;
	struct endpoint quoted_src, quoted_dst;
};
/* msg: the ICMP message (from its type byte). Returns false if it is not an
 * error we keep (only destination unreachable of either family). */
bool icmp_parse(const uint8_t *msg, size_t len, uint8_t family, struct icmp_parsed *out);

/* TLS record walker for one direction of a TCP stream.  It follows record
 * headers through the byte stream, so records split over segments or
 * several records per segment are both seen. */
struct tls_walker {
	uint8_t hdr[7];          /* record header + first two body bytes */
	uint8_t have;            /* bytes of hdr filled for the current record */
	uint32_t remaining;      /* body bytes still to skip */
	bool emitted;            /* event for the current record already sent */
	bool encrypted;          /* ChangeCipherSpec seen: later handshakes are opaque */
	bool lost;               /* desynchronised (not TLS, or a gap): stop */
	bool appdata_seen;       /* one TLS_APPDATA event per direction is enough */
};
struct tls_record_info {
	uint8_t kind;            /* enum tls_event_kind, 0 = nothing to record */
	uint8_t content_type;
	uint16_t version;
	uint8_t alert_level, alert_desc;
};
/* Does this look like the first bytes of a TLS record? (content type 20-23,
 * version 3.x) */
bool tls_looks_like_record(const uint8_t *b, size_t len);
/* Feeds bytes; for each record recognised calls cb (may be NULL).  Returns the
 * number of records whose header was completed in these bytes. */
typedef void (*tls_record_cb)(void *ctx, const struct tls_record_info *ri);
size_t tls_walk(struct tls_walker *w, const uint8_t *b, size_t len, tls_record_cb cb, void *ctx);

#endif
