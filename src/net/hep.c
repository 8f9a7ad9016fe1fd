/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * hep.c - HEP v1/v2/v3 parsing and HEPv3 writing (layouts in hep.h).
 * Built from the HEP3 specification (sipcapture/HEP) and checked against
 * what Kamailio's siptrace and sngrep put on the wire.
 */
#include <string.h>

#include "base/wire.h"
#include "net/hep.h"

enum {
	CH_FAMILY = 1, CH_PROTO = 2, CH_IP4_SRC = 3, CH_IP4_DST = 4, CH_IP6_SRC = 5,
	CH_IP6_DST = 6, CH_SPORT = 7, CH_DPORT = 8, CH_SEC = 9, CH_USEC = 10,
	CH_PAYLOAD_TYPE = 11, CH_CAPTURE_ID = 12, CH_AUTH = 14, CH_PAYLOAD = 15,
	CH_PAYLOAD_ZIP = 16, CH_AGENT_NAME = 19,
};

#define AF_INET_WIRE 2
#define AF_INET6_WIRE 10

/* 2000-01-01 .. 2100-01-01: the range a sane HEPv2 timestamp falls in */
#define SANE_SEC_MIN 946684800u
#define SANE_SEC_MAX 4102444800u

bool hep_is_v3(const uint8_t *b, size_t len)
{
	return len >= 6 && !memcmp(b, "HEP3", 4);
}

bool hep_looks_v12(const uint8_t *b, size_t len)
{
	/* the length byte is not checked: senders fill it with 8, with the
	 * header and addresses, or with the low byte of a byte-swapped total */
	return len >= 8 && (b[0] == 1 || b[0] == 2) &&
	       (b[2] == AF_INET_WIRE || b[2] == AF_INET6_WIRE);
}

