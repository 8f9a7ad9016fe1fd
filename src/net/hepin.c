/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * hepin.c - HEP packets into the store (see hepin.h).
 */
#include <string.h>

#include "net/hep.h"
#include "net/hepin.h"
#include "net/heporder.h"
#include "net/sink.h"
#include "store/store.h"

void hep_count_malformed(struct store *st, uint32_t frame, const char *why)
{
	struct capture_stats *cs = store_stats(st);
	if (cs->hep_malformed++ == 0) {
		cs->hep_first_bad_frame = frame;
		cs->hep_bad_why = why;
	}
}

static enum transport transport_of(uint8_t ip_proto)
{
	switch (ip_proto) {
	case 6: return TP_TCP;
	case 132: return TP_SCTP;
	default: return TP_UDP;   /* 17, and agents that leave it out */
	}
}

bool hep_ingest(struct store *st, const struct sip_sink *sink, const struct hep_in_config *cfg,
                const uint8_t *b, size_t len, const struct hep_outer *o)
{
	struct hep_packet hp;
	const char *why;
	enum hep_status hs = hep_parse(b, len, &hp, &why);
	if (hs == HEP_NOT_HEP)
		return false;
	struct capture_stats *cs = store_stats(st);
	cs->hep_packets++;
	if (hs == HEP_MALFORMED) {
		hep_count_malformed(st, o->frame, why);
		return true;
	}
	if (cfg->key && !hep_auth_matches(&hp, cfg->key, cfg->key_len)) {
		cs->hep_refused++;
		return true;
	}
	if (hp.payload_type != HEP_PAYLOAD_SIP || hp.compressed) {
		cs->hep_not_sip++;
		return true;
	}
	struct endpoint agent = *o->agent;
	agent.port = 0;
	uint16_t node = store_node(st, hp.capture_id, store_endpoint(st, &agent), hp.version);
	if (node && hp.agent_name)
		store_node_name(st, node, (const char *)hp.agent_name, hp.agent_name_len);

	struct endpoint src = { .family = hp.family, .port = hp.sport };
	struct endpoint dst = { .family = hp.family, .port = hp.dport };
	memcpy(src.addr, hp.src, hp.family == 4 ? 4 : 16);
	memcpy(dst.addr, hp.dst, hp.family == 4 ? 4 : 16);
	struct raw_ref raw = { .where = RAW_NONE };
	if (o->raw.where == RAW_FILE && o->raw.len >= len) {
		raw = o->raw;
		raw.off += (uint64_t)(hp.payload - b);
		raw.len = (uint32_t)hp.payload_len;
	}
	struct msg_meta meta = {
		.time = hp.has_time ? hp.time : o->time,
		.frame = o->frame, .last_frame = o->frame,
		.src = store_endpoint(st, &src), .dst = store_endpoint(st, &dst),
		.transport = (uint8_t)transport_of(hp.ip_proto),
		.raw = raw, .node = node,
	};
	if (!hp.payload_len)
		return true;
	if (cfg->order)            /* o->time: when it reached the collector */
		hep_order_push(cfg->order, (const char *)hp.payload, hp.payload_len, &meta, o->time);
	else
		sink->datagram(st, (const char *)hp.payload, hp.payload_len, &meta);
	return true;
}
