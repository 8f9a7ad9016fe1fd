/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * sipsink.c - the decoder's normal destination for SIP payloads: the SIP
 * layer of sipparse.h.  Kept apart from decode.c so the decode unit tests
 * can link without it and record payloads instead.
 */
#include "net/decode.h"
#include "net/tcpstream.h"
#include "sip/sipparse.h"

const struct sip_sink sip_sink_default = {
	.datagram = sip_ingest_datagram,
	.stream_new = sip_stream_new,
	.stream_feed = sip_stream_feed,
	.stream_flush = sip_stream_flush,
	.stream_free = sip_stream_free,
};

struct decoder *decoder_new(struct store *st)
{
	return decoder_new_with_sink(st, &sip_sink_default);
}
