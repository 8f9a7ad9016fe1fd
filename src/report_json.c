/*
 * report_json.c - the batch report for scripts (--report=json) and for the
 * export; the schema is doc/json.md and is kept stable.
 *
 * report_json_object() builds the whole tree.  report_json() writes the
 * same document but streams the registrations and dialogs one at a time,
 * so a million-message capture never becomes a million json-c objects at
 * once.  Both use the same builders below, so the shape cannot drift.
 */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "pipeline.h"
#include "probe.h"
#include "report.h"
#include "report_util.h"
#include "store.h"

#define JSON_SCHEMA_VERSION 1

static void add_str(struct json_object *o, const char *key, const char *s)
{
	char b[REPORT_STR * 2];
	json_object_object_add(o, key, json_object_new_string(rep_text(s, b, sizeof b)));
}

static void add_pool(struct json_object *o, const char *key, const struct store *st, str_id id)
{
	if (!id) {
		json_object_object_add(o, key, NULL);
		return;
	}
	char b[REPORT_STR];
	json_object_object_add(o, key, json_object_new_string(rep_str(st, id, b, sizeof b)));
}

static void add_time(struct json_object *o, const char *key, usec_t t)
{
	char b[40];
	json_object_object_add(o, key, json_object_new_string(rep_time(t, b, sizeof b)));
}

static void add_ep(struct json_object *o, const char *key, const struct store *st, ep_id e)
{
	char b[64];
	json_object_object_add(o, key, e ? json_object_new_string(store_ep_fmt(st, e, b, sizeof b)) : NULL);
}

