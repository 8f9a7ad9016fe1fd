/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * netevents.c - DNS, ICMP-error and TLS-record decoding.  Every length comes
 * from the wire, so every read is checked against the end of the buffer.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "base/wire.h"
#include "net/netevents.h"
#include "store/store.h"

/* ---------------------------------------------------------------- DNS */

#define DNS_MAX_JUMPS 32

bool dns_read_name(const uint8_t *msg, size_t len, size_t *off, char *out, size_t outlen)
{
	size_t pos = *off, end_after = 0, used = 0;
	bool jumped = false;
	int jumps = 0;
	/* A pointer must point strictly before the label that holds it: that
	 * alone rules out loops; the jump cap is a second belt. */
	size_t limit = pos;

	if (outlen == 0)
		return false;
	out[0] = '\0';
	for (;;) {
		if (pos >= len)
			return false;
		uint8_t l = msg[pos];
		if (l == 0) {
			pos++;
			break;
		}
		if ((l & 0xC0) == 0xC0) {
			if (pos + 1 >= len)
				return false;
			size_t target = (size_t)(l & 0x3F) << 8 | msg[pos + 1];
			if (target >= limit || ++jumps > DNS_MAX_JUMPS)
				return false;
			if (!jumped) {
				end_after = pos + 2;
				jumped = true;
			}
			pos = limit = target;
			continue;
		}
		if (l & 0xC0)
			return false;             /* extended label types: not used by DNS today */
		if (pos + 1 + l > len)
			return false;
		/* dotted text must fit both the caller's buffer and 255 octets */
		size_t need = used + (used ? 1 : 0) + l;
		if (need + 1 > outlen || need > 255)
			return false;
		if (used)
			out[used++] = '.';
		memcpy(out + used, msg + pos + 1, l);
		used += l;
		out[used] = '\0';
		pos += 1 + l;
		if (!jumped)
			limit = pos;
	}
	*off = jumped ? end_after : pos;
	return true;
}

/* <character-string> into out as "text"; returns false past rdata end. */
static bool dns_char_string(const uint8_t *msg, size_t end, size_t *off, char *out, size_t outlen)
{
	if (*off >= end)
		return false;
	size_t l = msg[*off];
	if (*off + 1 + l > end)
		return false;
	snprintf(out, outlen, "\"%.*s\"", (int)l, (const char *)msg + *off + 1);
	*off += 1 + l;
	return true;
}

/* Renders one answer's rdata.  Returns false for types we do not keep or
 * rdata that does not hold together. */
static bool dns_render(const uint8_t *msg, size_t len, uint16_t type, size_t rd, size_t rdlen,
                       char *out, size_t outlen)
{
	size_t end = rd + rdlen, off = rd;
	char name[DNS_NAME_MAX];

	switch (type) {
	case 1:
		return rdlen == 4 && inet_ntop(AF_INET, msg + rd, out, (socklen_t)outlen);
	case 28:
		return rdlen == 16 && inet_ntop(AF_INET6, msg + rd, out, (socklen_t)outlen);
	case 5:
		if (!dns_read_name(msg, len, &off, name, sizeof name) || off > end)
			return false;
		snprintf(out, outlen, "%s", name);
		return true;
	case 33:
		if (rdlen < 7)
			return false;
		off = rd + 6;
		if (!dns_read_name(msg, len, &off, name, sizeof name) || off > end)
			return false;
		snprintf(out, outlen, "%u %u %u %s", rd16(msg + rd), rd16(msg + rd + 2),
		         rd16(msg + rd + 4), name);
		return true;
	case 35: {
		char flags[260], service[260], regexp[260];
		if (rdlen < 4)
			return false;
		off = rd + 4;
		if (!dns_char_string(msg, end, &off, flags, sizeof flags) ||
		    !dns_char_string(msg, end, &off, service, sizeof service) ||
		    !dns_char_string(msg, end, &off, regexp, sizeof regexp) ||
		    !dns_read_name(msg, len, &off, name, sizeof name) || off > end)
			return false;
		snprintf(out, outlen, "%u %u %s %s %s %s", rd16(msg + rd), rd16(msg + rd + 2),
		         flags, service, regexp, name[0] ? name : ".");
		return true;
	}
	default:
		return false;
	}
}

