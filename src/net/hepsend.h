/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * hepsend.h - mirrors SIP messages to a HEP collector (--hep-send
 * udp:HOST:PORT) as HEPv3, one datagram per message, as sngrep -H and
 * Kamailio's siptrace do: the message's own addresses, ports, transport
 * and capture time, our capture id (--hep-id) and key (--hep-password).
 * Sending never blocks the diagnosis: a datagram the socket cannot take
 * is counted, not retried.
 */
#ifndef TRUNKDOC_HEPSEND_H
#define TRUNKDOC_HEPSEND_H

#include <stddef.h>
#include <stdint.h>
#include "base/model.h"

struct hep_sender;

struct hep_sender *hep_sender_open(const char *spec, uint32_t capture_id, const char *key,
                                   char *err, size_t errlen);
void hep_sender_close(struct hep_sender *h);
void hep_sender_send(struct hep_sender *h, const struct endpoint *src, const struct endpoint *dst,
                     uint8_t transport, usec_t time, const char *payload, size_t len);
uint64_t hep_sender_sent(const struct hep_sender *h);
uint64_t hep_sender_failed(const struct hep_sender *h);

#endif
