/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * statusbar.c - the title line at the top, the status line at the bottom
 * and the one-line text prompt:
 *
 *   trunkdoc · trunk acme · fleet: node:2 aor:... · filter aor:2001   F1 help
 *   capture.pcap  1204 pkts  36 SIP  DONE │ Enter ladder  Space select ...
 *   Loading 43% [█████████░░░░░░░░░░░░] Esc stops reading
 */
#include <string.h>

#include "app/pipeline.h"
#include "store/store.h"
#include "ui/ui.h"

void titlebar_draw(struct ui *u)
{
	const struct rect *r = &u->r_title;
	attr_t a = ui_attr(u, CR_TITLE);
	ui_blank(r->y, r->x, r->w, a);
	char line[1024], name[PROFILE_FIELD_MAX * 4], filt[PROMPT_MAX * 4];
	const struct profile *p = &u->app->profile;
	ui_clean_str(u, name, sizeof name, p->name[0] ? p->name : p->registrar);
	int n = snprintf(line, sizeof line, " trunkdoc");
	if (name[0])
		n += snprintf(line + n, sizeof line - (size_t)n, "  trunk %s", name);
	const char *scope = fleet_scope(u);     /* a fleet row opened */
	if (scope && (size_t)n < sizeof line)
		n += snprintf(line + n, sizeof line - (size_t)n, "  fleet: %s",
		              ui_clean_str(u, filt, sizeof filt, scope));
	if (u->app->filter_text[0] && (size_t)n < sizeof line)
		snprintf(line + n, sizeof line - (size_t)n, "  filter: %s",
		         ui_clean_str(u, filt, sizeof filt, u->app->filter_text));
	ui_put(u, r->y, r->x, r->w - 10, line, a);
	const char *right = u->utf8 ? "F1 help " : "F1 help [ASCII] ";
	int rw = ui_width(u, right);
	if (r->w > rw + 20)
		ui_put(u, r->y, r->x + r->w - rw, rw, right, a);
}

static const char *source_name(const struct ui *u, char *buf, size_t len)
{
	const struct store *st = u->app->store;
	size_t n = store_source_count(st);
	const struct options *o = &u->app->opt;
	const char *name = o->interface ? o->interface : o->hep_listen ? o->hep_listen
	                 : o->nread ? o->read_files[0] : "no capture";
	if (n > 0) {
		const struct store_source *s = store_source_get(st, 0);
		if (s && s->name)
			name = s->name;
	}
	const char *slash = strrchr(name, '/');
	if (slash && slash[1])
		name = slash + 1;
	char clean[160];
	ui_clean_str(u, clean, sizeof clean, name);
	/* a long file name must not push the state (LIVE, DONE) off the line */
	int maxw = u->cols / 4 > 12 ? u->cols / 4 : 12;
	if (ui_width(u, clean) > maxw) {
		size_t cut = 0;
		int w = 0;
		while (clean[cut] && w < maxw - 1) {
			size_t k = 1;
			while (((unsigned char)clean[cut + k] & 0xc0) == 0x80)
				k++;
			cut += k;
			w++;
		}
		snprintf(clean + cut, sizeof clean - cut, "%s", u->g->ellipsis);
	}
	size_t extra = o->nread + (o->interface ? 1 : 0);
	if (extra > 1)
		snprintf(buf, len, "%s +%zu", clean, extra - 1);
	else
		snprintf(buf, len, "%s", clean);
	return buf;
}

/* The keys of the job come first on the main screen: the root cause (when
 * a step fails), the trunk profile and password, saving the bundle; then
 * the focused pane's own keys, then help. */
static void hints_for(const struct ui *u, char *out, size_t len)
{
	const struct pane_ops *ops = ui_focused_ops(u);
	size_t n = 0;
	out[0] = 0;
#define ADD(text) do { \
		int k_ = snprintf(out + n, len - n, "%s%s", n ? "  " : "", (text)); \
		if (k_ > 0 && (size_t)k_ < len - n) n += (size_t)k_; \
	} while (0)
	if (u->prompt.kind == PROMPT_QUIT)
		return;                 /* the question names its keys */
	if (u->prompt.kind != PROMPT_NONE) {
		ADD("Enter accept  Esc cancel  Ctrl-U erase the line");
		if (u->prompt.kind == PROMPT_EXPORT)
			ADD("Ctrl-R redaction");
		return;
	}
	if (!ui_top_view(u)) {
		if (checks_root_cause(ui_findings(u)) >= 0)
			ADD("! root cause");
		ADD("T profile");
		ADD("S save");
	}
	ADD(ops->hints);
	if (!ops->key)              /* a text form takes ? as a character */
		ADD("? help");