bool dns_parse(const uint8_t *msg, size_t len, struct dns_parsed *out)
{
	memset(out, 0, offsetof(struct dns_parsed, answers));
	if (len < 12)
		return false;
	uint16_t flags = rd16(msg + 2);
	uint16_t qd = rd16(msg + 4), an = rd16(msg + 6);
	if (qd == 0 || (flags & 0x7800) > 0x1000)   /* opcode beyond QUERY/IQUERY/STATUS */
		return false;
	out->id = rd16(msg);
	out->response = flags & 0x8000;
	out->rcode = flags & 0x0F;

	size_t off = 12;
	for (unsigned q = 0; q < qd; q++) {
		char name[DNS_NAME_MAX];
		if (!dns_read_name(msg, len, &off, name, sizeof name) || off + 4 > len)
			return false;
		if (q == 0) {
			memcpy(out->qname, name, sizeof name);
			out->qtype = rd16(msg + off);
		}
		off += 4;
	}
	/* Answers: a damaged one ends the list, the question stays useful. */
	for (unsigned a = 0; a < an && out->nanswers < DNS_ANSWERS_MAX; a++) {
		char owner[DNS_NAME_MAX];
		if (!dns_read_name(msg, len, &off, owner, sizeof owner) || off + 10 > len)
			break;
		uint16_t type = rd16(msg + off);
		uint32_t ttl = rd32(msg + off + 4);
		size_t rdlen = rd16(msg + off + 8);
		off += 10;
		if (off + rdlen > len)
			break;
		struct dns_parsed_answer *ans = &out->answers[out->nanswers];
		if (dns_render(msg, len, type, off, rdlen, ans->text, sizeof ans->text)) {
			ans->type = type;
			ans->ttl = ttl;
			out->nanswers++;
		}
		off += rdlen;
	}
	return true;
}

void dns_to_store(struct store *st, const struct dns_parsed *d, usec_t time,
                  uint32_t frame, ep_id src, ep_id dst)
{
	/* the SIP messages before this packet intern their strings first */
	store_ingest_barrier(st);
	struct dns_answer answers[DNS_ANSWERS_MAX];
	struct dns_event ev = {
		.time = time, .frame = frame, .src = src, .dst = dst, .id = d->id,
		.response = d->response, .rcode = d->rcode, .qtype = d->qtype,
		.qname = store_intern(st, d->qname, strlen(d->qname)),
	};
	for (size_t i = 0; i < d->nanswers; i++) {
		answers[i].type = d->answers[i].type;
		answers[i].ttl = d->answers[i].ttl;
		answers[i].data = store_intern(st, d->answers[i].text, strlen(d->answers[i].text));
	}
	store_add_dns(st, &ev, answers, d->nanswers);
}

/* ---------------------------------------------------------------- ICMP */

/* Reads the quoted IP header and the first bytes of its UDP/TCP header. */
static bool icmp_quoted(const uint8_t *q, size_t len, struct icmp_parsed *out)
{
	size_t l4;
	uint8_t proto;

	if (len < 1)
		return false;
	unsigned version = q[0] >> 4;
	if (version == 4) {
		size_t ihl = (size_t)(q[0] & 0x0F) * 4;
		if (ihl < 20 || len < ihl)
			return false;
		if ((rd16(q + 6) & 0x1FFF) != 0)
			return false;             /* a later fragment quotes no ports */
		proto = q[9];
		out->quoted_src.family = out->quoted_dst.family = 4;
		memcpy(out->quoted_src.addr, q + 12, 4);
		memcpy(out->quoted_dst.addr, q + 16, 4);
		l4 = ihl;
	} else if (version == 6) {
		if (len < 40)
			return false;
		proto = q[6];
		out->quoted_src.family = out->quoted_dst.family = 6;
		memcpy(out->quoted_src.addr, q + 8, 16);
		memcpy(out->quoted_dst.addr, q + 24, 16);
		l4 = 40;
		/* skip the extension headers a SIP packet may carry */
		for (int hops = 0; hops < 8; hops++) {
			if (proto == 0 || proto == 43 || proto == 60) {
				if (l4 + 2 > len)
					return false;
				proto = q[l4];
				l4 += ((size_t)q[l4 + 1] + 1) * 8;
			} else if (proto == 44) {
				if (l4 + 8 > len || (rd16(q + l4 + 2) & 0xFFF8) != 0)
					return false;
				proto = q[l4];
				l4 += 8;
			} else {
				break;
			}
		}
	} else {
		return false;
	}
	out->quoted_proto = proto;
	if (proto == 17 || proto == 6) {
		if (l4 + 4 > len)
			return false;
		out->quoted_src.port = rd16(q + l4);
		out->quoted_dst.port = rd16(q + l4 + 2);
	}
	return true;
}

