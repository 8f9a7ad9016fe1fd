/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * hepin.h - a HEP packet in, its SIP message out to the sink, as if it had
 * been captured where the agent captured it:
 *
 *   HEP packet (UDP datagram, a cut of a TCP stream, or a socket read)
 *     -> hep_parse -> key check (--hep-password) -> capture node
 *     -> msg_meta { inner addresses, ports, transport, HEP time, node }
 *     -> net/heporder (the reorder window, by HEP time per node), when set
 *     -> sink->datagram (one SIP message per HEP packet)
 *
 * The outer packet's frame number stays the message's frame (evidence
 * points into the capture file), and the message's raw bytes are the
 * payload's place in that file when the HEP packet lies in one frame.
 */
#ifndef TRUNKDOC_HEPIN_H
#define TRUNKDOC_HEPIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/model.h"

struct store;
struct sip_sink;
struct hep_order;

/* What the reader accepts.  port: the HEP port in capture files (UDP and
 * TCP, either direction), 0 for HEPv3 on any port only. */
struct hep_in_config {
	uint16_t port;
	const char *key;         /* --hep-password, NULL when not set */
	size_t key_len;
	struct hep_order *order;  /* the reorder window, NULL: straight to the sink */
};

/* The packet that carried the HEP bytes. */
struct hep_outer {
	usec_t time;             /* when it was captured or received */
	uint32_t frame;
	const struct endpoint *agent;   /* who sent it (the HEP agent) */
	struct raw_ref raw;      /* where the HEP bytes are in the file, or RAW_NONE */
};

/* Returns true when b..b+len was HEP: its SIP handed to the sink, or it
 * was counted (refused, malformed, not SIP) in store_stats(). */
bool hep_ingest(struct store *st, const struct sip_sink *sink, const struct hep_in_config *cfg,
                const uint8_t *b, size_t len, const struct hep_outer *o);
/* Counts a malformed HEP packet (also used for a broken HEP stream). */
void hep_count_malformed(struct store *st, uint32_t frame, const char *why);

#endif
