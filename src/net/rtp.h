/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * rtp.h - RTP and RTCP recognised by their headers (RFC 3550 §5.1, §6.4;
 * RFC 5761 §4 for telling them apart) and counted into streams in the
 * store: one struct rtp_stream per SSRC and address pair, never a record
 * per packet.  A call's streams are found afterwards by the address and
 * port its SDP negotiated (the checks and reports match them).
 */
#ifndef TRUNKDOC_RTP_H
#define TRUNKDOC_RTP_H

#include <stddef.h>
#include <stdint.h>
#include "base/model.h"

struct store;

enum rtp_kind { RTP_NONE = 0, RTP_MEDIA, RTP_CONTROL };
/* What a UDP payload between these ports is by its header. */
enum rtp_kind rtp_classify(const uint8_t *b, size_t len, uint16_t sport, uint16_t dport);

/* The streams seen so far, found again by address, port and SSRC. */
struct rtp_table;
struct rtp_table *rtp_table_new(void);
void rtp_table_free(struct rtp_table *t);

/* Counts one packet rtp_classify() accepted into its stream. */
struct rtp_packet {
	uint8_t family;
	const uint8_t *src, *dst;    /* 4 or 16 bytes */
	uint16_t sport, dport;
	usec_t time;
	uint32_t frame;
};
void rtp_count(struct rtp_table *t, struct store *st, enum rtp_kind kind, const struct rtp_packet *p,
               const uint8_t *b, size_t len);

#endif
