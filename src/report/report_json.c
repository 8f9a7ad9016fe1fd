/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * report_json.c - the batch report for scripts (--report=json) and for the
 * export; the schema is doc/json.md and is kept stable.
 *
 * report_json_object() builds the whole tree.  report_json() writes the
 * same document but streams the registrations and dialogs one at a time,
 * so a million-message capture never becomes a million json-c objects at
 * once.  Both use the same fill functions below, so the shape cannot drift.
 *
 * The report is a third of a run, so the streamed path is built for speed
 * (json-c still writes every byte of it):
 *   - it reuses its json-c objects: one registration and one dialog object,
 *     and pools of message, event and attempt objects, whose members are
 *     set in place (json_object_set_*) rather than built, serialised and
 *     freed per message;
 *   - endpoints are the store's text (store_ep_text); times without
 *     snprintf (rep_time);
 *   - with two threads (TRUNKDOC_THREADS, as for parsing) the items are
 *     written in blocks: the main thread serialises the first half of a
 *     block straight to the output while a worker serialises the second
 *     half into a buffer, which the main thread then writes, so the bytes
 *     and their order are those of one thread.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/printbuf.h>

#include "app/app.h"
#include "app/nodes.h"
#include "app/pipeline.h"
#include "base/json_fill.h"
#include "base/threads.h"
#include "probe/probe.h"
#include "report/report.h"
#include "report/report_calls.h"
#include "report/report_util.h"
#include "store/store.h"

#define JSON_SCHEMA_VERSION 2   /* 2: trunks[], registrations[].role (issue 15) */

static void add_str(struct json_object *o, const char *key, const char *s)
{
	char b[REPORT_STR * 2];
	json_object_object_add(o, key, json_object_new_string(rep_text(s, b, sizeof b)));
}

static void add_str_or_null(struct json_object *o, const char *key, const char *s)
{
	if (s)
		add_str(o, key, s);
	else
		json_object_object_add(o, key, NULL);
}

static void add_time(struct json_object *o, const char *key, usec_t t)
{
	char b[40];
	json_object_object_add(o, key, json_object_new_string(rep_time(t, b, sizeof b)));
}

static void add_int(struct json_object *o, const char *key, int64_t v)
{
	json_object_object_add(o, key, json_int_new(v));
}

static void add_bool(struct json_object *o, const char *key, bool v)
{
	json_object_object_add(o, key, json_object_new_boolean(v));
}

static struct json_object *capture_json(const struct app *a)
{
	const struct store *st = a->store;
	const struct capture_stats *cs = store_stats_c(st);
	struct json_object *c = json_object_new_object();
	struct json_object *src = json_object_new_array();
	for (size_t i = 0; i < store_source_count(st); i++) {
		char b[REPORT_STR * 4];
		const struct store_source *s = store_source_get(st, (uint16_t)i);
		json_object_array_add(src, json_object_new_string(rep_text(s->name, b, sizeof b)));
	}
	json_object_object_add(c, "source", src);
	add_int(c, "packets", (int64_t)cs->packets);
	add_int(c, "sip_messages", (int64_t)store_msg_count(st));
	add_int(c, "malformed", (int64_t)cs->malformed);
	add_int(c, "dropped", cs->dropped);
	add_int(c, "queue_dropped", (int64_t)cs->queue_dropped);
	add_int(c, "tls_records", (int64_t)cs->tls_records);
	add_int(c, "truncated", (int64_t)cs->truncated);
	add_int(c, "snaplen_cut", (int64_t)cs->snap_cut);
	add_int(c, "limit_dropped", (int64_t)cs->limit_dropped);
	add_int(c, "limit_dropped_open", (int64_t)cs->limit_dropped_open);
	struct json_object *hep = json_object_new_object();
	add_int(hep, "packets", (int64_t)cs->hep_packets);
	add_int(hep, "malformed", (int64_t)cs->hep_malformed);
	add_int(hep, "refused", (int64_t)cs->hep_refused);
	add_int(hep, "not_sip", (int64_t)cs->hep_not_sip);
	add_int(hep, "nodes", (int64_t)store_node_count(st));
	json_object_object_add(c, "hep", hep);
	add_int(c, "rtp_packets", (int64_t)cs->rtp_packets);
	add_int(c, "rtp_streams", (int64_t)store_rtp_count(st));
	if (cs->packets) {
		add_time(c, "first", cs->first);
		add_time(c, "last", cs->last);
	} else {
		json_object_object_add(c, "first", NULL);
		json_object_object_add(c, "last", NULL);
	}
	struct json_object *w = json_object_new_array();
	if (a->pipe)
		for (size_t i = 0; i < pipeline_warning_count(a->pipe); i++) {
			char b[REPORT_STR * 4];
			json_object_array_add(w, json_object_new_string(rep_text(pipeline_warning(a->pipe, i), b, sizeof b)));
		}
	json_object_object_add(c, "warnings", w);
	return c;
}

