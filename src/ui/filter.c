/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * filter.c - which registrations and dialogs the list shows (F7), and the
 * text search (/).  A filter is space-separated terms, all of which must
 * match; a term is "field:text" or bare text that may match any field:
 *
 *   addr:192.0.2.10   aor:2001@   method:INVITE   callid:a84b4c76
 *   payload:nonce=    (any message's text: headers and body, as sngrep's)
 *   node:2            (the HEP capture node its first message came from,
 *                      numbered as the report's nodes[]; the fleet view's Enter
 *                      scopes the list with it)
 *
 * Matching is a case-insensitive substring over the raw store strings; it
 * only decides what is shown, never what is drawn (drawing sanitises).
 * The fleet view's filter (f there) splits its terms the same way and
 * matches them as bare text against each row's own words.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/fleet.h"
#include "store/store.h"
#include "ui/ui.h"

enum field { F_ANY = 0, F_ADDR, F_AOR, F_METHOD, F_CALLID, F_PAYLOAD, F_NODE };

/* Does the text of one of the item's messages (re-read from the capture)
 * hold needle?  Only for payload:, which reads every message of the item. */
static bool payload_has(const struct ui *u, struct item it, const char *needle)
{
	const struct store *st = u->app->store;
	char *buf = malloc(SIP_MSG_MAX + 1);
	if (!buf)
		return false;
	bool hit = false;
	if (it.kind == ITEM_DIALOG) {
		const struct sip_dialog *d = store_dialog(st, it.idx);
		const uint32_t *ms = d ? store_dialog_msgs(st, d) : NULL;
		for (uint32_t i = 0; d && i < d->msgs_count && !hit; i++) {
			long n = store_msg_raw(st, ms[i], buf, SIP_MSG_MAX);
			if (n > 0) {
				buf[n] = 0;
				hit = strcasestr(buf, needle) != NULL;
			}
		}
	} else {
		const struct registration *r = store_reg(st, it.idx);
		const uint32_t *tx = r ? store_reg_txns(st, r) : NULL;
		for (uint32_t i = 0; r && i < r->txns_count && !hit; i++) {
			const struct sip_txn *t = store_txn(st, tx[i]);
			const uint32_t *ms = t ? store_txn_msgs(st, t) : NULL;
			for (uint32_t k = 0; t && k < t->msgs_count && !hit; k++) {
				long n = store_msg_raw(st, ms[k], buf, SIP_MSG_MAX);
				if (n > 0) {
					buf[n] = 0;
					hit = strcasestr(buf, needle) != NULL;
				}
			}
		}
	}
	free(buf);
	return hit;
}

static bool has(const char *hay, const char *needle)
{
	return hay && *needle && strcasestr(hay, needle) != NULL;
}

static bool ep_has(const struct ui *u, ep_id ep, const char *needle)
{
	char buf[80];
	return ep && has(store_ep_fmt(u->app->store, ep, buf, sizeof buf), needle);
}

static const struct sip_msg *first_msg_of(const struct ui *u, struct item it)
{
	const struct store *st = u->app->store;
	if (it.kind == ITEM_REG) {
		const struct registration *r = store_reg(st, it.idx);
		if (!r || !r->txns_count)
			return NULL;
		const struct sip_txn *t = store_txn(st, store_reg_txns(st, r)[0]);
		return t ? store_msg(st, t->first_msg) : NULL;
	}
	const struct sip_dialog *d = store_dialog(st, it.idx);
	if (!d || !d->msgs_count)
		return NULL;
	return store_msg(st, store_dialog_msgs(st, d)[0]);
}

/* node:N is a whole number, compared whole (node:1 is not node:12). */
static bool node_is(const struct ui *u, struct item it, const char *text)
{
	const struct store *st = u->app->store;
	char *end;
	unsigned long want = strtoul(text, &end, 10);
	if (*end || end == text)
		return false;
	uint32_t first = NONE_U32;
	if (it.kind == ITEM_REG) {
		const struct registration *r = store_reg(st, it.idx);
		const struct sip_txn *t = r && r->txns_count ? store_txn(st, store_reg_txns(st, r)[0]) : NULL;
		first = t ? t->first_msg : NONE_U32;
	} else {
		const struct sip_dialog *d = store_dialog(st, it.idx);
		first = d && d->msgs_count ? store_dialog_msgs(st, d)[0] : NONE_U32;
	}
	return first != NONE_U32 && store_msg_node(st, first) == want;
}

