/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * frame.h - a captured frame's innermost IP packet (through IP-in-IP, GRE
 * and GTP-U), and checksum repair after a rewrite.
 */
#ifndef TRUNKDOC_FRAME_H
#define TRUNKDOC_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The addresses and ports of a frame's IP packet: the innermost one when
 * it travels in IP-in-IP, GRE or GTP-U, as the store records it. */
struct pkt_flow {
	uint8_t family;           /* 4 or 6; 0 if no IP found */
	uint8_t proto;            /* 17 UDP, 6 TCP, 1/58 ICMP ... */
	uint8_t src[16], dst[16];
	uint16_t sport, dport;    /* 0 for a non-first fragment or no ports */
	bool fragment;
	size_t ip_off;            /* where the outer IP header starts in the frame */
	size_t payload_off;       /* UDP/TCP payload of the innermost packet ... */
	size_t payload_len;       /* ... and its captured length; 0 if none */
};
bool pkt_flow(const uint8_t *pkt, size_t caplen, int dlt, struct pkt_flow *f);
/* Recomputes the IPv4 header checksum and the UDP/TCP/ICMP checksum of a
 * frame after its bytes were rewritten (UDP over IPv4 that cannot be
 * recomputed - fragments, a cut frame - gets checksum 0, "none"). */
void pkt_fix_checksums(uint8_t *pkt, size_t caplen, uint32_t wirelen, int dlt);

/* Where the IP header starts after the link layer (Ethernet with VLAN tags
 * and PPPoE, Linux cooked v1/v2, BSD loopback, raw IP). */
bool frame_ip_offset(const uint8_t *pkt, size_t caplen, int dlt, size_t *off);
/* Redoes the checksums of the IP packet at ip (and of the packets inside
 * it, depth tunnels deep); call with depth 0. */
void frame_fix_ip(uint8_t *ip, size_t avail, int depth);

#endif
