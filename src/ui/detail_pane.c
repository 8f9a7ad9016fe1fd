/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * detail_pane.c - one step of the checklist, full screen: what it checks,
 * what the traffic shows (the evidence, each naming its frame), what to do
 * next, and the operator's note.  Enter on a piece of evidence opens the
 * ladder at that message.
 *
 *   The registrar answers every REGISTER
 *   net.registrar-answers · Internet and reachability · obs
 *   Verdict: ✘ fail
 *   No response to 7 REGISTERs over 32 s ...
 *   What the traffic shows
 *    ▸ frame 12  07:01:02.120  REGISTER to 192.0.2.10:5060, no answer
 *   Next step
 *     Check the firewall ...
 */
#include <string.h>

#include "store/store.h"
#include "ui/ui.h"

struct detail_state {
	size_t ev_cur;                   /* the selected piece of evidence */
	int top;                         /* first line on screen */
	struct rect r;
	bool jumped;                     /* an evidence frame was shown in the ladder */
};

/* Lines are laid out twice: once to find where the selected evidence falls
 * (to scroll it into view), once to draw. */
struct layout_pass {
	struct ui *u;
	const struct detail_state *ds;
	struct rect r;
	bool draw;
	int vy;            /* virtual line of the next output */
	int top;           /* first virtual line on screen */
	int sel_from, sel_to;
	bool fill;         /* paint the whole line (the selected evidence) */
};

/* Wraps text from column indent; lines after the first start at indent +
 * hang, so a wrapped piece of evidence stays under its text, not under its
 * frame number. */
static void emit_hang(struct layout_pass *p, int indent, int hang, const char *text, attr_t attr)
{
	const char *s = text;
	int first_w = p->r.w - indent - 1;
	if (first_w < 8)
		first_w = 8;
	if (!*s) {
		p->vy++;
		return;
	}
	bool first = true;
	while (*s) {
		int x = first ? indent : indent + hang;
		int w = p->r.w - x - 1;
		if (w < 8) {
			x = indent;
			w = first_w;
		}
		size_t next, take = ui_line_break(p->u, s, w, &next);
		int y = p->vy - p->top;
		if (p->draw && y >= 0 && y < p->r.h) {
			if (p->fill)
				ui_blank(p->r.y + y, p->r.x, p->r.w, attr);
			ui_putn(p->u, p->r.y + y, p->r.x + x, w, s, take, attr);
		}
		p->vy++;
		s += next;
		first = false;
	}
}

static void emit(struct layout_pass *p, int indent, const char *text, attr_t attr)
{
	emit_hang(p, indent, 0, text, attr);
}

static void lay_out(struct layout_pass *p)
{
	struct ui *u = p->u;
	size_t i = checklist_current(u);
	const struct check_def *c = &check_table[i];
	const struct finding *f = &ui_findings(u)[i];
	char buf[FINDING_TEXT * 2 + 64], clean[FINDING_TEXT * 4];

	emit(p, 1, c->title, A_BOLD);
	snprintf(buf, sizeof buf, "%s %s %s %s %s", c->id, u->g->vline, group_name(c->group),
	         u->g->vline, kind_name(c->kind));
	emit(p, 1, buf, ui_attr(u, CR_DIM));
	p->vy++;
	snprintf(buf, sizeof buf, "Verdict: %s %s%s", u->g->verdict[f->verdict <= V_SKIPPED ? f->verdict : 0],
	         verdict_name(f->verdict), f->marked ? " (marked by the operator)" : "");
	emit(p, 1, buf, ui_verdict_attr(u, f->verdict) | A_BOLD);
	if (f->summary[0])
		emit(p, 3, ui_clean_str(u, clean, sizeof clean, f->summary), 0);
	else if (f->verdict == V_UNKNOWN)
		emit(p, 3, "No evidence yet: the capture does not show this step.", 0);
	p->vy++;
	if (c->kind & K_MAN || (c->how && c->how[0])) {
		emit(p, 1, "What to do", ui_attr(u, CR_HEADER));
		emit(p, 3, c->how && c->how[0] ? c->how : "Check it yourself, then mark it: o pass, X fail, s skip.", 0);
		p->vy++;
	}
	emit(p, 1, "What the traffic shows", ui_attr(u, CR_HEADER));
	if (f->nev == 0)
		emit(p, 3, "(no evidence)", ui_attr(u, CR_DIM));
	for (size_t e = 0; e < f->nev && e < EVIDENCE_MAX; e++) {
		char when[20];
		bool sel = e == p->ds->ev_cur;
		ui_fmt_time(f->ev[e].time, when, sizeof when, true);
		char head[64];
		if (f->ev[e].frame)
			snprintf(head, sizeof head, "%s frame %u  %s  ", sel ? u->g->cursor : " ", f->ev[e].frame, when);
		else
			snprintf(head, sizeof head, "%s ", sel ? u->g->cursor : " ");
		snprintf(buf, sizeof buf, "%s%s", head, ui_clean_str(u, clean, sizeof clean, f->ev[e].text));
		if (sel)
			p->sel_from = p->vy;
		p->fill = sel;
		emit_hang(p, 2, ui_width(u, head), buf, sel ? ui_attr(u, CR_CURSOR) : 0);
		p->fill = false;
		if (sel)
			p->sel_to = p->vy;
	}
	if (f->ev_dropped) {
		snprintf(buf, sizeof buf, "(and %zu more not listed)", f->ev_dropped);
		emit(p, 3, buf, ui_attr(u, CR_DIM));
	}
	p->vy++;
	if (f->advice[0]) {
		emit(p, 1, "Next step", ui_attr(u, CR_HEADER));
		emit(p, 3, ui_clean_str(u, clean, sizeof clean, f->advice), 0);
		p->vy++;
	}
	if (f->note[0]) {
		emit(p, 1, "Operator's note", ui_attr(u, CR_HEADER));
		emit(p, 3, ui_clean_str(u, clean, sizeof clean, f->note), 0);
	}
}

