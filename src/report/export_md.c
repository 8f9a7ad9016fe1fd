/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * export_md.c - the Markdown summary.  Every string from a packet goes
 * through the redaction table, then sanitize(), then Markdown escaping (or
 * a code span), in that order: the mask must see the wire bytes, and the
 * escaping must see what is finally printed.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "app/app.h"
#include "base/sanitize.h"
#include "report/export_md.h"
#include "report/pcapout.h"
#include "report/redact.h"
#include "store/store.h"

#define TEXT_MAX 4096
#define FRAME_ROWS_MAX 20000

/* ---- strings ---- */

/* Redacts, then (for wire text) sanitises s into a fresh buffer. */
static char *clean(const struct md_ctx *c, const char *s, bool wire)
{
	size_t len = s ? strnlen(s, TEXT_MAX) : 0;
	char *tmp = malloc(len + 1), *out = malloc(len * 4 + 1);
	if (!tmp || !out) {
		free(tmp);
		free(out);
		return NULL;
	}
	memcpy(tmp, s ? s : "", len);
	tmp[len] = 0;
	redact_buf(c->r, tmp, len, false);
	if (wire)
		sanitize(out, len * 4 + 1, tmp, len, 0);
	else
		memcpy(out, tmp, len + 1);
	free(tmp);
	return out;
}

static bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }
static void put_orig_frame(FILE *f, const struct md_ctx *c, uint32_t orig);

/* Finding texts say "frame 12" or "frames 3, 5 and 7" in capture numbers;
 * the summary speaks in the exported pcap's numbers.  Returns where the
 * copied text ends. */
static const char *renumber(FILE *f, const struct md_ctx *c, const char *p)
{
	for (;;) {
		while (*p == ' ' || *p == ',' || *p == '-')
			fputc(*p++, f);
		if (!strncmp(p, "and ", 4)) {
			fputs("and ", f);
			p += 4;
		}
		if (!is_digit(*p))
			return p;
		char *end;
		unsigned long n = strtoul(p, &end, 10);
		uint32_t e = n && n <= UINT32_MAX ? frame_map_find(c->map, (uint32_t)n) : 0;
		if (e && e != n) {
			fprintf(f, "%u (", e);
			put_orig_frame(f, c, (uint32_t)n);
			fputc(')', f);
		} else if (e)
			fprintf(f, "%u", e);
		else
			fprintf(f, "%lu (capture numbering)", n);
		p = end;
	}
}

/* Plain text: characters that Markdown (or a table) would read as markup
 * get a backslash. */
static void put_text_ex(FILE *f, const struct md_ctx *c, const char *s, bool wire, bool frames)
{
	char *t = clean(c, s, wire);
	if (!t)
		return;
	for (const char *p = t; *p; p++) {
		if (frames && (p == t || !is_digit(p[-1])) && (!strncmp(p, "frame ", 6) || !strncmp(p, "frames ", 7)) &&
		    is_digit(p[p[5] == 's' ? 7 : 6])) {
			size_t kw = p[5] == 's' ? 7 : 6;
			fwrite(p, 1, kw, f);
			p = renumber(f, c, p + kw) - 1;
			continue;
		}
		if (strchr("\\`*_[]<>|#", *p))
			fputc('\\', f);
		if (*p == '\n' || *p == '\r')
			fputc(' ', f);
		else
			fputc(*p, f);
	}
	free(t);
}

static void put_text(FILE *f, const struct md_ctx *c, const char *s, bool wire)
{
	put_text_ex(f, c, s, wire, false);
}

/* Text a check wrote: frame numbers in it are renumbered. */
static void put_finding_text(FILE *f, const struct md_ctx *c, const char *s)
{
	put_text_ex(f, c, s, false, true);
}

/* A code span: identifiers stay byte-exact (searchable), a fence longer
 * than any backtick run inside, and | escaped so tables hold. */
