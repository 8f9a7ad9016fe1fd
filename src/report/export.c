/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * export.c - the carrier-ticket bundle.
 *
 *   DIR/trunkdoc-<trunk>-<host>-<UTC time>.pcap   the trunk's frames
 *                                         .json  report + "export" member
 *                                         .md    the summary
 *
 * The pcap is written first: it decides the exported frame numbers that
 * the JSON's frame map and the Markdown use.  All three go to temporary
 * files and are only linked into place once all three are complete, so a
 * failure (full disk, unwritable directory) leaves nothing behind.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "app/app.h"
#include "base/atomicfile.h"
#include "base/hostport.h"
#include "checks/call_util.h"
#include "report/export.h"
#include "report/export_md.h"
#include "report/pcapout.h"
#include "report/redact.h"
#include "report/report.h"
#include "store/store.h"

#define STEM_PART_MAX 48
#define RTCP_PAIRING_BUDGET 50000000u   /* stream comparisons, --export-rtp */

/* A name part safe in a file name on any system the ticket travels to. */
static void name_part(char *out, size_t outlen, const char *in)
{
	size_t n = 0;
	for (const char *p = in; *p && n + 1 < outlen && n < STEM_PART_MAX; p++) {
		char ch = *p;
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		          (ch >= '0' && ch <= '9') || ch == '.' || ch == '-';
		if (!ok)
			ch = '_';
		if (n == 0 && (ch == '.' || ch == '-' || ch == '_'))
			continue;
		out[n++] = ch;
	}
	out[n] = 0;
	if (!n)
		snprintf(out, outlen, "unknown");
}

static const char *trunk_label(const struct app *a)
{
	if (a->profile.name[0])
		return a->profile.name;
	if (a->profile.registrar[0])
		return a->profile.registrar;
	if (a->roles.ntrunk && a->roles.trunks[0].name[0])
		return a->roles.trunks[0].name;
	if (a->store && store_reg_count(a->store)) {
		const struct registration *r = store_reg(a->store, 0);
		const char *s = r ? store_str(a->store, r->registrar) : "";
		if (s[0])
			return s;
	}
	return "capture";
}

/* ---- which frames are the trunk's ---- */

struct wants {
	struct pcap_want *w;
	size_t n, cap;
	uint64_t max_frame;       /* frames read from all sources */
};

static bool want_add(struct wants *ws, uint32_t first, uint32_t last, ep_id src, ep_id dst, bool tcp)
{
	/* frame 0 is "no frame" (a probe's evidence); a number past the
	 * capture's end is not a frame either */
	if (!first || first > ws->max_frame)
		return true;
	if (ws->n == ws->cap) {
		size_t nc = ws->cap ? ws->cap * 2 : 256;
		struct pcap_want *n = realloc(ws->w, nc * sizeof *n);
		if (!n)
			return false;
		ws->w = n;
		ws->cap = nc;
	}
	if (last < first)
		last = first;
	bool flow = last > first || tcp;
	ws->w[ws->n++] = (struct pcap_want){ .first = first, .last = last, .src = flow ? src : 0,
	                                     .dst = flow ? dst : 0, .tcp = tcp };
	return true;
}

static bool want_msg(struct wants *ws, const struct store *st, const struct sip_msg *m)
{
	/* TLS and WebSocket ride on TCP too */
	bool tcp = m->transport == TP_TCP || m->transport == TP_TLS || m->transport == TP_WS;
	struct sip_msg_extra x;
	store_msg_extra(st, m, &x);
	return want_add(ws, x.first_frame, m->frame, store_msg_hdr(st, m)->src, store_msg_hdr(st, m)->dst, tcp);
}

static bool same_addr(const struct endpoint *a, const struct endpoint *b)
{
	return a && b && a->family == b->family && !memcmp(a->addr, b->addr, a->family == 4 ? 4 : 16);
}

/* ends_with_domain("_sip._udp.example.net", "example.net") */
static bool name_in_domain(const char *name, const char *dom)
{
	size_t nl = strlen(name), dl = strlen(dom);
	while (nl && name[nl - 1] == '.')
		nl--;
	if (!dl || dl > nl || strncasecmp(name + nl - dl, dom, dl))
		return false;
	return nl == dl || name[nl - dl - 1] == '.';
}

