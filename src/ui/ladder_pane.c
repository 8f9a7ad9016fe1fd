/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * ladder_pane.c - the call flow of the selected registration or dialog (or
 * of several merged with Space), drawn the way sngrep draws it: one column
 * per address, one arrow per message, the raw text of the message under the
 * cursor in a preview beside or below.
 *
 *                192.168.1.10:5060        192.0.2.10:5060
 *   07:01:02.120 │────── REGISTER ──────▶│
 *   07:01:02.180 │◀─ 401 Unauthorized ───│
 *   07:01:02.700 │─── ↻ REGISTER ───────▶│      ↻ = retransmission
 *
 * The message list is built when the shown items change (or grow), in
 * message-index order, which is capture order; drawing touches only the
 * visible rows.
 */
#include <stdlib.h>
#include <string.h>

#include "base/sanitize.h"
#include "report/report_calls.h"
#include "store/store.h"
#include "ui/media_lines.h"
#include "ui/ui.h"

#define TIME_W 13
#define DELTA_W 12          /* " +0.000653" and a space */
#define DELTA_AUTO_W 80     /* from this flow width the deltas show unasked */

enum time_mode { TM_AUTO = 0, TM_BOTH, TM_ABSOLUTE };
#define LADDER_COLS 12      /* addresses drawn as columns */

struct ladder_state {
	struct item src[SELECT_MAX];     /* what the ladder shows */
	size_t nsrc;
	uint32_t *msgs;                  /* message indices, in time order */
	size_t nmsgs, cap;
	size_t built_at;                 /* store_msg_count() when built */
	size_t built_msgs;               /* messages of src[] when built */
	double built_clock;              /* ui_clock() when built */
	ep_id cols[LADDER_COLS];
	size_t ncols, hidden_cols;
	size_t cur, top;
	uint32_t raw_idx;                /* message whose text is cached in raw */
	char *raw;                       /* sanitised text of the selected message */
	struct rect r;                   /* where the layout put the pane */
	enum time_mode time_mode;        /* t: deltas beside the absolute time */
	bool deltas_shown;               /* as last drawn */
	struct media_lines media;        /* the calls' RTP streams, between the messages */
	bool all_calls;                  /* A: group 5 judges every call, not the one shown */
};

static struct ladder_state *state_of(const struct ui *u)
{
	return ui_state(u, &ladder_pane_ops);
}

static bool goto_msg(struct ladder_state *l, uint32_t msg);

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static bool add_msg(struct ladder_state *l, uint32_t m)
{
	if (l->nmsgs == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 256;
		uint32_t *p = realloc(l->msgs, nc * sizeof *p);
		if (!p)
			return false;
		l->msgs = p;
		l->cap = nc;
	}
	l->msgs[l->nmsgs++] = m;
	return true;
}

static void add_column(struct ladder_state *l, ep_id ep)
{
	for (size_t i = 0; i < l->ncols; i++)
		if (l->cols[i] == ep)
			return;
	if (l->ncols < LADDER_COLS)
		l->cols[l->ncols++] = ep;
	else
		l->hidden_cols++;
}

/* The RTP streams, and a column for a media host the SIP messages do not
 * use (a provider's media gateway). */
static void collect_media(struct ui *u, struct ladder_state *l)
{
	media_lines_build(u, &l->media, l->src, l->nsrc, l->msgs, l->nmsgs);
	ep_id eps[LADDER_COLS * 2];
	size_t have = l->ncols < LADDER_COLS ? l->ncols : LADDER_COLS;
	memcpy(eps, l->cols, have * sizeof eps[0]);
	size_t n = media_lines_endpoints(u, &l->media, eps, have, have + LADDER_COLS);
	for (size_t i = have; i < n; i++)
		add_column(l, eps[i]);
}