static void put_code(FILE *f, const struct md_ctx *c, const char *s, bool wire)
{
	char *t = clean(c, s, wire);
	if (!t)
		return;
	if (!t[0]) {
		fputs("-", f);
		free(t);
		return;
	}
	size_t run = 0, longest = 0;
	for (const char *p = t; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	bool pad = t[0] == '`' || t[strlen(t) - 1] == '`';
	for (size_t i = 0; i <= longest; i++)
		fputc('`', f);
	if (pad)
		fputc(' ', f);
	for (const char *p = t; *p; p++) {
		if (*p == '|')
			fputc('\\', f);
		fputc(*p == '\n' || *p == '\r' ? ' ' : *p, f);
	}
	if (pad)
		fputc(' ', f);
	for (size_t i = 0; i <= longest; i++)
		fputc('`', f);
	free(t);
}

static const char *utc(usec_t t, char *buf, size_t len)
{
	time_t s = (time_t)(t / 1000000);
	struct tm tm;
	if (t <= 0 || !gmtime_r(&s, &tm)) {
		snprintf(buf, len, "-");
		return buf;
	}
	char d[32];
	strftime(d, sizeof d, "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(buf, len, "%s.%03d UTC", d, (int)((t % 1000000) / 1000));
	return buf;
}

static const char *local(usec_t t, char *buf, size_t len)
{
	time_t s = (time_t)(t / 1000000);
	struct tm tm;
	if (t <= 0 || !localtime_r(&s, &tm)) {
		snprintf(buf, len, "-");
		return buf;
	}
	strftime(buf, len, "%Y-%m-%d %H:%M:%S %Z (UTC%z)", &tm);
	return buf;
}

/* What the screen and the original capture call frame orig, after the
 * bundle's own number: "(8 in trunk.pcap)", so what the engineer read on
 * the screen matches the ticket. */
static void put_orig_frame(FILE *f, const struct md_ctx *c, uint32_t orig)
{
	const struct store *st = c->a->store;
	const struct store_source *s = store_source_count(st) == 1 ? store_source_get(st, 0) : NULL;
	if (s && s->name && !s->live) {
		const char *base = strrchr(s->name, '/');
		fprintf(f, "%u in ", orig);
		put_text(f, c, base && base[1] ? base + 1 : s->name, false);
	} else {
		fprintf(f, "%u in the capture", orig);
	}
}

/* In a table: the bundle's number (the packets table maps it back). */
static void put_frame(FILE *f, const struct md_ctx *c, uint32_t orig)
{
	uint32_t e = orig ? frame_map_find(c->map, orig) : 0;
	if (e)
		fprintf(f, "%u", e);
	else if (orig)
		fprintf(f, "not exported (capture frame %u)", orig);
	else
		fputs("-", f);
}

/* In prose: "6 (8 in trunk.pcap)" when the numbers differ. */
static void put_frame_both(FILE *f, const struct md_ctx *c, uint32_t orig)
{
	uint32_t e = orig ? frame_map_find(c->map, orig) : 0;
	put_frame(f, c, orig);
	if (e && e != orig) {
		fputs(" (", f);
		put_orig_frame(f, c, orig);
		fputc(')', f);
	}
}

static void put_ep(FILE *f, const struct md_ctx *c, ep_id id)
{
	char buf[96];
	const struct store *st = c->a->store;
	put_code(f, c, id ? store_ep_fmt(st, id, buf, sizeof buf) : "", false);
}

/* "REGISTER sip:example.net" or "403 Forbidden" */
static void put_msg_line(FILE *f, const struct md_ctx *c, const struct sip_msg *m)
{
	const struct store *st = c->a->store;
	char buf[64];
	if (m->status) {
		snprintf(buf, sizeof buf, "%u ", m->status);
		fputs(buf, f);
		put_text(f, c, store_str(st, m->reason), true);
	} else {
		put_text(f, c, m->method == M_OTHER ? store_str(st, m->method_str)
		                                    : sip_method_name((enum sip_method)m->method), true);
		fputc(' ', f);
		put_code(f, c, store_str(st, m->ruri), true);
	}
}

static void put_cseq(FILE *f, const struct md_ctx *c, const struct sip_msg *m)
{
	char buf[320];
	const char *meth = m->cseq_method == M_OTHER || m->cseq_method == M_NONE
	                   ? store_str(c->a->store, m->method_str)
	                   : sip_method_name((enum sip_method)m->cseq_method);
	snprintf(buf, sizeof buf, "%u %s", m->cseq, meth);
	put_code(f, c, buf, true);
}

/* ---- sections ---- */

/* Whether the pcap holds the calls' media, and where the caps cut it: a
 * carrier who finds a stream short must know it was cut on purpose. */
static void section_capture_rtp(FILE *f, const struct md_ctx *c)
{
	const struct options *o = &c->a->opt;
	const struct pcapout_result *p = c->pcap;
	if (!o->export_rtp) {
		if (store_rtp_count(c->a->store))
			fputs("| RTP in the pcap | not included: signalling only |\n", f);
		return;
	}
	if (p->media_missing) {
		fputs("| RTP in the pcap | not included: the capture could not be re-read, and RTP is never kept in memory |\n", f);
		return;
	}
	if (!p->media_streams) {
		fputs("| RTP in the pcap | none: no RTP or RTCP stream of the trunk's calls in the capture |\n", f);
		return;
	}
	fprintf(f, "| RTP in the pcap | %zu packets of %zu RTP/RTCP streams of the trunk's calls; at most %lu "
	        "per stream and %lu in all", p->media_frames, p->media_streams, o->rtp_stream_cap, o->rtp_total_cap);
	if (p->media_streams_cut)
		fprintf(f, "; %zu stream%s cut at %lu packets (the later ones left out)", p->media_streams_cut,
		        p->media_streams_cut == 1 ? "" : "s", o->rtp_stream_cap);
	if (p->media_total_cut)
		fprintf(f, "; the total cap of %lu was reached: later packets of every stream left out", o->rtp_total_cap);
	if (!p->media_streams_cut && !p->media_total_cut)
		fputs("; nothing cut", f);
	fputs(" |\n", f);
}

static void section_capture(FILE *f, const struct md_ctx *c)
{
	const struct app *a = c->a;
	const struct store *st = a->store;
	const struct capture_stats *cs = store_stats_c(st);
	char b1[64], b2[96];

	fputs("## Capture\n\n| | |\n|---|---|\n", f);
	fputs("| Host | ", f);
	put_code(f, c, c->host, true);
	fputs(" |\n", f);
	size_t nsrc = store_source_count(st);
	for (size_t i = 0; i < nsrc; i++) {
		const struct store_source *s = store_source_get(st, (uint16_t)i);
		if (!s)
			continue;
		fputs(s->live ? "| Interface (live capture on this host) | " : "| File | ", f);
		put_code(f, c, s->name ? s->name : "", true);
		fputs(" |\n", f);
	}
	if (!nsrc)
		fputs("| Source | no capture (active probes only) |\n", f);
	fprintf(f, "| First packet | %s, local %s |\n", utc(cs->first, b1, sizeof b1), local(cs->first, b2, sizeof b2));
	fprintf(f, "| Last packet | %s, local %s |\n", utc(cs->last, b1, sizeof b1), local(cs->last, b2, sizeof b2));
	if (cs->last > cs->first)
		fprintf(f, "| Duration | %.3f s |\n", (double)(cs->last - cs->first) / 1e6);
	fprintf(f, "| Packets | %llu read, %llu SIP messages (%llu malformed)",
	        (unsigned long long)cs->packets, (unsigned long long)cs->sip_messages,
	        (unsigned long long)cs->malformed);
	if (cs->dropped)
		fprintf(f, ", %u dropped by the kernel", cs->dropped);
	if (cs->truncated || cs->snap_cut)
		fprintf(f, ", %llu SIP messages cut short (%llu packets cut by the snapshot length)",
		        (unsigned long long)cs->truncated, (unsigned long long)cs->snap_cut);
	fputs(" |\n", f);
	fprintf(f, "| Analysed by | trunkdoc %s |\n", PACKAGE_VERSION);
	fprintf(f, "| Exported | %s |\n", utc(c->created, b1, sizeof b1));
	/* the stem is already masked (export.c) and made of [A-Za-z0-9._-]:
	 * masking it again could turn digits of its time into x's */
	fprintf(f, "| Exported pcap | `%s.pcap`", c->stem);
	fprintf(f, ": %zu frames. Frame numbers in this summary are this file's. |\n", c->pcap->frames);
	if (c->pcap->note[0]) {
		fputs("| Note on the pcap | ", f);
		put_text(f, c, c->pcap->note, true);
		fputs(" |\n", f);
	}
	section_capture_rtp(f, c);
	if (c->r->masking)
		fprintf(f, "| Redaction | on: digest nonces and responses, phone numbers (last %d digits kept)%s |\n",
		        3, c->r->nips ? " and chosen IP addresses are masked with same-length filler" : " are masked");
	else
		fputs("| Redaction | off |\n", f);
	fputc('\n', f);
}

static void section_profile(FILE *f, const struct md_ctx *c)
{
	const struct profile *p = &c->a->profile;
	struct { const char *label, *value; } rows[] = {
		{ "Trunk name", p->name }, { "Registrar", p->registrar }, { "Account (user)", p->user },
		{ "Digest user", p->auth_user }, { "Realm", p->realm }, { "Transport", p->transport },
		{ "Public IP (expected by the provider)", p->public_ip },
		{ "Outbound proxy", p->outbound_proxy }, { "Local network", p->local_net },
		{ "Profile from", p->origin },
	};
	fputs("## Trunk profile\n\n", f);
	bool any = false;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if (!rows[i].value[0])
			continue;
		if (!any)
			fputs("| Field | Value |\n|---|---|\n", f);
		any = true;
		fprintf(f, "| %s | ", rows[i].label);
		put_code(f, c, rows[i].value, true);
		fputs(" |\n", f);
	}
	if (p->expires > 0) {
		if (!any)
			fputs("| Field | Value |\n|---|---|\n", f);
		any = true;
		fprintf(f, "| Requested expiry | %d s |\n", p->expires);
	}
	if (!any)
		fputs("No trunk profile was given; the checks judged the traffic alone.\n", f);
	fputs("\nThe password is never written into an export.\n\n", f);
}

/* What the carrier needs to see about one piece of evidence. */
static void carrier_evidence(FILE *f, const struct md_ctx *c, const struct evidence *ev)
{
	const struct store *st = c->a->store;
	char tb[64];
	uint32_t mi = ev->frame ? store_msg_by_frame(st, ev->frame) : NONE_U32;
	const struct sip_msg *m = mi == NONE_U32 ? NULL : store_msg(st, mi);
	fputs("- ", f);
	if (!m) {
		put_finding_text(f, c, ev->text);
		fprintf(f, " (%s, frame ", utc(ev->time, tb, sizeof tb));
		put_frame_both(f, c, ev->frame);
		fputs(")\n", f);
		return;
	}
	put_msg_line(f, c, m);
	fprintf(f, " at %s from ", utc(m->time, tb, sizeof tb));
	put_ep(f, c, m->src);
	fputs(" to ", f);
	put_ep(f, c, m->dst);
	fputs(", Call-ID ", f);
	put_code(f, c, store_str(st, store_msg_call_id(st, m)), true);
	fputs(", CSeq ", f);
	put_cseq(f, c, m);
	fputs(" (frame ", f);
	put_frame_both(f, c, m->frame);
	fputs(")", f);
	/* for a response: the request it answered, as the provider saw it */
	const struct sip_txn *t = m->status && m->txn != NONE_U32 ? store_txn(st, m->txn) : NULL;
	const struct sip_msg *req = t && t->first_msg != NONE_U32 ? store_msg(st, t->first_msg) : NULL;
	if (req && !req->status) {
		bool creds = false;
		const struct sip_auth *au = store_auths(st, req);
		const struct sip_auth *cred = NULL;
		for (size_t k = 0; au && k < req->auth_count; k++)
			if (au[k].kind == AUTH_AUTHORIZATION || au[k].kind == AUTH_PROXY_AUTHORIZATION) {
				creds = true;
				cred = &au[k];
			}
		fputs(", answering our request from ", f);
		put_ep(f, c, req->src);
		if (m->via_received) {
			fputs(" (which the provider saw as ", f);
			put_code(f, c, store_str(st, m->via_received), true);
			fputs(")", f);
		}
		if (creds) {
			fputs(" with digest credentials (user ", f);
			put_code(f, c, store_str(st, cred->username), true);
			fputs(", realm ", f);
			put_code(f, c, store_str(st, cred->realm), true);
			fputs(")", f);
		} else {
			fputs(" without credentials", f);
		}
	}
	fputs(".\n", f);
}

static void section_carrier(FILE *f, const struct md_ctx *c)
{
	const struct app *a = c->a;
	int root = checks_root_cause(a->findings);
	fputs("## For the carrier\n\n", f);
	/* whose account: the carrier's first question */
	const struct store *st = a->store;
	const struct registration *reg0 = store_reg_count(st) ? store_reg(st, 0) : NULL;
	if (reg0 || a->profile.name[0] || a->profile.user[0]) {
		fputs("Account", f);
		if (reg0) {
			fputs(" ", f);
			put_code(f, c, store_str(st, reg0->aor), true);
		} else if (a->profile.user[0]) {
			fputs(" ", f);
			put_code(f, c, a->profile.user, false);
		}
		if (a->profile.name[0]) {
			fputs(" on trunk ", f);
			put_code(f, c, a->profile.name, false);
		}
		if (reg0 && reg0->registrar) {
			fputs(", registering at ", f);
			put_code(f, c, store_str(st, reg0->registrar), true);
		} else if (a->profile.registrar[0]) {
			fputs(", registering at ", f);
			put_code(f, c, a->profile.registrar, false);
		}
		fputs(".\n\n", f);
	}
	/* the carrier must not chase an address that was masked on purpose */
	if (c->r && c->r->nips) {
		fputs(c->r->nips == 1 ? "One address in this ticket is masked: " : "Some addresses in this ticket are masked: ", f);
		for (size_t i = 0; i < c->r->nips; i++) {
			if (i)
				fputs(", ", f);
			put_code(f, c, c->r->ips[i].to_text, false);
		}
		fputs(c->r->nips == 1 ? " stands for an address hidden on purpose" :
		      " stand for addresses hidden on purpose", f);
		fputs(" (documentation addresses, RFC 5737, where the length allows); ask us for the real "
		      "one if you need it.\n\n", f);
	}
	if (root < 0) {
		size_t warns = 0;
		for (size_t i = 0; i < check_count; i++)
			warns += a->findings[i].verdict == V_WARN;
		if (warns)
			fprintf(f, "No check failed; %zu gave a warning (see the checklist). "
			        "Nothing points at the provider yet.\n\n", warns);
		else
			fputs("No check failed. Nothing points at the provider.\n\n", f);
		return;
	}
	const struct check_def *d = &check_table[root];
	const struct finding *fd = &a->findings[root];
	/* provider and portal: theirs; reachability and calls: the path or
	 * them, so the evidence is worth their look; PBX, firewall: ours */
	bool theirs = d->group == G_PROV && !fd->side_unknown;
	bool maybe = d->group == G_NET || d->group == G_CALL;
	if (fd->side_unknown) {
		/* a 401 loop without the password: our PBX's password or their
		 * account; blaming them now gets the ticket bounced */
		fputs("The checks cannot yet tell our side from the provider's: ", f);
		put_finding_text(f, c, fd->summary);
		fputs(" (check `", f);
		fputs(d->id, f);
		fputs("`).\n\nNothing to report to the carrier until the operator gives the trunk password and trunkdoc recomputes the digest; the evidence is in the checklist below.\n\n", f);
		return;
	}
	if (theirs) {
		fputs("The checks place the fault on the provider's side: ", f);
	} else if (maybe) {
		fputs("The first failing check (", f);
		put_text(f, c, group_name(d->group), false);
		fputs(") may lie on the path to the provider or with the provider: ", f);
	} else {
		fputs("The checks place the fault on our side (", f);
		put_text(f, c, group_name(d->group), false);
		fputs("), not with the provider: ", f);
	}
	put_finding_text(f, c, fd->summary);
	fputs(" (check `", f);
	fputs(d->id, f);
	fputs("`).\n\n", f);
	if (!theirs && !maybe) {
		fputs("Nothing to report to the carrier until this is fixed; the evidence is in the checklist below.\n\n", f);
		return;
	}
	if (fd->nev)
		fputs("What the provider can look up in its logs:\n\n", f);
	/* one line per frame: a check often cites the same response twice
	 * (the status, then the address it shows) */
	for (size_t i = 0, shown = 0; i < fd->nev && shown < 8; i++) {
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = fd->ev[k].frame && fd->ev[k].frame == fd->ev[i].frame;
		if (seen)
			continue;
		carrier_evidence(f, c, &fd->ev[i]);
		shown++;
	}
	if (fd->nev)
		fputc('\n', f);
	int dv = check_index("pbx.digest-valid");
	if (dv >= 0 && a->findings[dv].verdict == V_PASS)
		fputs("Our digest response is correct: recomputed from the password on file, it matches "
		      "what we sent (check `pbx.digest-valid`), so the credentials we use are the ones "
		      "on record.\n\n", f);
	/* what the operator saw in the provider's portal backs the claim */
	bool any_mark = false;
	for (size_t i = 0; i < a->nmarks; i++) {
		int ci = check_index(a->marks[i].id);
		if (ci < 0 || check_table[ci].group != G_PROV)
			continue;
		if (!any_mark)
			fputs("What our operator found on the provider's side:\n\n", f);
		any_mark = true;
		fputs("- ", f);
		put_text(f, c, check_table[ci].title, false);
		fprintf(f, ": %s", verdict_name(a->marks[i].verdict));
		if (a->marks[i].note[0]) {
			fputs(" (", f);
			put_text(f, c, a->marks[i].note, true);
			fputs(")", f);
		}
		fputs("\n", f);
	}
	if (any_mark)
		fputc('\n', f);
	if (a->profile.public_ip[0]) {
		fputs("Our public address, as allowlisted on our side: ", f);
		put_code(f, c, a->profile.public_ip, true);
		fputs(".\n\n", f);
	}
}

static void section_registrations(FILE *f, const struct md_ctx *c)
{
	const struct store *st = c->a->store;
	size_t n = store_reg_count(st);
	char tb[64];
	fputs("## Registrations\n\n", f);
	if (!n) {
		fputs("No REGISTER was seen in the capture.\n\n", f);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct registration *r = store_reg(st, (uint32_t)i);
		/* the trunk's registrations only: a phone's is not the carrier's business */
		if (!r || !roles_reg_is_first_trunks(&c->a->roles, (uint32_t)i))
			continue;
		fprintf(f, "### %zu. ", i + 1);
		put_code(f, c, store_str(st, r->aor), true);
		fputs(" at ", f);
		put_code(f, c, store_str(st, r->registrar), true);
		fputs("\n\n- PBX ", f);
		put_ep(f, c, r->pbx);
		fputs(", registrar ", f);
		put_ep(f, c, r->server);
		fprintf(f, "\n- Final state: **%s**", reg_state_name((enum reg_state)r->state));
		if (r->last_status)
			fprintf(f, ", last final response %u", r->last_status);
		if (r->granted_expires >= 0)
			fprintf(f, ", granted expiry %d s", r->granted_expires);
		char tb2[64];
		fprintf(f, "\n- From %s to %s\n\n", utc(r->first_time, tb, sizeof tb), utc(r->last_time, tb2, sizeof tb2));
		const struct reg_event *ev = store_reg_events(st, r);
		fputs("| Time (UTC) | State | Frame | Message | CSeq | Call-ID |\n|---|---|---|---|---|---|\n", f);
		for (size_t k = 0; ev && k < r->events_count; k++) {
			const struct sip_msg *m = ev[k].msg != NONE_U32 ? store_msg(st, ev[k].msg) : NULL;
			fprintf(f, "| %s | %s | ", utc(ev[k].time, tb, sizeof tb),
			        reg_state_name((enum reg_state)ev[k].state));
			if (m) {
				put_frame(f, c, m->frame);
				fputs(" | ", f);
				put_msg_line(f, c, m);
				fputs(" | ", f);
				put_cseq(f, c, m);
				fputs(" | ", f);
				put_code(f, c, store_str(st, store_msg_call_id(st, m)), true);
			} else {
				fputs("- | (timer) | - | -", f);
			}
			fputs(" |\n", f);
		}
		fputc('\n', f);
	}
}

static void section_checklist(FILE *f, const struct md_ctx *c)
{
	const struct app *a = c->a;
	char tb[64];
	int root = checks_root_cause(a->findings);
	fputs("## Checklist\n\n", f);
	if (root >= 0)
		fprintf(f, "Root cause (first failing check in helpdesk order): `%s`.\n\n", check_table[root].id);
	fputs("| # | Group | Check | Verdict |\n|---|---|---|---|\n", f);
	for (size_t i = 0; i < check_count; i++) {
		const struct check_def *d = &check_table[i];
		const struct finding *fd = &a->findings[i];
		fprintf(f, "| %zu | ", i + 1);
		put_text(f, c, group_name(d->group), false);
		fputs(" | ", f);
		put_text(f, c, d->title, false);
		fprintf(f, " (`%s`) | %s%s%s%s |\n", d->id, fd->verdict == V_FAIL || fd->verdict == V_WARN ? "**" : "",
		        verdict_name(fd->verdict), fd->verdict == V_FAIL || fd->verdict == V_WARN ? "**" : "",
		        fd->marked ? " (marked by the operator)" : "");
	}
	fputs("\n### Findings, evidence and advice\n\n", f);
	bool any = false;
	for (size_t i = 0; i < check_count; i++) {
		const struct check_def *d = &check_table[i];
		const struct finding *fd = &a->findings[i];
		if (fd->verdict == V_UNKNOWN && !fd->nev && !fd->summary[0] && !fd->note[0])
			continue;
		any = true;
		fprintf(f, "#### `%s`: %s\n\n", d->id, verdict_name(fd->verdict));
		if (fd->summary[0]) {
			put_finding_text(f, c, fd->summary);
			fputs("\n\n", f);
		}
		if (fd->nev) {
			fputs("| Frame | Time (UTC) | Evidence |\n|---|---|---|\n", f);
			for (size_t k = 0; k < fd->nev; k++) {
				fputs("| ", f);
				put_frame(f, c, fd->ev[k].frame);
				fprintf(f, " | %s | ", utc(fd->ev[k].time, tb, sizeof tb));
				put_finding_text(f, c, fd->ev[k].text);
				fputs(" |\n", f);
			}
			if (fd->ev_dropped)
				fprintf(f, "| | | and %zu more |\n", fd->ev_dropped);
			fputc('\n', f);
		}
		if (fd->advice[0]) {
			fputs("Advice: ", f);
			put_finding_text(f, c, fd->advice);
			fputs("\n\n", f);
		}
		if (fd->note[0]) {
			fputs("Operator's note: ", f);
			put_text(f, c, fd->note, true);
			fputs("\n\n", f);
		}
	}
	if (!any)
		fputs("No check has evidence yet.\n\n", f);
}

static void section_marks(FILE *f, const struct md_ctx *c)
{
	const struct app *a = c->a;
	fputs("## Operator's marks and notes\n\n", f);
	if (!a->nmarks) {
		fputs("The operator set no marks.\n\n", f);
		return;
	}
	fputs("| Check | Mark | Note |\n|---|---|---|\n", f);
	for (size_t i = 0; i < a->nmarks; i++) {
		fputs("| ", f);
		put_code(f, c, a->marks[i].id, true);
		fprintf(f, " | %s | ", verdict_name(a->marks[i].verdict));
		put_text(f, c, a->marks[i].note, true);
		fputs(" |\n", f);
	}
	fputc('\n', f);
}

/* Network events by frame, to name the DNS and ICMP rows. */
struct evref {
	uint32_t frame;
	uint8_t kind;    /* 1 dns, 2 icmp */
	uint32_t idx;
};

static int cmp_evref(const void *x, const void *y)
{
	const struct evref *a = x, *b = y;
	return a->frame < b->frame ? -1 : a->frame > b->frame;
}

static const char *dns_rcode_name(unsigned r, char *buf, size_t len)
{
	static const char *const names[] = { "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED" };
	if (r < sizeof names / sizeof names[0])
		return names[r];
	snprintf(buf, len, "rcode %u", r);
	return buf;
}

static void put_event_row(FILE *f, const struct md_ctx *c, const struct evref *e, uint32_t orig)
{
	const struct store *st = c->a->store;
	char tb[64], buf[64];
	if (e->kind == 1) {
		const struct dns_event *d = store_dns(st, e->idx);
		fprintf(f, "%s | ", utc(d->time, tb, sizeof tb));
		put_ep(f, c, d->src);
		fputs(" | ", f);
		put_ep(f, c, d->dst);
		fprintf(f, " | DNS %s %s ", d->response ? "response" : "query", dns_type_name(d->qtype));
		put_code(f, c, store_str(st, d->qname), true);
		if (d->response)
			fprintf(f, ": %s, %u answers", dns_rcode_name(d->rcode, buf, sizeof buf), d->answers_count);
		fprintf(f, " | - | - | %u |\n", orig);
	} else {
		const struct icmp_event *ic = store_icmp(st, e->idx);
		fprintf(f, "%s | ", utc(ic->time, tb, sizeof tb));
		put_ep(f, c, ic->from);
		fputs(" | ", f);
		put_ep(f, c, ic->quoted_src);
		fprintf(f, " | ICMP%s type %u code %u%s, quoting a packet to ", ic->family == 6 ? "v6" : "",
		        ic->type, ic->code, ic->port_unreachable ? " (port unreachable)" : "");
		put_ep(f, c, ic->quoted_dst);
		fprintf(f, " | - | - | %u |\n", orig);
	}
}

static void section_frames(FILE *f, const struct md_ctx *c)
{
	const struct store *st = c->a->store;
	size_t nd = store_dns_count(st), ni = store_icmp_count(st);
	struct evref *ev = malloc((nd + ni + 1) * sizeof *ev);
	char tb[64];
	size_t ne = 0;
	for (size_t i = 0; ev && i < nd; i++)
		ev[ne++] = (struct evref){ store_dns(st, (uint32_t)i)->frame, 1, (uint32_t)i };
	for (size_t i = 0; ev && i < ni; i++)
		ev[ne++] = (struct evref){ store_icmp(st, (uint32_t)i)->frame, 2, (uint32_t)i };
	if (ev)
		qsort(ev, ne, sizeof *ev, cmp_evref);

	fputs("## Packets in the exported pcap\n\n", f);
	fprintf(f, "The pcap holds %zu frames", c->pcap->frames);
	if (c->pcap->rebuilt)
		fputs(" (SIP messages rebuilt from stored bytes; a message longer than one TCP segment "
		      "takes several frames and is listed at its first)", f);
	fputs(".  The last column is the frame's number in the capture trunkdoc read (the screen shows that one).", f);
	fputs("\n\n| Frame | Time (UTC) | From | To | What | CSeq | Call-ID | Capture frame |\n|---|---|---|---|---|---|---|---|\n", f);
	size_t rows = 0, media = 0, listed = 0;
	uint32_t media_lo = 0, media_hi = 0;
	for (size_t i = 0; i < c->map->n && rows < FRAME_ROWS_MAX; i++, listed++) {
		uint32_t orig = c->map->pair[i].orig;
		if (c->map->pair[i].media) {
			/* the streams are summed up under the table, not listed */
			if (!media++)
				media_lo = c->map->pair[i].exported;
			media_hi = c->map->pair[i].exported;
			continue;
		}
		rows++;
		fprintf(f, "| %u | ", c->map->pair[i].exported);
		uint32_t mi = store_msg_by_frame(st, orig);
		const struct sip_msg *m = mi == NONE_U32 ? NULL : store_msg(st, mi);
		if (m) {
			fprintf(f, "%s | ", utc(m->time, tb, sizeof tb));
			put_ep(f, c, m->src);
			fputs(" | ", f);
			put_ep(f, c, m->dst);
			fputs(" | ", f);
			put_msg_line(f, c, m);
			if (m->flags & MF_RETRANS)
				fputs(" (retransmission)", f);
			fputs(" | ", f);
			put_cseq(f, c, m);
			fputs(" | ", f);
			put_code(f, c, store_str(st, store_msg_call_id(st, m)), true);
			fprintf(f, " | %u |\n", orig);
			continue;
		}
		struct evref key = { orig, 0, 0 }, *e = ev ? bsearch(&key, ev, ne, sizeof *ev, cmp_evref) : NULL;
		if (e)
			put_event_row(f, c, e, orig);
		else
			fprintf(f, "- | - | - | packet of a SIP connection (TCP segment or IP fragment) | - | - | %u |\n", orig);
	}
	if (media)
		fprintf(f, "\n%zu RTP/RTCP packets of the trunk's calls (between frames %u and %u) are not "
		        "listed one by one; the Capture section sums them up.\n", media, media_lo, media_hi);
	if (c->map->n > listed)
		fprintf(f, "\n%zu more frames are not listed here.\n", c->map->n - listed);
	fputc('\n', f);
	free(ev);
}

bool export_markdown(FILE *out, const struct md_ctx *c)
{
	const char *trunk = c->a->profile.name[0] ? c->a->profile.name : c->a->profile.registrar;
	fputs("# trunkdoc report", out);
	if (trunk[0]) {
		fputs(": trunk ", out);
		put_code(out, c, trunk, true);
	}
	fputs("\n\n", out);
	section_capture(out, c);
	section_carrier(out, c);
	section_profile(out, c);
	section_registrations(out, c);
	section_checklist(out, c);
	section_marks(out, c);
	section_frames(out, c);
	fputs("---\nWritten by trunkdoc " PACKAGE_VERSION ". Times are capture times; "
	      "frame numbers refer to the exported pcap.\n", out);
	return !ferror(out);
}
