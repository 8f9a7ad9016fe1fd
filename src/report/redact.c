/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * redact.c - builds the masking table from the store and applies it to
 * text, JSON trees and captured frames.  Every mask has the length of what
 * it hides, so the same table works on a pcap without touching lengths.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "net/checksum.h"
#include "net/frame.h"
#include "report/redact.h"
#include "store/store.h"

/* Digest values shorter than this are masked only where their parameter
 * name says what they are (nonce="abc"), never as loose substrings. */
#define SECRET_MIN_LOOSE 6
/* A run of at least this many digits in a URI user part is a phone number. */
#define PHONE_MIN_DIGITS 6
#define PHONE_KEEP_DIGITS 3

/* ---- building ---- */

/* The first n (4..8) bytes of p as a key, and its bucket. */
static uint64_t prefix_key(const char *p, size_t n)
{
	uint64_t v = 0;
	memcpy(&v, p, n);
	return v;
}

static uint32_t prefix_bucket(uint64_t key)
{
	return (uint32_t)((key * 0x9e3779b97f4a7c15ull) >> 52);   /* 12 bits: REDACT_PREFIX_BUCKETS */
}

static bool add_rule(struct redactor *r, const char *from, size_t len, const char *to,
                     uint8_t edge, bool text_only)
{
	if (r->nrules == r->cap) {
		size_t nc = r->cap ? r->cap * 2 : 64;
		struct redact_rule *n = realloc(r->rules, nc * sizeof *n);
		if (!n)
			return false;
		r->rules = n;
		r->cap = nc;
	}
	char *f = malloc(len + 1), *t = malloc(len + 1);
	if (!f || !t) {
		free(f);
		free(t);
		return false;
	}
	memcpy(f, from, len);
	f[len] = 0;
	if (to) {
		memcpy(t, to, len);
	} else {
		memset(t, 'X', len);
	}
	t[len] = 0;
	r->rules[r->nrules++] = (struct redact_rule){ f, t, len, edge, text_only };
	return true;
}

/* Filler for a digest value: X's, ending in a tag (-n3: the third nonce)
 * when there is room, so masked values can still be told apart. */
static void secret_filler(struct redact_rule *rule, char kind, unsigned idx)
{
	memset(rule->to, 'X', rule->len);
	char tag[16];
	int tl = snprintf(tag, sizeof tag, "-%c%u", kind, idx);
	if (tl > 0 && (size_t)tl + 2 <= rule->len)
		memcpy(rule->to + rule->len - (size_t)tl, tag, (size_t)tl);
}

static void phone_filler(struct redact_rule *rule)
{
	for (size_t i = 0; i + PHONE_KEEP_DIGITS < rule->len; i++)
		rule->to[i] = 'x';
	memcpy(rule->to + rule->len - PHONE_KEEP_DIGITS, rule->from + rule->len - PHONE_KEEP_DIGITS,
	       PHONE_KEEP_DIGITS);
}

/* The rule kinds while collecting: sorting groups duplicates. */
struct cand {
	const char *s;
	size_t len;
	char kind;          /* 'n' nonce, 'c' cnonce, 'r' response, 'p' phone */
};

static int cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	int c = memcmp(x->s, y->s, x->len);
	return c ? c : x->kind - y->kind;
}

struct cands {
	struct cand *c;
	size_t n, cap;
};

static bool cand_add(struct cands *cs, const char *s, size_t len, char kind)
{
	if (!len)
		return true;
	if (cs->n == cs->cap) {
		size_t nc = cs->cap ? cs->cap * 2 : 256;
		struct cand *n = realloc(cs->c, nc * sizeof *n);
		if (!n)
			return false;
		cs->c = n;
		cs->cap = nc;
	}
	cs->c[cs->n++] = (struct cand){ s, len, kind };
	return true;
}

/* Phone numbers in the user part of a URI (or a display name): every run
 * of PHONE_MIN_DIGITS or more digits. */
