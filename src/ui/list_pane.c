/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * list_pane.c - the registrations and dialogs, one row each:
 *
 *   ● 07:01:02 TRUNK    2001@sip.example      sip.example  UDP    6 ✔ registered (300 s)
 *     07:01:03 PHONE    381@10.0.0.5          10.0.0.5     UDP    9 ✘ wrong password, 401 loop
 *     07:01:09 INVITE   2001 -> +3120555...   192.0.2.10   UDP   11 ✘ failed 486
 *     07:01:12 OPTIONS  [trunkdoc] ...        sip.example  UDP    2 200
 *
 * Registrations come first, each with its role (TRUNK, PHONE for an
 * extension, REGISTER for other, TRUNKDOC for trunkdoc's own) and its own
 * short verdict (checks/trunks.h), then the dialogs that are not
 * REGISTERs; a call shows its state and its worst group-5 verdict, judged
 * for it alone (app/call_focus.h); trunkdoc's own probes are marked
 * [trunkdoc].  The
 * rows are kept as two index arrays filled as the store grows (never by
 * walking the store per frame); a filter change rebuilds them once.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/call_focus.h"
#include "store/store.h"
#include "ui/ui.h"

struct list_state {
	uint32_t *regs, *dialogs;        /* rows that pass the filter, in arrival order */
	size_t nregs, ndialogs, cap_regs, cap_dialogs;
	size_t scanned_regs, scanned_dialogs;
	size_t cur, top;
	struct item sel[SELECT_MAX];     /* Space-selected rows */
	size_t nsel;
	bool shown_any;                  /* the ladder was given a row */
	int sort;                        /* enum sort_col; SORT_ARRIVAL keeps arrival order */
	bool reverse;
	uint32_t *order;                 /* with a sort: row i shows arrival row order[i] */
	size_t norder, cap_order;
	struct rect r;                   /* where the layout put the pane */
	char callid_at_cur[STR_MAX];     /* the cursor row's Call-ID as last drawn (--limit) */
};

static struct list_state *state_of(const struct ui *u)
{
	return ui_state(u, &list_pane_ops);
}

static size_t rows_of(const struct list_state *l)
{
	return l->nregs + l->ndialogs;
}

enum sort_col { SORT_ARRIVAL = 0, SORT_TIME, SORT_TYPE, SORT_WHO, SORT_REGISTRAR, SORT_MSGS, SORT_STATE,
                SORT__COUNT };
static const char *const sort_names[SORT__COUNT] = {
	"arrival", "time", "type", "AOR / From -> To", "registrar", "messages", "state",
};

/* The row in arrival order: registrations first, then dialogs. */
static struct item arrival_row(const struct list_state *l, size_t i)
{
	if (i < l->nregs)
		return (struct item){ ITEM_REG, l->regs[i] };
	return (struct item){ ITEM_DIALOG, l->dialogs[i - l->nregs] };
}

static struct item row_of(const struct list_state *l, size_t i)
{
	if (l->sort != SORT_ARRIVAL && i < l->norder)
		return arrival_row(l, l->order[i]);
	return arrival_row(l, i);
}

static bool push(uint32_t **arr, size_t *n, size_t *cap, uint32_t v)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 256;
		uint32_t *p = realloc(*arr, nc * sizeof *p);
		if (!p)
			return false;
		*arr = p;
		*cap = nc;
	}
	(*arr)[(*n)++] = v;
	return true;
}

/* A dialog that only carries REGISTERs is shown as its registration. */
static bool dialog_is_register(const struct store *st, const struct sip_dialog *d)
{
	if (d->first_method == M_REGISTER)
		return true;
	if (d->first_method == M_NONE && d->msgs_count) {
		const struct sip_msg *m = store_msg(st, store_dialog_msgs(st, d)[0]);
		return m && m->cseq_method == M_REGISTER;
	}
	return false;
}

static void sort_rows(struct ui *u, struct list_state *l);
static void remember_cursor(const struct ui *u, struct list_state *l);
static bool find_item(const struct list_state *l, struct item it, size_t *row);