static void detail_draw(struct ui *u, void *st, const struct rect *r, bool focused)
{
	(void)focused;
	struct detail_state *ds = st;
	/* back from the ladder: its "Esc returns to the step" is done with */
	if (ds->jumped) {
		ds->jumped = false;
		if (strstr(u->status, "Esc returns to the step"))
			ui_message_clear(u);
	}
	char title[160];
	snprintf(title, sizeof title, "Step %zu of %zu", checklist_current(u) + 1, check_count);
	ui_title_line(u, r, title, true);
	struct rect body = { r->y + 1, r->x, r->h - 1, r->w };
	bool noting = u->prompt.kind == PROMPT_NOTE;
	if (noting)
		body.h -= 1;
	struct layout_pass p = { .u = u, .ds = ds, .r = body, .draw = false, .top = 0, .sel_from = -1 };
	lay_out(&p);
	int total = p.vy;
	if (p.sel_from >= 0) {
		if (p.sel_from < ds->top)
			ds->top = p.sel_from;
		if (p.sel_to > ds->top + body.h)
			ds->top = p.sel_to - body.h;
	}
	if (ds->top > total - body.h)
		ds->top = total - body.h;
	if (ds->top < 0)
		ds->top = 0;
	p = (struct layout_pass){ .u = u, .ds = ds, .r = body, .draw = true, .top = ds->top, .sel_from = -1 };
	lay_out(&p);
	if (noting)
		prompt_draw(u, body.y + body.h, r->x + 1, r->w - 1);
}

/* Finds the registration or dialog the message belongs to, shows it in the
 * ladder with the cursor on the message, and returns to the main screen. */
static void jump_to_frame(struct ui *u, uint32_t frame)
{
	const struct store *st = u->app->store;
	uint32_t mi = store_msg_by_frame(st, frame);
	if (mi == NONE_U32) {
		ui_message(u, "frame %u is not a SIP message (a DNS, ICMP or TCP event)", frame);
		return;
	}
	const struct sip_msg *m = store_msg(st, mi);
	if (!m)
		return;
	struct item it = { ITEM_DIALOG, m->dialog };
	if (m->cseq_method == M_REGISTER || m->method == M_REGISTER) {
		size_t nr = store_reg_count(st);
		for (uint32_t r = 0; r < nr; r++) {
			const struct registration *reg = store_reg(st, r);
			const uint32_t *tx = store_reg_txns(st, reg);
			for (uint32_t k = 0; k < reg->txns_count; k++)
				if (tx[k] == m->txn) {
					it = (struct item){ ITEM_REG, r };
					goto found;
				}
		}
	}
found:
	list_point_at(u, it);
	ladder_show(u, &it, 1);
	ladder_goto_msg(u, mi);
	ui_push_main(u, PANE_LADDER);
	ui_message(u, "frame %u in the ladder; Enter opens it, Esc returns to the step", frame);
	((struct detail_state *)ui_state(u, &detail_view_ops))->jumped = true;
}

void detail_open(struct ui *u)
{
	struct detail_state *ds = ui_state(u, &detail_view_ops);
	ds->ev_cur = 0;
	ds->top = 0;
	ui_push_view(u, &detail_view_ops);
}

static void detail_resize(struct ui *u, void *st, const struct rect *r)
{
	(void)u;
	((struct detail_state *)st)->r = *r;
}

static unsigned detail_action(struct ui *u, void *st, enum action act)
{
	struct detail_state *ds = st;
	const struct finding *f = &ui_findings(u)[checklist_current(u)];
	int half = ds->r.h / 2 > 1 ? ds->r.h / 2 : 1;
	size_t nev = f->nev < EVIDENCE_MAX ? f->nev : EVIDENCE_MAX;
	switch (act) {
	case ACT_UP:
		if (nev && ds->ev_cur > 0)
			ds->ev_cur--;
		else if (ds->top > 0)
			ds->top--;
		break;
	case ACT_DOWN:
		if (nev && ds->ev_cur + 1 < nev)
			ds->ev_cur++;
		else
			ds->top++;
		break;
	case ACT_PGUP: ds->top -= half; break;
	case ACT_PGDN: ds->top += half; break;
	case ACT_HOME: ds->top = 0; ds->ev_cur = 0; break;
	case ACT_END: ds->top = 1 << 20; break;
	case ACT_ENTER:
		if (ds->ev_cur < nev && f->ev[ds->ev_cur].frame)
			jump_to_frame(u, f->ev[ds->ev_cur].frame);
		else
			ui_message(u, "no frame to show for this step");
		break;
	case ACT_NEXT_STEP:
	case ACT_PREV_STEP:
		checklist_step(u, act == ACT_NEXT_STEP ? 1 : -1);
		ds->ev_cur = 0;
		ds->top = 0;
		break;
	default:
		if (!checklist_mark_action(u, act))
			return PR_IGNORED;
	}
	if (ds->top < 0)
		ds->top = 0;
	return PR_HANDLED | PR_REDRAW;
}

const struct pane_ops detail_view_ops = {
	.name = "detail",
	.ctx = KC_DETAIL,
	.hints = "Esc back  Enter show in ladder  n/N step  o/X/s mark  a note",
	.state_size = sizeof(struct detail_state),
	.resize = detail_resize,
	.draw = detail_draw,
	.action = detail_action,
};