static bool select_frames(const struct app *a, struct wants *ws)
{
	const struct store *st = a->store;
	size_t nreg = store_reg_count(st), nmsg = store_msg_count(st);
	bool *rel = calloc(nreg + 1, sizeof *rel);
	ep_id *servers = calloc(nreg + 1, sizeof *servers);
	char (*domains)[256] = calloc(nreg + 2, sizeof *domains);
	size_t ndom = 0;
	uint16_t port;
	bool ok = rel && servers && domains;

	/* the trunk's registrations: those its checklist judged, by the same
	 * predicate the checks and the screen use (checks/trunks.h) */
	for (size_t i = 0; ok && i < nreg; i++)
		if (roles_reg_is_first_trunks(&a->roles, (uint32_t)i))
			rel[i] = true;
	if (ok && a->profile.registrar[0])
		hostport_of_uri(a->profile.registrar, domains[ndom++], sizeof domains[0], &port);

	/* the registrations' own transactions */
	for (size_t i = 0; ok && i < nreg; i++) {
		if (!rel[i])
			continue;
		const struct registration *r = store_reg(st, (uint32_t)i);
		servers[i] = r->server;
		hostport_of_uri(store_str(st, r->registrar), domains[ndom++], sizeof domains[0], &port);
		const uint32_t *tx = store_reg_txns(st, r);
		for (size_t k = 0; ok && tx && k < r->txns_count; k++) {
			const struct sip_txn *t = store_txn(st, tx[k]);
			const uint32_t *ms = t ? store_txn_msgs(st, t) : NULL;
			for (size_t j = 0; ok && ms && j < t->msgs_count; j++)
				ok = want_msg(ws, st, store_msg(st, ms[j]));
		}
	}
	/* dialogs with the same provider addresses (calls, OPTIONS); with no
	 * registration at all, every SIP message is the trunk's */
	for (size_t i = 0; ok && i < nmsg; i++) {
		const struct sip_msg *m = store_msg(st, (uint32_t)i);
		bool take = !nreg;
		for (size_t k = 0; !take && k < nreg; k++)
			if (rel[k] && servers[k])
				take = same_addr(store_ep(st, store_msg_hdr(st, m)->src), store_ep(st, servers[k])) ||
				       same_addr(store_ep(st, store_msg_hdr(st, m)->dst), store_ep(st, servers[k]));
		if (take)
			ok = want_msg(ws, st, m);
	}
	/* DNS about the registrar's domain; ICMP errors about the trunk */
	size_t nd = store_dns_count(st);
	for (size_t i = 0; ok && i < nd; i++) {
		const struct dns_event *d = store_dns(st, (uint32_t)i);
		const char *q = store_str(st, d->qname);
		bool take = false;
		for (size_t k = 0; !take && k < ndom; k++)
			take = name_in_domain(q, domains[k]);
		if (take)
			ok = want_add(ws, d->frame, d->frame, 0, 0, false);
	}
	size_t ni = store_icmp_count(st);
	for (size_t i = 0; ok && i < ni; i++) {
		const struct icmp_event *ic = store_icmp(st, (uint32_t)i);
		bool take = !nreg;
		for (size_t k = 0; !take && k < nreg; k++)
			if (rel[k] && servers[k]) {
				const struct endpoint *s = store_ep(st, servers[k]);
				take = same_addr(store_ep(st, ic->quoted_dst), s) ||
				       same_addr(store_ep(st, ic->quoted_src), s) ||
				       same_addr(store_ep(st, ic->from), s);
			}
		if (take)
			ok = want_add(ws, ic->frame, ic->frame, 0, 0, false);
	}
	/* and every frame a check cites */
	for (size_t i = 0; ok && i < check_count; i++) {
		const struct finding *f = &a->findings[i];
		for (size_t k = 0; ok && k < f->nev; k++) {
			uint32_t mi = f->ev[k].frame ? store_msg_by_frame(st, f->ev[k].frame) : NONE_U32;
			if (mi != NONE_U32)
				ok = want_msg(ws, st, store_msg(st, mi));
			else
				ok = want_add(ws, f->ev[k].frame, f->ev[k].frame, 0, 0, false);
		}
	}
	free(rel);
	free(servers);
	free(domains);
	return ok;
}

/* ---- --export-rtp: the trunk's calls' RTP and RTCP ---- */

static bool ep_same_host(const struct endpoint *a, const struct endpoint *b)
{
	return a && b && a->family == b->family && !memcmp(a->addr, b->addr, a->family == 4 ? 4 : 16);
}

/* An RTCP stream belonging to RTP stream r: the same hosts, each port one
 * above (RFC 3550 §11); with rtcp-mux (RFC 5761) it is on the same ports
 * and the call already linked it. */