bool icmp_parse(const uint8_t *msg, size_t len, uint8_t family, struct icmp_parsed *out)
{
	memset(out, 0, sizeof *out);
	if (len < 8)
		return false;
	out->family = family;
	out->type = msg[0];
	out->code = msg[1];
	if (family == 4) {
		/* 3 unreachable, 11 time exceeded, 12 parameter problem */
		if (msg[0] != 3 && msg[0] != 11 && msg[0] != 12)
			return false;
		out->unreachable = msg[0] == 3;
		out->port_unreachable = msg[0] == 3 && msg[1] == 3;
	} else {
		/* 1 unreachable, 2 packet too big, 3 time exceeded, 4 parameter problem */
		if (msg[0] < 1 || msg[0] > 4)
			return false;
		out->unreachable = msg[0] == 1;
		out->port_unreachable = msg[0] == 1 && msg[1] == 4;
	}
	out->quoted = icmp_quoted(msg + 8, len - 8, out);
	return true;
}

/* ---------------------------------------------------------------- TLS */

#define TLS_RECORD_MAX (16384 + 2048)

bool tls_looks_like_record(const uint8_t *b, size_t len)
{
	if (len < 1 || b[0] < 20 || b[0] > 23)
		return false;
	if (len >= 2 && b[1] != 3)
		return false;
	if (len >= 3 && b[2] > 4)
		return false;
	if (len >= 5 && (size_t)rd16(b + 3) > TLS_RECORD_MAX)
		return false;
	return true;
}

static void tls_emit(struct tls_walker *w, tls_record_cb cb, void *ctx)
{
	struct tls_record_info ri = {
		.content_type = w->hdr[0],
		.version = rd16(w->hdr + 1),
	};
	size_t body = w->have - 5;
	uint16_t reclen = rd16(w->hdr + 3);

	switch (w->hdr[0]) {
	case 20:
		w->encrypted = true;
		break;
	case 21:
		ri.kind = TLS_ALERT;
		if (!w->encrypted && reclen == 2 && body == 2) {
			ri.alert_level = w->hdr[5];
			ri.alert_desc = w->hdr[6];
		}
		break;
	case 22:
		if (!w->encrypted && body >= 1) {
			if (w->hdr[5] == 1)
				ri.kind = TLS_CLIENT_HELLO;
			else if (w->hdr[5] == 2)
				ri.kind = TLS_SERVER_HELLO;
		}
		break;
	case 23:
		if (!w->appdata_seen) {
			ri.kind = TLS_APPDATA;
			w->appdata_seen = true;
		}
		break;
	default:
		break;
	}
	w->emitted = true;
	if (cb)
		cb(ctx, &ri);
}

size_t tls_walk(struct tls_walker *w, const uint8_t *b, size_t len, tls_record_cb cb, void *ctx)
{
	size_t records = 0;

	while (len > 0 && !w->lost) {
		if (w->have < 5) {
			size_t want = (size_t)(5 - w->have);
			size_t take = want < len ? want : len;
			memcpy(w->hdr + w->have, b, take);
			w->have += take;
			b += take;
			len -= take;
			if (w->have < 5)
				break;
			if (w->hdr[0] < 20 || w->hdr[0] > 24 || w->hdr[1] != 3 ||
			    rd16(w->hdr + 3) > TLS_RECORD_MAX) {
				w->lost = true;
				break;
			}
			w->remaining = rd16(w->hdr + 3);
			w->emitted = false;
			records++;
		}
		/* first two body bytes: handshake type, or alert level and description */
		while (w->have < 7 && w->remaining > 0 && len > 0) {
			w->hdr[w->have++] = *b++;
			len--;
			w->remaining--;
		}
		if (!w->emitted && (w->have == 7 || w->remaining == 0))
			tls_emit(w, cb, ctx);
		size_t skip = w->remaining < len ? w->remaining : len;
		b += skip;
		len -= skip;
		w->remaining -= (uint32_t)skip;
		if (w->remaining == 0 && w->emitted)
			w->have = 0;
	}
	return records;
}
