/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * fuzz_netevents.c - the network events decoded beside SIP
 * (src/net/netevents.c).
 *
 *   input:  [kind byte][payload ...]
 *   kind % 4  0: a DNS message (dns_parse, then into a store)
 *             1: an ICMPv4 message, 2: an ICMPv6 message (icmp_parse)
 *             3: one direction of a TCP stream for the TLS record walker,
 *                fed in pieces of 1 + kind / 4 bytes
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_util.h"
#include "net/netevents.h"
#include "store/store.h"

static void count_record(void *ctx, const struct tls_record_info *ri)
{
	size_t *n = ctx;
	if (ri->kind)
		(*n)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t kind = data[0];
	const uint8_t *p = data + 1;
	size_t len = size - 1;

	switch (kind % 4) {
	case 0: {
		static struct dns_parsed d;     /* 36 KiB: not on the stack */
		if (dns_parse(p, len, &d)) {
			struct store *st = store_new();
			if (st) {
				dns_to_store(st, &d, 0, 1, 0, 0);
				store_free(st);
			}
		}
		break;
	}
	case 1:
	case 2: {
		struct icmp_parsed ic;
		(void)icmp_parse(p, len, kind % 4 == 1 ? 4 : 6, &ic);
		break;
	}
	default: {
		struct tls_walker w;
		size_t piece = 1 + kind / 4, records = 0;
		memset(&w, 0, sizeof w);
		(void)tls_looks_like_record(p, len);
		for (size_t off = 0; off < len && !w.lost; off += piece)
			tls_walk(&w, p + off, len - off < piece ? len - off : piece, count_record, &records);
		break;
	}
	}
	return 0;
}