/* The trunk profile as the operator gave it.  Never the password: only
 * whether one was given. */
static struct json_object *profile_json(const struct app *a)
{
	const struct profile *p = &a->profile;
	struct json_object *o = json_object_new_object();
	add_str(o, "name", p->name);
	add_str(o, "registrar", p->registrar);
	add_str(o, "user", p->user);
	add_str(o, "auth_user", p->auth_user);
	add_str(o, "realm", p->realm);
	add_str(o, "transport", p->transport);
	add_str(o, "public_ip", p->public_ip);
	add_str(o, "outbound_proxy", p->outbound_proxy);
	add_int(o, "expires", p->expires);
	add_str(o, "origin", p->origin);
	add_bool(o, "password_given", a->password.set);
	return o;
}

static struct json_object *check_json(const struct finding *findings, size_t i)
{
	const struct check_def *c = &check_table[i];
	const struct finding *f = &findings[i];
	struct json_object *o = json_object_new_object();
	add_str(o, "id", c->id);
	json_object_object_add(o, "group", json_object_new_string(group_id(c->group)));
	json_object_object_add(o, "kind", json_object_new_string(kind_name(c->kind)));
	add_str(o, "title", c->title);
	json_object_object_add(o, "verdict", json_object_new_string(verdict_name(f->verdict)));
	add_str(o, "summary", f->summary);
	struct json_object *ev = json_object_new_array(), *det = json_object_new_array();
	for (size_t e = 0; e < f->nev && e < EVIDENCE_MAX; e++) {
		if (f->ev[e].frame)
			json_object_array_add(ev, json_int_new(f->ev[e].frame));
		struct json_object *d = json_object_new_object();
		json_object_object_add(d, "frame", f->ev[e].frame ? json_int_new(f->ev[e].frame) : NULL);
		if (f->ev[e].time)
			add_time(d, "time", f->ev[e].time);
		else
			json_object_object_add(d, "time", NULL);
		add_str(d, "text", f->ev[e].text);
		json_object_array_add(det, d);
	}
	json_object_object_add(o, "evidence", ev);
	json_object_object_add(o, "evidence_detail", det);
	add_int(o, "evidence_dropped", (int64_t)f->ev_dropped);
	add_str(o, "advice", f->advice);
	add_bool(o, "marked", f->marked);
	add_str(o, "note", f->note);
	if (c->kind & K_MAN)
		add_str(o, "how", c->how);
	return o;
}

static struct json_object *checks_json(const struct finding *findings)
{
	struct json_object *arr = json_object_new_array();
	for (size_t i = 0; i < check_count; i++)
		json_object_array_add(arr, check_json(findings, i));
	return arr;
}

static struct json_object *root_cause_json(const struct finding *findings, const char *trunk)
{
	int i = checks_root_cause(findings);
	if (i < 0)
		return NULL;
	struct json_object *o = json_object_new_object();
	add_str(o, "id", check_table[i].id);
	add_str(o, "summary", findings[i].summary);
	if (trunk)
		add_str(o, "trunk", trunk);
	return o;
}