static void collect(struct ui *u, struct ladder_state *l)
{
	const struct store *st = u->app->store;
	uint32_t keep = l->nmsgs && l->cur < l->nmsgs ? l->msgs[l->cur] : NONE_U32;
	/* on the last message, the cursor follows new ones (tail -f) */
	bool at_end = l->nmsgs && l->cur + 1 == l->nmsgs;
	l->nmsgs = 0;
	for (size_t s = 0; s < l->nsrc; s++) {
		struct item it = l->src[s];
		if (it.kind == ITEM_DIALOG) {
			const struct sip_dialog *d = store_dialog(st, it.idx);
			if (!d)
				continue;
			const uint32_t *ms = store_dialog_msgs(st, d);
			for (uint32_t i = 0; i < d->msgs_count; i++)
				add_msg(l, ms[i]);
		} else {
			const struct registration *r = store_reg(st, it.idx);
			if (!r)
				continue;
			const uint32_t *tx = store_reg_txns(st, r);
			for (uint32_t i = 0; i < r->txns_count; i++) {
				const struct sip_txn *t = store_txn(st, tx[i]);
				if (!t)
					continue;
				const uint32_t *ms = store_txn_msgs(st, t);
				for (uint32_t k = 0; k < t->msgs_count; k++)
					add_msg(l, ms[k]);
			}
		}
	}
	l->built_msgs = l->nmsgs;
	qsort(l->msgs, l->nmsgs, sizeof *l->msgs, cmp_u32);
	size_t w = 0;
	for (size_t i = 0; i < l->nmsgs; i++)
		if (!w || l->msgs[w - 1] != l->msgs[i])
			l->msgs[w++] = l->msgs[i];
	l->nmsgs = w;

	l->ncols = l->hidden_cols = 0;
	for (size_t i = 0; i < l->nmsgs; i++) {
		const struct sip_msg *m = store_msg(st, l->msgs[i]);
		if (m) {
			add_column(l, store_msg_hdr(st, m)->src);
			add_column(l, store_msg_hdr(st, m)->dst);
		}
	}
	collect_media(u, l);
	l->built_at = store_msg_count(st);
	l->built_clock = ui_clock();
	l->cur = 0;
	if (at_end && l->nmsgs)
		l->cur = l->nmsgs - 1;
	else if (keep != NONE_U32)
		goto_msg(l, keep);
}

void ladder_show(struct ui *u, const struct item *items, size_t n)
{
	struct ladder_state *l = state_of(u);
	if (n > SELECT_MAX)
		n = SELECT_MAX;
	/* field by field: struct item has padding that memcmp would read */
	bool same = n == l->nsrc;
	for (size_t i = 0; same && i < n; i++)
		same = items[i].kind == l->src[i].kind && items[i].idx == l->src[i].idx;
	if (same)
		return;
	if (n)
		memmove(l->src, items, n * sizeof *items);
	l->nsrc = n;
	l->all_calls = false;      /* another call opened: group 5 follows it */
	l->nmsgs = 0;
	l->cur = l->top = 0;
	collect(u, l);
}

/* How many messages what the ladder shows holds now, counted as collect()
 * adds them (before duplicates go): cheap, no sorting. */
static size_t shown_msgs(const struct ui *u, const struct ladder_state *l)
{
	const struct store *st = u->app->store;
	size_t n = 0;
	for (size_t s = 0; s < l->nsrc; s++) {
		if (l->src[s].kind == ITEM_DIALOG) {
			const struct sip_dialog *d = store_dialog(st, l->src[s].idx);
			n += d ? d->msgs_count : 0;
			continue;
		}
		const struct registration *r = store_reg(st, l->src[s].idx);
		const uint32_t *tx = r ? store_reg_txns(st, r) : NULL;
		for (uint32_t i = 0; tx && i < r->txns_count; i++) {
			const struct sip_txn *t = store_txn(st, tx[i]);
			n += t ? t->msgs_count : 0;
		}
	}
	return n;
}

#define LOADING_REFRESH_SECONDS 0.5

