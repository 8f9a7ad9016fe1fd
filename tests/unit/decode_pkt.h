/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * decode_pkt.h - builds frames in memory for the decode tests.
 *
 *   frame = link header | IP header (+ext) | UDP/TCP header | payload
 *   each builder writes at `out` and returns the bytes written.
 */
#ifndef TRUNKDOC_DECODE_PKT_H
#define TRUNKDOC_DECODE_PKT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/decode.h"
#include "net/tcpstream.h"
#include "sip/sipparse.h"
#include "store/store.h"

static inline void put16(uint8_t *p, uint16_t v) { p[0] = v >> 8; p[1] = v & 0xFF; }
static inline void put32(uint8_t *p, uint32_t v) { put16(p, v >> 16); put16(p + 2, v & 0xFFFF); }

static const uint8_t __attribute__((unused)) A4[4] = { 192, 0, 2, 10 }, B4[4] = { 198, 51, 100, 20 };
static const uint8_t __attribute__((unused)) A6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t __attribute__((unused)) B6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };

/* IPv4 header; frag = flags<<13 | offset/8.  Returns 20. */
static inline size_t ipv4_hdr(uint8_t *o, const uint8_t *src, const uint8_t *dst, uint8_t proto,
                       uint16_t id, uint16_t frag, size_t payload_len)
{
	memset(o, 0, 20);
	o[0] = 0x45;
	put16(o + 2, (uint16_t)(20 + payload_len));
	put16(o + 4, id);
	put16(o + 6, frag);
	o[8] = 64;
	o[9] = proto;
	memcpy(o + 12, src, 4);
	memcpy(o + 16, dst, 4);
	return 20;
}

static inline size_t ipv6_hdr(uint8_t *o, const uint8_t *src, const uint8_t *dst, uint8_t next,
                       size_t payload_len)
{
	memset(o, 0, 40);
	o[0] = 0x60;
	put16(o + 4, (uint16_t)payload_len);
	o[6] = next;
	o[7] = 64;
	memcpy(o + 8, src, 16);
	memcpy(o + 24, dst, 16);
	return 40;
}

static inline size_t udp_hdr(uint8_t *o, uint16_t sport, uint16_t dport, size_t payload_len)
{
	put16(o, sport);
	put16(o + 2, dport);
	put16(o + 4, (uint16_t)(8 + payload_len));
	put16(o + 6, 0);
	return 8;
}

static inline size_t tcp_hdr(uint8_t *o, uint16_t sport, uint16_t dport, uint32_t seq, uint8_t flags)
{
	memset(o, 0, 20);
	put16(o, sport);
	put16(o + 2, dport);
	put32(o + 4, seq);
	o[12] = 5 << 4;
	o[13] = flags;
	put16(o + 14, 65535);
	return 20;
}

static inline size_t eth_hdr(uint8_t *o, uint16_t type)
{
	static const uint8_t macs[12] = { 0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6 };
	memcpy(o, macs, 12);
	put16(o + 12, type);
	return 14;
}

/* IPv4 + UDP + payload at o; returns total. */
static inline size_t ip4_udp(uint8_t *o, const uint8_t *src, const uint8_t *dst, uint16_t sport,
                      uint16_t dport, const void *pl, size_t len)
{
	size_t n = ipv4_hdr(o, src, dst, 17, 1, 0, 8 + len);
	n += udp_hdr(o + n, sport, dport, len);
	memcpy(o + n, pl, len);
	return n + len;
}

static inline size_t ip6_udp(uint8_t *o, const uint8_t *src, const uint8_t *dst, uint16_t sport,
                      uint16_t dport, const void *pl, size_t len)
{
	size_t n = ipv6_hdr(o, src, dst, 17, 8 + len);
	n += udp_hdr(o + n, sport, dport, len);
	memcpy(o + n, pl, len);
	return n + len;
}

static inline size_t ip4_tcp(uint8_t *o, const uint8_t *src, const uint8_t *dst, uint16_t sport,
                      uint16_t dport, uint32_t seq, uint8_t flags, const void *pl, size_t len)
{
	size_t n = ipv4_hdr(o, src, dst, 6, 1, 0, 20 + len);
	n += tcp_hdr(o + n, sport, dport, seq, flags);
	if (len)
		memcpy(o + n, pl, len);
	return n + len;
}

#endif