/* One checklist per trunk (doc/json.md, "trunks"). */
static struct json_object *trunks_json(const struct app *a)
{
	const struct roles *ro = &a->roles;
	struct json_object *arr = json_object_new_array();
	for (size_t k = 0; k < ro->ntrunk; k++) {
		const struct trunk *t = &ro->trunks[k];
		struct json_object *o = json_object_new_object(), *regs = json_object_new_array();
		add_str(o, "name", t->name);
		json_object_object_add(o, "decided_by", json_object_new_string(
			t->named_by_profile ? "profile" : t->all_together ? "all-together" : "roles"));
		for (size_t i = 0; i < t->nreg; i++)
			json_object_array_add(regs, json_int_new(t->regs[i]));
		json_object_object_add(o, "registrations", regs);
		json_object_object_add(o, "root_cause", t->findings ? root_cause_json(t->findings, NULL) : NULL);
		json_object_object_add(o, "checks", t->findings ? checks_json(t->findings) : json_object_new_array());
		json_object_array_add(arr, o);
	}
	return arr;
}

/* Everything one thread needs to fill and write items. */
struct jctx {
	const struct store *st;
	const struct roles *roles;   /* NULL: no roles (every registration "other") */
	bool reuse;                  /* keep objects for the next item (streaming) */
	struct jo dlg, reg;
	struct jpool req, resp, ev, att;
	struct printbuf *buf;        /* the worker's output */
	bool nodes;                  /* HEP capture nodes: messages say theirs */
	struct json_object *call;    /* the call item last written (streaming) */
};

static void jctx_init(struct jctx *c, const struct store *st, bool reuse)
{
	memset(c, 0, sizeof *c);
	c->st = st;
	c->reuse = reuse;
	c->nodes = store_node_count(st) > 0;
}

static void jctx_free(struct jctx *c)
{
	jo_free(&c->dlg);
	jo_free(&c->reg);
	json_object_put(c->call);
	pool_free(&c->req);
	pool_free(&c->resp);
	pool_free(&c->ev);
	pool_free(&c->att);
	if (c->buf)
		printbuf_free(c->buf);
}

/* Adds a filled child to arr.  Streaming, the pool keeps the object for
 * the next item and the array takes a second reference (dropped when the
 * array is cleared); building a tree, the array takes it and the pool
 * makes a new one next time. */
static void jo_append(struct jctx *c, struct json_object *arr, struct jo *j)
{
	if (c->reuse) {
		json_object_array_add(arr, json_object_get(j->o));
	} else {
		json_object_array_add(arr, j->o);
		j->o = NULL;
	}
}

/* "192.0.2.1:5060", or NULL (json null) for no endpoint.  The store keeps
 * the text, and nothing adds endpoints while a report is written, so both
 * threads may read it. */
static const char *ep_str(const struct jctx *c, ep_id e)
{
	return e ? store_ep_text(c->st, e) : NULL;
}

/* A pooled string made safe, or NULL (json null) for none. */
static const char *pool_str(const struct store *st, str_id id, char *b, size_t len)
{
	return id ? rep_str(st, id, b, len) : NULL;
}