static void ladder_update(struct ui *u, void *st, unsigned what)
{
	struct ladder_state *l = st;
	if (what & UPD_REBUILT)
		l->raw_idx = NONE_U32;     /* --limit: the cached text is another message's now */
	if (!l->nsrc)
		return;
	bool grown = l->built_at != store_msg_count(u->app->store);
	/* a live capture: at once, so the ladder follows; after an evaluation */
	if (grown && (what & UPD_VERDICTS || u->live)) {
		collect(u, l);
		return;
	}
	/* a file still loading: when the dialog shown gained messages, at most
	 * twice a second, so a large dialog is not sorted again on every slice */
	if (grown && (what & UPD_TRAFFIC) && ui_clock() - l->built_clock >= LOADING_REFRESH_SECONDS &&
	    shown_msgs(u, l) != l->built_msgs) {
		collect(u, l);
		return;
	}
	if (what & UPD_VERDICTS)
		collect_media(u, l);   /* streams are tied to calls at each evaluation */
}

/* The call the ladder shows alone, NONE_U32 if none. */
static uint32_t shown_call(const struct ui *u, const struct ladder_state *l)
{
	if (!l || l->nsrc != 1 || l->src[0].kind != ITEM_DIALOG)
		return NONE_U32;
	return store_call_of_dialog(u->app->store, l->src[0].idx);
}

uint32_t ladder_call(const struct ui *u)
{
	const struct ladder_state *l = state_of(u);
	return l && !l->all_calls ? shown_call(u, l) : NONE_U32;
}

bool ladder_call_open(const struct ui *u)
{
	return shown_call(u, state_of(u)) != NONE_U32;
}

void ladder_toggle_all_calls(struct ui *u)
{
	struct ladder_state *l = state_of(u);
	if (shown_call(u, l) == NONE_U32) {
		ui_message(u, "no call open in the ladder: the checklist judges all the trunk's calls");
		return;
	}
	l->all_calls = !l->all_calls;
	ui_message(u, l->all_calls ? "checklist group 5: all the trunk's calls (A: this call again)"
	                           : "checklist group 5: the call open in the ladder");
}

bool ladder_goto_msg(struct ui *u, uint32_t msg)
{
	return goto_msg(state_of(u), msg);
}

static bool goto_msg(struct ladder_state *l, uint32_t msg)
{
	uint32_t *hit = bsearch(&msg, l->msgs, l->nmsgs, sizeof *l->msgs, cmp_u32);
	if (!hit)
		return false;
	l->cur = (size_t)(hit - l->msgs);
	return true;
}

static void ladder_open(struct ui *u, void *st)
{
	struct ladder_state *l = st;           /* trunkdocrc: ladder-deltas */
	l->time_mode = u->rc.ladder_deltas == RC_YES ? TM_BOTH :
	               u->rc.ladder_deltas == RC_NO ? TM_ABSOLUTE : TM_AUTO;
}

static void ladder_free(struct ui *u, void *st)
{
	(void)u;
	struct ladder_state *l = st;
	free(l->msgs);
	free(l->raw);
	media_lines_free(&l->media);
}

static void ladder_resize(struct ui *u, void *st, const struct rect *r)
{
	(void)u;
	((struct ladder_state *)st)->r = *r;
}

static int column_of(const struct ladder_state *l, ep_id ep)
{
	for (size_t i = 0; i < l->ncols; i++)
		if (l->cols[i] == ep)
			return (int)i;
	return -1;
}

/* "REGISTER", "401 Unauthorized"; retransmissions get the mark. */
static void message_label(struct ui *u, const struct sip_msg *m, char *out, size_t len)
{
	const struct store *st = u->app->store;
	char text[160];
	if (m->status) {
		char reason[128];
		ui_clean_str(u, reason, sizeof reason, store_str(st, store_msg_hdr(st, m)->reason));
		snprintf(text, sizeof text, "%u %s", m->status, reason);
	} else if (m->method != M_OTHER && m->method != M_NONE) {
		snprintf(text, sizeof text, "%s", sip_method_name((enum sip_method)m->method));
	} else {
		ui_clean_str(u, text, sizeof text, store_str(st, store_msg_hdr(st, m)->method_str));
	}
	/* an offer or answer shows its codecs and media address (sanitised) */
	char sdp[160];
	sdp_summary(st, m, sdp, sizeof sdp);
	snprintf(out, len, "%s%s%s%s", m->flags & MF_RETRANS ? u->g->retrans : "",
	         m->flags & MF_RETRANS ? " " : "", text, m->flags & MF_MALFORMED ? " (malformed)" : "");
	size_t used = strlen(out);
	if (sdp[0] && used + 4 < len)
		snprintf(out + used, len - used, " (%s)", sdp);
}