static void list_refresh(struct ui *u, struct list_state *l)
{
	/* rows may be inserted above the cursor (a registration above the
	 * dialogs, a sorted row): the cursor stays on its row */
	size_t before = rows_of(l);
	struct item keep = before && l->cur < before ? row_of(l, l->cur) : (struct item){ 0, NONE_U32 };
	size_t keep_cur = l->cur;
	const struct store *st = u->app->store;
	size_t nr = store_reg_count(st), nd = store_dialog_count(st);
	for (; l->scanned_regs < nr; l->scanned_regs++) {
		struct item it = { ITEM_REG, (uint32_t)l->scanned_regs };
		if (filter_match_item(u, it))
			push(&l->regs, &l->nregs, &l->cap_regs, it.idx);
	}
	for (; l->scanned_dialogs < nd; l->scanned_dialogs++) {
		const struct sip_dialog *d = store_dialog(st, (uint32_t)l->scanned_dialogs);
		struct item it = { ITEM_DIALOG, (uint32_t)l->scanned_dialogs };
		if (d && !dialog_is_register(st, d) && filter_match_item(u, it))
			push(&l->dialogs, &l->ndialogs, &l->cap_dialogs, it.idx);
	}
	size_t rows = rows_of(l);
	if (l->sort != SORT_ARRIVAL && l->norder != rows)
		sort_rows(u, l);
	size_t row;
	if (rows != before && keep.idx != NONE_U32 && find_item(l, keep, &row) && row != keep_cur)
		l->cur = row;            /* the view scrolls only if the cursor leaves it */
	if (l->cur >= rows)
		l->cur = rows ? rows - 1 : 0;
	/* The ladder follows the cursor until the operator picks something. */
	if (rows && !l->shown_any) {
		struct item it = row_of(l, l->cur);
		ladder_show(u, &it, 1);
		l->shown_any = true;
	}
}

/* After the filter changed: the rows again from the start, the selection
 * dropped, the ladder on the first row (or empty). */
static void list_rebuild(struct ui *u, struct list_state *l)
{
	l->nregs = l->ndialogs = 0;
	l->scanned_regs = l->scanned_dialogs = 0;
	l->cur = l->top = 0;
	l->nsel = 0;
	l->shown_any = false;
	list_refresh(u, l);
	if (!rows_of(l))
		ladder_show(u, NULL, 0);
}

size_t list_rows(const struct ui *u)
{
	return rows_of(state_of(u));
}

bool list_current(const struct ui *u, struct item *out)
{
	const struct list_state *l = state_of(u);
	if (!l || !rows_of(l))
		return false;
	*out = l->nsel ? l->sel[0] : row_of(l, l->cur < rows_of(l) ? l->cur : rows_of(l) - 1);
	return true;
}

static bool find_item(const struct list_state *l, struct item it, size_t *row)
{
	size_t n = rows_of(l);
	for (size_t i = 0; i < n; i++) {
		struct item r = row_of(l, i);
		if (r.kind == it.kind && r.idx == it.idx) {
			*row = i;
			return true;
		}
	}
	return false;
}

void list_point_at(struct ui *u, struct item it)
{
	struct list_state *l = state_of(u);
	size_t row;
	l->nsel = 0;
	if (find_item(l, it, &row))
		l->cur = row;
}

size_t item_msg_count(const struct ui *u, struct item it)
{
	const struct store *st = u->app->store;
	if (it.kind == ITEM_DIALOG) {
		const struct sip_dialog *d = store_dialog(st, it.idx);
		return d ? d->msgs_count : 0;
	}
	const struct registration *r = store_reg(st, it.idx);
	if (!r)
		return 0;
	size_t n = 0;
	const uint32_t *tx = store_reg_txns(st, r);
	for (uint32_t i = 0; i < r->txns_count; i++) {
		const struct sip_txn *t = store_txn(st, tx[i]);
		n += t ? t->msgs_count : 0;
	}
	return n;
}

static int sel_index(const struct list_state *l, struct item it)
{
	for (size_t i = 0; i < l->nsel; i++)
		if (l->sel[i].kind == it.kind && l->sel[i].idx == it.idx)
			return (int)i;
	return -1;
}