static bool rtcp_of(const struct store *st, const struct rtp_stream *r, const struct rtp_stream *c)
{
	const struct endpoint *rs = store_ep(st, r->src), *rd = store_ep(st, r->dst);
	const struct endpoint *cs = store_ep(st, c->src), *cd = store_ep(st, c->dst);
	if (!rs || !rd || !cs || !cd)
		return false;
	bool fwd = ep_same_host(rs, cs) && ep_same_host(rd, cd) &&
	           cs->port == rs->port + 1 && cd->port == rd->port + 1;
	bool rev = ep_same_host(rs, cd) && ep_same_host(rd, cs) &&
	           cd->port == rs->port + 1 && cs->port == rd->port + 1;
	return (fwd || rev) && c->last >= r->first && c->first <= r->last + 5000000;
}

/* The streams of the calls the checks judged for the bundle's trunk (the
 * one whose registrations the bundle holds), each once, capped per stream. */
static bool select_media(const struct app *a, struct wants *ws, uint32_t cap)
{
	const struct store *st = a->store;
	size_t nrtp = store_rtp_count(st);
	if (!nrtp)
		return true;
	bool *pick = calloc(nrtp, sizeof *pick);
	uint32_t *rtcp = malloc(nrtp * sizeof *rtcp);
	size_t nrtcp = 0;
	if (!pick || !rtcp) {
		free(pick);
		free(rtcp);
		return false;
	}
	for (size_t k = 0; k < nrtp; k++)
		if (store_rtp(st, (uint32_t)k)->flags & RTPF_RTCP)
			rtcp[nrtcp++] = (uint32_t)k;
	/* a hostile capture may invent a million RTCP "streams": the pairing
	 * below gives up after this many comparisons (the RTP still goes in) */
	uint64_t budget = RTCP_PAIRING_BUDGET;
	struct check_ctx ctx = {
		.store = st, .profile = &a->profile, .now = a->now,
		.trunk = a->roles.ntrunk ? &a->roles.trunks[0] : NULL,
	};
	struct call_walk w;
	for (const struct sip_call *c = call_walk_first(&w, &ctx); c; c = call_walk_next(&w)) {
		size_t n;
		const uint32_t *ids = store_call_streams(st, c, &n);
		for (size_t i = 0; ids && i < n; i++) {
			if (ids[i] >= nrtp || pick[ids[i]])
				continue;
			pick[ids[i]] = true;
			const struct rtp_stream *r = store_rtp(st, ids[i]);
			if (r->flags & RTPF_RTCP)
				continue;
			for (size_t k = 0; k < nrtcp && budget; k++, budget--) {
				const struct rtp_stream *x = store_rtp(st, rtcp[k]);
				if (!pick[rtcp[k]] && rtcp_of(st, r, x))
					pick[rtcp[k]] = true;
			}
		}
	}
	bool ok = true;
	for (size_t k = 0; ok && k < nrtp; k++) {
		if (!pick[k])
			continue;
		const struct rtp_stream *r = store_rtp(st, (uint32_t)k);
		size_t before = ws->n;
		ok = want_add(ws, r->first_frame, r->last_frame, r->src, r->dst, false);
		if (ok && ws->n > before) {
			struct pcap_want *pw = &ws->w[ws->n - 1];
			/* a one-packet stream is still a flow */
			pw->src = r->src;
			pw->dst = r->dst;
			pw->media = true;
			pw->cap = cap;
		}
	}
	free(pick);
	free(rtcp);
	return ok;
}

/* ---- JSON ---- */