static attr_t message_attr(const struct ui *u, const struct sip_msg *m)
{
	attr_t a;
	if (!m->status)
		a = ui_attr(u, CR_REQUEST);
	else if (m->status < 200)
		a = 0;
	else if (m->status < 300)
		a = ui_attr(u, CR_RESPONSE_OK);
	else
		a = ui_attr(u, CR_RESPONSE_ERR);
	if (m->flags & MF_RETRANS)
		a |= A_DIM;
	return a;
}

static void load_preview(struct ui *u, struct ladder_state *l, uint32_t idx)
{
	if (l->raw && l->raw_idx == idx)
		return;
	free(l->raw);
	l->raw = NULL;
	char *buf = malloc(SIP_MSG_MAX + 1);
	if (!buf)
		return;
	long n = store_msg_raw(u->app->store, idx, buf, SIP_MSG_MAX);
	if (n < 0)
		n = snprintf(buf, SIP_MSG_MAX, "(the text of this message cannot be read again)");
	size_t outlen = (size_t)n * 4 + 1;
	l->raw = malloc(outlen);
	if (l->raw)
		ui_clean(u, l->raw, outlen, buf, (size_t)n, SAN_KEEP_NEWLINES);
	l->raw_idx = idx;
	free(buf);
}

static void draw_preview(struct ui *u, struct ladder_state *l, const struct rect *p)
{
	if (p->h <= 0 || p->w <= 2 || l->cur >= l->nmsgs)
		return;
	load_preview(u, l, l->msgs[l->cur]);
	if (!l->raw)
		return;
	const char *s = l->raw;
	for (int y = 0; y < p->h && *s; y++) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		attr_t a = y == 0 ? A_BOLD : 0;
		const char *colon = memchr(s, ':', len);
		if (y > 0 && colon && colon != s) {
			int used = ui_putn(u, p->y + y, p->x, p->w, s, (size_t)(colon - s) + 1,
			                   ui_attr(u, CR_HDR_NAME));
			ui_putn(u, p->y + y, p->x + used, p->w - used, colon + 1, len - (size_t)(colon - s) - 1, 0);
		} else {
			ui_putn(u, p->y + y, p->x, p->w, s, len, a);
		}
		s = nl ? nl + 1 : s + len;
	}
}

static void draw_arrow(struct ui *u, const struct ladder_state *l, int y, const int *cx, int ncols, const struct sip_msg *m,
                       bool cursor, int right_edge)
{
	const struct sip_hdrset *h = store_msg_hdr(u->app->store, m);
	int s = column_of(l, h->src), d = column_of(l, h->dst);
	char label[200];
	message_label(u, m, label, sizeof label);
	attr_t a = message_attr(u, m);
	if (cursor)
		a = ui_attr(u, CR_CURSOR) | A_BOLD;
	if (s < 0 || d < 0 || s >= ncols || d >= ncols) {
		/* an address beyond the drawn columns: say so in words */
		char text[260];
		snprintf(text, sizeof text, "%s (to an address not drawn)", label);
		ui_put(u, y, cx[0] + 1, right_edge - cx[0] - 1, text, a);
		return;
	}
	if (s == d) {
		char text[220];
		snprintf(text, sizeof text, "%s %s", u->g->arrow_self, label);
		ui_put(u, y, cx[s] + 1, right_edge - cx[s] - 1, text, a);
		return;
	}
	int lo = s < d ? cx[s] : cx[d], hi = s < d ? cx[d] : cx[s];
	int span = hi - lo - 1;
	if (span <= 0)
		return;
	ui_fill(u, y, lo + 1, span, u->g->hline, a);
	if (d > s)
		ui_put(u, y, hi - 1, 1, u->g->arrow_right, a);
	else
		ui_put(u, y, lo + 1, 1, u->g->arrow_left, a);
	int lw = ui_width(u, label) + 2;
	if (lw > span - 2)
		lw = span - 2;
	if (lw > 2) {
		int lx = lo + 1 + (span - lw) / 2;
		ui_put(u, y, lx, 1, " ", a);
		ui_put(u, y, lx + 1, lw - 2, label, a);
		ui_put(u, y, lx + lw - 1, 1, " ", a);
	}
}