static bool collect_phones(struct cands *cs, const char *s, bool uri)
{
	const char *end = s + strlen(s);
	if (uri) {
		/* sip:USER@host, sips:USER@host, tel:NUMBER */
		const char *colon = strchr(s, ':'), *at = strchr(s, '@');
		bool tel = !strncasecmp(s, "tel:", 4);
		if (colon && (!at || colon < at))
			s = colon + 1;
		if (at && at >= s)
			end = at;
		else if (!tel)
			return true;   /* sip:host with no user part */
	}
	for (const char *p = s; p < end;) {
		if (!isdigit((unsigned char)*p)) {
			p++;
			continue;
		}
		const char *q = p;
		while (q < end && isdigit((unsigned char)*q))
			q++;
		if (q - p >= PHONE_MIN_DIGITS && !cand_add(cs, p, (size_t)(q - p), 'p'))
			return false;
		p = q;
	}
	return true;
}

static bool collect_store(struct cands *cs, const struct store *st)
{
	size_t n = store_msg_count(st);
	for (size_t i = 0; i < n; i++) {
		const struct sip_msg *m = store_msg(st, (uint32_t)i);
		if (!m)
			continue;
		struct sip_auth ab;
		const struct sip_auth *au;
		for (uint32_t k = 0; k < m->auth_count && (au = store_auth(st, m, k, &ab)); k++) {
			const char *v;
			v = store_str(st, au->nonce);
			if (!cand_add(cs, v, strlen(v), 'n'))
				return false;
			v = store_str(st, au->cnonce);
			if (!cand_add(cs, v, strlen(v), 'c'))
				return false;
			v = store_str(st, au->response);
			if (!cand_add(cs, v, strlen(v), 'r'))
				return false;
			if (!collect_phones(cs, store_str(st, au->username), false))
				return false;
		}
		const struct sip_hdrset *h = store_msg_hdr(st, m);
		str_id uris[] = { h->ruri, h->from_uri, h->to_uri, h->aor };
		for (size_t k = 0; k < sizeof uris / sizeof uris[0]; k++)
			if (!collect_phones(cs, store_str(st, uris[k]), true))
				return false;
		if (!collect_phones(cs, store_str(st, h->from_display), false))
			return false;
		const struct sip_contact *ct = store_contacts(st, m);
		for (size_t k = 0; ct && k < m->contacts_count; k++)
			if (!collect_phones(cs, store_str(st, ct[k].uri), true))
				return false;
	}
	return true;
}

/* ---- addresses ---- */

static bool mask_ipv4_into(const char *text, size_t len, unsigned long *c, char *out, size_t outlen)
{
	int digits[4] = { 0 }, oct = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '.') {
			if (++oct > 3)
				return false;
		} else if (isdigit((unsigned char)text[i])) {
			digits[oct]++;
		} else {
			return false;
		}
	}
	if (oct != 3)
		return false;
	unsigned val[4];
	for (int o = 3; o >= 0; o--) {
		int d = digits[o];
		if (d < 1 || d > 3)
			return false;
		unsigned size = d == 1 ? 10 : d == 2 ? 90 : 100, min = d == 1 ? 0 : d == 2 ? 10 : 100;
		val[o] = min + (unsigned)(*c % size);
		*c /= size;
	}
	int n = snprintf(out, outlen, "%u.%u.%u.%u", val[0], val[1], val[2], val[3]);
	return n > 0 && (size_t)n == len;
}

/* An IPv4 mask from the documentation ranges (RFC 5737: 192.0.2.0/24,
 * 198.51.100.0/24, 203.0.113.0/24) as long as the address it hides, so a
 * reader sees at once that it is not a real address: the k-th such
 * address of that length.  None is 7, 8 or 15 characters long. */
static bool doc_ipv4(size_t len, unsigned k, char *out, size_t outlen)
{
	static const char *const nets[] = { "192.0.2.", "198.51.100.", "203.0.113." };
	unsigned count = 0;
	for (int pass = 0; pass < 2; pass++) {
		unsigned n = 0, want = count ? (k ? k - 1 : 0) % count : 0;
		for (size_t i = 0; i < sizeof nets / sizeof nets[0]; i++)
			for (unsigned host = 1; host < 255; host++) {
				char cand[24];
				int cl = snprintf(cand, sizeof cand, "%s%u", nets[i], host);
				if (cl < 0 || (size_t)cl != len)
					continue;
				if (pass == 1 && n == want) {
					if ((size_t)cl + 1 > outlen)
						return false;
					memcpy(out, cand, (size_t)cl + 1);
					return true;
				}
				n++;
			}
		count = n;
		if (!count)
			return false;
	}
	return false;
}

