/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * fuzz_hep.c - libFuzzer target for the HEP reader (src/net/hep.c): any
 * bytes as a HEP datagram, and as a HEP-over-TCP stream cut by
 * hep_stream_cut (src/net/hepstream.c: v3 by length, v1/v2 by the SIP
 * message inside): every cut is within the bytes and not empty, the
 * stream is used up once it has ended, and a v1/v2 packet it cuts is read as HEP.
 * Every packet that parses is written back as HEPv3 and read again: the
 * second reading must give the same addresses, ports, time, capture id
 * and payload.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/hep.h"
#include "net/hepstream.h"

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
	/* the same bytes as a TCP stream: first while more may come, then
	 * after its end */
	size_t off = 0;
	for (int eof = 0; eof < 2; eof++) {
		while (off < size) {
			size_t n;
			enum hep_cut c = hep_stream_cut(data + off, size - off, eof, &n, &why);
			if (c == HEP_CUT_MORE) {
				if (eof)
					abort();      /* after the end nothing may wait */
				break;
			}
			if (n == 0 || n > size - off || (c == HEP_CUT_JUNK && (!why || !*why)))
				abort();
			if (c == HEP_CUT_PACKET && (data[off] == 1 || data[off] == 2) &&
			    hep_parse(data + off, n, &p, &why) == HEP_NOT_HEP)
				abort();          /* a v1/v2 cut holds its whole header */
			off += n;
		}
	}
	if (off != size)
		abort();
	return 0;
}
