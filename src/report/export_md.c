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
#include "report/export_carrier.h"
#include "report/export_md.h"
#include "report/export_md_put.h"
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

void md_text(FILE *f, const struct md_ctx *c, const char *s, bool wire)
{
	put_text_ex(f, c, s, wire, false);
}

/* Text a check wrote: frame numbers in it are renumbered. */
void md_finding_text(FILE *f, const struct md_ctx *c, const char *s)
{
	put_text_ex(f, c, s, false, true);
}

/* A code span: identifiers stay byte-exact (searchable), a fence longer
 * than any backtick run inside, and | escaped so tables hold. */
void md_code(FILE *f, const struct md_ctx *c, const char *s, bool wire)
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

const char *md_utc(usec_t t, char *buf, size_t len)
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
		md_text(f, c, base && base[1] ? base + 1 : s->name, false);
	} else {
		fprintf(f, "%u in the capture", orig);
	}
}

/* In a table: the bundle's number (the packets table maps it back). */
void md_frame(FILE *f, const struct md_ctx *c, uint32_t orig)
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
void md_frame_both(FILE *f, const struct md_ctx *c, uint32_t orig)
{
	uint32_t e = orig ? frame_map_find(c->map, orig) : 0;
	md_frame(f, c, orig);
	if (e && e != orig) {
		fputs(" (", f);
		put_orig_frame(f, c, orig);
		fputc(')', f);
	}
}

void md_ep(FILE *f, const struct md_ctx *c, ep_id id)
{
	char buf[96];
	const struct store *st = c->a->store;
	md_code(f, c, id ? store_ep_fmt(st, id, buf, sizeof buf) : "", false);
}

/* "REGISTER sip:example.net" or "403 Forbidden" */
void md_msg_line(FILE *f, const struct md_ctx *c, const struct sip_msg *m)
{
	const struct store *st = c->a->store;
	char buf[64];
	if (m->status) {
		snprintf(buf, sizeof buf, "%u ", m->status);
		fputs(buf, f);
		md_text(f, c, store_str(st, store_msg_hdr(st, m)->reason), true);
	} else {
		md_text(f, c, m->method == M_OTHER ? store_str(st, store_msg_hdr(st, m)->method_str)
		                                    : sip_method_name((enum sip_method)m->method), true);
		fputc(' ', f);
		md_code(f, c, store_str(st, store_msg_hdr(st, m)->ruri), true);
	}
}