/* An IPv6 mask in the documentation prefix 2001:db8::/32 (RFC 3849) as
 * long as the address it hides, written as RFC 5952 writes it (lower case,
 * no leading zeros, "::" for the longest run of two or more zero groups),
 * so the text in a SIP header reads as the address tshark shows in the IP
 * header: "2001:db8::" and one to four non-zero groups (11 to 29
 * characters), all eight groups (30 to 38), "2001:0db8:" and six groups of
 * four digits (39).  The k-th such mask; none shorter than 11 characters. */
static bool doc_ipv6(size_t len, unsigned k, char *out, size_t outlen)
{
	const char *prefix;
	size_t groups, digits;
	if (len >= 11 && len <= 29) {
		prefix = "2001:db8::";
		size_t t = len - 10;              /* the groups after "::" with their colons */
		groups = t <= 4 ? 1 : t <= 9 ? 2 : t <= 14 ? 3 : 4;
		digits = t - (groups - 1);
	} else if (len >= 30 && len <= 39) {
		prefix = len == 39 ? "2001:0db8:" : "2001:db8:";
		groups = 6;
		digits = len - strlen(prefix) - 5;
	} else {
		return false;
	}
	if (len + 1 > outlen || digits < groups || digits > 4 * groups)
		return false;
	size_t width[6];
	for (size_t g = 0; g < groups; g++)      /* the digits spread evenly */
		width[g] = digits / groups + (g < digits % groups);
	/* the groups' values from the last backwards, each non-zero with no
	 * leading zero, k counting through them */
	unsigned long c = k, val[6];
	for (size_t g = groups; g-- > 0;) {
		unsigned long min = width[g] == 1 ? 1 : 1ul << (4 * (width[g] - 1));
		unsigned long size = (1ul << (4 * width[g])) - min;
		val[g] = min + c % size;
		c /= size;
	}
	size_t o = (size_t)snprintf(out, outlen, "%s", prefix);
	for (size_t g = 0; g < groups; g++)
		o += (size_t)snprintf(out + o, outlen - o, "%s%0*lx", g ? ":" : "", (int)width[g], val[g]);
	unsigned char b6[16];
	return o == len && inet_pton(AF_INET6, out, b6) == 1;
}

bool redact_mask_ip_text(const char *text, unsigned k, char *out, size_t outlen)
{
	size_t len = strlen(text);
	unsigned long c = k;
	if (len + 1 > outlen || len > 63)
		return false;
	if (!strchr(text, ':')) {
		unsigned char b[4];
		if (inet_pton(AF_INET, text, b) != 1)
			return false;
		return doc_ipv4(len, k, out, outlen) || mask_ipv4_into(text, len, &c, out, outlen);
	}
	unsigned char b6[16];
	if (inet_pton(AF_INET6, text, b6) != 1)
		return false;
	if (!strchr(text, '.') && doc_ipv6(len, k, out, outlen))
		return true;
	/* too short for the documentation prefix ("fe80::1"), or an IPv4
	 * tail: the same groups with other hex digits; "::" and an IPv4 tail stay
	 * where they are.  Digits are chosen from the last group backwards. */
	memcpy(out, text, len + 1);
	const char *dot = strchr(text, '.');
	size_t v4start = len;
	if (dot) {
		v4start = (size_t)(strrchr(text, ':') - text) + 1;
		char tail[20];
		if (!mask_ipv4_into(text + v4start, len - v4start, &c, tail, sizeof tail))
			return false;
		memcpy(out + v4start, tail, len - v4start);
	}
	size_t i = v4start;
	while (i > 0) {
		size_t end = i;
		while (i > 0 && isxdigit((unsigned char)text[i - 1]))
			i--;
		size_t d = end - i;
		if (d) {
			unsigned long size = d == 1 ? 16 : (1ul << (4 * d)) - (1ul << (4 * (d - 1)));
			unsigned long min = d == 1 ? 0 : 1ul << (4 * (d - 1));
			unsigned long v = min + c % size;
			c /= size;
			for (size_t k2 = 0; k2 < d; k2++)
				out[end - 1 - k2] = "0123456789abcdef"[(v >> (4 * k2)) & 15];
		}
		while (i > 0 && !isxdigit((unsigned char)text[i - 1]))
			i--;
	}
	return inet_pton(AF_INET6, out, b6) == 1;
}

