/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * call_util.c - the calls the checks speak about, and what they read of
 * each: sides, initial INVITEs, offer and answer, raw headers, numbers,
 * codec lists.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/call_util.h"
#include "checks/util.h"
#include "store/store.h"

static bool same_addr(const struct endpoint *a, const struct endpoint *b)
{
	return a && b && a->family == b->family && !memcmp(a->addr, b->addr, a->family == 6 ? 16 : 4);
}

/* The distinct addresses the trunk registers to (the first
 * CALL_SERVERS_MAX: a PBX host has a few trunks, not hundreds). */
static void servers_of(const struct store *st, struct call_servers *sv)
{
	sv->n = 0;
	for (size_t r = 0; r < store_reg_count(st) && sv->n < CALL_SERVERS_MAX; r++) {
		const struct endpoint *e = store_ep(st, store_reg(st, (uint32_t)r)->server);
		bool have = !e || !e->family;
		for (size_t k = 0; k < sv->n && !have; k++)
			have = same_addr(e, &sv->a[k]);
		if (!have)
			sv->a[sv->n++] = *e;
	}
}

/* Is ep a registration's server (the provider as the trunk registers to it)? */
static bool ep_is_server(const struct store *st, const struct call_servers *sv, ep_id ep)
{
	const struct endpoint *e = store_ep(st, ep);
	for (size_t k = 0; k < sv->n; k++)
		if (same_addr(e, &sv->a[k]))
			return true;
	return false;
}

static bool ep_public(const struct store *st, ep_id ep)
{
	return ep && addr_class_public(addr_classify_ep(store_ep(st, ep)));
}

static bool call_reaches_provider(const struct store *st, const struct call_servers *sv, const struct sip_call *c)
{
	return ep_is_server(st, sv, c->caller) || ep_is_server(st, sv, c->callee) ||
	       ep_public(st, c->caller) || ep_public(st, c->callee);
}

static const struct sip_call *walk_here(struct call_walk *w)
{
	const struct store *st = w->ctx->store;
	if (w->ctx->only_call) {
		if (w->i != w->ctx->only_call - 1)
			return NULL;
		return store_call(st, w->i);
	}
	for (; w->i < store_call_count(st); w->i++) {
		const struct sip_call *c = store_call(st, w->i);
		if (w->every || call_reaches_provider(st, &w->servers, c))
			return c;
	}
	return NULL;
}

const struct sip_call *call_walk_first(struct call_walk *w, const struct check_ctx *ctx)
{
	const struct store *st = ctx->store;
	w->ctx = ctx;
	w->i = ctx->only_call ? ctx->only_call - 1 : 0;
	w->every = true;
	servers_of(st, &w->servers);
	for (size_t i = 0; i < store_call_count(st) && !ctx->only_call; i++)
		if (call_reaches_provider(st, &w->servers, store_call(st, (uint32_t)i))) {
			w->every = false;
			break;
		}
	return walk_here(w);
}

const struct sip_call *call_walk_next(struct call_walk *w)
{
	if (w->ctx->only_call)
		return NULL;
	w->i++;
	return walk_here(w);
}

size_t call_trunk_count(const struct check_ctx *ctx)
{
	struct call_walk w;
	size_t n = 0;
	for (const struct sip_call *c = call_walk_first(&w, ctx); c; c = call_walk_next(&w))
		n++;
	return n;
}

bool call_ep_is_provider(const struct call_walk *w, const struct sip_call *c, ep_id ep)
{
	const struct store *st = w->ctx->store;
	const struct endpoint *e = store_ep(st, ep);
	ep_id other = same_addr(e, store_ep(st, c->caller)) ? c->callee : c->caller;
	if (ep_is_server(st, &w->servers, ep))
		return true;
	if (ep_is_server(st, &w->servers, other))
		return false;
	bool pub = ep_public(st, ep), opub = ep_public(st, other);
	if (pub != opub)
		return pub;
	/* both public or both private: the callee of the first INVITE, as a
	 * PBX-side capture mostly shows outbound calls */
	return same_addr(e, store_ep(st, c->callee));
}

bool call_cut_off(const struct check_ctx *ctx, const struct sip_call *c)
{
	if (c->state == CALL_SETUP)
		return ctx->now - c->start < TIMER_B_USEC || c->last_invite == NONE_U32;
	if (c->state == CALL_ANSWERED && c->ack == NONE_U32)
		return ctx->now - c->answered < TIMER_B_USEC;
	return false;
}