static struct json_object *export_meta(const struct app *a, const char *stem, const char *host,
                                       const char *created, const struct redactor *r,
                                       const struct frame_map *map, const struct pcapout_result *pr)
{
	struct json_object *ex = json_object_new_object(), *files = json_object_new_object();
	struct json_object *pcap = json_object_new_object(), *fm = json_object_new_array();
	char name[1024];
	json_object_object_add(ex, "schema", json_object_new_int(1));
	json_object_object_add(ex, "stem", json_object_new_string(stem));
	json_object_object_add(ex, "created", json_object_new_string(created));
	json_object_object_add(ex, "host", json_object_new_string(host));
	json_object_object_add(ex, "trunkdoc_version", json_object_new_string(PACKAGE_VERSION));
	snprintf(name, sizeof name, "%s.md", stem);
	json_object_object_add(files, "markdown", json_object_new_string(name));
	snprintf(name, sizeof name, "%s.json", stem);
	json_object_object_add(files, "json", json_object_new_string(name));
	snprintf(name, sizeof name, "%s.pcap", stem);
	json_object_object_add(files, "pcap", json_object_new_string(name));
	json_object_object_add(ex, "files", files);
	json_object_object_add(ex, "redacted", json_object_new_boolean(r->masking));
	json_object_object_add(ex, "masked_addresses", json_object_new_int((int)r->nips));
	json_object_object_add(pcap, "frames", json_object_new_int64((int64_t)pr->frames));
	json_object_object_add(pcap, "link_type", json_object_new_string(pcapout_link_name(pr->dlt)));
	json_object_object_add(pcap, "rebuilt", json_object_new_boolean(pr->rebuilt));
	if (pr->note[0])
		json_object_object_add(pcap, "note", json_object_new_string(pr->note));
	if (a->opt.export_rtp) {
		struct json_object *rtp = json_object_new_object();
		json_object_object_add(rtp, "streams", json_object_new_int64((int64_t)pr->media_streams));
		json_object_object_add(rtp, "packets", json_object_new_int64((int64_t)pr->media_frames));
		json_object_object_add(rtp, "per_stream_cap", json_object_new_int64((int64_t)a->opt.rtp_stream_cap));
		json_object_object_add(rtp, "total_cap", json_object_new_int64((int64_t)a->opt.rtp_total_cap));
		json_object_object_add(rtp, "streams_cut", json_object_new_int64((int64_t)pr->media_streams_cut));
		json_object_object_add(rtp, "total_cut", json_object_new_boolean(pr->media_total_cut));
		json_object_object_add(rtp, "missing", json_object_new_boolean(pr->media_missing));
		json_object_object_add(pcap, "rtp", rtp);
	}
	for (size_t i = 0; i < map->n; i++) {
		if (map->pair[i].media)
			continue;     /* counted in pcap.rtp: a minute of audio is 3000 rows */
		struct json_object *p = json_object_new_object();
		json_object_object_add(p, "capture", json_object_new_int64(map->pair[i].orig));
		json_object_object_add(p, "pcap", json_object_new_int64(map->pair[i].exported));
		json_object_array_add(fm, p);
	}
	json_object_object_add(pcap, "frame_map", fm);
	json_object_object_add(ex, "pcap", pcap);
	return ex;
}

/* ---- the bundle ---- */

static bool prepare_dir(const char *dir, bool *created, char *err, size_t errlen)
{
	struct stat sb;
	*created = false;
	if (stat(dir, &sb) != 0) {
		if (errno != ENOENT || mkdir(dir, 0777) != 0) {
			atomic_errno_line(err, errlen, "cannot use export directory", dir, errno);
			return false;
		}
		*created = true;
	} else if (!S_ISDIR(sb.st_mode)) {
		snprintf(err, errlen, "cannot use export directory %s: not a directory", dir);
		return false;
	}
	if (access(dir, W_OK | X_OK) != 0) {
		atomic_errno_line(err, errlen, "cannot write into export directory", dir, errno);
		if (*created)
			rmdir(dir);
		return false;
	}
	return true;
}

/* trunkdoc-<trunk>-<host>-<time>, with -2, -3 ... if a file of that name
 * is already there (a second export in the same second). */
static bool choose_stem(const char *dir, const char *trunk, const char *host, usec_t now,
                        char *stem, size_t stemlen, char *err, size_t errlen)
{
	char t[STEM_PART_MAX + 1], h[STEM_PART_MAX + 1], ts[32], path[PATH_MAX];
	time_t secs = (time_t)(now / 1000000);
	struct tm tm;
	gmtime_r(&secs, &tm);
	strftime(ts, sizeof ts, "%Y%m%dT%H%M%SZ", &tm);
	name_part(t, sizeof t, trunk);
	name_part(h, sizeof h, host);
	static const char *const ext[] = { ".md", ".json", ".pcap" };
	for (int n = 1; n < 100; n++) {
		if (n == 1)
			snprintf(stem, stemlen, "trunkdoc-%s-%s-%s", t, h, ts);
		else
			snprintf(stem, stemlen, "trunkdoc-%s-%s-%s-%d", t, h, ts, n);
		bool taken = false;
		for (int e = 0; e < 3 && !taken; e++) {
			snprintf(path, sizeof path, "%s/%s%s", dir, stem, ext[e]);
			taken = access(path, F_OK) == 0;
		}
		if (!taken)
			return true;
	}
	snprintf(err, errlen, "cannot export into %s: too many exports with the name %s", dir, stem);
	return false;
}