static uint32_t rd32le(const uint8_t *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static bool sane_sec(uint32_t s) { return s >= SANE_SEC_MIN && s <= SANE_SEC_MAX; }

static enum hep_status malformed(const char **why, const char *text)
{
	if (why)
		*why = text;
	return HEP_MALFORMED;
}

static enum hep_status parse_v12(const uint8_t *b, size_t len, struct hep_packet *p, const char **why)
{
	p->version = b[0];
	p->family = b[2] == AF_INET_WIRE ? 4 : 6;
	p->ip_proto = b[3];
	p->sport = rd16(b + 4);
	p->dport = rd16(b + 6);
	p->payload_type = HEP_PAYLOAD_SIP;
	size_t alen = p->family == 4 ? 4 : 16;
	size_t off = 8;
	if (len < off + 2 * alen)
		return malformed(why, "HEPv2 header cut short (addresses)");
	memcpy(p->src, b + off, alen);
	memcpy(p->dst, b + off + alen, alen);
	off += 2 * alen;
	if (p->version == 2) {
		if (len < off + 12)
			return malformed(why, "HEPv2 header cut short (time)");
		/* The senders copy a struct hep_timehdr in their own byte order:
		 * little-endian unless that reading is absurd (a date outside
		 * 2000-2100, or a million microseconds or more) and network order
		 * is not. */
		uint32_t sec = rd32le(b + off), usec = rd32le(b + off + 4);
		uint16_t capid = (uint16_t)(b[off + 8] | b[off + 9] << 8);
		bool le_ok = sane_sec(sec) && usec < 1000000;
		bool be_ok = sane_sec(rd32(b + off)) && rd32(b + off + 4) < 1000000;
		if (!le_ok && be_ok) {
			sec = rd32(b + off);
			usec = rd32(b + off + 4);
			capid = rd16(b + off + 8);
		}
		if (usec >= 1000000)
			return malformed(why, "HEPv2 microseconds out of range");
		p->time = (usec_t)sec * 1000000 + usec;
		p->has_time = sec != 0;
		p->capture_id = capid;
		p->has_capture_id = true;
		off += 12;
	}
	p->payload = b + off;
	p->payload_len = len - off;
	return HEP_OK;
}

static enum hep_status parse_v3(const uint8_t *b, size_t len, struct hep_packet *p, const char **why)
{
	p->version = 3;
	size_t total = rd16(b + 4);
	if (total < 6)
		return malformed(why, "HEP3 length field smaller than its header");
	if (total > len)
		return malformed(why, "HEP3 packet shorter than its length field");
	/* bytes after `total` are not ours: a datagram holds one packet */
	len = total;
	bool have_sec = false, have_src = false, have_dst = false;
	uint32_t sec = 0, usec = 0;
	uint8_t family_chunk = 0, addr_family = 0;
	for (size_t off = 6; off < len;) {
		if (len - off < 6)
			return malformed(why, "HEP3 chunk header cut short");
		uint16_t vendor = rd16(b + off), type = rd16(b + off + 2), clen = rd16(b + off + 4);
		if (clen < 6)
			return malformed(why, "HEP3 chunk length smaller than its header");
		if (clen > len - off)
			return malformed(why, "HEP3 chunk runs past the packet");
		const uint8_t *v = b + off + 6;
		size_t vlen = clen - 6u;
		off += clen;
		if (vendor != 0)
			continue;             /* another vendor's chunk: not ours to read */
		switch (type) {
		case CH_FAMILY:
			if (vlen != 1 || (v[0] != AF_INET_WIRE && v[0] != AF_INET6_WIRE))
				return malformed(why, "HEP3 address family neither IPv4 nor IPv6");
			family_chunk = v[0];
			break;
		case CH_PROTO:
			if (vlen != 1)
				return malformed(why, "HEP3 IP protocol chunk not one byte");
			p->ip_proto = v[0];
			break;
		case CH_IP4_SRC:
		case CH_IP4_DST:
			if (vlen != 4)
				return malformed(why, "HEP3 IPv4 address chunk not four bytes");
			memcpy(type == CH_IP4_SRC ? p->src : p->dst, v, 4);
			if (type == CH_IP4_SRC)
				have_src = true;
			else
				have_dst = true;
			if (addr_family && addr_family != 4)
				return malformed(why, "HEP3 IPv4 and IPv6 address chunks mixed");
			addr_family = 4;
			break;
		case CH_IP6_SRC:
		case CH_IP6_DST:
			if (vlen != 16)
				return malformed(why, "HEP3 IPv6 address chunk not sixteen bytes");
			memcpy(type == CH_IP6_SRC ? p->src : p->dst, v, 16);
			if (type == CH_IP6_SRC)
				have_src = true;
			else
				have_dst = true;
			if (addr_family && addr_family != 6)
				return malformed(why, "HEP3 IPv4 and IPv6 address chunks mixed");
			addr_family = 6;
			break;
		case CH_SPORT:
		case CH_DPORT:
			if (vlen != 2)
				return malformed(why, "HEP3 port chunk not two bytes");
			if (type == CH_SPORT)
				p->sport = rd16(v);
			else
				p->dport = rd16(v);
			break;
		case CH_SEC:
		case CH_USEC:
			if (vlen != 4)
				return malformed(why, "HEP3 time chunk not four bytes");
			if (type == CH_SEC) {
				sec = rd32(v);
				have_sec = true;
			} else {
				usec = rd32(v);
			}
			break;
		case CH_PAYLOAD_TYPE:
			if (vlen != 1)
				return malformed(why, "HEP3 payload type chunk not one byte");
			p->payload_type = v[0];
			break;
		case CH_CAPTURE_ID:
			/* 32 bits in the spec; some old agents send 16 */
			if (vlen == 4)
				p->capture_id = rd32(v);
			else if (vlen == 2)
				p->capture_id = rd16(v);
			else
				return malformed(why, "HEP3 capture id chunk neither 2 nor 4 bytes");
			p->has_capture_id = true;
			break;
		case CH_AUTH:
			p->auth = v;
			p->auth_len = (uint16_t)vlen;
			break;
		case CH_PAYLOAD:
		case CH_PAYLOAD_ZIP:
			p->payload = v;
			p->payload_len = vlen;
			p->compressed = type == CH_PAYLOAD_ZIP;
			break;
		case CH_AGENT_NAME:
			p->agent_name = v;
			p->agent_name_len = (uint16_t)vlen;
			break;
		default:
			break;                /* keep-alive timer, correlation id, VLAN ...: skipped */
		}
	}
	if (!have_src || !have_dst)
		return malformed(why, "HEP3 packet without its source and destination address");
	/* the family chunk is optional in practice; the addresses say it too */
	p->family = addr_family;
	if (family_chunk && (family_chunk == AF_INET_WIRE ? 4 : 6) != addr_family)
		return malformed(why, "HEP3 family and addresses disagree");
	if (usec >= 1000000)
		return malformed(why, "HEP3 microseconds out of range");
	if (have_sec && sec) {
		p->time = (usec_t)sec * 1000000 + usec;
		p->has_time = true;
	}
	if (!p->payload)
		return malformed(why, "HEP3 packet without a payload chunk");
	if (!p->payload_type)
		p->payload_type = HEP_PAYLOAD_SIP;
	return HEP_OK;
}

enum hep_status hep_parse(const uint8_t *b, size_t len, struct hep_packet *out, const char **why)
{
	memset(out, 0, sizeof *out);
	if (why)
		*why = "";
	if (hep_is_v3(b, len))
		return parse_v3(b, len, out, why);
	if (len >= 4 && !memcmp(b, "HEP3", 4))
		return malformed(why, "HEP3 header cut short");
	if (hep_looks_v12(b, len))
		return parse_v12(b, len, out, why);
	return HEP_NOT_HEP;
}

size_t hep_frame_len(const uint8_t *b, size_t len)
{
	size_t have = len < 4 ? len : 4;
	if (memcmp(b, "HEP3", have))
		return SIZE_MAX;
	if (len < 6)
		return 0;
	size_t total = rd16(b + 4);
	return total < 6 ? SIZE_MAX : total;
}

bool hep_auth_matches(const struct hep_packet *p, const char *key, size_t key_len)
{
	if (!p->auth)
		return false;
	/* agents differ on a trailing NUL: Kamailio sends the key without */
	size_t alen = p->auth_len;
	if (alen && p->auth[alen - 1] == 0)
		alen--;
	unsigned diff = alen != key_len;
	for (size_t i = 0; i < key_len; i++)
		diff |= (unsigned)(key[i] ^ (i < alen ? p->auth[i] : 0));
	return diff == 0;
}

/* ---------------------------------------------------------------- writing */

struct wbuf {
	uint8_t *p;
	size_t cap, len;
	bool full;
};

static void put_chunk(struct wbuf *w, uint16_t type, const void *v, size_t vlen)
{
	if (w->full || vlen > 0xFFFF - 6 || w->cap - w->len < 6 + vlen) {
		w->full = true;
		return;
	}
	uint8_t *c = w->p + w->len;
	wr16(c, 0);
	wr16(c + 2, type);
	wr16(c + 4, (uint16_t)(6 + vlen));
	if (vlen)
		memcpy(c + 6, v, vlen);
	w->len += 6 + vlen;
}

static void put_u8(struct wbuf *w, uint16_t type, uint8_t v) { put_chunk(w, type, &v, 1); }

static void put_u16(struct wbuf *w, uint16_t type, uint16_t v)
{
	uint8_t b[2];
	wr16(b, v);
	put_chunk(w, type, b, 2);
}

static void put_u32(struct wbuf *w, uint16_t type, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
	put_chunk(w, type, b, 4);
}

size_t hep3_encode(uint8_t *out, size_t cap, const struct hep_packet *p,
                   const char *key, size_t key_len)
{
	if (cap < 6)
		return 0;
	struct wbuf w = { out, cap < HEP_MAX_PACKET ? cap : HEP_MAX_PACKET, 6, false };
	memcpy(out, "HEP3", 4);
	bool v6 = p->family == 6;
	put_u8(&w, CH_FAMILY, v6 ? AF_INET6_WIRE : AF_INET_WIRE);
	put_u8(&w, CH_PROTO, p->ip_proto);
	put_chunk(&w, v6 ? CH_IP6_SRC : CH_IP4_SRC, p->src, v6 ? 16 : 4);
	put_chunk(&w, v6 ? CH_IP6_DST : CH_IP4_DST, p->dst, v6 ? 16 : 4);
	put_u16(&w, CH_SPORT, p->sport);
	put_u16(&w, CH_DPORT, p->dport);
	usec_t t = p->time > 0 ? p->time : 0;
	put_u32(&w, CH_SEC, (uint32_t)(t / 1000000));
	put_u32(&w, CH_USEC, (uint32_t)(t % 1000000));
	put_u8(&w, CH_PAYLOAD_TYPE, p->payload_type ? p->payload_type : HEP_PAYLOAD_SIP);
	put_u32(&w, CH_CAPTURE_ID, p->capture_id);
	if (key_len)
		put_chunk(&w, CH_AUTH, key, key_len);
	put_chunk(&w, CH_PAYLOAD, p->payload, p->payload_len);
	if (w.full)
		return 0;
	wr16(out + 4, (uint16_t)w.len);
	return w.len;
}
