/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * reingest.h - what a message already in a store says about itself when it
 * goes into another store through the SIP layer's own ingest: a --limit
 * rebuild (app/limit.c) and a capture node's own store (app/nodes.c).
 */
#ifndef TRUNKDOC_APP_REINGEST_H
#define TRUNKDOC_APP_REINGEST_H

#include <stdint.h>

#include "net/sink.h"
#include "store/store.h"

/* Message i of st, m its record: times, frames, endpoints (st's ids),
 * transport, the flags the ingest keeps and the capture node; no raw
 * reference (the caller sets one where the bytes can stay where they are). */
void app_reingest_meta(const struct store *st, uint32_t i, const struct sip_msg *m, struct msg_meta *meta);

#endif