static void ladder_draw(struct ui *u, void *state, const struct rect *r, bool focused)
{
	struct ladder_state *l = state;
	const struct store *st = u->app->store;
	char title[STR_MAX + ROLE_WHY_MAX + 96], name[STR_MAX], role[ROLE_WHY_MAX + 24];
	name[0] = role[0] = 0;
	if (l->nsrc == 1 && l->src[0].kind == ITEM_REG) {
		const struct registration *reg = store_reg(st, l->src[0].idx);
		const struct roles *ro = &u->app->roles;
		if (reg)
			ui_clean_str(u, name, sizeof name, store_str(st, reg->aor));
		if (reg && l->src[0].idx < ro->nreg && ro->reg[l->src[0].idx].why[0]) {
			/* how its role was decided, on screen (doc/checks.md, "Roles") */
			const struct reg_role_info *ri = &ro->reg[l->src[0].idx];
			snprintf(role, sizeof role, " | %s: %s", ri->own ? "trunkdoc's own" : role_name(ri->role), ri->why);
		}
	} else if (l->nsrc == 1) {
		const struct sip_dialog *d = store_dialog(st, l->src[0].idx);
		if (d)
			ui_clean_str(u, name, sizeof name, store_str(st, d->call_id));
	}
	if (l->nsrc > 1)
		snprintf(title, sizeof title, "Ladder: %zu merged (%zu messages)", l->nsrc, l->nmsgs);
	else if (l->nsrc == 1 && media_lines_count(&l->media))
		snprintf(title, sizeof title, "Ladder: %s (%zu messages, %zu RTP stream%s)%s", name, l->nmsgs,
		         media_lines_count(&l->media), media_lines_count(&l->media) == 1 ? "" : "s", role);
	else if (l->nsrc == 1)
		snprintf(title, sizeof title, "Ladder: %s (%zu messages)%s", name, l->nmsgs, role);
	else
		snprintf(title, sizeof title, "Ladder");
	ui_title_line(u, r, title, focused);
	if (r->h < 3)
		return;

	struct rect flow = { r->y + 1, r->x, r->h - 1, r->w }, prev = { 0, 0, 0, 0 };
	if (r->w >= 110) {
		int pw = r->w * 2 / 5;
		flow.w = r->w - pw - 1;
		prev = (struct rect){ flow.y, r->x + flow.w + 1, flow.h, pw };
		for (int y = 0; y < flow.h; y++)
			ui_put(u, flow.y + y, r->x + flow.w, 1, u->g->vline, ui_attr(u, CR_DIM));
	} else if (r->h >= 16) {
		int ph = (r->h - 1) / 3;
		flow.h -= ph;
		prev = (struct rect){ flow.y + flow.h + 1, r->x, ph - 1, r->w };
		ui_fill(u, flow.y + flow.h, r->x, r->w, u->g->hline, ui_attr(u, CR_DIM));
		ui_put(u, flow.y + flow.h, r->x + 1, r->w - 2, " Message ", ui_attr(u, CR_HEADER));
	}

	if (l->nmsgs == 0) {
		ui_put(u, flow.y, flow.x + 2, flow.w - 2,
		       l->nsrc ? "(no messages)" : "(select a registration or dialog)", ui_attr(u, CR_DIM));
		return;
	}

	bool deltas = l->time_mode == TM_BOTH || (l->time_mode == TM_AUTO && flow.w >= DELTA_AUTO_W);
	int tw = TIME_W + (deltas ? DELTA_W : 0);   /* the time columns */
	l->deltas_shown = deltas;
	int aw = flow.w - tw;
	int ncols = (int)l->ncols;
	int colw = ncols > 1 ? aw / ncols : aw;
	if (colw < 14 && ncols > 1) {
		colw = 14;
		ncols = aw / colw;
		if (ncols < 1)
			ncols = 1;
	}
	if (colw > 40)
		colw = 40;
	int cx[LADDER_COLS];
	for (int i = 0; i < ncols; i++)
		cx[i] = flow.x + tw + colw / 2 + i * colw - (ncols > 1 ? 0 : colw / 2);
	int right = flow.x + flow.w;

	/* header: the addresses, centred over their columns */
	attr_t h = ui_attr(u, CR_HEADER);
	for (int i = 0; i < ncols; i++) {
		char ep[80];
		store_ep_fmt(st, l->cols[i], ep, sizeof ep);
		int w = ui_width(u, ep);
		if (w > colw - 1)
			w = colw - 1;
		int x = cx[i] - w / 2;
		if (x < flow.x + tw - 1)
			x = flow.x + tw - 1;
		ui_put(u, flow.y, x, right - x < w ? right - x : w, ep, h);
	}
	if (ncols < (int)l->ncols || l->hidden_cols)
		ui_put(u, flow.y, flow.x, TIME_W - 1, "(+addresses)", ui_attr(u, CR_DIM));
	else
		ui_put(u, flow.y, flow.x, TIME_W - 1, "Time (UTC)", h);
	if (deltas)
		ui_put(u, flow.y, flow.x + TIME_W + 1, DELTA_W - 2, "Delta", h);

	int visible = flow.h - 1;
	if (visible <= 0)
		return;
	if (l->cur < l->top)
		l->top = l->cur;
	if (l->cur >= l->top + (size_t)visible)
		l->top = l->cur - (size_t)visible + 1;
	/* the media rows between top and the cursor take room too, and
	 * those right under the cursor are shown with it where they fit */
	while (l->top < l->cur) {
		int need = 1 + media_lines_height(u, &l->media, l->cur, flow.w);
		for (size_t i = l->top; i < l->cur && need <= visible; i++)
			need += 1 + media_lines_height(u, &l->media, i, flow.w);
		if (need <= visible)
			break;
		l->top++;
	}
	struct ladder_cols lc = { l->cols, cx, ncols, (int)l->ncols, flow.x, right };
	int end = flow.y + 1 + visible;
	for (size_t i = l->top, next_y = (size_t)flow.y + 1; (int)next_y < end && i < l->nmsgs; i++) {
		int y = (int)next_y++;
		/* the streams that began after this message, under it */
		next_y += (size_t)media_lines_draw(u, &l->media, i, (int)next_y, end - (int)next_y, &lc);
		const struct sip_msg *m = store_msg(st, l->msgs[i]);
		if (!m)
			continue;
		bool cur = i == l->cur;
		char when[20];
		ui_fmt_time(m->time, when, sizeof when, true);
		ui_put(u, y, flow.x, TIME_W - 1, when, cur ? (focused ? ui_attr(u, CR_CURSOR) : A_BOLD) : 0);
		if (deltas) {
			/* since the previous message of this ladder, as sngrep shows it */
			const struct sip_msg *pm = i > 0 ? store_msg(st, l->msgs[i - 1]) : NULL;
			char d[24] = "";
			if (pm && m->time >= pm->time) {
				usec_t dt = m->time - pm->time;
				if (dt < (usec_t)100 * 1000000)
					snprintf(d, sizeof d, "+%llu.%06llu", (unsigned long long)(dt / 1000000),
					         (unsigned long long)(dt % 1000000));
				else
					snprintf(d, sizeof d, "+%llus", (unsigned long long)(dt / 1000000));
			}
			ui_put(u, y, flow.x + TIME_W + 1, DELTA_W - 2, d, ui_attr(u, CR_DIM));
		}
		if (cur)   /* visible without colour or reverse video too */
			ui_put(u, y, flow.x + TIME_W - 1, 1, u->g->cursor, A_BOLD);
		for (int c = 0; c < ncols; c++)
			ui_put(u, y, cx[c], 1, u->g->vline, ui_attr(u, CR_DIM));
		draw_arrow(u, l, y, cx, ncols, m, cur && focused, right);
	}
	draw_preview(u, l, &prev);
}

