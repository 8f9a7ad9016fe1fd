/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * list_pane.c - the registrations and dialogs, one row each:
 *
 *   ● 07:01:02 REGISTER sip:2001@sip.example  sip.example  UDP    6 registered
 *     07:01:09 INVITE   2001 -> +3120555...   192.0.2.10   UDP   11 486
 *
 * Registrations come first, then the dialogs that are not REGISTERs.  The
 * rows are kept as two index arrays filled as the store grows (never by
 * walking the store per frame); a filter change rebuilds them once.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/store.h"
#include "ui/ui.h"

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

void list_refresh(struct ui *u)
{
	struct list_state *l = &u->list;
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
	size_t rows = list_rows(u);
	if (l->cur >= rows)
		l->cur = rows ? rows - 1 : 0;
	/* The ladder follows the cursor until the operator picks something. */
	if (rows && u->ladder.nsrc == 0) {
		struct item it = list_row(u, l->cur);
		ladder_show(u, &it, 1);
	}
}

void list_rebuild(struct ui *u)
{
	struct list_state *l = &u->list;
	l->nregs = l->ndialogs = 0;
	l->scanned_regs = l->scanned_dialogs = 0;
	l->cur = l->top = 0;
	list_refresh(u);
}

size_t list_rows(const struct ui *u)
{
	return u->list.nregs + u->list.ndialogs;
}

struct item list_row(const struct ui *u, size_t i)
{
	if (i < u->list.nregs)
		return (struct item){ ITEM_REG, u->list.regs[i] };
	return (struct item){ ITEM_DIALOG, u->list.dialogs[i - u->list.nregs] };
}