static enum color_role reg_state_role(enum reg_state s)
{
	switch (s) {
	case REG_REGISTERED: return CR_PASS;
	case REG_TRYING: case REG_CHALLENGED: return CR_WARN;
	case REG_FAILED: case REG_TIMED_OUT: case REG_EXPIRED: return CR_FAIL;
	default: return CR_UNKNOWN;
	}
}

static enum color_role status_role(unsigned status)
{
	if (status == 0)
		return CR_UNKNOWN;
	if (status < 300)
		return CR_PASS;
	if (status < 400)
		return CR_WARN;
	return CR_FAIL;
}

/* "sip:1000@example.net" reads as "1000@example.net" in a narrow column
 * (sngrep does the same); filters still see the whole URI. */
static const char *without_scheme(const char *uri)
{
	if (!strncasecmp(uri, "sip:", 4))
		return uri + 4;
	if (!strncasecmp(uri, "sips:", 5))
		return uri + 5;
	return uri;
}

#define CALL_STATE_W 14    /* "✘ failed 403" and a space */

struct columns {
	int mark, time, type, who, reg, tp, msgs, state;
};

/* What a row shows, before it is cut to its columns. */
struct row_text {
	char when[16], who[STR_MAX * 2 + 24], reg[STR_MAX], type_buf[64], state[ROLE_WHY_MAX + 16], msgs[16];
	const char *type, *tp;
	enum color_role srole;
};

/* The message count is as wide as the largest on screen.  The AOR (or
 * From -> To) and the registrar share what the other columns leave: each
 * gets what the widest of the rows on screen needs when both fit, else the
 * registrar gives way down to a third (the AOR names the trunk; its host
 * is often the registrar's).  Too narrow: no registrar column. */
static struct columns columns_for(int w, int want_who, int want_reg, int want_msgs, int want_state, bool calls)
{
	struct columns c = { 2, 9, 10, 0, 0, 4, want_msgs + 1, 10 };
	/* a registration's verdict ("✘ wrong password, 401 loop") wants more
	 * than a state word: it gets what the AOR and registrar leave, up to a
	 * quarter of the width (they name the row; the verdict may be cut) */
	int spare = w - (c.mark + c.time + c.type + c.tp + c.msgs + c.state) - (want_who + 1) - (want_reg + 1);
	int more = want_state + 1 - c.state, most = w / 4 - c.state;
	if (more > most)
		more = most;
	if (more > spare)
		more = spare;
	if (more > 0)
		c.state += more;
	/* a call's "✘ failed 403" is whole, taken from the AOR column */
	if (calls && c.state < CALL_STATE_W && want_state + 1 >= CALL_STATE_W)
		c.state = CALL_STATE_W;
	int fixed = c.mark + c.time + c.type + c.tp + c.msgs + c.state;
	int rest = w - fixed;
	if (rest >= 30) {
		int reg = want_reg + 1;             /* a space before the next column */
		if (reg > 24)
			reg = 24;
		int spare = rest - (want_who + 1);  /* what the AOR leaves */
		int least = spare > rest / 3 ? spare : rest / 3;
		c.reg = reg < least ? reg : least;
	}
	c.who = rest - c.reg;
	if (c.who < 4)
		c.who = 4;
	return c;
}