/* Does message m match the search: its method or status line, either
 * address, or its text (re-read from the capture, as the preview is)? */
static bool msg_matches(struct ui *u, uint32_t idx, const char *text, char *buf)
{
	const struct store *st = u->app->store;
	const struct sip_msg *m = store_msg(st, idx);
	if (!m)
		return false;
	char label[200], ep[80];
	message_label(u, m, label, sizeof label);
	if (strcasestr(label, text))
		return true;
	if (strcasestr(store_ep_fmt(st, store_msg_hdr(st, m)->src, ep, sizeof ep), text) ||
	    strcasestr(store_ep_fmt(st, store_msg_hdr(st, m)->dst, ep, sizeof ep), text))
		return true;
	long n = store_msg_raw(st, idx, buf, SIP_MSG_MAX);
	if (n <= 0)
		return false;
	buf[n] = 0;              /* a NUL in a body ends the search there */
	return strcasestr(buf, text) != NULL;
}

static bool ladder_search(struct ui *u, void *st, const char *text)
{
	struct ladder_state *l = st;
	char *buf = malloc(SIP_MSG_MAX + 1);
	if (!buf || !l->nmsgs) {
		free(buf);
		return false;
	}
	bool found = false;
	for (size_t k = 1; k <= l->nmsgs && !found; k++) {
		size_t i = (l->cur + k) % l->nmsgs;
		if (msg_matches(u, l->msgs[i], text, buf)) {
			l->cur = i;
			found = true;
		}
	}
	free(buf);
	return found;
}