static bool add_ip(struct redactor *r, const char *given, char *err, size_t errlen)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%s", given);
	size_t bl = strlen(buf);
	if (bl >= 2 && buf[0] == '[' && buf[bl - 1] == ']') {
		memmove(buf, buf + 1, bl - 2);
		buf[bl - 2] = 0;
	}
	struct redact_ip ip = { 0 };
	if (inet_pton(AF_INET, buf, ip.from) == 1)
		ip.family = 4;
	else if (inet_pton(AF_INET6, buf, ip.from) == 1)
		ip.family = 6;
	else {
		snprintf(err, errlen, "--redact-ip: '%.100s' is not an IPv4 or IPv6 address", given);
		return false;
	}
	int af = ip.family == 4 ? AF_INET : AF_INET6;
	size_t alen = ip.family == 4 ? 4 : 16;
	for (size_t i = 0; i < r->nips; i++)
		if (r->ips[i].family == ip.family && !memcmp(r->ips[i].from, ip.from, alen))
			return true;
	if (r->nips >= REDACT_IPS_MAX) {
		snprintf(err, errlen, "--redact-ip: at most %d addresses", REDACT_IPS_MAX);
		return false;
	}
	inet_ntop(af, ip.from, ip.from_text, sizeof ip.from_text);
	/* pick the first mask that is not itself an address being masked */
	for (unsigned k = (unsigned)r->nips + 1;; k++) {
		if (!redact_mask_ip_text(ip.from_text, k, ip.to_text, sizeof ip.to_text) ||
		    inet_pton(af, ip.to_text, ip.to) != 1) {
			snprintf(err, errlen, "--redact-ip: cannot mask '%.100s'", given);
			return false;
		}
		bool clash = !memcmp(ip.to, ip.from, alen);
		for (size_t i = 0; i < r->nips && !clash; i++)
			clash = !memcmp(ip.to, r->ips[i].from, alen) || !memcmp(ip.to, r->ips[i].to, alen);
		if (!clash)
			break;
	}
	r->ips[r->nips++] = ip;
	uint8_t edge = ip.family == 4 ? EDGE_IPV4 : EDGE_IPV6;
	if (!add_rule(r, ip.from_text, strlen(ip.from_text), ip.to_text, edge, false))
		goto oom;
	if (ip.family == 6) {
		/* the uncompressed and upper-case spellings a SIP stack may use */
		char full_from[40], full_to[40];
		char *p = full_from, *q = full_to;
		for (int g = 0; g < 8; g++) {
			p += sprintf(p, g ? ":%02x%02x" : "%02x%02x", ip.from[2 * g], ip.from[2 * g + 1]);
			q += sprintf(q, g ? ":%02x%02x" : "%02x%02x", ip.to[2 * g], ip.to[2 * g + 1]);
		}
		if (strcmp(full_from, ip.from_text) && !add_rule(r, full_from, 39, full_to, edge, false))
			goto oom;
		char up_from[64], up_to[64];
		size_t l = strlen(ip.from_text);
		for (size_t i = 0; i <= l; i++) {
			up_from[i] = (char)toupper((unsigned char)ip.from_text[i]);
			up_to[i] = (char)toupper((unsigned char)ip.to_text[i]);
		}
		if (strcmp(up_from, ip.from_text) && !add_rule(r, up_from, l, up_to, edge, false))
			goto oom;
	}
	return true;
oom:
	snprintf(err, errlen, "out of memory");
	return false;
}

static int cmp_rule_longest(const void *a, const void *b)
{
	const struct redact_rule *x = a, *y = b;
	if (x->len != y->len)
		return x->len > y->len ? -1 : 1;
	return strcmp(x->from, y->from);
}