bool list_find_item(const struct ui *u, struct item it, size_t *row)
{
	size_t n = list_rows(u);
	for (size_t i = 0; i < n; i++) {
		struct item r = list_row(u, i);
		if (r.kind == it.kind && r.idx == it.idx) {
			*row = i;
			return true;
		}
	}
	return false;
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

static int sel_index(const struct ui *u, struct item it)
{
	for (size_t i = 0; i < u->list.nsel; i++)
		if (u->list.sel[i].kind == it.kind && u->list.sel[i].idx == it.idx)
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

struct columns {
	int mark, time, type, who, reg, tp, msgs, state;
};

/* What a row shows, before it is cut to its columns. */
struct row_text {
	char when[16], who[STR_MAX * 2 + 8], reg[STR_MAX], type_buf[64], state[32], msgs[16];
	const char *type, *tp;
	enum color_role srole;
};

/* The message count is as wide as the largest on screen.  The AOR (or
 * From -> To) and the registrar share what the other columns leave: each
 * gets what the widest of the rows on screen needs when both fit, else the
 * registrar gives way down to a third (the AOR names the trunk; its host
 * is often the registrar's).  Too narrow: no registrar column. */
static struct columns columns_for(int w, int want_who, int want_reg, int want_msgs)
{
	struct columns c = { 2, 9, 10, 0, 0, 4, want_msgs + 1, 10 };
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
		t->type = "REGISTER";
		ui_clean_str(u, t->who, sizeof t->who, without_scheme(store_str(st, r->aor)));
		if (r->registrar)
			ui_clean_str(u, t->reg, sizeof t->reg, store_str(st, r->registrar));
		else
			store_ep_fmt(st, r->server, t->reg, sizeof t->reg);
		snprintf(t->state, sizeof t->state, "%s", reg_state_name((enum reg_state)r->state));
		t->srole = reg_state_role((enum reg_state)r->state);
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
		t->type = ui_clean_str(u, t->type_buf, 16, store_str(st, m->method_str));
	if (m) {
		char from[STR_MAX], to[STR_MAX];
		ui_clean_str(u, from, sizeof from, without_scheme(store_str(st, m->from_uri)));
		ui_clean_str(u, to, sizeof to, without_scheme(store_str(st, m->to_uri)));
		/* same domain on both sides: the user parts say it all */
		char *fa = strchr(from, '@'), *ta = strchr(to, '@');
		if (fa && ta && !strcasecmp(fa, ta))
			*fa = *ta = 0;
		snprintf(t->who, sizeof t->who, "%s -> %s", from, to);
		t->tp = transport_name((enum transport)m->transport);
	}
	if (m && m->ruri_host)
		ui_clean_str(u, t->reg, sizeof t->reg, store_str(st, m->ruri_host));
	else
		store_ep_fmt(st, d->callee, t->reg, sizeof t->reg);
	/* a call says where its INVITE led: answered, failed 403, dropped ... */
	uint32_t ci = store_call_of_dialog(st, it.idx);
	const struct sip_call *call = ci != NONE_U32 ? store_call(st, ci) : NULL;
	if (call && call->state == CALL_FAILED)
		snprintf(t->state, sizeof t->state, "failed %u", call->status);
	else if (call && call->state != CALL_SETUP)
		snprintf(t->state, sizeof t->state, "%s", call_state_name((enum call_state)call->state));
	else if (d->last_status)
		snprintf(t->state, sizeof t->state, "%u", d->last_status);
	else
		snprintf(t->state, sizeof t->state, "no answer");
	t->srole = status_role(call && call->state == CALL_DROPPED ? 500 : d->last_status);
	return true;
}

static void draw_row(struct ui *u, int y, int x, int w, const struct columns *cp, struct item it,
                     bool cursor, bool focused)
{
	static struct row_text t;         /* large; the screen is drawn on one thread */
	if (!row_text(u, it, &t))
		return;
	struct columns c = *cp;
	attr_t base = cursor ? (focused ? ui_attr(u, CR_CURSOR) : A_BOLD) : 0;
	ui_blank(y, x, w, base);
	int cx = x;
	int si = sel_index(u, it);
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

static void list_draw(struct ui *u, const struct rect *r, bool focused)
{
	struct list_state *l = &u->list;
	char title[128];
	size_t rows = list_rows(u);
	if (l->nsel)
		snprintf(title, sizeof title, "Registrations and dialogs (%zu, %zu selected)", rows, l->nsel);
	else
		snprintf(title, sizeof title, "Registrations and dialogs (%zu)", rows);
	ui_title_line(u, r, title, focused);
	if (r->h < 2)
		return;
	int visible = r->h - 2;
	if (l->cur < l->top)
		l->top = l->cur;
	if (visible > 0 && l->cur >= l->top + (size_t)visible)
		l->top = l->cur - (size_t)visible + 1;
	int want_who = (int)strlen("AOR / From -> To"), want_reg = (int)strlen("Registrar");
	int want_msgs = (int)strlen("Msgs");
	static struct row_text t;
	for (int i = 0; i < visible && l->top + (size_t)i < rows; i++) {
		if (!row_text(u, list_row(u, l->top + (size_t)i), &t))
			continue;
		int ww = ui_width(u, t.who), rw = ui_width(u, t.reg);
		want_who = ww > want_who ? ww : want_who;
		want_reg = rw > want_reg ? rw : want_reg;
		int mw = (int)strlen(t.msgs);
		want_msgs = mw > want_msgs ? mw : want_msgs;
	}
	struct columns c = columns_for(r->w, want_who, want_reg, want_msgs);
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
	ui_put(u, y, cx, r->x + r->w - cx, "State", h);

	if (visible <= 0)
		return;
	if (rows == 0) {
		ui_put(u, y + 1, r->x + 2, r->w - 2,
		       u->app->filter_text[0] ? "(nothing matches the filter)" :
		       u->reading ? "(waiting for SIP traffic)" : "(no SIP registrations or dialogs)",
		       ui_attr(u, CR_DIM));
		return;
	}
	for (int i = 0; i < visible && l->top + (size_t)i < rows; i++) {
		size_t row = l->top + (size_t)i;
		draw_row(u, y + 1 + i, r->x, r->w, &c, list_row(u, row), row == l->cur, focused);
	}
}

/* The ladder shows the selection if there is one, else the cursor's row. */
static void follow_cursor(struct ui *u)
{
	if (u->list.nsel)
		ladder_show(u, u->list.sel, u->list.nsel);
	else if (list_rows(u)) {
		struct item it = list_row(u, u->list.cur);
		ladder_show(u, &it, 1);
	}
}

static void toggle_select(struct ui *u)
{
	struct list_state *l = &u->list;
	if (!list_rows(u))
		return;
	struct item it = list_row(u, l->cur);
	int i = sel_index(u, it);
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
	follow_cursor(u);
}

void list_search(struct ui *u, const char *text)
{
	size_t rows = list_rows(u);
	for (size_t k = 1; k <= rows; k++) {
		size_t i = (u->list.cur + k) % rows;
		if (text_match_item(u, list_row(u, i), text)) {
			u->list.cur = i;
			follow_cursor(u);
			return;
		}
	}
	ui_message(u, "no registration or dialog matches");
}

static unsigned list_action(struct ui *u, enum action act)
{
	struct list_state *l = &u->list;
	size_t rows = list_rows(u);
	size_t page = u->r_pane[PANE_LIST].h > 3 ? (size_t)u->r_pane[PANE_LIST].h - 2 : 1;
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
		follow_cursor(u);
		u->focus = PANE_LADDER;
		return PR_HANDLED | PR_REDRAW;
	case ACT_SELECT:
		toggle_select(u);
		if (l->cur + 1 < rows)
			l->cur++;
		return PR_HANDLED | PR_REDRAW;
	case ACT_CLEAR_SELECT:
		l->nsel = 0;
		follow_cursor(u);
		return PR_HANDLED | PR_REDRAW;
	default:
		return PR_IGNORED;
	}
	if (l->cur != old && !l->nsel)
		follow_cursor(u);
	return PR_HANDLED | PR_REDRAW;
}

const struct pane_ops list_pane_ops = {
	.name = "list",
	.ctx = KC_LIST,
	.hints = "Enter ladder  Space select  F7 filter  Tab pane  F1 help  q quit",
	.draw = list_draw,
	.action = list_action,
};