static void msg_fill(struct jctx *c, struct jo *j, const struct sip_msg *m)
{
	static const struct { uint32_t bit; const char *name; } flag_names[] = {
		{ MF_MALFORMED, "malformed" }, { MF_RETRANS, "retransmission" },
		{ MF_REASSEMBLED, "reassembled" }, { MF_IP_FRAGMENTED, "ip-fragmented" },
		{ MF_BAD_CLEN, "bad-content-length" }, { MF_TRUNCATED, "truncated" },
		{ MF_COMPACT, "compact-headers" }, { MF_JUNK_BEFORE, "junk-before" },
		{ MF_NO_REASON, "no-reason-phrase" },
	};
	char t[40], b[REPORT_STR];
	jo_begin(j);
	jo_int(j, "frame", true, m->frame);
	jo_str(j, "time", rep_time(m->time, t, sizeof t));
	jo_str(j, "src", ep_str(c, store_msg_hdr(c->st, m)->src));
	jo_str(j, "dst", ep_str(c, store_msg_hdr(c->st, m)->dst));
	jo_str(j, "transport", transport_name((enum transport)m->transport));
	if (c->nodes)
		jo_int(j, "node", true, store_msg_node(c->st, (uint32_t)(m - store_msg(c->st, 0))));
	if (m->status) {
		jo_int(j, "status", true, m->status);
		jo_str(j, "reason", pool_str(c->st, store_msg_hdr(c->st, m)->reason, b, sizeof b));
	} else {
		jo_str(j, "method", rep_msg_label(c->st, m, b, sizeof b));
	}
	jo_int(j, "cseq", true, m->cseq);
	jo_bool(j, "retransmission", (m->flags & MF_RETRANS) != 0);
	jo_bool(j, "malformed", (m->flags & MF_MALFORMED) != 0);
	/* a reused array keeps its names while the bits stay the same */
	struct json_object *fl = jo_arr(j, "flags");
	uint32_t bits = m->flags;
	if (j->fresh || bits != j->flags) {
		arr_clear(fl);
		for (size_t i = 0; i < sizeof flag_names / sizeof *flag_names; i++)
			if (bits & flag_names[i].bit)
				json_object_array_add(fl, json_object_new_string(flag_names[i].name));
		j->flags = bits;
	}
}

static struct json_object *dialog_fill(struct jctx *c, uint32_t di)
{
	const struct store *st = c->st;
	const struct sip_dialog *d = store_dialog(st, di);
	struct jo *j = &c->dlg;
	char t[40], b[REPORT_STR];
	jo_begin(j);
	jo_str(j, "call_id", pool_str(st, d->call_id, b, sizeof b));
	jo_str(j, "method", d->first_method ? sip_method_name((enum sip_method)d->first_method) : NULL);
	jo_int(j, "last_status", d->last_status != 0, d->last_status);
	jo_str(j, "first", rep_time(d->first_time, t, sizeof t));
	jo_str(j, "last", rep_time(d->last_time, t, sizeof t));
	jo_str(j, "caller", ep_str(c, d->caller));
	jo_str(j, "callee", ep_str(c, d->callee));
	struct json_object *arr = jo_arr(j, "messages");
	arr_clear(arr);
	const uint32_t *ids = store_dialog_msgs(st, d);
	size_t nreq = 0, nresp = 0;
	for (uint32_t k = 0; k < d->msgs_count; k++) {
		const struct sip_msg *m = store_msg(st, ids[k]);
		struct jo *mj = m->status ? pool_at(&c->resp, nresp++) : pool_at(&c->req, nreq++);
		msg_fill(c, mj, m);
		jo_append(c, arr, mj);
	}
	return j->o;
}

static bool ri_ok(const struct roles *ro, uint32_t i)
{
	return i < ro->nreg;
}