bool redactor_build(struct redactor *r, const struct app *a, const struct redact_opts *eo,
                    char *err, size_t errlen)
{
	struct cands cs = { 0 };

	memset(r, 0, sizeof *r);
	r->masking = eo && (eo->redact || eo->nredact_ips);
	/* The password is never expected in an export; should any path ever
	 * carry it there, it is masked.  Short ones only in text: four bytes
	 * of a packet may match by chance. */
	if (a->password.set && a->password.len >= 4 &&
	    !add_rule(r, a->password.value, a->password.len, NULL, EDGE_NONE, a->password.len < 8))
		goto oom;
	if (!r->masking)
		return true;
	for (size_t i = 0; i < eo->nredact_ips; i++)
		if (!add_ip(r, eo->redact_ips[i], err, errlen)) {
			redactor_free(r);
			return false;
		}
	if (a->store && !collect_store(&cs, a->store))
		goto oom;
	if (cs.n)
		qsort(cs.c, cs.n, sizeof *cs.c, cmp_cand);
	unsigned counts[128] = { 0 };
	for (size_t i = 0; i < cs.n; i++) {
		const struct cand *c = &cs.c[i];
		if (i && c->len == cs.c[i - 1].len && !memcmp(c->s, cs.c[i - 1].s, c->len))
			continue;   /* same bytes: one rule (first kind wins) */
		if (c->kind != 'p' && c->len < SECRET_MIN_LOOSE)
			continue;   /* masked by context only */
		if (!add_rule(r, c->s, c->len, NULL, c->kind == 'p' ? EDGE_DIGIT : EDGE_NONE, false))
			goto oom;
		struct redact_rule *rule = &r->rules[r->nrules - 1];
		if (c->kind == 'p')
			phone_filler(rule);
		else
			secret_filler(rule, c->kind, ++counts[(unsigned char)c->kind]);
	}
	free(cs.c);
	if (r->nrules)
		qsort(r->rules, r->nrules, sizeof *r->rules, cmp_rule_longest);
	if (!redact_index(r))
		goto oom_rules;
	return true;
oom:
	free(cs.c);
oom_rules:
	redactor_free(r);
	snprintf(err, errlen, "out of memory");
	return false;
}

/* Drops the index: every rule is tried again until it is rebuilt. */
static void index_free(struct redactor *r)
{
	free(r->prefix_head);
	free(r->prefix_next);
	free(r->prefix_key);
	free(r->suffix_head);
	free(r->suffix);
	r->prefix_head = r->prefix_next = NULL;
	r->prefix_key = NULL;
	r->suffix_head = NULL;
	r->suffix = NULL;
	r->nsuffix = 0;
}

bool redact_index(struct redactor *r)
{
	index_free(r);
	if (r->nrules < REDACT_INDEX_MIN_RULES || r->nrules >= UINT32_MAX)
		return true;
	r->prefix_reach = 0;
	r->prefix_len = 8;
	for (size_t i = 0; i < r->nrules; i++) {
		if (r->rules[i].len < 4)
			return true;     /* a rule shorter than any key: try them all */
		if (r->rules[i].len - 1 > r->prefix_reach)
			r->prefix_reach = r->rules[i].len - 1;
		if (r->rules[i].len < r->prefix_len)
			r->prefix_len = r->rules[i].len;
	}
	size_t nsuffix = 0;
	for (size_t i = 0; i < r->nrules; i++)
		if (r->rules[i].edge == EDGE_NONE && !r->rules[i].text_only && r->rules[i].len > 4)
			nsuffix += r->rules[i].len - 4;
	r->prefix_head = malloc(REDACT_PREFIX_BUCKETS * sizeof *r->prefix_head);
	r->prefix_next = malloc(r->nrules * sizeof *r->prefix_next);
	r->prefix_key = malloc(r->nrules * sizeof *r->prefix_key);
	/* many long values would make the suffix index huge: then the head of
	 * a segment is matched rule by rule, as without an index */
	bool suffixes = nsuffix <= REDACT_SUFFIX_MAX;
	if (suffixes) {
		r->suffix_head = malloc(REDACT_PREFIX_BUCKETS * sizeof *r->suffix_head);
		r->suffix = malloc((nsuffix ? nsuffix : 1) * sizeof *r->suffix);
	}
	if (!r->prefix_head || !r->prefix_next || !r->prefix_key ||
	    (suffixes && (!r->suffix_head || !r->suffix))) {
		index_free(r);
		return false;
	}
	for (size_t b = 0; b < REDACT_PREFIX_BUCKETS; b++)
		r->prefix_head[b] = UINT32_MAX;
	for (size_t i = r->nrules; i-- > 0;) {
		r->prefix_key[i] = prefix_key(r->rules[i].from, r->prefix_len);
		uint32_t b = prefix_bucket(r->prefix_key[i]);
		r->prefix_next[i] = r->prefix_head[b];
		r->prefix_head[b] = (uint32_t)i;
	}
	if (!suffixes)
		return true;
	for (size_t b = 0; b < REDACT_PREFIX_BUCKETS; b++)
		r->suffix_head[b] = UINT32_MAX;
	r->nsuffix = 0;
	for (size_t i = 0; i < r->nrules; i++) {
		const struct redact_rule *rule = &r->rules[i];
		if (rule->edge != EDGE_NONE || rule->text_only)
			continue;
		for (size_t k = 4; k < rule->len; k++) {
			struct redact_suffix *sx = &r->suffix[r->nsuffix];
			sx->rule = (uint32_t)i;
			sx->len = (uint32_t)k;
			sx->key = (uint32_t)prefix_key(rule->from + rule->len - k, 4);
			uint32_t b = prefix_bucket(sx->key);
			sx->next = r->suffix_head[b];
			r->suffix_head[b] = (uint32_t)r->nsuffix++;
		}
	}
	return true;
}

