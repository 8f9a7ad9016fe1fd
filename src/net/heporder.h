/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * heporder.h - HEP-carried messages put back into the order of their HEP
 * time before they reach the sink.
 *
 * An agent does not always mirror messages in the order it saw them:
 * Kamailio's siptrace mirrors a request after sending it, from another
 * process than the one that mirrors the reply, so a reply back within a
 * millisecond can reach the collector first (and the first message on a
 * new TCP connection to the collector waits for the connection).  Read in
 * arrival order, the 401 seems to come before its REGISTER.
 *
 * So each message a HEP packet carries is held, per capture node, in a
 * small min-heap keyed by its HEP time (ties: arrival order), and leaves
 * the heap, smallest HEP time first, when
 *
 *   - a later message of the same node carries a HEP time more than the
 *     window past it (the agent's clock has moved on), or
 *   - it has been held for the window by the collector's clock: the
 *     arrival time of the packets read since (their capture or receive
 *     time), or the wall clock when a live source is idle
 *     (hep_order_tick), or
 *   - the heap is full (HEP_ORDER_MAX_MSGS messages or
 *     HEP_ORDER_MAX_BYTES bytes: the oldest of the fullest node go first),
 *     or the input ends (hep_order_flush).
 *
 * The window, 50 ms: the disorder seen is about a millisecond (one
 * scheduling of another process, one TCP connect), and a reply that
 * really comes back within 50 ms of its request is still placed after
 * it; 50 ms is also short enough that a live screen does not lag.  A
 * node whose clock jumps is ordered as it arrives until its clock has
 * settled, as before; nothing is ever dropped.
 */
#ifndef TRUNKDOC_HEPORDER_H
#define TRUNKDOC_HEPORDER_H

#include <stddef.h>
#include <stdint.h>
#include "base/model.h"

struct store;
struct sip_sink;
struct msg_meta;
struct hep_order;

#define HEP_ORDER_WINDOW (50 * 1000)              /* usec */
#define HEP_ORDER_MAX_MSGS 65536
#define HEP_ORDER_MAX_BYTES (64u * 1024 * 1024)

/* Messages leave for sink->datagram(st, ...).  window in microseconds. */
struct hep_order *hep_order_new(struct store *st, const struct sip_sink *sink, usec_t window);
/* Frees, dropping what is held: hep_order_flush() first to keep it. */
void hep_order_free(struct hep_order *o);

/* One message a HEP packet carried (buf is copied; m->node is its capture
 * node), which arrived at the collector at `arrival`.  Releases what is
 * due, possibly this message itself. */
void hep_order_push(struct hep_order *o, const char *buf, size_t len, const struct msg_meta *m,
                    usec_t arrival);
/* The collector's clock reads now (live, nothing arrived): releases every
 * message held for the window. */
void hep_order_tick(struct hep_order *o, usec_t now);
/* End of input: every held message, each node's in HEP-time order. */
void hep_order_flush(struct hep_order *o);
/* How many messages are held. */
size_t hep_order_held(const struct hep_order *o);

#endif
