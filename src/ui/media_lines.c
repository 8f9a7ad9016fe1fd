/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * media_lines.c - the RTP streams of the ladder's calls: where they go in
 * the flow, their arrows and their "media" lines.  The counters are read
 * at each draw, so a live capture's streams grow on screen.  Codec names
 * come from the call's SDP (sanitised) or the static payload types of
 * RFC 3551; nothing here judges the media (group 5 does).
 */
#include <stdlib.h>
#include <string.h>

#include "checks/call_util.h"
#include "store/store.h"
#include "ui/media_lines.h"

#define MEDIA_ROWS_MAX 256      /* streams drawn in one ladder */

static bool push_row(struct media_lines *ml, struct media_row r)
{
	if (ml->n >= MEDIA_ROWS_MAX)
		return false;
	if (ml->n == ml->cap) {
		size_t nc = ml->cap ? ml->cap * 2 : 8;
		struct media_row *p = realloc(ml->rows, nc * sizeof *p);
		if (!p)
			return false;
		ml->rows = p;
		ml->cap = nc;
	}
	ml->rows[ml->n++] = r;
	return true;
}

static const struct store *sort_store;
static int cmp_row(const void *pa, const void *pb)
{
	const struct media_row *a = pa, *b = pb;
	if (a->after != b->after)
		return a->after < b->after ? -1 : 1;
	usec_t ta = store_rtp(sort_store, a->stream)->first, tb = store_rtp(sort_store, b->stream)->first;
	if (ta != tb)
		return ta < tb ? -1 : 1;
	return a->stream < b->stream ? -1 : a->stream > b->stream;
}

void media_lines_build(const struct ui *u, struct media_lines *ml, const struct item *src, size_t nsrc,
                       const uint32_t *msgs, size_t nmsgs)
{
	const struct store *st = u->app->store;
	ml->n = 0;
	for (size_t s = 0; s < nsrc; s++) {
		if (src[s].kind != ITEM_DIALOG)
			continue;
		uint32_t ci = store_call_of_dialog(st, src[s].idx);
		const struct sip_call *c = ci != NONE_U32 ? store_call(st, ci) : NULL;
		size_t n = 0;
		const uint32_t *ids = c ? store_call_streams(st, c, &n) : NULL;
		for (size_t k = 0; k < n; k++) {
			const struct rtp_stream *r = store_rtp(st, ids[k]);
			if (!r || (r->flags & RTPF_RTCP))
				continue;
			/* the last message sent before its first packet (the
			 * messages are in capture order; binary search by time) */
			size_t lo = 0, hi = nmsgs;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				const struct sip_msg *m = store_msg(st, msgs[mid]);
				if (m && m->time <= r->first)
					lo = mid + 1;
				else
					hi = mid;
			}
			push_row(ml, (struct media_row){ ids[k], ci, lo ? lo - 1 : 0 });
		}
	}
	sort_store = st;
	if (ml->n > 1)
		qsort(ml->rows, ml->n, sizeof *ml->rows, cmp_row);
}

void media_lines_free(struct media_lines *ml)
{
	free(ml->rows);
	ml->rows = NULL;
	ml->n = ml->cap = 0;
}

size_t media_lines_count(const struct media_lines *ml)
{
	return ml->n;
}

static bool same_host(const struct endpoint *a, const struct endpoint *b)
{
	return a && b && a->family == b->family && !memcmp(a->addr, b->addr, a->family == 6 ? 16 : 4);
}

/* The column of a media address: its host's (RTP leaves from other ports
 * than SIP), -1 when none. */
static int host_column(const struct store *st, const ep_id *cols, int n, ep_id ep)
{
	for (int i = 0; i < n; i++)
		if (cols[i] == ep)
			return i;
	const struct endpoint *e = store_ep(st, ep);
	for (int i = 0; i < n; i++)
		if (same_host(e, store_ep(st, cols[i])))
			return i;
	return -1;
}