void redactor_free(struct redactor *r)
{
	for (size_t i = 0; i < r->nrules; i++) {
		/* a rule may hold the password: wipe before release */
		explicit_bzero(r->rules[i].from, r->rules[i].len);
		free(r->rules[i].from);
		free(r->rules[i].to);
	}
	free(r->rules);
	index_free(r);
	memset(r, 0, sizeof *r);
}

/* ---- applying ---- */

static bool is_v6c(int c) { return isxdigit(c) || c == ':'; }

static bool edges_ok(const char *buf, size_t len, size_t at, size_t mlen, uint8_t edge)
{
	int prev = at ? (unsigned char)buf[at - 1] : -1;
	int prev2 = at > 1 ? (unsigned char)buf[at - 2] : -1;
	int next = at + mlen < len ? (unsigned char)buf[at + mlen] : -1;
	int next2 = at + mlen + 1 < len ? (unsigned char)buf[at + mlen + 1] : -1;
	switch (edge) {
	case EDGE_DIGIT:
		return !(prev >= 0 && isdigit(prev)) && !(next >= 0 && isdigit(next));
	case EDGE_IPV4:
		/* "203.0.113.5." ending a sentence is still the address */
		if (prev >= 0 && (isdigit(prev) || (prev == '.' && prev2 >= 0 && isdigit(prev2))))
			return false;
		return !(next >= 0 && (isdigit(next) || (next == '.' && next2 >= 0 && isdigit(next2))));
	case EDGE_IPV6:
		return !(prev >= 0 && is_v6c(prev) && prev != ':') &&
		       !(prev == ':' && prev2 >= 0 && is_v6c(prev2)) &&
		       !(next >= 0 && isxdigit(next)) &&
		       !(next == ':' && next2 >= 0 && is_v6c(next2));
	default:
		return true;
	}
}

static const struct redact_rule *find_exact(const struct redactor *r, const char *s, size_t len)
{
	if (r->prefix_head && len >= r->prefix_len) {
		/* the first rule (in order) with these bytes, as the loop below finds */
		uint64_t key = prefix_key(s, r->prefix_len);
		const struct redact_rule *best = NULL;
		for (uint32_t i = r->prefix_head[prefix_bucket(key)]; i != UINT32_MAX; i = r->prefix_next[i])
			if (r->prefix_key[i] == key && r->rules[i].len == len && !memcmp(r->rules[i].from, s, len) &&
			    (!best || &r->rules[i] < best))
				best = &r->rules[i];
		return best;
	}
	for (size_t i = 0; i < r->nrules; i++)
		if (r->rules[i].len == len && !memcmp(r->rules[i].from, s, len))
			return &r->rules[i];
	return NULL;
}

static void mask_value(const struct redactor *r, char *v, size_t len)
{
	const struct redact_rule *rule = find_exact(r, v, len);
	if (rule)
		memcpy(v, rule->to, len);
	else
		memset(v, 'X', len);
}

/* nonce=, cnonce=, nextnonce=, response=, rspauth= (any case, quoted or
 * not): whatever follows is masked, known to the store or not. */