static bool field_match(const struct ui *u, struct item it, enum field f, const char *text)
{
	const struct store *st = u->app->store;
	if (f == F_PAYLOAD)
		return payload_has(u, it, text);
	if (f == F_NODE)
		return node_is(u, it, text);
	const struct sip_msg *m = first_msg_of(u, it);
	if (it.kind == ITEM_REG) {
		const struct registration *r = store_reg(st, it.idx);
		if (!r)
			return false;
		if ((f == F_ANY || f == F_ADDR) &&
		    (ep_has(u, r->pbx, text) || ep_has(u, r->server, text) ||
		     has(store_str(st, r->registrar), text)))
			return true;
		if ((f == F_ANY || f == F_AOR) && has(store_str(st, r->aor), text))
			return true;
		if ((f == F_ANY || f == F_METHOD) && has("REGISTER", text))
			return true;
	} else {
		const struct sip_dialog *d = store_dialog(st, it.idx);
		if (!d)
			return false;
		if ((f == F_ANY || f == F_ADDR) &&
		    (ep_has(u, d->caller, text) || ep_has(u, d->callee, text) ||
		     (m && has(store_str(st, store_msg_hdr(st, m)->ruri_host), text))))
			return true;
		if ((f == F_ANY || f == F_AOR) && m &&
		    (has(store_str(st, store_msg_hdr(st, m)->from_uri), text) || has(store_str(st, store_msg_hdr(st, m)->to_uri), text) ||
		     has(store_str(st, store_msg_hdr(st, m)->aor), text)))
			return true;
		if ((f == F_ANY || f == F_METHOD) && d->first_method != M_NONE &&
		    has(sip_method_name((enum sip_method)d->first_method), text))
			return true;
		if ((f == F_ANY || f == F_METHOD) && m && has(store_str(st, store_msg_hdr(st, m)->method_str), text))
			return true;
	}
	if ((f == F_ANY || f == F_CALLID) && m && has(store_str(st, store_msg_call_id(st, m)), text))
		return true;
	return false;
}

static enum field parse_field(const char *term, const char **text)
{
	static const struct { const char *prefix; enum field f; } names[] = {
		{ "addr:", F_ADDR }, { "ip:", F_ADDR }, { "aor:", F_AOR },
		{ "method:", F_METHOD }, { "callid:", F_CALLID }, { "call-id:", F_CALLID },
		{ "payload:", F_PAYLOAD }, { "text:", F_PAYLOAD }, { "node:", F_NODE },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		size_t n = strlen(names[i].prefix);
		if (!strncasecmp(term, names[i].prefix, n)) {
			*text = term + n;
			return names[i].f;
		}
	}
	*text = term;
	return F_ANY;
}

/* Every term of spec (split on blanks) must pass term_ok: the list's
 * filter and search, and the fleet view's filter, read terms alike. */
static bool all_terms(const char *spec, bool (*term_ok)(const char *term, const void *ctx), const void *ctx)
{
	char buf[PROMPT_MAX];
	snprintf(buf, sizeof buf, "%s", spec);
	char *save = NULL;
	for (char *term = strtok_r(buf, " \t", &save); term; term = strtok_r(NULL, " \t", &save))
		if (!term_ok(term, ctx))
			return false;
	return true;
}

struct item_ctx {
	const struct ui *u;
	struct item it;
};

static bool item_term_ok(const char *term, const void *ctx)
{
	const struct item_ctx *c = ctx;
	const char *text;
	enum field f = parse_field(term, &text);
	return !*text || field_match(c->u, c->it, f, text);
}

static bool terms_match(const struct ui *u, struct item it, const char *spec)
{
	struct item_ctx c = { u, it };
	return all_terms(spec, item_term_ok, &c);
}

/* A fleet row's term: bare text, anywhere in what the row shows (the word,
 * the node, the trunk and its registrar, the state, the root cause). */
static bool fleet_term_ok(const char *term, const void *ctx)
{
	const struct fleet_row *row = ctx;
	return has(row->word, term) || has(row->node_text, term) || has(row->trunk_text, term) ||
	       has(row->host, term) || has(row->state, term) || has(row->cause, term) ||
	       (row->root_cause >= 0 && has(check_table[row->root_cause].id, term));
}

bool filter_match_fleet_row(const struct fleet_row *row, const char *spec)
{
	return all_terms(spec, fleet_term_ok, row);
}

bool filter_match_item(const struct ui *u, struct item it)
{
	const char *scope = fleet_scope(u);     /* a fleet row opened: its node and trunk */
	if (scope && !terms_match(u, it, scope))
		return false;
	return !u->app->filter_text[0] || terms_match(u, it, u->app->filter_text);
}

bool text_match_item(const struct ui *u, struct item it, const char *text)
{
	return terms_match(u, it, text);
}