static void add_int(struct json_object *o, const char *key, int64_t v)
{
	json_object_object_add(o, key, json_object_new_int64(v));
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
	add_int(c, "tls_records", (int64_t)cs->tls_records);
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

static struct json_object *check_json(const struct app *a, size_t i)
{
	const struct check_def *c = &check_table[i];
	const struct finding *f = &a->findings[i];
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
			json_object_array_add(ev, json_object_new_int64(f->ev[e].frame));
		struct json_object *d = json_object_new_object();
		json_object_object_add(d, "frame", f->ev[e].frame ? json_object_new_int64(f->ev[e].frame) : NULL);
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

static struct json_object *checks_json(const struct app *a)
{
	struct json_object *arr = json_object_new_array();
	for (size_t i = 0; i < check_count; i++)
		json_object_array_add(arr, check_json(a, i));
	return arr;
}

static struct json_object *root_cause_json(const struct app *a)
{
	int i = checks_root_cause(a->findings);
	if (i < 0)
		return NULL;
	struct json_object *o = json_object_new_object();
	add_str(o, "id", check_table[i].id);
	add_str(o, "summary", a->findings[i].summary);
	return o;
}

static struct json_object *reg_json(const struct store *st, uint32_t ri)
{
	const struct registration *r = store_reg(st, ri);
	struct json_object *o = json_object_new_object();
	add_pool(o, "aor", st, r->aor);
	add_pool(o, "registrar", st, r->registrar);
	add_ep(o, "pbx", st, r->pbx);
	add_ep(o, "server", st, r->server);
	json_object_object_add(o, "state", json_object_new_string(reg_state_name((enum reg_state)r->state)));
	json_object_object_add(o, "last_status", r->last_status ? json_object_new_int(r->last_status) : NULL);
	json_object_object_add(o, "granted_expires", r->granted_expires >= 0 ? json_object_new_int(r->granted_expires) : NULL);
	add_time(o, "first", r->first_time);
	add_time(o, "last", r->last_time);

	struct json_object *tl = json_object_new_array();
	const struct reg_event *ev = store_reg_events(st, r);
	for (uint32_t k = 0; k < r->events_count; k++) {
		struct json_object *e = json_object_new_object();
		const struct sip_msg *m = store_msg(st, ev[k].msg);
		add_time(e, "time", ev[k].time);
		json_object_object_add(e, "state", json_object_new_string(reg_state_name((enum reg_state)ev[k].state)));
		add_int(e, "frame", m ? m->frame : 0);
		json_object_array_add(tl, e);
	}
	json_object_object_add(o, "timeline", tl);

	struct json_object *att = json_object_new_array();
	const uint32_t *txns = store_reg_txns(st, r);
	for (uint32_t k = 0; k < r->txns_count; k++) {
		const struct sip_txn *t = store_txn(st, txns[k]);
		const struct sip_msg *q = store_msg(st, t->first_msg);
		const struct sip_msg *f = t->final_msg != NONE_U32 ? store_msg(st, t->final_msg) : NULL;
		struct json_object *e = json_object_new_object();
		add_int(e, "frame", q->frame);
		add_time(e, "time", q->time);
		add_int(e, "cseq", q->cseq);
		add_bool(e, "orphan", t->orphan);
		add_int(e, "request_copies", t->request_copies);
		bool creds = false;
		const struct sip_auth *au = store_auths(st, q);
		for (uint16_t x = 0; !t->orphan && x < q->auth_count; x++)
			creds |= au[x].kind == AUTH_AUTHORIZATION || au[x].kind == AUTH_PROXY_AUTHORIZATION;
		add_bool(e, "credentials", creds);
		json_object_object_add(e, "expires", !t->orphan && q->expires >= 0 ? json_object_new_int(q->expires) : NULL);
		json_object_object_add(e, "status", f ? json_object_new_int(f->status) : NULL);
		if (f) {
			add_pool(e, "reason", st, f->reason);
			add_int(e, "final_frame", f->frame);
			add_time(e, "final_time", f->time);
		} else {
			json_object_object_add(e, "reason", NULL);
			json_object_object_add(e, "final_frame", NULL);
			json_object_object_add(e, "final_time", NULL);
		}
		json_object_array_add(att, e);
	}
	json_object_object_add(o, "attempts", att);
	return o;
}

static struct json_object *msg_json(const struct store *st, const struct sip_msg *m)
{
	struct json_object *o = json_object_new_object();
	add_int(o, "frame", m->frame);
	add_time(o, "time", m->time);
	add_ep(o, "src", st, m->src);
	add_ep(o, "dst", st, m->dst);
	json_object_object_add(o, "transport", json_object_new_string(transport_name((enum transport)m->transport)));
	if (m->status) {
		add_int(o, "status", m->status);
		add_pool(o, "reason", st, m->reason);
	} else {
		char b[REPORT_STR];
		json_object_object_add(o, "method", json_object_new_string(rep_msg_label(st, m, b, sizeof b)));
	}
	add_int(o, "cseq", m->cseq);
	add_bool(o, "retransmission", (m->flags & MF_RETRANS) != 0);
	add_bool(o, "malformed", (m->flags & MF_MALFORMED) != 0);
	static const struct { uint32_t bit; const char *name; } flag_names[] = {
		{ MF_MALFORMED, "malformed" }, { MF_RETRANS, "retransmission" },
		{ MF_REASSEMBLED, "reassembled" }, { MF_IP_FRAGMENTED, "ip-fragmented" },
		{ MF_BAD_CLEN, "bad-content-length" }, { MF_TRUNCATED, "truncated" },
		{ MF_COMPACT, "compact-headers" }, { MF_JUNK_BEFORE, "junk-before" },
		{ MF_NO_REASON, "no-reason-phrase" },
	};
	struct json_object *fl = json_object_new_array();
	for (size_t i = 0; i < sizeof flag_names / sizeof *flag_names; i++)
		if (m->flags & flag_names[i].bit)
			json_object_array_add(fl, json_object_new_string(flag_names[i].name));
	json_object_object_add(o, "flags", fl);
	return o;
}

static struct json_object *dialog_json(const struct store *st, uint32_t di)
{
	const struct sip_dialog *d = store_dialog(st, di);
	struct json_object *o = json_object_new_object();
	add_pool(o, "call_id", st, d->call_id);
	json_object_object_add(o, "method", d->first_method ?
	                       json_object_new_string(sip_method_name((enum sip_method)d->first_method)) : NULL);
	json_object_object_add(o, "last_status", d->last_status ? json_object_new_int(d->last_status) : NULL);
	add_time(o, "first", d->first_time);
	add_time(o, "last", d->last_time);
	add_ep(o, "caller", st, d->caller);
	add_ep(o, "callee", st, d->callee);
	struct json_object *arr = json_object_new_array();
	const uint32_t *ids = store_dialog_msgs(st, d);
	for (uint32_t k = 0; k < d->msgs_count; k++)
		json_object_array_add(arr, msg_json(st, store_msg(st, ids[k])));
	json_object_object_add(o, "messages", arr);
	return o;
}

/* Everything but the registrations and dialogs. */
static struct json_object *head_json(const struct app *a)
{
	struct json_object *o = json_object_new_object();
	add_int(o, "version", JSON_SCHEMA_VERSION);
	json_object_object_add(o, "capture", capture_json(a));
	json_object_object_add(o, "profile", profile_json(a));
	json_object_object_add(o, "checks", checks_json(a));
	json_object_object_add(o, "root_cause", root_cause_json(a));
	if (a->probes)
		json_object_object_add(o, "probes", probe_results_json(a->probes));
	return o;
}

struct json_object *report_json_object(const struct app *a)
{
	struct json_object *o = head_json(a);
	const struct store *st = a->store;
	struct json_object *regs = json_object_new_array();
	for (uint32_t i = 0; i < store_reg_count(st); i++)
		json_object_array_add(regs, reg_json(st, i));
	json_object_object_add(o, "registrations", regs);
	struct json_object *dlgs = json_object_new_array();
	for (uint32_t i = 0; i < store_dialog_count(st); i++)
		json_object_array_add(dlgs, dialog_json(st, i));
	json_object_object_add(o, "dialogs", dlgs);
	return o;
}

#define JSON_FLAGS (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

/* Writes one element of a streamed array and frees it. */
static void stream_item(FILE *out, struct json_object *o, bool first)
{
	fprintf(out, "%s\n    %s", first ? "" : ",", json_object_to_json_string_ext(o, JSON_FLAGS));
	json_object_put(o);
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

	fprintf(out, ",\n  \"registrations\": [");
	for (uint32_t i = 0; i < store_reg_count(st); i++)
		stream_item(out, reg_json(st, i), i == 0);
	fprintf(out, "%s],\n  \"dialogs\": [", store_reg_count(st) ? "\n  " : "");
	for (uint32_t i = 0; i < store_dialog_count(st); i++)
		stream_item(out, dialog_json(st, i), i == 0);
	fprintf(out, "%s]\n}\n", store_dialog_count(st) ? "\n  " : "");
}