#undef ADD
}

/* Whole hints only: "Enter ladder  Space select" loses its last items, never
 * half a word. */
static void hints_fit(const struct ui *u, char *hints, int w)
{
	while (ui_width(u, hints) > w) {
		char *cut = NULL;
		for (char *p = strstr(hints, "  "); p; p = strstr(p + 2, "  "))
			cut = p;
		if (!cut) {
			hints[0] = 0;
			return;
		}
		*cut = 0;
	}
}

void statusbar_draw(struct ui *u)
{
	const struct rect *r = &u->r_status;
	attr_t a = ui_attr(u, CR_STATUS);
	ui_blank(r->y, r->x, r->w, a);
	const struct capture_stats *cs = store_stats_c(u->app->store);
	char src[256], left[512];

	if (u->loading && !u->paused) {
		int pct = (int)(u->progress * 100);
		int bw = r->w - 40;
		if (bw > 40)
			bw = 40;
		int x = r->x;
		snprintf(left, sizeof left, " Loading %3d%% ", pct);
		x += ui_put(u, r->y, x, r->w, left, a);
		for (int i = 0; i < bw; i++)
			ui_put(u, r->y, x + i, 1, i < bw * pct / 100 ? u->g->bar_full : u->g->bar_empty, a);
		x += bw;
		snprintf(left, sizeof left, " %llu SIP  Esc stops reading", (unsigned long long)cs->sip_messages);
		ui_put(u, r->y, x, r->x + r->w - x, left, a);
		return;
	}
	const char *state = u->paused ? "PAUSED" : u->interrupted ? "STOPPED" :
	                    u->reading && u->live ? "LIVE" : u->reading ? "READING" : "DONE";
	char dropped[80] = "";
	if (cs->dropped && cs->queue_dropped)   /* the kernel's, then the reader queue's */
		snprintf(dropped, sizeof dropped, "  %u dropped  queue: %llu dropped", cs->dropped,
		         (unsigned long long)cs->queue_dropped);
	else if (cs->dropped)
		snprintf(dropped, sizeof dropped, "  %u dropped", cs->dropped);
	else if (cs->queue_dropped)
		snprintf(dropped, sizeof dropped, "  queue: %llu dropped", (unsigned long long)cs->queue_dropped);
	char limited[64] = "";
	if (cs->limit_dropped)     /* --limit: dialogs dropped, the finished ones first */
		snprintf(limited, sizeof limited, "  limit: %llu dropped, %llu open", (unsigned long long)cs->limit_dropped,
		         (unsigned long long)cs->limit_dropped_open);
	snprintf(left, sizeof left, " %s  %llu pkts  %llu SIP%s%s  %s ", source_name(u, src, sizeof src),
	         (unsigned long long)cs->packets, (unsigned long long)cs->sip_messages, dropped, limited, state);
	int x = r->x + ui_put(u, r->y, r->x, r->w, left, a);
	if (x < r->x + r->w - 1) {
		ui_put(u, r->y, x, 1, u->g->vline, a);
		x += 2;
	}
	if (u->status[0] && ui_clock() < u->status_until) {
		/* a message too long for the space beside the counts takes the
		 * whole line: a saved bundle's file names, a kept capture's path */
		if (ui_width(u, u->status) > r->x + r->w - x) {
			ui_blank(r->y, r->x, r->w, a);
			x = r->x + 1;
		}
		ui_put(u, r->y, x, r->x + r->w - x, u->status, a | A_BOLD);
		return;
	}
	char hints[512];
	hints_for(u, hints, sizeof hints);
	hints_fit(u, hints, r->x + r->w - x);
	ui_put(u, r->y, x, r->x + r->w - x, hints, a);
}

void prompt_draw(struct ui *u, int y, int x, int w)
{
	struct prompt *p = &u->prompt;
	attr_t a = ui_attr(u, CR_FOCUS);
	ui_blank(y, x, w, a);
	int lw = ui_put(u, y, x, w, p->label, a | A_BOLD);
	/* show the end of the text, where the typing happens */
	const char *s = p->buf;
	int avail = w - lw - 1;
	while (*s && ui_width(u, s) > avail) {
		s++;
		while (((unsigned char)*s & 0xc0) == 0x80)
			s++;
	}
	int tw = ui_put(u, y, x + lw, avail, s, a);
	p->cy = y;
	p->cx = x + lw + tw;
}