static bool row_text(const struct ui *u, struct item it, struct row_text *t)
{
	const struct store *st = u->app->store;
	t->type = t->tp = "";
	t->srole = CR_UNKNOWN;
	t->when[0] = t->who[0] = t->reg[0] = t->state[0] = 0;
	snprintf(t->msgs, sizeof t->msgs, "%zu", item_msg_count(u, it));
	if (it.kind == ITEM_REG) {
		const struct registration *r = store_reg(st, it.idx);
		if (!r)
			return false;
		ui_fmt_time(r->first_time, t->when, sizeof t->when, false);
		const struct roles *ro = &u->app->roles;
		const struct reg_role_info *ri = it.idx < ro->nreg ? &ro->reg[it.idx] : NULL;
		t->type = !ri ? "REGISTER" : ri->own ? "TRUNKDOC" : ri->role == ROLE_TRUNK ? "TRUNK"
		        : ri->role == ROLE_EXTENSION ? "PHONE" : "REGISTER";
		ui_clean_str(u, t->who, sizeof t->who, without_scheme(store_str(st, r->aor)));
		if (r->registrar)
			ui_clean_str(u, t->reg, sizeof t->reg, store_str(st, r->registrar));
		else
			store_ep_fmt(st, r->server, t->reg, sizeof t->reg);
		if (ri) {
			/* the registration's own verdict: "why does this phone not register" */
			snprintf(t->state, sizeof t->state, "%s %s", u->g->verdict[ri->verdict], ri->verdict_text);
			t->srole = ri->verdict == V_PASS ? CR_PASS : ri->verdict == V_FAIL ? CR_FAIL
			         : ri->verdict == V_WARN ? CR_WARN : CR_UNKNOWN;
		} else {
			snprintf(t->state, sizeof t->state, "%s", reg_state_name((enum reg_state)r->state));
			t->srole = reg_state_role((enum reg_state)r->state);
		}
		/* still inside the last grant, but the latest attempt did not
		 * succeed: say so rather than a plain "registered" beside the
		 * verdicts that already fail */
		if (r->state == REG_REGISTERED && r->last_status >= 300 && (!ri || ri->verdict == V_PASS)) {
			snprintf(t->state, sizeof t->state, "%s%sregistered, refresh failing",
			         ri ? u->g->verdict[V_WARN] : "", ri ? " " : "");
			t->srole = CR_WARN;
		}
		if (r->txns_count) {
			const struct sip_txn *tx = store_txn(st, store_reg_txns(st, r)[0]);
			const struct sip_msg *m = tx ? store_msg(st, tx->first_msg) : NULL;
			if (m)
				t->tp = transport_name((enum transport)m->transport);
		}
		return true;
	}
	const struct sip_dialog *d = store_dialog(st, it.idx);
	if (!d)
		return false;
	ui_fmt_time(d->first_time, t->when, sizeof t->when, false);
	const struct sip_msg *m = d->msgs_count ? store_msg(st, store_dialog_msgs(st, d)[0]) : NULL;
	if (d->first_method != M_NONE && d->first_method != M_OTHER)
		t->type = sip_method_name((enum sip_method)d->first_method);
	else if (m)
		t->type = ui_clean_str(u, t->type_buf, 16, store_str(st, store_msg_hdr(st, m)->method_str));
	if (m) {
		char from[STR_MAX], to[STR_MAX];
		ui_clean_str(u, from, sizeof from, without_scheme(store_str(st, store_msg_hdr(st, m)->from_uri)));
		ui_clean_str(u, to, sizeof to, without_scheme(store_str(st, store_msg_hdr(st, m)->to_uri)));
		/* same domain on both sides: the user parts say it all */
		char *fa = strchr(from, '@'), *ta = strchr(to, '@');
		if (fa && ta && !strcasecmp(fa, ta))
			*fa = *ta = 0;
		snprintf(t->who, sizeof t->who, "%s%s -> %s", store_msg_is_own(st, m) ? "[trunkdoc] " : "", from, to);
		t->tp = transport_name((enum transport)m->transport);
	}
	if (m && store_msg_hdr(st, m)->ruri_host)
		ui_clean_str(u, t->reg, sizeof t->reg, store_str(st, store_msg_hdr(st, m)->ruri_host));
	else
		store_ep_fmt(st, d->callee, t->reg, sizeof t->reg);
	/* a call says where its INVITE led: answered, failed 403, dropped ... */
	uint32_t ci = store_call_of_dialog(st, it.idx);
	const struct sip_call *call = ci != NONE_U32 ? store_call(st, ci) : NULL;
	char what[ROLE_WHY_MAX];
	if (call && call->state == CALL_FAILED)
		snprintf(what, sizeof what, "failed %u", call->status);
	else if (call && call->state != CALL_SETUP)
		snprintf(what, sizeof what, "%s", call_state_name((enum call_state)call->state));
	else if (d->last_status)
		snprintf(what, sizeof what, "%u", d->last_status);
	else
		snprintf(what, sizeof what, "no answer");
	t->srole = status_role(call && call->state == CALL_DROPPED ? 500 : d->last_status);
	if (call) {
		/* the call's own verdict: its worst group-5 step, judged for it
		 * alone by the checks (app/call_focus.h) */
		enum verdict v = app_call_verdict(u->app, ci);
		snprintf(t->state, sizeof t->state, "%s %s", u->g->verdict[v], what);
		t->srole = v == V_PASS ? CR_PASS : v == V_FAIL ? CR_FAIL : v == V_WARN ? CR_WARN : CR_UNKNOWN;
	} else {
		snprintf(t->state, sizeof t->state, "%s", what);
	}
	return true;
}

