/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * probe_json.c - the probe results as the "probes" object of the JSON
 * report.  Every string in probe_results is already sanitised.
 *
 *   { "registrar", "elapsed_ms",
 *     "dns": { "outcome", "server", "literal", "error",
 *              "lookups": [ { "name", "type", "outcome", "rcode", "nodata",
 *                             "error", "elapsed_ms", "srv_target",
 *                             "answers": [ { "type", "ttl", "data",
 *                                            SRV: "priority", "weight", "port",
 *                                            NAPTR: "order", "preference",
 *                                                   "flags", "service" } ] } ] },
 *     "options": { "udp": {...}, "tcp": {...}, "tls": {...} },
 *     "tls": {...}, "ping": {...}, "register": {...} (only when it ran) }
 */
#include <json-c/json.h>

#include "probe/probe.h"
#include "store/store.h"

static void add_str(json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, json_object_new_string(v ? v : ""));
}

static void add_int(json_object *o, const char *k, int64_t v)
{
	json_object_object_add(o, k, json_object_new_int64(v));
}

static void add_bool(json_object *o, const char *k, bool v)
{
	json_object_object_add(o, k, json_object_new_boolean(v));
}

static json_object *dns_json(const struct probe_dns *d)
{
	json_object *o = json_object_new_object();
	add_str(o, "outcome", probe_outcome_name(d->outcome));
	add_str(o, "server", d->server);
	add_bool(o, "literal", d->is_literal);
	add_str(o, "error", d->error);
	json_object *arr = json_object_new_array();
	for (size_t i = 0; i < d->nlookups; i++) {
		const struct probe_dns_lookup *l = &d->lookups[i];
		json_object *lo = json_object_new_object();
		add_str(lo, "name", l->name);
		add_str(lo, "type", dns_type_name(l->type));
		add_str(lo, "outcome", probe_outcome_name(l->outcome));
		add_str(lo, "rcode", l->rcode);
		add_bool(lo, "nodata", l->nodata);
		add_str(lo, "error", l->error);
		add_int(lo, "elapsed_ms", l->elapsed_ms);
		add_bool(lo, "srv_target", l->srv_target);
		json_object *ans = json_object_new_array();
		for (size_t j = 0; j < l->nans; j++) {
			const struct probe_dns_answer *a = &l->ans[j];
			json_object *ao = json_object_new_object();
			add_str(ao, "type", dns_type_name(a->type));
			add_int(ao, "ttl", a->ttl);
			add_str(ao, "data", a->data);
			if (a->type == PROBE_RR_SRV) {
				add_int(ao, "priority", a->priority);
				add_int(ao, "weight", a->weight);
				add_int(ao, "port", a->port);
			} else if (a->type == PROBE_RR_NAPTR) {
				add_int(ao, "order", a->order);
				add_int(ao, "preference", a->preference);
				add_str(ao, "flags", a->naptr_flags);
				add_str(ao, "service", a->naptr_service);
			}
			json_object_array_add(ans, ao);
		}
		json_object_object_add(lo, "answers", ans);
		if (l->ans_dropped)
			add_int(lo, "answers_dropped", (int64_t)l->ans_dropped);
		json_object_array_add(arr, lo);
	}
	json_object_object_add(o, "lookups", arr);
	return o;
}

static json_object *options_json(const struct probe_options *p)
{
	json_object *o = json_object_new_object();
	add_str(o, "outcome", probe_outcome_name(p->outcome));
	add_str(o, "host", p->host);
	add_str(o, "target", p->target);
	add_str(o, "local", p->local);
	add_int(o, "status", p->status);
	add_str(o, "reason", p->reason);
	add_int(o, "rtt_ms", p->rtt_ms);
	add_str(o, "via_received", p->via_received);
	add_int(o, "via_rport", p->via_rport);
	add_str(o, "server", p->server_header);
	add_str(o, "error", p->error);
	return o;
}

static json_object *tls_json(const struct probe_tls *t)
{
	json_object *o = json_object_new_object();
	add_str(o, "outcome", probe_outcome_name(t->outcome));
	add_str(o, "target", t->target);
	add_str(o, "sni", t->sni);
	add_str(o, "version", t->version);
	add_str(o, "cipher", t->cipher);
	add_int(o, "handshake_ms", t->handshake_ms);
	add_bool(o, "certificate", t->have_cert);
	if (t->have_cert) {
		add_str(o, "subject", t->subject);
		add_str(o, "issuer", t->issuer);
		json_object *sans = json_object_new_array();
		for (size_t i = 0; i < t->nsan; i++)
			json_object_array_add(sans, json_object_new_string(t->san[i]));
		json_object_object_add(o, "san", sans);
		add_bool(o, "name_matches", t->name_matches);
		add_str(o, "not_before", t->not_before);
		add_str(o, "not_after", t->not_after);
		add_bool(o, "expired", t->expired);
		add_bool(o, "verified", t->verified);
		add_str(o, "verify_result", t->verify_result);
	}
	add_str(o, "alert", t->alert);
	add_str(o, "error", t->error);
	return o;
}

static json_object *register_json(const struct probe_register *r)
{
	json_object *o = json_object_new_object();
	add_str(o, "outcome", probe_outcome_name(r->outcome));
	add_str(o, "target", r->target);
	add_str(o, "transport", r->transport);
	add_str(o, "call_id", r->call_id);
	json_object *steps = json_object_new_array();
	for (size_t i = 0; i < r->nsteps; i++) {
		const struct probe_reg_step *s = &r->steps[i];
		json_object *so = json_object_new_object();
		add_str(so, "method", s->method);
		add_int(so, "expires", s->expires);
		add_bool(so, "with_auth", s->with_auth);
		add_int(so, "status", s->status);
		add_str(so, "reason", s->reason);
		add_int(so, "rtt_ms", s->rtt_ms);
		json_object_array_add(steps, so);
	}
	json_object_object_add(o, "steps", steps);
	add_int(o, "final_status", r->final_status);
	add_str(o, "final_reason", r->final_reason);
	add_bool(o, "registered", r->registered);
	add_bool(o, "unregistered", r->unregistered);
	add_str(o, "realm", r->realm);
	add_str(o, "error", r->error);
	return o;
}

struct json_object *probe_results_json(const struct probe_results *r)
{
	if (!r)
		return NULL;
	json_object *o = json_object_new_object();
	if (!o)
		return NULL;
	add_str(o, "registrar", r->registrar);
	add_int(o, "elapsed_ms", r->elapsed_ms);
	json_object_object_add(o, "dns", dns_json(&r->dns));
	json_object *opts = json_object_new_object();
	for (int t = 0; t < PROBE__TRANSPORTS; t++)
		json_object_object_add(opts, probe_transport_name((enum probe_transport)t),
		                       options_json(&r->options[t]));
	json_object_object_add(o, "options", opts);
	json_object_object_add(o, "tls", tls_json(&r->tls));
	json_object *ping = json_object_new_object();
	add_str(ping, "outcome", probe_outcome_name(r->ping.outcome));
	add_str(ping, "target", r->ping.target);
	add_int(ping, "rtt_ms", r->ping.rtt_ms);
	add_str(ping, "error", r->ping.error);
	json_object_object_add(o, "ping", ping);
	if (r->reg.outcome != PROBE_NOT_RUN || r->reg.error[0])
		json_object_object_add(o, "register", register_json(&r->reg));
	return o;
}
