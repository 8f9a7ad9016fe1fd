/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * fuzz_sip.c - SIP framing and parsing without a capture around it.
 *
 *   input:  [mode byte][SIP bytes ...]
 *   mode & 1  0: the bytes are one UDP datagram (sip_ingest_datagram)
 *             1: the bytes are a TCP stream, fed in pieces whose sizes
 *                come from the mode byte (1..64 bytes), then flushed
 *   mode & 2  the message is flagged MF_TRUNCATED (a snaplen cut it)
 *
 * Every message stored is then read back (contacts, auths, the extra
 * fields, the SDP address), and the framer's own scanners run over the
 * whole buffer.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_util.h"
#include "base/model.h"
#include "sip/sipframe.h"
#include "sip/sipparse.h"
#include "store/store.h"

static void read_back(struct store *st)
{
	store_finish(st, 0);
	for (size_t i = 0; i < store_msg_count(st); i++) {
		const struct sip_msg *m = store_msg(st, (uint32_t)i);
		struct sip_msg_extra ex;
		char sdp[64];
		store_msg_extra(st, m, &ex);
		(void)store_contacts(st, m);
		struct sip_auth au;
		for (uint32_t k = 0; k < m->auth_count; k++)
			(void)store_auth(st, m, k, &au);
		(void)store_str(st, store_msg_call_id(st, m));
		const struct sip_hdrset *h = store_msg_hdr(st, m);
		(void)store_str(st, h->agent);
		(void)store_ep(st, h->src);
		sip_sdp_connection(st, m, sdp, sizeof sdp);
	}
}

static void scan_frames(const char *buf, size_t len)
{
	size_t at = sipframe_find_start(buf, len, 0, true);
	while (at < len) {
		size_t hdr = sipframe_headers_end(buf + at, len - at);
		if (hdr == 0)
			break;
		struct hdr_iter it;
		struct span name, value;
		sipframe_headers_begin(&it, buf + at, hdr);
		while (sipframe_next_header(&it, &name, &value))
			(void)sipframe_first_value(value);
		long clen = sipframe_content_length(buf + at, hdr);
		size_t next = at + hdr + (clen > 0 && (size_t)clen <= len - at - hdr ? (size_t)clen : 0);
		at = sipframe_find_start(buf, len, next > at ? next : at + 1, true);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int inited;
	if (!inited) {
		sipparse_init();
		inited = 1;
	}
	if (size < 1)
		return 0;
	uint8_t mode = data[0];
	const char *buf = (const char *)data + 1;
	size_t len = size - 1;

	struct store *st = store_new();
	if (!st)
		return 0;
	struct endpoint a = { .family = 4, .addr = { 192, 0, 2, 1 }, .port = 5060 };
	struct endpoint b = { .family = 4, .addr = { 198, 51, 100, 7 }, .port = 5060 };
	struct msg_meta meta = {
		.time = 1700000000000000LL, .frame = 1, .last_frame = 1,
		.src = store_endpoint(st, &a), .dst = store_endpoint(st, &b),
		.transport = (mode & 1) ? TP_TCP : TP_UDP,
		.ip_len = (uint32_t)len + 28,
		.flags = (mode & 2) ? MF_TRUNCATED : 0,
	};
	if (mode & 1) {
		struct sip_stream *s = sip_stream_new();
		size_t piece = 1 + (mode >> 2);
		for (size_t off = 0; s && off < len; off += piece) {
			size_t n = len - off < piece ? len - off : piece;
			meta.frame++;
			meta.last_frame = meta.frame;
			sip_stream_feed(s, st, buf + off, n, &meta);
		}
		if (s) {
			sip_stream_flush(s, st);
			sip_stream_free(s);
		}
	} else {
		sip_ingest_datagram(st, buf, len, &meta);
	}
	read_back(st);
	scan_frames(buf, len);
	store_free(st);
	return 0;
}