size_t call_invites(const struct store *st, const struct sip_call *c, const struct sip_msg **out, size_t max)
{
	const struct sip_dialog *d = store_dialog(st, c->dialog);
	const uint32_t *ids = d ? store_dialog_msgs(st, d) : NULL;
	size_t n = 0;
	uint32_t last_cseq = 0;
	for (uint32_t k = 0; ids && k < d->msgs_count && n < max; k++) {
		const struct sip_msg *m = store_msg(st, ids[k]);
		if (c->answered && m->time > c->answered)
			break;
		if (m->status || m->method != M_INVITE || (m->flags & MF_RETRANS))
			continue;
		if (n && m->cseq == last_cseq)
			continue;
		out[n++] = m;
		last_cseq = m->cseq;
	}
	return n;
}

const struct sip_msg *call_final_of(const struct store *st, const struct sip_msg *invite)
{
	const struct sip_txn *t = store_txn(st, invite->txn);
	return t ? txn_final(st, t) : NULL;
}

static bool has_sdp(const struct store *st, const struct sip_msg *m)
{
	size_t n;
	return store_msg_sdp(st, m, &n) && n;
}

void call_offer_answer(const struct store *st, const struct sip_call *c,
                       const struct sip_msg **offer, const struct sip_msg **answer)
{
	*offer = *answer = NULL;
	if (c->last_invite == NONE_U32)
		return;
	const struct sip_msg *inv = store_msg(st, c->last_invite);
	const struct sip_dialog *d = store_dialog(st, c->dialog);
	const uint32_t *ids = store_dialog_msgs(st, d);
	bool early = has_sdp(st, inv);
	if (early)
		*offer = inv;
	for (uint32_t k = 0; k < d->msgs_count; k++) {
		const struct sip_msg *m = store_msg(st, ids[k]);
		if (m->cseq != inv->cseq || !has_sdp(st, m))
			continue;
		if (early && m->status >= 180 && m->status < 300 && m->cseq_method == M_INVITE) {
			*answer = m;
			return;
		}
		if (!early && !*offer && m->status >= 200 && m->status < 300 && m->cseq_method == M_INVITE)
			*offer = m;
		else if (!early && *offer && !m->status && m->method == M_ACK) {
			*answer = m;
			return;
		}
	}
}

const char *msg_header(const struct store *st, const struct sip_msg *m, const char *name,
                       char compact, char *out, size_t size)
{
	out[0] = '\0';
	if (!size || !m->wire_len)
		return out;
	char *raw = malloc(m->wire_len + 1u);
	if (!raw)
		return out;
	long n = store_msg_bytes(st, m, raw, m->wire_len);
	size_t nl = strlen(name);
	for (long i = 0; n > 0 && i < n;) {
		long e = i;
		while (e < n && raw[e] != '\n')
			e++;
		long len = e - i;
		if (len > 0 && raw[i + len - 1] == '\r')
			len--;
		if (len == 0)
			break;                        /* end of the headers */
		const char *l = raw + i;
		size_t hn = 0;
		if ((size_t)len > nl && !strncasecmp(l, name, nl))
			hn = nl;
		else if (compact && len > 1 && tolower((unsigned char)l[0]) == tolower((unsigned char)compact) &&
		         (l[1] == ':' || l[1] == ' ' || l[1] == '\t'))
			hn = 1;
		if (hn) {
			size_t j = hn;
			while (j < (size_t)len && (l[j] == ' ' || l[j] == '\t'))
				j++;
			if (j < (size_t)len && l[j] == ':') {
				j++;
				while (j < (size_t)len && (l[j] == ' ' || l[j] == '\t'))
					j++;
				size_t k = (size_t)len - j;
				if (k >= size)
					k = size - 1;
				memcpy(out, l + j, k);
				out[k] = '\0';
				break;
			}
		}
		i = e + 1;
	}
	free(raw);
	return out;
}

void uri_number(const char *uri, char *out, size_t size)
{
	out[0] = '\0';
	if (!size)
		return;
	const char *s = uri;
	const char *lt = strchr(s, '<');
	if (lt)
		s = lt + 1;
	while (*s == ' ')
		s++;
	if (!strncasecmp(s, "tel:", 4)) {
		s += 4;
		size_t k = strcspn(s, ";>");
		snprintf(out, size, "%.*s", (int)k, s);
		return;
	}
	const char *colon = strchr(s, ':');
	if (colon && (size_t)(colon - s) <= 4)
		s = colon + 1;
	const char *at = strchr(s, '@');
	const char *end = s + strcspn(s, ";>");
	if (!at || at > end)
		return;
	size_t k = strcspn(s, ";@:>");
	snprintf(out, size, "%.*s", (int)k, s);
}

