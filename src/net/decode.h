/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * decode.h - one captured frame in, SIP payloads and network events out.
 * The frame walker (frame.h) finds the layers:
 *
 *   link layer         Ethernet (802.1Q, QinQ 0x88a8/0x9100, MPLS, PPPoE+PPP),
 *                      Linux SLL / SLL2, BSD null/loop, raw IPv4/IPv6, PPP
 *   network            IPv4 (options), IPv6 (hop-by-hop, routing,
 *                      destination, fragment, AH), fragments -> ipfrag
 *   tunnels            IP-in-IP (4, 41), GRE (v0 and PPTP v1, ethertype or
 *                      PPP inside), GTP-U (UDP 2152), VXLAN (UDP 4789)
 *                      - at most DECODE_MAX_DEPTH deep
 *   transport          UDP -> DNS (53) | HEP (the HEP port; HEP3 on any)
 *                             -> hepin | SIP (any port, "SIP/2.0" or CRLF)
 *                      TCP -> tcpstream (SIP framer, HEP3 cutter or TLS walker)
 *                      ICMP/ICMPv6 errors -> icmp events (never SIP)
 *
 * The decoder keeps the capture-wide counters in store_stats(): packets,
 * bytes, first/last time, non_sip (frames that carried nothing we decode)
 * and undecodable (link or network layer unreadable).
 */
#ifndef TRUNKDOC_DECODE_H
#define TRUNKDOC_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/model.h"
#include "net/frame.h"

struct store;
struct decoder;

#define DECODE_MAX_DEPTH FRAME_MAX_DEPTH

/* One captured frame. */
struct packet {
	usec_t time;
	uint32_t frame;          /* 1-based, global across sources */
	const uint8_t *data;
	uint32_t caplen;         /* bytes present */
	uint32_t wire_len;       /* bytes on the wire */
	uint16_t source;         /* store source index */
	bool in_file;            /* data[0] sits at file_off in the source file */
	uint64_t file_off;
};

struct sip_sink;
/* Payloads go to the sink: the SIP layer's (decoder_new(), sip/sipparse.h)
 * or a test's recorder. */
struct decoder *decoder_new_with_sink(struct store *st, const struct sip_sink *sink);
/* Frees; call decoder_flush() first to keep what is pending. */
void decoder_free(struct decoder *d);

/* HEP in capture files: v1/v2/v3 on this UDP/TCP port (0: v3 on any port
 * only; the default is HEP_DEFAULT_PORT), and the key packets must carry
 * (NULL: none; the decoder keeps the pointer). */
void decoder_set_hep(struct decoder *d, uint16_t port, const char *key, size_t key_len);
/* One HEP packet received on a socket (--hep-listen) from agent. */
struct endpoint;
bool decode_hep_packet(struct decoder *d, const struct packet *pkt, const struct endpoint *agent);
/* A broken stretch of a HEP stream on such a socket (TCP): counted as one
 * malformed HEP packet, named by why in the warnings. */
void decode_hep_broken(struct decoder *d, const struct packet *pkt, const char *why);

/* Does this link type have a decoder? */
bool decode_link_supported(int linktype);
/* Decodes one frame. Returns true when it carried something we decode. */
bool decode_packet(struct decoder *d, int linktype, const struct packet *pkt);
/* End of capture: pending fragments become events, TCP streams are
 * flushed, and the HEP messages held for their order (net/heporder.h) go. */
void decoder_flush(struct decoder *d);
/* Live and idle, the wall clock reads now: HEP messages held for the
 * reorder window that long go to the sink. */
void decoder_tick(struct decoder *d, usec_t now);
/* HEP messages held for their order, not yet handed to the sink. */
size_t decoder_held(const struct decoder *d);

#endif