static bool mask_digest_params(const struct redactor *r, char *buf, size_t len)
{
	static const char *const names[] = { "nonce", "response", "rspauth" };
	bool changed = false;
	for (size_t i = 0; i < len; i++) {
		for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
			size_t nl = strlen(names[k]);
			if (i + nl >= len || strncasecmp(buf + i, names[k], nl))
				continue;
			size_t j = i + nl;
			while (j < len && buf[j] == ' ')
				j++;
			if (j >= len || buf[j] != '=')
				continue;
			j++;
			while (j < len && buf[j] == ' ')
				j++;
			bool quoted = j < len && buf[j] == '"';
			j += quoted;
			size_t e = j;
			while (e < len && buf[e] != '\r' && buf[e] != '\n' &&
			       (quoted ? buf[e] != '"' : (buf[e] != ',' && buf[e] != ' ' && buf[e] != ';')))
				e++;
			if (e > j) {
				mask_value(r, buf + j, e - j);
				changed = true;
			}
			i = e;
			break;
		}
	}
	return changed;
}

/* Rules from index `first` on whose key (first prefix_len bytes) starts at
 * a position in [from, to) of buf: candidates, set in bits. */
static void mark_candidates(const struct redactor *r, const char *buf, size_t len,
                            size_t from, size_t to, size_t first, uint64_t *bits)
{
	size_t k = r->prefix_len;
	if (len < k)
		return;
	if (to > len - k + 1)
		to = len - k + 1;
	for (size_t p = from; p < to; p++) {
		uint64_t key = prefix_key(buf + p, k);
		for (uint32_t i = r->prefix_head[prefix_bucket(key)]; i != UINT32_MAX; i = r->prefix_next[i])
			if (i >= first && r->prefix_key[i] == key)
				bits[i / 64] |= (uint64_t)1 << (i % 64);
	}
}

/* Applies rule i everywhere in buf.  With bits, a replacement may make a
 * later rule match where none did: the bytes around it are looked at
 * again, so the result is that of trying every rule in order. */
static bool apply_rule(const struct redactor *r, size_t i, char *buf, size_t len, uint64_t *bits)
{
	const struct redact_rule *rule = &r->rules[i];
	size_t reach = r->prefix_reach;
	bool changed = false;
	size_t at = 0;
	while (at + rule->len <= len) {
		char *hit = memmem(buf + at, len - at, rule->from, rule->len);
		if (!hit)
			break;
		size_t pos = (size_t)(hit - buf);
		if (edges_ok(buf, len, pos, rule->len, rule->edge)) {
			memcpy(hit, rule->to, rule->len);
			changed = true;
			if (bits)
				mark_candidates(r, buf, len, pos > reach ? pos - reach : 0, pos + rule->len, i + 1, bits);
		}
		at = pos + 1;
	}
	return changed;
}

bool redact_buf(const struct redactor *r, char *buf, size_t len, bool for_pcap)
{
	bool changed = false;
	if (!r || !len)
		return false;
	if (r->masking)
		changed |= mask_digest_params(r, buf, len);
	uint64_t *bits = r->prefix_head ? calloc((r->nrules + 63) / 64, sizeof *bits) : NULL;
	if (!bits) {
		for (size_t i = 0; i < r->nrules; i++)
			if (!(for_pcap && r->rules[i].text_only))
				changed |= apply_rule(r, i, buf, len, NULL);
		return changed;
	}
	/* only the rules whose first bytes occur can match: in order, as above */
	mark_candidates(r, buf, len, 0, len, 0, bits);
	for (size_t w = 0; w < (r->nrules + 63) / 64; w++)
		while (bits[w]) {
			size_t i = w * 64 + (size_t)__builtin_ctzll(bits[w]);
			bits[w] &= bits[w] - 1;
			if (!(for_pcap && r->rules[i].text_only))
				changed |= apply_rule(r, i, buf, len, bits);
		}
	free(bits);
	return changed;
}

/* A JSON member that holds a digest value.  "response" is also a common
 * name for a SIP response ("401 Unauthorized"), so it counts only when the
 * value looks like a digest (hex, 16+ digits). */
static bool is_digest_member(const char *key, const char *v, size_t len)
{
	if (!strcasecmp(key, "nonce") || !strcasecmp(key, "cnonce") ||
	    !strcasecmp(key, "nextnonce") || !strcasecmp(key, "rspauth"))
		return true;
	if (strcasecmp(key, "response") || len < 16)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!isxdigit((unsigned char)v[i]))
			return false;
	return true;
}