size_t media_lines_endpoints(const struct ui *u, const struct media_lines *ml, ep_id *out, size_t have, size_t max)
{
	const struct store *st = u->app->store;
	size_t n = have;
	for (size_t i = 0; i < ml->n; i++) {
		const struct rtp_stream *r = store_rtp(st, ml->rows[i].stream);
		ep_id e[2] = { r->src, r->dst };
		/* both ends on one host's column (a lab on one address): each end
		 * gets a column of its own, so the arrow has a direction */
		bool apart = host_column(st, out, (int)n, e[0]) != host_column(st, out, (int)n, e[1]);
		for (int k = 0; k < 2; k++) {
			bool exact = false;
			for (size_t c = 0; c < n; c++)
				exact = exact || out[c] == e[k];
			if (n < max && !exact && (!apart || host_column(st, out, (int)n, e[k]) < 0))
				out[n++] = e[k];
		}
	}
	return n;
}

/* "PCMA/8000" for a payload type: the call's SDP rtpmap, else RFC 3551's
 * static types, else "" */
static void codec_of(const struct ui *u, uint32_t call, unsigned pt, char *out, size_t size)
{
	const struct store *st = u->app->store;
	const struct sip_call *c = store_call(st, call);
	const struct sip_msg *sdp[2] = { NULL, NULL };
	out[0] = 0;
	if (c)
		call_offer_answer(st, c, &sdp[0], &sdp[1]);
	for (int k = 0; k < 2; k++) {
		size_t n;
		const struct sdp_mline *m = sdp[k] ? store_msg_sdp(st, sdp[k], &n) : NULL;
		for (size_t i = 0; m && i < n; i++) {
			/* "0 PCMU/8000 8 PCMA/8000 101 telephone-event/8000" */
			const char *s = store_str(st, m[i].codecs);
			while (s && *s) {
				char *end;
				unsigned long v = strtoul(s, &end, 10);
				if (end == s)
					break;
				while (*end == ' ')
					end++;
				size_t len = strcspn(end, " ");
				if (v == pt && len) {
					char name[64];
					snprintf(name, sizeof name, "%.*s", (int)len, end);
					ui_clean_str(u, out, size, name);
					return;
				}
				s = end + len;
				while (*s == ' ')
					s++;
			}
		}
	}
	static const struct { unsigned pt; const char *name; } fixed[] = {
		{ 0, "PCMU/8000" }, { 3, "GSM/8000" }, { 4, "G723/8000" }, { 8, "PCMA/8000" },
		{ 9, "G722/8000" }, { 13, "CN/8000" }, { 18, "G729/8000" },
	};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (fixed[i].pt == pt) {
			snprintf(out, size, "%s", fixed[i].name);
			return;
		}
}

/* The media line in two parts: where and what, then how much and when. */
static void media_text(const struct ui *u, const struct media_row *mr, char *what, size_t wlen, char *how,
                       size_t hlen)
{
	const struct store *st = u->app->store;
	const struct rtp_stream *r = store_rtp(st, mr->stream);
	char src[64], dst[64], codec[64], t1[20], t2[20];
	codec_of(u, mr->call, r->pt, codec, sizeof codec);
	snprintf(what, wlen, "media %s -> %s %s%s(PT %u)", store_ep_fmt(st, r->src, src, sizeof src),
	         store_ep_fmt(st, r->dst, dst, sizeof dst), codec, codec[0] ? " " : "", r->pt);
	char gaps[48];
	if (r->lost)
		snprintf(gaps, sizeof gaps, "%u lost in sequence gaps", r->lost);
	else
		snprintf(gaps, sizeof gaps, "no sequence gap");
	snprintf(how, hlen, "%u packet%s, %s, %s-%s", r->packets, r->packets == 1 ? "" : "s", gaps,
	         ui_fmt_time(r->first, t1, sizeof t1, true), ui_fmt_time(r->last, t2, sizeof t2, true));
}

/* The media line's rows: one when it fits after the time column. */
static int row_lines(const struct ui *u, const struct media_row *mr, int width, int time_w)
{
	char what[200], how[160];
	media_text(u, mr, what, sizeof what, how, sizeof how);
	return ui_width(u, what) + 2 + ui_width(u, how) <= width - time_w ? 1 : 2;
}

