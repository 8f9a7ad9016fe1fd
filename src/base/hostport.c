/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * hostport.c - "host[:port]" in one place (the rules are in hostport.h).
 */
#include <arpa/inet.h>
#include <string.h>
#include <strings.h>

#include "base/hostport.h"

static bool name_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_';
}

/* An IPv6 address, with an optional "%zone" (fe80::1%eth0). */
static bool ipv6_text(const char *s, size_t len)
{
	char buf[64];
	const char *pct = memchr(s, '%', len);
	size_t al = pct ? (size_t)(pct - s) : len;
	if (!al || al >= sizeof buf)
		return false;
	if (pct) {
		size_t zl = len - al - 1;
		if (!zl)
			return false;
		for (size_t i = 0; i < zl; i++)
			if (!name_byte((unsigned char)pct[1 + i]))
				return false;
	}
	memcpy(buf, s, al);
	buf[al] = 0;
	unsigned char addr[16];
	return inet_pton(AF_INET6, buf, addr) == 1;
}

/* A host name or an IPv4 address.  Digits and dots alone must make an
 * IPv4 address: 1.2.3.256 is a typo, not a name. */
static bool name_text(const char *s, size_t len)
{
	bool numeric = true;
	if (!len)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!name_byte(c))
			return false;
		if (!(c == '.' || (c >= '0' && c <= '9')))
			numeric = false;
	}
	if (!numeric)
		return true;
	char buf[16];
	if (len >= sizeof buf)
		return false;
	memcpy(buf, s, len);
	buf[len] = 0;
	unsigned char addr[4];
	return inet_pton(AF_INET, buf, addr) == 1;
}

static bool port_text(const char *s, size_t len, uint16_t *port)
{
	unsigned long v = 0;
	if (!len)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned long)(s[i] - '0');
		if (v > 65535)
			return false;
	}
	if (!v)
		return false;
	*port = (uint16_t)v;
	return true;
}

static bool put_host(const char *s, size_t len, char *host, size_t hostlen)
{
	if (len >= hostlen)
		return false;
	memcpy(host, s, len);
	host[len] = 0;
	return true;
}

bool hostport_parse_n(const char *s, size_t len, char *host, size_t hostlen, uint16_t *port)
{
	uint16_t p = 0;
	bool ok = false;
	if (!hostlen)
		return false;
	host[0] = 0;
	*port = 0;
	if (!s || !len)
		return false;
	if (s[0] == '[') {
		const char *rb = memchr(s, ']', len);
		if (rb) {
			size_t hl = (size_t)(rb - s - 1), rest = len - hl - 2;
			ok = ipv6_text(s + 1, hl) &&
			     (rest == 0 || (rb[1] == ':' && port_text(rb + 2, rest - 1, &p))) &&
			     put_host(s + 1, hl, host, hostlen);
		}
	} else {
		const char *colon = memchr(s, ':', len);
		const char *second = colon ? memchr(colon + 1, ':', len - (size_t)(colon - s) - 1) : NULL;
		if (second)                  /* a bare IPv6 address: never a port */
			ok = ipv6_text(s, len) && put_host(s, len, host, hostlen);
		else if (colon)
			ok = name_text(s, (size_t)(colon - s)) &&
			     port_text(colon + 1, len - (size_t)(colon - s) - 1, &p) &&
			     put_host(s, (size_t)(colon - s), host, hostlen);
		else
			ok = name_text(s, len) && put_host(s, len, host, hostlen);
	}
	if (!ok) {
		host[0] = 0;
		return false;
	}
	*port = p;
	return true;
}

bool hostport_parse(const char *s, char *host, size_t hostlen, uint16_t *port)
{
	return hostport_parse_n(s, s ? strlen(s) : 0, host, hostlen, port);
}

bool hostport_of_uri(const char *uri, char *host, size_t hostlen, uint16_t *port)
{
	const char *s = uri ? uri : "";
	if (!strncasecmp(s, "sips:", 5))
		s += 5;
	else if (!strncasecmp(s, "sip:", 4))
		s += 4;
	/* The user part may hold ';', '?' and '/' (RFC 3261 user-unreserved),
	 * parameters and headers never an '@': the host starts after the last
	 * '@' before the closing '>'. */
	size_t end = strcspn(s, ">");
	for (size_t i = end; i > 0; i--)
		if (s[i - 1] == '@') {
			s += i;
			end -= i;
			break;
		}
	return hostport_parse_n(s, strcspn(s, ";?>") < end ? strcspn(s, ";?>") : end,
	                        host, hostlen, port);
}
