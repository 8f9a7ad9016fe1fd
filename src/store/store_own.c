/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * store_own.c - which packets in the store are trunkdoc's own: its probes'
 * OPTIONS, TCP/TLS connection attempts and test REGISTER, captured live
 * beside the PBX's traffic.  Three marks, any of which is enough:
 *
 *   the socket     every probe records the address:port it sent from
 *   the Call-ID    the probes end theirs in "@trunkdoc" and record them
 *   User-Agent     "trunkdoc/VERSION" on every request the probes send
 *
 * The socket is the mark for TCP SYNs and TLS hellos (no SIP in them); the
 * Call-ID and User-Agent also recognise a capture someone else took while
 * trunkdoc probed.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/hostport.h"
#include "store/store_impl.h"

#define OWN_CALLID_SUFFIX "@trunkdoc"
#define OWN_AGENT_PREFIX "trunkdoc/"

/* "192.0.2.5:40312", "[2001:db8::5]:40312", "192.0.2.5", "2001:db8::5". */
static bool parse_socket(const char *text, struct endpoint *ep)
{
	char host[64];
	uint16_t port;
	memset(ep, 0, sizeof *ep);
	if (!hostport_parse(text, host, sizeof host, &port))   /* the one host:port parser */
		return false;
	if (inet_pton(AF_INET, host, ep->addr) == 1)
		ep->family = 4;
	else if (inet_pton(AF_INET6, host, ep->addr) == 1)
		ep->family = 6;
	else
		return false;
	ep->port = port;
	return true;
}

bool store_own_add_socket(struct store *st, const char *addr_port)
{
	struct endpoint ep;
	static const uint8_t any[16];
	if (!addr_port || !parse_socket(addr_port, &ep))
		return false;
	if (!ep.port && !memcmp(ep.addr, any, sizeof any))
		return false;   /* "0.0.0.0:0" would make every packet ours */
	for (size_t i = 0; i < st->own.nep; i++)
		if (!memcmp(&st->own.ep[i], &ep, sizeof ep))
			return true;
	if (st->own.nep >= STORE_OWN_MAX)
		return false;
	st->own.ep[st->own.nep++] = ep;
	return true;
}

bool store_own_add_call_id(struct store *st, const char *call_id)
{
	if (!call_id || !*call_id || strlen(call_id) >= STORE_OWN_CALLID_LEN)
		return false;
	if (store_call_id_is_own(st, call_id))
		return true;
	if (st->own.ncall_id >= STORE_OWN_MAX)
		return false;
	strcpy(st->own.call_id[st->own.ncall_id++], call_id);
	return true;
}

bool store_ep_is_own(const struct store *st, ep_id id)
{
	const struct endpoint *e = id ? store_ep(st, id) : NULL;
	if (!e || !st->own.nep)
		return false;
	size_t alen = e->family == 4 ? 4 : 16;
	for (size_t i = 0; i < st->own.nep; i++) {
		/* the wildcard address (a refused connect's socket): any address */
		static const uint8_t any[16];
		const struct endpoint *o = &st->own.ep[i];
		bool addr = !memcmp(o->addr, e->addr, alen) || !memcmp(o->addr, any, alen);
		if (o->family == e->family && addr && (!o->port || o->port == e->port))
			return true;
	}
	return false;
}

bool store_call_id_is_own(const struct store *st, const char *call_id)
{
	size_t n = call_id ? strlen(call_id) : 0, sn = strlen(OWN_CALLID_SUFFIX);
	if (!n)
		return false;
	if (n > sn && !strcasecmp(call_id + n - sn, OWN_CALLID_SUFFIX))
		return true;
	for (size_t i = 0; i < st->own.ncall_id; i++)
		if (!strcmp(st->own.call_id[i], call_id))
			return true;
	return false;
}

static bool agent_is_own(const struct store *st, const struct sip_msg *m)
{
	/* a response's Server header is the peer's, never ours */
	str_id agent = store_msg_hdr(st, m)->agent;
	if (m->method == M_NONE || (m->flags & MF_AGENT_SERVER) || !agent)
		return false;
	return !strncasecmp(store_str(st, agent), OWN_AGENT_PREFIX, strlen(OWN_AGENT_PREFIX));
}

bool store_msg_is_own_by_text(const struct store *st, const struct sip_msg *m)
{
	if (!m)
		return false;
	if (store_call_id_is_own(st, store_str(st, store_msg_call_id(st, m))))
		return true;
	if (agent_is_own(st, m))
		return true;
	/* a response is ours when the request it answers is */
	if (m->method == M_NONE && m->txn < st->txns.len) {
		const struct sip_txn *t = store_txn(st, m->txn);
		const struct sip_msg *req = t && t->first_msg != NONE_U32 ? store_msg(st, t->first_msg) : NULL;
		return req && req != m && req->method != M_NONE && agent_is_own(st, req);
	}
	return false;
}

bool store_msg_is_own(const struct store *st, const struct sip_msg *m)
{
	if (!m)
		return false;
	const struct sip_hdrset *h = store_msg_hdr(st, m);
	return store_ep_is_own(st, h->src) || store_ep_is_own(st, h->dst) || store_msg_is_own_by_text(st, m);
}

bool store_reg_is_own(const struct store *st, const struct registration *r)
{
	if (!r)
		return false;
	if (r->own)
		return true;
	/* live: a REGISTER recognised only by its socket (every one of it) */
	const uint32_t *tx = store_reg_txns(st, r);
	bool any = false;
	for (uint32_t k = 0; tx && k < r->txns_count; k++) {
		const struct sip_txn *t = store_txn(st, tx[k]);
		if (!t || t->first_msg == NONE_U32)
			continue;
		const struct sip_hdrset *h = store_msg_hdr(st, store_msg(st, t->first_msg));
		if (!store_ep_is_own(st, h->src) && !store_ep_is_own(st, h->dst))
			return false;
		any = true;
	}
	return any;
}