bool export_bundle(const struct app *a, const char *dir, const struct redact_opts *eo,
                   char *stem_out, size_t stemlen, char *err, size_t errlen)
{
	char host[256] = "", stem[256], created[40], path[3][PATH_MAX];
	struct redactor r;
	struct wants ws = { 0 };
	struct frame_map map = { 0 };
	struct pcapout_result pr;
	struct atomic_file af[3];
	bool made_dir = false, ok = false;
	struct timeval tv;

	memset(af, 0, sizeof af);
	if (!a->store) {
		snprintf(err, errlen, "nothing to export: no capture was read");
		return false;
	}
	if (strlen(dir) > PATH_MAX - 300) {
		snprintf(err, errlen, "cannot export into %.100s...: the path is too long", dir);
		return false;
	}
	if (gethostname(host, sizeof host - 1) != 0 || !host[0])
		snprintf(host, sizeof host, "unknown-host");
	host[sizeof host - 1] = 0;
	gettimeofday(&tv, NULL);
	usec_t now = (usec_t)tv.tv_sec * 1000000 + tv.tv_usec;
	struct tm tm;
	time_t secs = tv.tv_sec;
	gmtime_r(&secs, &tm);
	strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);

	if (!prepare_dir(dir, &made_dir, err, errlen))
		return false;
	if (!redactor_build(&r, a, eo, err, errlen))
		goto out_dir;
	/* The file names are masked like the content, once, here: the summary
	 * and the JSON quote them as they are, so they name the real files. */
	char label[256];
	snprintf(label, sizeof label, "%s", trunk_label(a));
	redact_buf(&r, label, strlen(label), false);
	redact_buf(&r, host, strlen(host), false);
	if (!choose_stem(dir, label, host, now, stem, sizeof stem, err, errlen))
		goto out_redactor;
	ws.max_frame = store_stats_c(a->store)->packets;
	uint32_t stream_cap = a->opt.rtp_stream_cap > UINT32_MAX ? UINT32_MAX : (uint32_t)a->opt.rtp_stream_cap;
	uint32_t total_cap = a->opt.rtp_total_cap > UINT32_MAX ? UINT32_MAX : (uint32_t)a->opt.rtp_total_cap;
	if (!select_frames(a, &ws) || (a->opt.export_rtp && !select_media(a, &ws, stream_cap))) {
		snprintf(err, errlen, "cannot export: out of memory");
		goto out_redactor;
	}
	static const char *const ext[] = { ".pcap", ".json", ".md" };
	for (int i = 0; i < 3; i++) {
		snprintf(path[i], sizeof path[i], "%s/%s%s", dir, stem, ext[i]);
		if (!atomic_open(&af[i], path[i], err, errlen))
			goto out_files;
	}

	/* 1. the pcap: it decides the exported frame numbers */
	if (!pcapout_write(a->store, ws.w, ws.n, total_cap, &r, af[0].fp, &map, &pr, err, errlen))
		goto out_files;

	/* 2. the JSON report with the export's own member */
	struct json_object *root = report_json_object(a);
	if (!root)
		root = json_object_new_object();
	redact_json(&r, root);
	json_object_object_add(root, "export", export_meta(a, stem, host, created, &r, &map, &pr));
	const char *js = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
	                                                      JSON_C_TO_STRING_NOSLASHESCAPE);
	fputs(js, af[1].fp);
	fputc('\n', af[1].fp);
	json_object_put(root);

	/* 3. the summary */
	struct md_ctx mc = { a, &map, &r, &pr, stem, host, now };
	export_markdown(af[2].fp, &mc);

	/* all complete: put them in place; undo the others if one fails */
	ok = true;
	for (int i = 0; i < 3 && ok; i++)
		ok = atomic_commit(&af[i], false, err, errlen);
	if (ok) {
		snprintf(stem_out, stemlen, "%s/%s", dir, stem);
		made_dir = false;
	}
out_files:
	for (int i = 0; i < 3; i++) {
		if (ok)
			atomic_abort(&af[i]);
		else
			atomic_unlink_committed(&af[i]);
	}
	frame_map_free(&map);
	free(ws.w);
out_redactor:
	redactor_free(&r);
out_dir:
	if (made_dir)
		rmdir(dir);
	return ok;
}