static struct json_object *reg_fill(struct jctx *c, uint32_t ri)
{
	const struct store *st = c->st;
	const struct registration *r = store_reg(st, ri);
	struct jo *j = &c->reg;
	char t[40], b[REPORT_STR];
	jo_begin(j);
	jo_str(j, "aor", pool_str(st, r->aor, b, sizeof b));
	jo_str(j, "registrar", pool_str(st, r->registrar, b, sizeof b));
	jo_str(j, "pbx", ep_str(c, r->pbx));
	jo_str(j, "server", ep_str(c, r->server));
	jo_str(j, "state", reg_state_name((enum reg_state)r->state));
	if (c->nodes)
		jo_int(j, "node", true, registration_node(st, r));
	jo_int(j, "last_status", r->last_status != 0, r->last_status);
	jo_int(j, "granted_expires", r->granted_expires >= 0, r->granted_expires);
	jo_str(j, "first", rep_time(r->first_time, t, sizeof t));
	jo_str(j, "last", rep_time(r->last_time, t, sizeof t));
	const struct reg_role_info *role = c->roles && ri_ok(c->roles, ri) ? &c->roles->reg[ri] : NULL;
	jo_str(j, "role", role_name(role ? (enum reg_role)role->role : ROLE_OTHER));
	jo_str(j, "role_decided_by", role ? role->why : NULL);
	jo_bool(j, "own", role && role->own);
	jo_int(j, "trunk", role && role->trunk >= 0, role ? role->trunk : 0);
	jo_str(j, "verdict", verdict_name(role ? role->verdict : V_UNKNOWN));
	jo_str(j, "verdict_text", role ? role->verdict_text : NULL);

	struct json_object *tl = jo_arr(j, "timeline");
	arr_clear(tl);
	const struct reg_event *ev = store_reg_events(st, r);
	for (uint32_t k = 0; k < r->events_count; k++) {
		struct jo *e = pool_at(&c->ev, k);
		const struct sip_msg *m = store_msg(st, ev[k].msg);
		jo_begin(e);
		jo_str(e, "time", rep_time(ev[k].time, t, sizeof t));
		jo_str(e, "state", reg_state_name((enum reg_state)ev[k].state));
		jo_int(e, "frame", true, m ? m->frame : 0);
		jo_append(c, tl, e);
	}

	struct json_object *att = jo_arr(j, "attempts");
	arr_clear(att);
	const uint32_t *txns = store_reg_txns(st, r);
	for (uint32_t k = 0; k < r->txns_count; k++) {
		const struct sip_txn *tx = store_txn(st, txns[k]);
		const struct sip_msg *q = store_msg(st, tx->first_msg);
		const struct sip_msg *f = tx->final_msg != NONE_U32 ? store_msg(st, tx->final_msg) : NULL;
		struct jo *e = pool_at(&c->att, k);
		jo_begin(e);
		jo_int(e, "frame", true, q->frame);
		jo_str(e, "time", rep_time(q->time, t, sizeof t));
		jo_int(e, "cseq", true, q->cseq);
		jo_bool(e, "orphan", tx->orphan);
		jo_int(e, "request_copies", true, tx->request_copies);
		bool creds = false;
		struct sip_auth ab;
		const struct sip_auth *au;
		for (uint16_t x = 0; !tx->orphan && x < q->auth_count && (au = store_auth(st, q, x, &ab)); x++)
			creds |= au->kind == AUTH_AUTHORIZATION || au->kind == AUTH_PROXY_AUTHORIZATION;
		jo_bool(e, "credentials", creds);
		jo_int(e, "expires", !tx->orphan && store_msg_hdr(st, q)->expires >= 0, store_msg_hdr(st, q)->expires);
		jo_int(e, "status", f != NULL, f ? f->status : 0);
		jo_str(e, "reason", f ? pool_str(st, store_msg_hdr(st, f)->reason, b, sizeof b) : NULL);
		jo_int(e, "final_frame", f != NULL, f ? f->frame : 0);
		jo_str(e, "final_time", f ? rep_time(f->time, t, sizeof t) : NULL);
		jo_append(c, att, e);
	}
	return j->o;
}

/* A node's trunks[]: each judged in the node's own store, with its state
 * (its registrations' worst short verdict), its root cause and its
 * verdicts (doc/json.md, "nodes"). */
