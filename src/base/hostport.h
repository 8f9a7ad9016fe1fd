/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * hostport.h - the one parser of "host[:port]", for the profile, the probes,
 * the checks and the export alike, so that they agree on every input.
 *
 *   192.0.2.1           host, no port        sip.example.net:5080  name, port
 *   192.0.2.1:5060      host, port           [2001:db8::1]         IPv6, no port
 *   sip.example.net     name, no port        [2001:db8::1]:5061    IPv6, port
 *   2001:db8::1         a bare IPv6 address: all of it is the host, never a
 *                       port (2001:db8::1:5060 is an address, not ::1 port 5060)
 *
 * Anything else is refused: empty text, an unclosed '[', a bracket that does
 * not hold an IPv6 address, an empty host (":5060"), an empty or
 * out-of-range port ("host:", "host:0", "host:99999"), a name with a byte
 * outside letters, digits, '-', '.', '_' (control bytes, spaces, '@', '/'),
 * a dotted number that is no IPv4 address (1.2.3.256), a host that does not
 * fit the caller's buffer.
 */
#ifndef TRUNKDOC_HOSTPORT_H
#define TRUNKDOC_HOSTPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parses the len bytes at s.  On success host holds the host without
 * brackets and port the port (0 when none was given).  On failure host is
 * "" and port 0. */
bool hostport_parse_n(const char *s, size_t len, char *host, size_t hostlen, uint16_t *port);
/* The same for a NUL-terminated string. */
bool hostport_parse(const char *s, char *host, size_t hostlen, uint16_t *port);
/* The host[:port] of a SIP URI or of a bare host[:port]: drops a "sip:" or
 * "sips:" scheme and a "user@", and stops at the URI's parameters, headers
 * or a closing '>' ("sip:1000@sip.example.net:5080;transport=udp"). */
bool hostport_of_uri(const char *uri, char *host, size_t hostlen, uint16_t *port);

#endif