static unsigned ladder_action(struct ui *u, void *st, enum action act)
{
	struct ladder_state *l = st;
	size_t page = l->r.h > 4 ? (size_t)l->r.h / 2 : 1;
	switch (act) {
	case ACT_UP: if (l->cur) l->cur--; break;
	case ACT_DOWN: if (l->cur + 1 < l->nmsgs) l->cur++; break;
	case ACT_PGUP: l->cur = l->cur > page ? l->cur - page : 0; break;
	case ACT_PGDN: l->cur = l->nmsgs ? (l->cur + page < l->nmsgs ? l->cur + page : l->nmsgs - 1) : 0; break;
	case ACT_HOME: l->cur = 0; break;
	case ACT_END: l->cur = l->nmsgs ? l->nmsgs - 1 : 0; break;
	case ACT_ENTER:
		if (l->cur < l->nmsgs)
			message_open(u, l->msgs[l->cur]);
		break;
	case ACT_ALL_CALLS:
		ladder_toggle_all_calls(u);
		break;
	case ACT_TIME_MODE: {
		bool shown = l->deltas_shown;
		l->time_mode = shown ? TM_ABSOLUTE : TM_BOTH;
		ui_message(u, shown ? "ladder: absolute time only" : "ladder: time and delta since the previous message");
		break;
	}
	default:
		return PR_IGNORED;
	}
	return PR_HANDLED | PR_REDRAW;
}

const struct pane_ops ladder_pane_ops = {
	.name = "ladder",
	.ctx = KC_LADDER,
	.hints = "Enter open  Esc back  / search  Tab pane",
	.state_size = sizeof(struct ladder_state),
	.open = ladder_open,
	.free = ladder_free,
	.resize = ladder_resize,
	.update = ladder_update,
	.search = ladder_search,
	.draw = ladder_draw,
	.action = ladder_action,
};
