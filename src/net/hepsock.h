/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * hepsock.h - a HEP collector socket (--hep-listen udp:ADDR:PORT or
 * tcp:ADDR:PORT): no capture privilege needed.
 *
 *   UDP: one socket, a large receive buffer, datagrams read in batches
 *        (recvmmsg), the kernel's drop counter read from SO_RXQ_OVFL
 *   TCP: a listening socket and its connections behind one epoll
 *        descriptor; each connection's bytes cut into HEP packets by
 *        net/hepstream (v3 by length, v1/v2 by the SIP message inside)
 *
 * hep_socket_next() hands out one HEP packet at a time with the address of
 * the agent that sent it and the time it was received.
 */
#ifndef TRUNKDOC_HEPSOCK_H
#define TRUNKDOC_HEPSOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/model.h"

struct hep_socket;

struct hep_datagram {
	const uint8_t *data;     /* valid until the next call */
	size_t len;
	const char *bad;         /* TCP: not a packet but a broken stretch of the
	                          * stream, skipped; names the fault.  NULL else */
	usec_t time;             /* when it was received: the kernel's stamp (UDP:
	                          * the datagram's; TCP: the last segment of the
	                          * read that completed it), else when it was read */
	struct endpoint agent;
};

/* Parses "udp:ADDR:PORT" / "tcp:ADDR:PORT" ("[v6]:PORT" for IPv6) into
 * *tcp, addr and port; false with a line in err when it is not one. */
bool hep_spec_parse(const char *spec, bool *tcp, struct endpoint *ep, char *err, size_t errlen);

struct hep_socket *hep_socket_open(const char *spec, char *err, size_t errlen);
void hep_socket_close(struct hep_socket *s);
/* 1: *out filled; 0: nothing ready now; -1: the socket failed (err set). */
int hep_socket_next(struct hep_socket *s, struct hep_datagram *out);
int hep_socket_fd(const struct hep_socket *s);
const char *hep_socket_name(const struct hep_socket *s);
/* Datagrams the kernel dropped for want of buffer room (SO_RXQ_OVFL, and
 * the socket's drop counter, SO_MEMINFO). */
uint32_t hep_socket_dropped(struct hep_socket *s);
/* TCP only: broken stretches of streams (bytes skipped to resync), each
 * also handed out once with hep_datagram.bad set. */
uint64_t hep_socket_stream_errors(const struct hep_socket *s);

#endif