void md_cseq(FILE *f, const struct md_ctx *c, const struct sip_msg *m)
{
	char buf[320];
	const char *meth = m->cseq_method == M_OTHER || m->cseq_method == M_NONE
	                   ? store_str(c->a->store, store_msg_hdr(c->a->store, m)->method_str)
	                   : sip_method_name((enum sip_method)m->cseq_method);
	snprintf(buf, sizeof buf, "%u %s", m->cseq, meth);
	md_code(f, c, buf, true);
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
	md_code(f, c, c->host, true);
	fputs(" |\n", f);
	size_t nsrc = store_source_count(st);
	for (size_t i = 0; i < nsrc; i++) {
		const struct store_source *s = store_source_get(st, (uint16_t)i);
		if (!s)
			continue;
		fputs(s->live ? "| Interface (live capture on this host) | " : "| File | ", f);
		md_code(f, c, s->name ? s->name : "", true);
		fputs(" |\n", f);
	}
	if (!nsrc)
		fputs("| Source | no capture (active probes only) |\n", f);
	fprintf(f, "| First packet | %s, local %s |\n", md_utc(cs->first, b1, sizeof b1), local(cs->first, b2, sizeof b2));
	fprintf(f, "| Last packet | %s, local %s |\n", md_utc(cs->last, b1, sizeof b1), local(cs->last, b2, sizeof b2));
	if (cs->last > cs->first)
		fprintf(f, "| Duration | %.3f s |\n", (double)(cs->last - cs->first) / 1e6);
	fprintf(f, "| Packets | %llu read, %llu SIP messages (%llu malformed)",
	        (unsigned long long)cs->packets, (unsigned long long)cs->sip_messages,
	        (unsigned long long)cs->malformed);
	if (cs->dropped)
		fprintf(f, ", %u dropped by the kernel", cs->dropped);
	if (cs->queue_dropped)
		fprintf(f, ", %llu dropped by trunkdoc's full reader queue", (unsigned long long)cs->queue_dropped);
	if (cs->truncated || cs->snap_cut)
		fprintf(f, ", %llu SIP messages cut short (%llu packets cut by the snapshot length)",
		        (unsigned long long)cs->truncated, (unsigned long long)cs->snap_cut);
	fputs(" |\n", f);
	fprintf(f, "| Analysed by | trunkdoc %s |\n", PACKAGE_VERSION);
	fprintf(f, "| Exported | %s |\n", md_utc(c->created, b1, sizeof b1));
	/* the stem is already masked (export.c) and made of [A-Za-z0-9._-]:
	 * masking it again could turn digits of its time into x's */
	fprintf(f, "| Exported pcap | `%s.pcap`", c->stem);
	fprintf(f, ": %zu frames. Frame numbers in this summary are this file's. |\n", c->pcap->frames);
	if (c->pcap->note[0]) {
		fputs("| Note on the pcap | ", f);
		md_text(f, c, c->pcap->note, true);
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
		md_code(f, c, rows[i].value, true);
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
		md_code(f, c, store_str(st, r->aor), true);
		fputs(" at ", f);
		md_code(f, c, store_str(st, r->registrar), true);
		fputs("\n\n- PBX ", f);
		md_ep(f, c, r->pbx);
		fputs(", registrar ", f);
		md_ep(f, c, r->server);
		fprintf(f, "\n- Final state: **%s**", reg_state_name((enum reg_state)r->state));
		if (r->last_status)
			fprintf(f, ", last final response %u", r->last_status);
		if (r->granted_expires >= 0)
			fprintf(f, ", granted expiry %d s", r->granted_expires);
		char tb2[64];
		fprintf(f, "\n- From %s to %s\n\n", md_utc(r->first_time, tb, sizeof tb), md_utc(r->last_time, tb2, sizeof tb2));
		const struct reg_event *ev = store_reg_events(st, r);
		fputs("| Time (UTC) | State | Frame | Message | CSeq | Call-ID |\n|---|---|---|---|---|---|\n", f);
		for (size_t k = 0; ev && k < r->events_count; k++) {
			const struct sip_msg *m = ev[k].msg != NONE_U32 ? store_msg(st, ev[k].msg) : NULL;
			fprintf(f, "| %s | %s | ", md_utc(ev[k].time, tb, sizeof tb),
			        reg_state_name((enum reg_state)ev[k].state));
			if (m) {
				md_frame(f, c, m->frame);
				fputs(" | ", f);
				md_msg_line(f, c, m);
				fputs(" | ", f);
				md_cseq(f, c, m);
				fputs(" | ", f);
				md_code(f, c, store_str(st, store_msg_call_id(st, m)), true);
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
		md_text(f, c, group_name(d->group), false);
		fputs(" | ", f);
		md_text(f, c, d->title, false);
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
			md_finding_text(f, c, fd->summary);
			fputs("\n\n", f);
		}
		if (fd->nev) {
			fputs("| Frame | Time (UTC) | Evidence |\n|---|---|---|\n", f);
			for (size_t k = 0; k < fd->nev; k++) {
				fputs("| ", f);
				md_frame(f, c, fd->ev[k].frame);
				fprintf(f, " | %s | ", md_utc(fd->ev[k].time, tb, sizeof tb));
				md_finding_text(f, c, fd->ev[k].text);
				fputs(" |\n", f);
			}
			if (fd->ev_dropped)
				fprintf(f, "| | | and %zu more |\n", fd->ev_dropped);
			fputc('\n', f);
		}
		if (fd->advice[0]) {
			fputs("Advice: ", f);
			md_finding_text(f, c, fd->advice);
			fputs("\n\n", f);
		}
		if (fd->note[0]) {
			fputs("Operator's note: ", f);
			md_text(f, c, fd->note, true);
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
		md_code(f, c, a->marks[i].id, true);
		fprintf(f, " | %s | ", verdict_name(a->marks[i].verdict));
		md_text(f, c, a->marks[i].note, true);
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

const char *md_dns_rcode_name(unsigned r, char *buf, size_t len)
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
		fprintf(f, "%s | ", md_utc(d->time, tb, sizeof tb));
		md_ep(f, c, d->src);
		fputs(" | ", f);
		md_ep(f, c, d->dst);
		fprintf(f, " | DNS %s %s ", d->response ? "response" : "query", dns_type_name(d->qtype));
		md_code(f, c, store_str(st, d->qname), true);
		if (d->response)
			fprintf(f, ": %s, %u answers", md_dns_rcode_name(d->rcode, buf, sizeof buf), d->answers_count);
		fprintf(f, " | - | - | %u |\n", orig);
	} else {
		const struct icmp_event *ic = store_icmp(st, e->idx);
		fprintf(f, "%s | ", md_utc(ic->time, tb, sizeof tb));
		md_ep(f, c, ic->from);
		fputs(" | ", f);
		md_ep(f, c, ic->quoted_src);
		fprintf(f, " | ICMP%s type %u code %u%s, quoting a packet to ", ic->family == 6 ? "v6" : "",
		        ic->type, ic->code, ic->port_unreachable ? " (port unreachable)" : "");
		md_ep(f, c, ic->quoted_dst);
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
			fprintf(f, "%s | ", md_utc(m->time, tb, sizeof tb));
			md_ep(f, c, store_msg_hdr(st, m)->src);
			fputs(" | ", f);
			md_ep(f, c, store_msg_hdr(st, m)->dst);
			fputs(" | ", f);
			md_msg_line(f, c, m);
			if (m->flags & MF_RETRANS)
				fputs(" (retransmission)", f);
			fputs(" | ", f);
			md_cseq(f, c, m);
			fputs(" | ", f);
			md_code(f, c, store_str(st, store_msg_call_id(st, m)), true);
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
		md_code(out, c, trunk, true);
	}
	fputs("\n\n", out);
	section_capture(out, c);
	export_carrier_section(out, c);
	section_profile(out, c);
	section_registrations(out, c);
	section_checklist(out, c);
	section_marks(out, c);
	section_frames(out, c);
	fputs("---\nWritten by trunkdoc " PACKAGE_VERSION ". Times are capture times; "
	      "frame numbers refer to the exported pcap.\n", out);
	return !ferror(out);
}