static struct json_object *node_trunks_json(const struct node_result *nr)
{
	struct json_object *arr = json_object_new_array();
	for (size_t t = 0; nr && t < nr->ntrunk; t++) {
		const struct node_trunk *nt = &nr->trunks[t];
		struct json_object *o = json_object_new_object();
		add_str(o, "name", nt->name);
		add_str(o, "decided_by", nt->decided_by);
		add_int(o, "registrations", (int64_t)nt->nreg);
		add_str(o, "state", nt->state);
		add_str(o, "state_verdict", verdict_name(nt->state_verdict));
		add_bool(o, "failing", nt->failing);
		struct json_object *rc = NULL;
		if (nt->root_cause >= 0) {
			rc = json_object_new_object();
			add_str(rc, "id", check_table[nt->root_cause].id);
			add_str(rc, "title", check_table[nt->root_cause].title);
			add_str(rc, "summary", nt->findings[nt->root_cause].summary);
		}
		json_object_object_add(o, "root_cause", rc);
		struct json_object *ch = json_object_new_object();
		for (size_t c = 0; c < check_count; c++)
			if (nt->findings[c].verdict != V_UNKNOWN)
				add_str(ch, check_table[c].id, verdict_name(nt->findings[c].verdict));
		json_object_object_add(o, "verdicts", ch);
		json_object_array_add(arr, o);
	}
	return arr;
}

/* nodes[]: one per HEP capture node (a PBX or agent), with the
 * registrations its PBX sent, its own checklist's root cause and whether
 * any of its checks fails (app/nodes.h).  Local capture (node 0) is the
 * report's own checklist, not listed. */
static struct json_object *nodes_json(const struct app *a)
{
	const struct store *st = a->store;
	struct json_object *arr = json_object_new_array();
	size_t n = store_node_count(st);
	for (size_t k = 1; k <= n; k++) {
		const struct capture_node *cn = store_node_get(st, (uint16_t)k);
		struct json_object *o = json_object_new_object();
		char b[REPORT_STR * 2];
		add_int(o, "node", (int64_t)k);
		add_int(o, "capture_id", cn->capture_id);
		add_str(o, "agent", store_ep_text(st, cn->agent));
		json_object_object_add(o, "name", cn->name ? json_object_new_string(rep_str(st, cn->name, b, sizeof b)) : NULL);
		add_int(o, "hep_version", cn->hep_version);
		add_int(o, "hep_packets", (int64_t)cn->hep_packets);
		struct json_object *regs = json_object_new_array();
		for (uint32_t i = 0; i < store_reg_count(st); i++) {
			const struct registration *r = store_reg(st, i);
			if (registration_node(st, r) != k)
				continue;
			struct json_object *ro = json_object_new_object();
			add_int(ro, "index", i);
			json_object_object_add(ro, "aor", json_object_new_string(rep_str(st, r->aor, b, sizeof b)));
			add_str(ro, "state", reg_state_name((enum reg_state)r->state));
			if (r->last_status)
				add_int(ro, "last_status", r->last_status);
			else
				json_object_object_add(ro, "last_status", NULL);
			json_object_array_add(regs, ro);
		}
		json_object_object_add(o, "registrations", regs);
		const struct node_result *nr = k <= a->nnode_results ? &a->node_results[k - 1] : NULL;
		add_int(o, "messages", nr ? nr->messages : 0);
		add_bool(o, "failing", nr && nr->failing);
		struct json_object *rc = NULL;
		if (nr && nr->root_cause >= 0) {
			const struct check_def *d = &check_table[nr->root_cause];
			const struct finding *f = &nr->findings[nr->root_cause];
			rc = json_object_new_object();
			add_str(rc, "id", d->id);
			add_str(rc, "title", d->title);
			add_str(rc, "summary", f->summary);
		}
		json_object_object_add(o, "root_cause", rc);
		struct json_object *ch = json_object_new_object();
		for (size_t c = 0; nr && c < check_count; c++)
			if (nr->findings[c].verdict != V_UNKNOWN)
				add_str(ch, check_table[c].id, verdict_name(nr->findings[c].verdict));
		json_object_object_add(o, "verdicts", ch);
		add_str_or_null(o, "pbx", nr && nr->pbx[0] ? nr->pbx : NULL);
		add_int(o, "extensions", nr ? (int64_t)nr->nextensions : 0);
		json_object_object_add(o, "trunks", node_trunks_json(nr));
		json_object_array_add(arr, o);
	}
	return arr;
}

