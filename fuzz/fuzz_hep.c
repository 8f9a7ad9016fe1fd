/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * fuzz_hep.c - libFuzzer target for the HEP reader (src/net/hep.c): any
 * bytes as a HEP datagram, and as a HEP-over-TCP stream cut by
 * hep_frame_len.  Every packet that parses is written back as HEPv3 and
 * read again: the second reading must give the same addresses, ports,
 * time, capture id and payload.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/hep.h"

static void roundtrip(const struct hep_packet *p)
{
	static uint8_t out[HEP_MAX_PACKET];
	size_t n = hep3_encode(out, sizeof out, p, "k", 1);
	if (!n)
		return;                   /* too large to re-encode: fine */
	struct hep_packet q;
	const char *why;
	if (hep_parse(out, n, &q, &why) != HEP_OK)
		abort();
	size_t alen = p->family == 4 ? 4 : 16;
	if (q.family != p->family || memcmp(q.src, p->src, alen) || memcmp(q.dst, p->dst, alen) ||
	    q.sport != p->sport || q.dport != p->dport || q.capture_id != p->capture_id ||
	    q.payload_len != p->payload_len || memcmp(q.payload, p->payload, p->payload_len) ||
	    !hep_auth_matches(&q, "k", 1))
		abort();
	if (p->has_time && p->time >= 0 && p->time / 1000000 <= UINT32_MAX && q.time != p->time)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hep_packet p;
	const char *why = NULL;
	enum hep_status st = hep_parse(data, size, &p, &why);
	if (st == HEP_OK) {
		if (p.payload && (p.payload < data || p.payload + p.payload_len > data + size))
			abort();
		roundtrip(&p);
	} else if (st == HEP_MALFORMED && (!why || !*why)) {
		abort();                  /* a malformed packet is always named */
	}
	/* the same bytes as a TCP stream */
	size_t off = 0;
	while (off < size) {
		size_t n = hep_frame_len(data + off, size - off);
		if (n == 0 || n == SIZE_MAX || n > size - off)
			break;
		hep_parse(data + off, n, &p, &why);
		off += n;
	}
	return 0;
}