bool number_is_e164(const char *num)
{
	if (num[0] != '+')
		return false;
	size_t digits = 0;
	for (const char *p = num + 1; *p; p++) {
		if (isdigit((unsigned char)*p)) {
			if (!digits && *p == '0')
				return false;          /* no country code starts with 0 */
			digits++;
		} else if (!strchr("-. ()", *p)) {
			return false;          /* visual separators only (RFC 3966) */
		}
	}
	return digits >= 8 && digits <= 15;
}

bool text_has_any(const char *text, const char *const *words)
{
	for (; *words; words++)
		if (strcasestr(text, *words))
			return true;
	return false;
}

/* Calls fn on each "PT NAME" entry of a list (NAME may be empty). */
static void codecs_each(const char *list, void (*fn)(void *arg, const char *name, size_t len), void *arg)
{
	const char *p = list;
	while (*p) {
		while (*p == ' ')
			p++;
		const char *pt = p;
		while (*p && *p != ' ')
			p++;
		if (p == pt)
			break;
		/* a name follows a number; a token that is not a number (t38) is its own name */
		bool num = isdigit((unsigned char)*pt);
		const char *name = p, *ne = p;
		if (num && *p == ' ' && p[1] && !isdigit((unsigned char)p[1])) {
			name = p + 1;
			ne = name;
			while (*ne && *ne != ' ')
				ne++;
			p = ne;
		} else if (!num) {
			name = pt;
			ne = p;
		}
		fn(arg, name, (size_t)(ne - name));
	}
}

struct names_acc {
	char *out;
	size_t size;
};

static void names_add(void *arg, const char *name, size_t len)
{
	struct names_acc *a = arg;
	if (!len)
		return;
	size_t used = strlen(a->out);
	if (used + len + 2 >= a->size)
		return;
	if (used)
		a->out[used++] = ' ';
	memcpy(a->out + used, name, len);
	a->out[used + len] = '\0';
}

void codecs_names(const char *list, char *out, size_t size)
{
	if (!size)
		return;
	out[0] = '\0';
	struct names_acc a = { out, size };
	codecs_each(list, names_add, &a);
	/* dynamic types without rtpmap have no name: say so rather than nothing */
	if (!out[0] && list[0])
		snprintf(out, size, "payload types %s", list);
}

/* Not a codec that carries the call: DTMF events, comfort noise, redundancy. */
static bool codec_is_aux(const char *name, size_t len)
{
	static const char *const aux[] = { "telephone-event", "CN", "red", "ulpfec", "rtx" };
	size_t n = strcspn(name, "/");
	if (n > len)
		n = len;
	for (size_t i = 0; i < sizeof aux / sizeof *aux; i++)
		if (strlen(aux[i]) == n && !strncasecmp(name, aux[i], n))
			return true;
	return false;
}

/* Length of "NAME/RATE" in "NAME/RATE/CHANNELS". */
static size_t name_rate_len(const char *s, size_t len)
{
	const char *slash = memchr(s, '/', len);
	if (!slash)
		return len;
	const char *second = memchr(slash + 1, '/', len - (size_t)(slash + 1 - s));
	return second ? (size_t)(second - s) : len;
}

struct share_acc {
	const char *other;
	bool shared;
};

static void other_has(void *arg, const char *name, size_t len)
{
	struct share_acc *a = arg;
	if (!len || codec_is_aux(name, len) || a->shared)
		return;
	/* compare NAME/RATE, not the channels ("PCMU/8000/1" is "PCMU/8000") */
	size_t ml = name_rate_len(name, len);
	char names[SDP_CODECS_ROOM];
	codecs_names(a->other, names, sizeof names);
	for (const char *p = names; *p;) {
		size_t k = strcspn(p, " ");
		if (name_rate_len(p, k) == ml && !strncasecmp(p, name, ml)) {
			a->shared = true;
			return;
		}
		p += k;
		while (*p == ' ')
			p++;
	}
}

bool codecs_share(const char *a, const char *b)
{
	struct share_acc acc = { b, false };
	codecs_each(a, other_has, &acc);
	return acc.shared;
}