/* Everything but the registrations and dialogs. */
static struct json_object *head_json(const struct app *a)
{
	struct json_object *o = json_object_new_object();
	char why[512];
	add_int(o, "version", JSON_SCHEMA_VERSION);
	add_str_or_null(o, "nothing_to_judge", app_nothing_to_judge(a, why, sizeof why) ? why : NULL);
	json_object_object_add(o, "capture", capture_json(a));
	json_object_object_add(o, "profile", profile_json(a));
	json_object_object_add(o, "checks", checks_json(a->findings));
	json_object_object_add(o, "root_cause",
		root_cause_json(a->findings, a->roles.ntrunk ? a->roles.trunks[0].name : NULL));
	add_str_or_null(o, "pbx", a->roles.pbx[0] ? a->roles.pbx : NULL);
	json_object_object_add(o, "trunks", trunks_json(a));
	json_object_object_add(o, "nodes", nodes_json(a));
	if (a->probes)
		json_object_object_add(o, "probes", probe_results_json(a->probes));
	return o;
}

struct json_object *report_json_object(const struct app *a)
{
	struct json_object *o = head_json(a);
	const struct store *st = a->store;
	struct jctx c;
	jctx_init(&c, st, false);
	c.roles = &a->roles;
	struct json_object *regs = json_object_new_array();
	for (uint32_t i = 0; i < store_reg_count(st); i++) {
		reg_fill(&c, i);
		jo_append(&c, regs, &c.reg);
	}
	json_object_object_add(o, "registrations", regs);
	struct json_object *dlgs = json_object_new_array();
	for (uint32_t i = 0; i < store_dialog_count(st); i++) {
		dialog_fill(&c, i);
		jo_append(&c, dlgs, &c.dlg);
	}
	json_object_object_add(o, "dialogs", dlgs);
	json_object_object_add(o, "calls", calls_json(st));
	jctx_free(&c);
	return o;
}

/* ---- streaming ---- */

#define JSON_FLAGS (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

/* One streamed array: fill(c, i) fills item i and returns its object;
 * weight(st, i) is about how many objects it holds (to cut blocks). */
struct jarray {
	struct json_object *(*fill)(struct jctx *c, uint32_t i);
	size_t (*weight)(const struct store *st, uint32_t i);
	uint32_t count;
};

static size_t dialog_weight(const struct store *st, uint32_t i)
{
	return 1 + store_dialog(st, i)->msgs_count;
}

/* A call is built afresh (calls are few beside messages) and dropped when
 * the next one is built, so the report never holds them all. */
static struct json_object *call_fill(struct jctx *c, uint32_t i)
{
	json_object_put(c->call);
	c->call = call_json(c->st, i);
	return c->call;
}

static size_t call_weight(const struct store *st, uint32_t i)
{
	size_t n;
	const struct sip_call *call = store_call(st, i);
	store_call_streams(st, call, &n);
	return 8 + n;
}

static size_t reg_weight(const struct store *st, uint32_t i)
{
	const struct registration *r = store_reg(st, i);
	return 1 + r->events_count + r->txns_count;
}

/* Writes items [from, to) of the array: to out, or to c->buf when out is
 * NULL.  Each item is "\n    " plus its JSON, with a comma before all but
 * the array's first. */
static void write_items(FILE *out, struct jctx *c, const struct jarray *ja, uint32_t from, uint32_t to)
{
	for (uint32_t i = from; i < to; i++) {
		size_t n;
		const char *js = json_object_to_json_string_length(ja->fill(c, i), JSON_FLAGS, &n);
		const char *sep = i ? ",\n    " : "\n    ";
		if (out) {
			fputs(sep, out);
			fwrite(js, 1, n, out);
		} else {
			printbuf_memappend(c->buf, sep, (int)strlen(sep));
			printbuf_memappend(c->buf, js, (int)n);
		}
	}
}

