/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * tunnel.h - the lengths of the GRE and PPP headers that both the decoder
 * (decode.c) and the export's frame walker (pcapout.c) step over, in one
 * place so the two agree on where a tunnelled packet starts.
 */
#ifndef TRUNKDOC_TUNNEL_H
#define TRUNKDOC_TUNNEL_H

#include <stddef.h>
#include <stdint.h>

#include "base/wire.h"

/* GRE version 0 (RFC 2784, 2890) and version 1 (PPTP, RFC 2637): the
 * header's length, *proto the protocol type it carries; 0 when the header
 * is cut or not followed (source routing, other versions). */
static inline size_t gre_header_len(const uint8_t *b, size_t len, uint16_t *proto)
{
	if (len < 4)
		return 0;
	uint16_t flags = rd16(b);
	size_t off = 4;
	*proto = rd16(b + 2);
	if ((flags & 7) == 0) {
		if (flags & 0x4000)
			return 0;         /* source routing (obsolete) */
		off += (flags & 0x8000 ? 4 : 0)    /* checksum + reserved */
		     + (flags & 0x2000 ? 4 : 0)    /* key */
		     + (flags & 0x1000 ? 4 : 0);   /* sequence */
	} else if ((flags & 7) == 1) {
		off += 4                           /* payload length + call id */
		     + (flags & 0x1000 ? 4 : 0)    /* sequence */
		     + (flags & 0x0080 ? 4 : 0);   /* acknowledgment */
	} else {
		return 0;
	}
	return off <= len ? off : 0;
}

/* PPP: the length of the optional FF 03 and of the protocol field (one
 * byte when compressed), *proto the protocol; 0 when cut. */
static inline size_t ppp_header_len(const uint8_t *b, size_t len, uint16_t *proto)
{
	size_t off = len >= 2 && b[0] == 0xFF && b[1] == 0x03 ? 2 : 0;
	if (off >= len)
		return 0;
	if (b[off] & 1) {
		*proto = b[off];
		return off + 1;
	}
	if (off + 2 > len)
		return 0;
	*proto = rd16(b + off);
	return off + 2;
}

#endif
