/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * redact.h - one masking table, applied the same way to the Markdown, the
 * JSON and the pcap of an export, so a masked value reads the same in all
 * three and every mask has the length of what it hides (the pcap's IP and
 * UDP lengths stay valid; only checksums are redone).
 *
 *   store + options ──> redactor_build()
 *       digest nonce / cnonce / response  "4f2a…c9"       -> "XXXX…X-n2"
 *       phone numbers in URI user parts   "+4930123456789" -> "+xxxxxxxxxx789"
 *       each --redact-ip address          "192.168.1.10"   -> "198.51.100.1"
 *                                          (a documentation address of the
 *                                          same length, RFC 5737, where one
 *                                          exists; else the same shape;
 *                                          binary form too)
 *       the trunk password, always        (never expected; masked if seen)
 *
 *   redact_buf()   text or frame bytes, in place
 *   redact_json()  every string in a json-c tree
 *   redact_frame() a captured frame: addresses in binary and text, digest
 *                  parameters by context, then the checksums of every layer
 *                  the frame walker finds (net/frame.h, net/checksum.h)
 */
#ifndef TRUNKDOC_REDACT_H
#define TRUNKDOC_REDACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct app;
struct json_object;

/* What to mask beyond the password: --redact, and each --redact-ip. */
struct redact_opts {
	bool redact;
	const char *const *redact_ips;
	size_t nredact_ips;
};

/* What must surround a match for it to count (so 203.0.113.5 does not hit
 * inside 203.0.113.50). */
enum redact_edge { EDGE_NONE = 0, EDGE_DIGIT, EDGE_IPV4, EDGE_IPV6 };

struct redact_rule {
	char *from, *to;        /* same length, NUL-terminated */
	size_t len;
	uint8_t edge;           /* enum redact_edge */
	bool text_only;         /* not applied to pcap frames */
};

struct redact_ip {
	uint8_t family;         /* 4 or 6 */
	uint8_t from[16], to[16];
	char from_text[64], to_text[64];
};

#define REDACT_IPS_MAX 32

struct redactor {
	bool masking;           /* --redact given: digests, numbers, addresses */
	struct redact_rule *rules;   /* longest first */
	size_t nrules, cap;
	struct redact_ip ips[REDACT_IPS_MAX];
	size_t nips;
	/* Rules by their first prefix_len bytes (the shortest rule's length,
	 * 4 to 8), so a buffer is scanned once instead of once per rule; NULL
	 * (every rule tried) for a short table. */
	uint32_t *prefix_head;  /* REDACT_PREFIX_BUCKETS chains of rule indices */
	uint32_t *prefix_next;  /* per rule */
	uint64_t *prefix_key;   /* per rule: its first prefix_len bytes */
	size_t prefix_len;
	size_t prefix_reach;    /* longest rule's length - 1 */
	/* Proper suffixes (4 bytes or more) of the rules a TCP segment may
	 * start with, by their first four bytes: REDACT_PREFIX_BUCKETS chains. */
	struct redact_suffix *suffix;
	uint32_t *suffix_head;
	size_t nsuffix;
};

struct redact_suffix {
	uint32_t rule;          /* index in rules */
	uint32_t len;           /* bytes of the suffix */
	uint32_t key;           /* its first four bytes */
	uint32_t next;          /* chain */
};

#define REDACT_PREFIX_BUCKETS 4096
/* At most this many suffixes are indexed (16 bytes each). */
#define REDACT_SUFFIX_MAX (4u << 20)
/* Below this many rules, trying each one is as quick as the index. */
#define REDACT_INDEX_MIN_RULES 32

/* Collects what to mask from the store and the options.  Without --redact
 * only the password rule is built.  Fails (one line in err) on an address
 * that does not parse or on memory. */
bool redactor_build(struct redactor *r, const struct app *a, const struct redact_opts *eo,
                    char *err, size_t errlen);
void redactor_free(struct redactor *r);
/* (Re)builds the prefix index after the rules changed.  False on memory. */
bool redact_index(struct redactor *r);

/* In place, same length.  Returns true when anything changed. */
bool redact_buf(const struct redactor *r, char *buf, size_t len, bool for_pcap);
void redact_json(const struct redactor *r, struct json_object *o);
bool redact_frame(const struct redactor *r, uint8_t *pkt, size_t caplen, int dlt);

/* Mask text for an IP address of the same length (exposed for the unit
 * test): a documentation address (RFC 5737; IPv6 in 2001:db8::/32, RFC
 * 3849) where one is that long, else the same shape with other digits.
 * k >= 1 picks which one.  Returns false if text is not an address. */
bool redact_mask_ip_text(const char *text, unsigned k, char *out, size_t outlen);

#endif