struct job {
	struct jctx *c;
	const struct jarray *ja;
	uint32_t from, to;
};

static void *job_run(void *arg)
{
	struct job *jb = arg;
	write_items(NULL, jb->c, jb->ja, jb->from, jb->to);
	return NULL;
}

/* A block is about this many objects (a few MB of JSON: the worker's
 * buffer holds half of one); smaller blocks are not worth a thread. */
#ifndef BLOCK_WEIGHT
#define BLOCK_WEIGHT 4096
#endif
#ifndef SPLIT_MIN_WEIGHT
#define SPLIT_MIN_WEIGHT 2048
#endif

/* Writes the items of ja, block by block; with a worker context, the
 * worker serialises the second half of each block (by weight) into its
 * buffer while this thread writes the first half, then this thread writes
 * the buffer: the same bytes in the same order as one thread. */
static void write_array(FILE *out, struct jctx *c, struct jctx *wc, const struct jarray *ja)
{
	const struct store *st = c->st;
	uint32_t i = 0;
	while (i < ja->count) {
		uint32_t end = i;
		size_t w = 0;
		while (end < ja->count && w < BLOCK_WEIGHT)
			w += ja->weight(st, end++);
		pthread_t t;
		struct job jb = { wc, ja, i, end };
		if (wc && w >= SPLIT_MIN_WEIGHT) {
			size_t h = 0;
			while (jb.from < end && 2 * h < w)
				h += ja->weight(st, jb.from++);
			printbuf_reset(wc->buf);
			if (pthread_create(&t, NULL, job_run, &jb) == 0) {
				write_items(out, c, ja, i, jb.from);
				pthread_join(t, NULL);
				fwrite(wc->buf->buf, 1, (size_t)wc->buf->bpos, out);
				i = end;
				continue;
			}
		}
		write_items(out, c, ja, i, end);
		i = end;
	}
}

void report_json(FILE *out, const struct app *a)
{
	const struct store *st = a->store;
	struct json_object *head = head_json(a);
	const char *h = json_object_to_json_string_ext(head, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
	                                               JSON_C_TO_STRING_NOSLASHESCAPE);
	/* the head ends in "}": reopen it to add the two streamed arrays */
	size_t n = strlen(h);
	while (n && h[n - 1] != '}')
		n--;
	fwrite(h, 1, n ? n - 1 : 0, out);
	json_object_put(head);

	/* json-c objects belong to one thread: each thread has its context */
	struct jctx c, wcx, *wc = NULL;
	jctx_init(&c, st, true);
	c.roles = &a->roles;
	if (threads_wanted() > 1) {
		jctx_init(&wcx, st, true);
		wcx.roles = &a->roles;
		if ((wcx.buf = printbuf_new()))
			wc = &wcx;
		else
			jctx_free(&wcx);
	}
	const struct jarray regs = { reg_fill, reg_weight, (uint32_t)store_reg_count(st) };
	const struct jarray dlgs = { dialog_fill, dialog_weight, (uint32_t)store_dialog_count(st) };
	const struct jarray calls = { call_fill, call_weight, (uint32_t)store_call_count(st) };

	fprintf(out, ",\n  \"registrations\": [");
	write_array(out, &c, wc, &regs);
	fprintf(out, "%s],\n  \"dialogs\": [", regs.count ? "\n  " : "");
	write_array(out, &c, wc, &dlgs);
	fprintf(out, "%s],\n  \"calls\": [", dlgs.count ? "\n  " : "");
	write_array(out, &c, wc, &calls);
	fprintf(out, "%s]\n}\n", calls.count ? "\n  " : "");

	jctx_free(&c);
	if (wc)
		jctx_free(wc);
}