static void redact_json_value(const struct redactor *r, struct json_object *v, const char *key)
{
	if (json_object_is_type(v, json_type_string)) {
		int len = json_object_get_string_len(v);
		char *copy = malloc((size_t)len + 1);
		if (!copy)
			return;
		memcpy(copy, json_object_get_string(v), (size_t)len + 1);
		bool changed = redact_buf(r, copy, (size_t)len, false);
		if (r->masking && key && len > 0 && is_digest_member(key, copy, (size_t)len)) {
			mask_value(r, copy, (size_t)len);
			changed = true;
		}
		if (changed)
			json_object_set_string_len(v, copy, len);
		free(copy);
	} else {
		redact_json(r, v);
	}
}

void redact_json(const struct redactor *r, struct json_object *o)
{
	if (!r || !o)
		return;
	if (json_object_is_type(o, json_type_object)) {
		json_object_object_foreach(o, key, val)
			if (val)
				redact_json_value(r, val, key);
	} else if (json_object_is_type(o, json_type_array)) {
		size_t n = json_object_array_length(o);
		for (size_t i = 0; i < n; i++) {
			struct json_object *v = json_object_array_get_idx(o, i);
			if (v)
				redact_json_value(r, v, NULL);
		}
	}
}

static bool ends_value(uint8_t ch)
{
	return ch == '"' || ch == ',' || ch == '\r' || ch == '\n' || ch == ' ' || ch == ';';
}

/* A TCP segment may begin with the rest of a value whose first part ended
 * the previous segment (where the parameter name was, and where the
 * context pass masked it).  Masks that rest: a known value's tail of four
 * bytes or more, at the payload's start, followed by a delimiter. */
static bool mask_segment_head(const struct redactor *r, uint8_t *p, size_t len)
{
	if (r->suffix_head) {
		/* the first rule in order, and its longest suffix, as the loop
		 * below finds them, from the suffixes that start like p */
		if (len < 4)
			return false;
		uint32_t key = (uint32_t)prefix_key((const char *)p, 4);
		const struct redact_suffix *best = NULL;
		for (uint32_t e = r->suffix_head[prefix_bucket(key)]; e != UINT32_MAX; e = r->suffix[e].next) {
			const struct redact_suffix *sx = &r->suffix[e];
			const struct redact_rule *rule = &r->rules[sx->rule];
			if (sx->key != key || sx->len > len ||
			    memcmp(p, rule->from + rule->len - sx->len, sx->len) ||
			    (sx->len < len && !ends_value(p[sx->len])))
				continue;
			if (!best || sx->rule < best->rule || (sx->rule == best->rule && sx->len > best->len))
				best = sx;
		}
		if (!best)
			return false;
		const struct redact_rule *rule = &r->rules[best->rule];
		memcpy(p, rule->to + rule->len - best->len, best->len);
		return true;
	}
	for (size_t i = 0; i < r->nrules; i++) {
		const struct redact_rule *rule = &r->rules[i];
		if (rule->edge != EDGE_NONE || rule->text_only)
			continue;
		for (size_t k = rule->len - 1; k >= 4 && k < rule->len; k--) {
			if (k > len || memcmp(p, rule->from + rule->len - k, k) ||
			    (k < len && !ends_value(p[k])))
				continue;
			memcpy(p, rule->to + rule->len - k, k);
			return true;
		}
	}
	return false;
}

bool redact_frame(const struct redactor *r, uint8_t *pkt, size_t caplen, int dlt)
{
	bool changed = false;
	if (!r)
		return false;
	for (size_t i = 0; i < r->nips; i++) {
		size_t alen = r->ips[i].family == 4 ? 4 : 16;
		size_t at = 0;
		while (at + alen <= caplen) {
			uint8_t *hit = memmem(pkt + at, caplen - at, r->ips[i].from, alen);
			if (!hit)
				break;
			memcpy(hit, r->ips[i].to, alen);
			changed = true;
			at = (size_t)(hit - pkt) + alen;
		}
	}
	changed |= redact_buf(r, (char *)pkt, caplen, true);
	if (!r->masking && !changed)
		return false;
	/* walked after the masks above (they keep every length, so the layers
	 * stay where they were); the segment head changes payload bytes only */
	struct frame_walk w;
	frame_walk(&w, pkt, caplen, dlt);
	const struct frame_layer *t = frame_last(&w);
	if (r->masking && w.end == FE_TCP && t->end > t->data)
		changed |= mask_segment_head(r, pkt + t->data, t->end - t->data);
	if (changed)
		frame_fix_checksums(pkt, &w);
	return changed;
}
