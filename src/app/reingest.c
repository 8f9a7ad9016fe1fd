/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * reingest.c - a stored message's metadata for ingesting it again.
 */
#include "app/reingest.h"
#include "sip/sipparse.h"

void app_reingest_meta(const struct store *st, uint32_t i, const struct sip_msg *m, struct msg_meta *meta)
{
	struct sip_msg_extra x;
	store_msg_extra(st, m, &x);
	*meta = (struct msg_meta){
		.time = m->time, .frame = x.first_frame ? x.first_frame : m->frame,
		.last_frame = m->frame, .src = store_msg_hdr(st, m)->src, .dst = store_msg_hdr(st, m)->dst,
		.transport = m->transport,
		.flags = m->flags & (MF_REASSEMBLED | MF_IP_FRAGMENTED | MF_TRUNCATED),
		.raw = { .where = RAW_NONE },
		.node = store_msg_node(st, i),
	};
}