static void draw_row(struct ui *u, const struct list_state *l, int y, int x, int w, const struct columns *cp, struct item it,
                     bool cursor, bool focused)
{
	static struct row_text t;         /* large; the screen is drawn on one thread */
	if (!row_text(u, it, &t))
		return;
	struct columns c = *cp;
	attr_t base = cursor ? (focused ? ui_attr(u, CR_CURSOR) : A_BOLD) : 0;
	ui_blank(y, x, w, base);
	int cx = x;
	int si = sel_index(l, it);
	ui_put(u, y, cx, c.mark, si >= 0 ? u->g->selected : (cursor ? u->g->cursor : " "),
	       si >= 0 ? ui_attr(u, CR_SELECTED) | base : base);
	cx += c.mark;
	ui_put(u, y, cx, c.time - 1, t.when, base);
	cx += c.time;
	ui_put(u, y, cx, c.type - 1, t.type, base | A_BOLD);
	cx += c.type;
	ui_put(u, y, cx, c.who - 1, t.who, base);
	cx += c.who;
	if (c.reg) {
		ui_put(u, y, cx, c.reg - 1, t.reg, base);
		cx += c.reg;
	}
	ui_put(u, y, cx, c.tp - 1, t.tp, base);
	cx += c.tp;
	char pad[16];
	snprintf(pad, sizeof pad, "%*s", c.msgs - 1, t.msgs);
	ui_put(u, y, cx, c.msgs - 1, pad, base);
	cx += c.msgs;
	ui_put(u, y, cx + 0, x + w - cx, t.state, cursor && focused ? base : ui_attr(u, t.srole));
}

static void list_draw(struct ui *u, void *st, const struct rect *r, bool focused)
{
	struct list_state *l = st;
	remember_cursor(u, l);
	char title[128];
	size_t rows = rows_of(l);
	char by[48] = "";
	if (l->sort != SORT_ARRIVAL)
		snprintf(by, sizeof by, ", by %s%s", sort_names[l->sort], l->reverse ? " desc" : "");
	if (l->nsel)
		snprintf(title, sizeof title, "Registrations and dialogs (%zu, %zu selected%s)", rows, l->nsel, by);
	else
		snprintf(title, sizeof title, "Registrations and dialogs (%zu%s)", rows, by);
	ui_title_line(u, r, title, focused);
	if (r->h < 2)
		return;
	int visible = r->h - 2;
	if (l->cur < l->top)
		l->top = l->cur;
	if (visible > 0 && l->cur >= l->top + (size_t)visible)
		l->top = l->cur - (size_t)visible + 1;
	int want_who = (int)strlen("AOR / From -> To"), want_reg = (int)strlen("Registrar");
	int want_msgs = (int)strlen("Msgs"), want_state = (int)strlen("State");
	static struct row_text t;
	bool calls = false;   /* a call on screen */
	for (int i = 0; i < visible && l->top + (size_t)i < rows; i++) {
		struct item it = row_of(l, l->top + (size_t)i);
		if (!row_text(u, it, &t))
			continue;
		calls = calls || (it.kind == ITEM_DIALOG && store_call_of_dialog(u->app->store, it.idx) != NONE_U32);
		int ww = ui_width(u, t.who), rw = ui_width(u, t.reg);
		want_who = ww > want_who ? ww : want_who;
		want_reg = rw > want_reg ? rw : want_reg;
		int mw = (int)strlen(t.msgs), sw = ui_width(u, t.state);
		want_msgs = mw > want_msgs ? mw : want_msgs;
		want_state = sw > want_state ? sw : want_state;
	}
	struct columns c = columns_for(r->w, want_who, want_reg, want_msgs, want_state, calls);
	int y = r->y + 1;
	attr_t h = ui_attr(u, CR_HEADER);
	int cx = r->x + c.mark;
	ui_put(u, y, cx, c.time, "Time", h);
	cx += c.time;
	ui_put(u, y, cx, c.type, "Type", h);
	cx += c.type;
	ui_put(u, y, cx, c.who, "AOR / From -> To", h);
	cx += c.who;
	if (c.reg) {
		ui_put(u, y, cx, c.reg, "Registrar", h);
		cx += c.reg;
	}
	ui_put(u, y, cx, c.tp, "Tp", h);
	cx += c.tp;
	char msgs_head[16];
	snprintf(msgs_head, sizeof msgs_head, "%*s", c.msgs - 1, "Msgs");
	ui_put(u, y, cx, c.msgs, msgs_head, h);
	cx += c.msgs;
	ui_put(u, y, cx, r->x + r->w - cx, "State / verdict", h);

	if (visible <= 0)
		return;
	if (rows == 0) {
		/* say what the report says: SIP over TLS was seen but cannot be read */
		char tls[96];
		uint64_t nt = store_stats_c(u->app->store)->tls_records;
		snprintf(tls, sizeof tls, "(%llu TLS record%s: encrypted SIP cannot be read)",
		         (unsigned long long)nt, nt == 1 ? "" : "s");
		ui_put(u, y + 1, r->x + 2, r->w - 2,
		       u->app->filter_text[0] ? "(nothing matches the filter)" :
		       nt ? tls :
		       u->reading ? "(waiting for SIP traffic)" : "(no SIP registrations or dialogs)",
		       nt ? ui_attr(u, CR_WARN) : ui_attr(u, CR_DIM));
		return;
	}
	for (int i = 0; i < visible && l->top + (size_t)i < rows; i++) {
		size_t row = l->top + (size_t)i;
		draw_row(u, l, y + 1 + i, r->x, r->w, &c, row_of(l, row), row == l->cur, focused);
	}
}

