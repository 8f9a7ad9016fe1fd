/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * frame.h - the one frame walker: steps through a captured frame from its
 * link layer to its innermost transport header and says where each layer
 * is.  The decoder (decode.c), the export's flow matching (pcapout.c), the
 * redaction (redact.c) and the checksum repair (checksum.c) all read a
 * frame through it, so they cannot disagree on where a packet starts.
 *
 *   Ethernet | VLAN tags | PPPoE | PPP | IPv4 | GRE | Ethernet (TEB) | IPv6 | UDP | payload
 *   layer[0]   layer[1]    [2]     [3]   [4]    [5]   [6]              [7]    [8]   [8].data..end
 *
 *   link layer   Ethernet (802.1Q, QinQ 0x88a8/0x9100, MPLS, PPPoE+PPP),
 *                Linux SLL / SLL2, BSD null/loop, raw IPv4/IPv6, PPP
 *   network      IPv4 (options), IPv6 (hop-by-hop, routing, destination,
 *                fragment, AH)
 *   tunnels      IP-in-IP (4, 41), GRE (v0 and PPTP v1; an ethertype,
 *                PPP or Ethernet (TEB, 0x6558) inside), GTP-U (UDP 2152),
 *                VXLAN (UDP 4789) - at most FRAME_MAX_DEPTH deep
 *   transport    UDP, TCP, ICMP/ICMPv6: where the walk ends
 *
 * Every layer is checked against the bytes present before it is read; a
 * layer's end is bounded by its own length field and by the end of the
 * layer around it.
 */
#ifndef TRUNKDOC_FRAME_H
#define TRUNKDOC_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Tunnels followed inside one another at most (IP-in-IP, GRE, GRE-TEB,
 * GTP-U, VXLAN each count one). */
#define FRAME_MAX_DEPTH 6

enum frame_layer_kind {
	FL_LINK = 1,     /* the link-layer header (Ethernet, SLL, SLL2, null, PPP link) */
	FL_VLAN,         /* a run of 802.1Q / 802.1ad tags */
	FL_MPLS,         /* an MPLS label stack */
	FL_PPPOE,        /* PPPoE session header */
	FL_PPP,          /* PPP protocol field (after PPPoE, GRE v1 or a PPP link) */
	FL_ETHER,        /* an Ethernet header inside a tunnel (VXLAN, GRE-TEB) */
	FL_IPV4,
	FL_IPV6,         /* with its extension headers */
	FL_GRE,
	FL_UDP,
	FL_GTPU,         /* GTP-U header (with its extension headers) */
	FL_VXLAN,
	FL_TCP,
	FL_ICMP,         /* ICMP or ICMPv6 */
};

/* Layer flags. */
#define FLF_CUT      0x01   /* its length field says more than is present (snaplen, or a broken length) */
#define FLF_FRAGMENT 0x02   /* IP: a fragment (not an atomic one) */
#define FLF_TUNNEL   0x04   /* UDP: carries a tunnel (GTP-U, VXLAN) */

struct frame_layer {
	uint8_t kind;       /* enum frame_layer_kind */
	uint8_t flags;      /* FLF_* */
	uint8_t depth;      /* tunnels around it */
	uint8_t proto;      /* IP: the protocol after its headers (extension headers skipped) */
	uint32_t off;       /* where its header starts */
	uint32_t data;      /* where what it carries starts (its header's end) */
	uint32_t end;       /* where what it carries ends, within the bytes present */
};

/* How the walk ended. */
enum frame_end {
	FE_NONE = 0,     /* nothing a transport layer carries: non-IP, cut, not followed */
	FE_FRAGMENT,     /* an IP fragment: the last layer; fragment is filled in */
	FE_UDP,          /* the last layer is UDP (not a tunnel) */
	FE_TCP,          /* the last layer is TCP (its header was readable) */
	FE_ICMP,         /* the last layer is ICMP over IPv4 or ICMPv6 over IPv6 */
};

#define FRAME_LAYERS_MAX 96
#define FRAME_NO_LAYER 0xFF

struct frame_walk {
	const uint8_t *p;    /* the frame walked */
	bool readable;       /* the link layer and the first IP header could be read
	                      * (or the frame is a readable one without IP: ARP, LLC, LCP) */
	uint8_t end;         /* enum frame_end */
	uint8_t n;           /* layers */
	uint8_t ip;          /* the innermost IP layer, FRAME_NO_LAYER if none */
	struct {             /* FE_FRAGMENT: the fragment's place in its datagram */
		uint32_t id;
		uint32_t offset; /* bytes */
		bool more;
	} fragment;
	struct frame_layer layer[FRAME_LAYERS_MAX];
};

/* libpcap link types the walker reads (DLT_ values as libpcap reports them). */
enum {
	LINK_NULL = 0, LINK_ETHERNET = 1, LINK_PPP = 9, LINK_RAW = 12, LINK_RAW_OPENBSD = 14,
	LINK_PPP_SERIAL = 50, LINK_LOOP = 108, LINK_SLL = 113, LINK_RAW_IPV4 = 228,
	LINK_RAW_IPV6 = 229, LINK_SLL2 = 276,
};

/* Does the walker read this link type? */
bool frame_link_supported(int linktype);

/* Walks a frame of caplen bytes of link type linktype. */
void frame_walk(struct frame_walk *w, const uint8_t *p, size_t caplen, int linktype);

/* Walks a reassembled datagram's payload (proto 17, 6, 1 or 58 inside an
 * IP packet of this family): the transport header only, no tunnel. */
void frame_walk_transport(struct frame_walk *w, const uint8_t *p, size_t len, uint8_t proto,
                          uint8_t family);

/* The last layer, or NULL when there is none. */
static inline const struct frame_layer *frame_last(const struct frame_walk *w)
{
	return w->n ? &w->layer[w->n - 1] : NULL;
}

/* The length an IP layer's header claims for its datagram, and how many
 * of those bytes are not present (the snapshot length cut them). */
static inline uint32_t frame_ip_claimed(const struct frame_walk *w, const struct frame_layer *l)
{
	const uint8_t *b = w->p + l->off;
	if (l->kind == FL_IPV6)
		return 40 + (uint32_t)(b[4] << 8 | b[5]);
	uint32_t total = (uint32_t)(b[2] << 8 | b[3]);
	return total ? total : l->end - l->off;   /* 0: segmentation offload */
}

static inline uint32_t frame_ip_missing(const struct frame_walk *w, const struct frame_layer *l)
{
	return l->flags & FLF_CUT ? frame_ip_claimed(w, l) - (l->end - l->off) : 0;
}

/* The addresses and ports of a frame's IP packet: the innermost one when
 * it travels in a tunnel, as the store records it. */
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
/* The same from a walk already made. */
bool frame_flow(const struct frame_walk *w, struct pkt_flow *f);

/* Where the first IP header starts after the link layer. */
bool frame_ip_offset(const uint8_t *pkt, size_t caplen, int dlt, size_t *off);

#endif