static size_t first_after(const struct media_lines *ml, size_t i)
{
	size_t lo = 0, hi = ml->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (ml->rows[mid].after < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int media_lines_height(const struct ui *u, const struct media_lines *ml, size_t i, int width)
{
	int h = 0;
	for (size_t k = first_after(ml, i); k < ml->n && ml->rows[k].after == i; k++)
		h += 1 + row_lines(u, &ml->rows[k], width, 13);
	return h;
}

static void draw_arrow(const struct ui *u, const struct media_row *mr, int y, const struct ladder_cols *lc)
{
	const struct store *st = u->app->store;
	const struct rtp_stream *r = store_rtp(st, mr->stream);
	char when[20], codec[64], label[120];
	ui_fmt_time(r->first, when, sizeof when, true);
	ui_put(u, y, lc->left, 12, when, ui_attr(u, CR_DIM));
	codec_of(u, mr->call, r->pt, codec, sizeof codec);
	char *slash = strchr(codec, '/');
	if (slash)
		*slash = 0;
	if (!codec[0])
		snprintf(codec, sizeof codec, "PT %u", r->pt);
	snprintf(label, sizeof label, "RTP %s %u", codec, r->packets);
	attr_t a = ui_attr(u, r->packets ? CR_PASS : CR_WARN);
	for (int c = 0; c < lc->n; c++)
		ui_put(u, y, lc->x[c], 1, u->g->vline, ui_attr(u, CR_DIM));
	/* an end with a column of its own that does not fit is not drawn on
	 * another column of its host */
	int s = host_column(st, lc->ep, lc->nall, r->src), d = host_column(st, lc->ep, lc->nall, r->dst);
	if (s >= lc->n)
		s = -1;
	if (d >= lc->n)
		d = -1;
	if (s < 0 || d < 0 || s == d) {
		char text[160];
		snprintf(text, sizeof text, "%s (between addresses not drawn apart)", label);
		ui_put(u, y, lc->x[0] + 1, lc->right - lc->x[0] - 1, text, a);
		return;
	}
	int lo = s < d ? lc->x[s] : lc->x[d], hi = s < d ? lc->x[d] : lc->x[s];
	int span = hi - lo - 1;
	if (span <= 0)
		return;
	/* a cut number would read as another count: the codec gives way
	 * first, then the word, then the whole label */
	if (ui_width(u, label) + 2 > span - 2)
		snprintf(label, sizeof label, "RTP %u", r->packets);
	if (ui_width(u, label) + 2 > span - 2)
		snprintf(label, sizeof label, "%u", r->packets);
	if (ui_width(u, label) + 2 > span - 2)
		label[0] = 0;
	ui_fill(u, y, lo + 1, span, u->g->hline, a);
	if (d > s)
		ui_put(u, y, hi - 1, 1, u->g->arrow_right, a);
	else
		ui_put(u, y, lo + 1, 1, u->g->arrow_left, a);
	int lw = ui_width(u, label) + 2;
	if (label[0] && lw <= span - 2) {
		int lx = lo + 1 + (span - lw) / 2;
		ui_put(u, y, lx, 1, " ", a);
		ui_put(u, y, lx + 1, lw - 2, label, a);
		ui_put(u, y, lx + lw - 1, 1, " ", a);
	}
}

int media_lines_draw(const struct ui *u, const struct media_lines *ml, size_t i, int y, int maxrows,
                     const struct ladder_cols *lc)
{
	int used = 0, width = lc->right - lc->left;
	attr_t dim = ui_attr(u, CR_DIM);
	for (size_t k = first_after(ml, i); k < ml->n && ml->rows[k].after == i && used < maxrows; k++) {
		const struct media_row *mr = &ml->rows[k];
		draw_arrow(u, mr, y + used++, lc);
		char what[200], how[160];
		media_text(u, mr, what, sizeof what, how, sizeof how);
		/* after the time column, or under it where the address would be cut */
		int x = lc->left + 13;
		if (ui_width(u, what) > lc->right - x)
			x = lc->left + 2;
		int w = lc->right - x;
		if (row_lines(u, mr, width, 13) == 1) {
			if (used < maxrows) {
				char line[380];
				snprintf(line, sizeof line, "%s, %s", what, how);
				ui_put(u, y + used++, x, w, line, dim);
			}
		} else {
			if (used < maxrows)
				ui_put(u, y + used++, x, w, what, dim);
			if (used < maxrows)
				ui_put(u, y + used++, x + 2, w - 2, how, dim);
		}
	}
	return used;
}