/* Sorting by a column: the keys are made once per sort (the text the
 * column shows, or its number), then the rows are ordered by them; ties
 * keep arrival order. */
struct sort_key {
	uint32_t row;
	long long num;
	char text[64];
};
static bool sort_desc;

static int cmp_key(const void *pa, const void *pb)
{
	const struct sort_key *a = pa, *b = pb;
	int c = a->num < b->num ? -1 : a->num > b->num;
	if (!c)
		c = strcasecmp(a->text, b->text);
	if (sort_desc)
		c = -c;
	return c ? c : (a->row < b->row ? -1 : a->row > b->row);
}

static void sort_rows(struct ui *u, struct list_state *l)
{
	size_t n = rows_of(l);
	struct item keep = n && l->cur < n ? row_of(l, l->cur) : (struct item){ 0, NONE_U32 };
	struct sort_key *k = n ? malloc(n * sizeof *k) : NULL;
	if (n && (!k || (n > l->cap_order && !(l->order = realloc(l->order, n * sizeof *l->order))))) {
		free(k);
		l->sort = SORT_ARRIVAL;   /* out of memory: arrival order */
		l->norder = l->cap_order = 0;
		return;
	}
	if (n > l->cap_order)
		l->cap_order = n;
	static struct row_text t;
	for (size_t i = 0; i < n; i++) {
		struct item it = arrival_row(l, i);
		k[i].row = (uint32_t)i;
		k[i].num = 0;
		k[i].text[0] = 0;
		if (!row_text(u, it, &t))
			continue;
		switch (l->sort) {
		case SORT_TIME: {
			const struct store *st = u->app->store;
			const struct registration *r = it.kind == ITEM_REG ? store_reg(st, it.idx) : NULL;
			const struct sip_dialog *d = it.kind == ITEM_DIALOG ? store_dialog(st, it.idx) : NULL;
			k[i].num = r ? r->first_time : d ? d->first_time : 0;
			break;
		}
		case SORT_TYPE: snprintf(k[i].text, sizeof k[i].text, "%.63s", t.type); break;
		case SORT_WHO: snprintf(k[i].text, sizeof k[i].text, "%.63s", t.who); break;
		case SORT_REGISTRAR: snprintf(k[i].text, sizeof k[i].text, "%.63s", t.reg); break;
		case SORT_MSGS: k[i].num = (long long)item_msg_count(u, it); break;
		case SORT_STATE: snprintf(k[i].text, sizeof k[i].text, "%.63s", t.state); break;
		default: break;
		}
	}
	sort_desc = l->reverse;
	qsort(k, n, sizeof *k, cmp_key);
	for (size_t i = 0; i < n; i++)
		l->order[i] = k[i].row;
	l->norder = n;
	free(k);
	/* the cursor stays on its row */
	for (size_t i = 0; keep.idx != NONE_U32 && i < n; i++) {
		struct item it = row_of(l, i);
		if (it.kind == keep.kind && it.idx == keep.idx) {
			l->cur = i;
			break;
		}
	}
}

static void set_sort(struct ui *u, struct list_state *l, int col, bool reverse)
{
	/* the cursor stays on its row, found again in the new order */
	struct item keep = rows_of(l) ? row_of(l, l->cur) : (struct item){ 0, NONE_U32 };
	l->sort = col;
	l->reverse = reverse;
	l->norder = 0;
	if (col != SORT_ARRIVAL)
		sort_rows(u, l);
	size_t row;
	if (keep.idx != NONE_U32 && find_item(l, keep, &row))
		l->cur = row;
	ui_message(u, "list sorted by %s%s (o: next column, O: reverse)", sort_names[col],
	           reverse ? ", descending" : "");
}

/* The ladder shows the selection if there is one, else the cursor's row. */
static void follow_cursor(struct ui *u, struct list_state *l)
{
	if (l->nsel)
		ladder_show(u, l->sel, l->nsel);
	else if (rows_of(l)) {
		struct item it = row_of(l, l->cur);
		ladder_show(u, &it, 1);
	}
}

static void toggle_select(struct ui *u, struct list_state *l)
{
	if (!rows_of(l))
		return;
	struct item it = row_of(l, l->cur);
	int i = sel_index(l, it);
	if (i >= 0) {
		memmove(&l->sel[i], &l->sel[i + 1], (l->nsel - (size_t)i - 1) * sizeof l->sel[0]);
		l->nsel--;
	} else if (l->nsel < SELECT_MAX) {
		l->sel[l->nsel++] = it;
	} else {
		ui_message(u, "at most %d dialogs can be merged", SELECT_MAX);
	}
	if (l->nsel)
		ui_message(u, "%zu selected: the ladder merges them", l->nsel);
	follow_cursor(u, l);
}

static bool list_search(struct ui *u, void *st, const char *text)
{
	struct list_state *l = st;
	size_t rows = rows_of(l);
	for (size_t k = 1; k <= rows; k++) {
		size_t i = (l->cur + k) % rows;
		if (text_match_item(u, row_of(l, i), text)) {
			l->cur = i;
			follow_cursor(u, l);
			return true;
		}
	}
	return false;
}

static unsigned list_action(struct ui *u, void *st, enum action act)
{
	struct list_state *l = st;
	size_t rows = rows_of(l);
	size_t page = l->r.h > 3 ? (size_t)l->r.h - 2 : 1;
	size_t old = l->cur;
	switch (act) {
	case ACT_UP: if (l->cur) l->cur--; break;
	case ACT_DOWN: if (l->cur + 1 < rows) l->cur++; break;
	case ACT_PGUP: l->cur = l->cur > page ? l->cur - page : 0; break;
	case ACT_PGDN: l->cur = rows ? (l->cur + page < rows ? l->cur + page : rows - 1) : 0; break;
	case ACT_HOME: l->cur = 0; break;
	case ACT_END: l->cur = rows ? rows - 1 : 0; break;
	case ACT_ENTER:
		if (!rows)
			return PR_HANDLED;
		follow_cursor(u, l);
		u->focus = PANE_LADDER;
		return PR_HANDLED | PR_REDRAW;
	case ACT_SELECT:
		toggle_select(u, l);
		if (l->cur + 1 < rows)
			l->cur++;
		return PR_HANDLED | PR_REDRAW;
	case ACT_CLEAR_SELECT:
		l->nsel = 0;
		follow_cursor(u, l);
		return PR_HANDLED | PR_REDRAW;
	case ACT_SORT:
		set_sort(u, l, (l->sort + 1) % SORT__COUNT, false);
		return PR_HANDLED | PR_REDRAW;
	case ACT_ALL_CALLS:
		ladder_toggle_all_calls(u);
		return PR_HANDLED | PR_REDRAW;
	case ACT_SORT_REVERSE:
		set_sort(u, l, l->sort == SORT_ARRIVAL ? SORT_TIME : l->sort, !l->reverse);
		return PR_HANDLED | PR_REDRAW;
	default:
		return PR_IGNORED;
	}
	if (l->cur != old && !l->nsel)
		follow_cursor(u, l);
	return PR_HANDLED | PR_REDRAW;
}

static void list_open(struct ui *u, void *st)
{
	struct list_state *l = st;
	if (u->rc.list_sort > 0 && u->rc.list_sort < SORT__COUNT)   /* trunkdocrc */
		l->sort = u->rc.list_sort;
	l->reverse = u->rc.list_reverse;
	list_rebuild(u, st);
}

static void list_free(struct ui *u, void *st)
{
	(void)u;
	struct list_state *l = st;
	free(l->regs);
	free(l->dialogs);
	free(l->order);
}

static void list_resize(struct ui *u, void *st, const struct rect *r)
{
	(void)u;
	((struct list_state *)st)->r = *r;
}

static const struct sip_msg *item_first_msg(const struct store *st, struct item it)
{
	if (it.kind == ITEM_DIALOG) {
		const struct sip_dialog *d = store_dialog(st, it.idx);
		return d && d->msgs_count ? store_msg(st, store_dialog_msgs(st, d)[0]) : NULL;
	}
	const struct registration *r = store_reg(st, it.idx);
	const struct sip_txn *t = r && r->txns_count ? store_txn(st, store_reg_txns(st, r)[0]) : NULL;
	return t ? store_msg(st, t->first_msg) : NULL;
}

/* What the cursor is on, by a name that outlives a rebuilt store. */
static void remember_cursor(const struct ui *u, struct list_state *l)
{
	const struct store *st = u->app->store;
	const struct sip_msg *m = rows_of(l) ? item_first_msg(st, row_of(l, l->cur < rows_of(l) ? l->cur : 0)) : NULL;
	snprintf(l->callid_at_cur, sizeof l->callid_at_cur, "%s", m ? store_str(st, store_msg_call_id(st, m)) : "");
}

/* --limit rebuilt the store: every index changed.  The rows are found
 * again; the cursor stays on its row's Call-ID when that was kept (else
 * the nearest row), and the ladder is shown again from the new indices. */
static void list_after_rebuild(struct ui *u, struct list_state *l)
{
	const struct store *st = u->app->store;
	char callid[STR_MAX] = "";
	size_t was = l->cur;
	if (l->cur < l->nregs + l->ndialogs && l->callid_at_cur[0])
		snprintf(callid, sizeof callid, "%s", l->callid_at_cur);
	list_rebuild(u, l);
	size_t rows = rows_of(l);
	l->cur = was < rows ? was : rows ? rows - 1 : 0;
	for (size_t i = 0; callid[0] && i < rows; i++) {
		const struct sip_msg *m = item_first_msg(st, row_of(l, i));
		if (m && !strcmp(store_str(st, store_msg_call_id(st, m)), callid)) {
			l->cur = i;
			break;
		}
	}
	ladder_show(u, NULL, 0);
	if (rows) {
		struct item it = row_of(l, l->cur);
		ladder_show(u, &it, 1);
	}
}

static void list_update(struct ui *u, void *st, unsigned what)
{
	if (what & UPD_REBUILT)
		list_after_rebuild(u, st);
	else if (what & UPD_FILTER)
		list_rebuild(u, st);
	else
		list_refresh(u, st);
}

const struct pane_ops list_pane_ops = {
	.name = "list",
	.ctx = KC_LIST,
	.hints = "Enter ladder  Space select  f filter  Tab pane  q quit",
	.state_size = sizeof(struct list_state),
	.open = list_open,
	.free = list_free,
	.resize = list_resize,
	.update = list_update,
	.search = list_search,
	.draw = list_draw,
	.action = list_action,
};
