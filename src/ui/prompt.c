/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * prompt.c - the one-line text input at the bottom of the screen (or in
 * place under a checklist step, for notes): search, the list's and the
 * fleet view's filters, note, and the directory the ticket bundle is saved
 * into.  Only the operator's typing
 * lands here, never packet text.
 *
 *   Filter (addr: aor: method: callid:): method:INVITE_
 */
#include <limits.h>
#include <string.h>
#include <wchar.h>

#include "report/export.h"
#include "report/redact.h"
#include "store/store.h"
#include "ui/ui.h"

void ui_prompt_open(struct ui *u, enum prompt_kind k, const char *label, const char *initial)
{
	struct prompt *p = &u->prompt;
	p->kind = k;
	snprintf(p->label, sizeof p->label, "%s", label);
	snprintf(p->buf, sizeof p->buf, "%s", initial ? initial : "");
	p->len = strlen(p->buf);
	u->dirty = true;
}

/* The save dialog says whether the bundle will be redacted, so the
 * operator sees it before the files are written. */
const char *prompt_export_label(const struct ui *u)
{
	return u->prompt.redact ? "Save bundle (redacted, Ctrl-R: off) into: "
	                        : "Save bundle (not redacted, Ctrl-R: on) into: ";
}

static void do_export(struct ui *u, const char *dir)
{
	const struct options *o = &u->app->opt;
	/* off means off: the --redact-ip addresses are masked only with it on */
	bool r = u->prompt.redact;
	struct redact_opts eo = { r, r ? o->redact_ips : NULL, r ? o->nredact_ips : 0 };
	char stem[4096], err[512];
	if (!*dir)
		dir = ".";
	if (export_bundle(u->app, dir, &eo, stem, sizeof stem, err, sizeof err)) {
	{
		/* the file names first (what the ticket needs), the directory after */
		const char *base = strrchr(stem, '/');
		char clean[8192];
		ui_clean_str(u, clean, sizeof clean, base ? base + 1 : stem);
		char dclean[8192];
		snprintf(dclean, sizeof dclean, "%.*s", base ? (int)(base - stem) : 1, base ? stem : ".");
		char dshown[8192];
		ui_clean_str(u, dshown, sizeof dshown, dclean);
		ui_message(u, "saved%s %s.md .json .pcap in %s", eo.redact ? " redacted" : "", clean, dshown);
	}
		u->exported = true;
		u->exported_at = store_stats_c(u->app->store)->packets;
	}
	else
		ui_message(u, "not saved: %s", err);
}

static void prompt_commit(struct ui *u)
{
	struct prompt *p = &u->prompt;
	enum prompt_kind k = p->kind;
	char text[PROMPT_MAX];
	snprintf(text, sizeof text, "%s", p->buf);
	p->kind = PROMPT_NONE;
	switch (k) {
	case PROMPT_SEARCH: {
		if (!text[0])
			snprintf(text, sizeof text, "%s", u->search);
		snprintf(u->search, sizeof u->search, "%s", text);
		if (!text[0])
			break;
		/* the pane the operator looks at, never another one */
		const struct pane_ops *ops = ui_focused_ops(u);
		char clean[PROMPT_MAX * 4];
		ui_clean_str(u, clean, sizeof clean, text);
		if (!ops->search)
			ui_message(u, "nothing to search in the %s", ops->name);
		else if (ops->search(u, ui_state(u, ops), text))
			ui_message_clear(u);     /* a stale "no match" must not stay */
		else
			ui_message(u, "no match for \"%s\" in the %s", clean, ops->name);
		break;
	}
	case PROMPT_FILTER:
		if (strlen(text) >= sizeof u->app->filter_text) {
			ui_message(u, "the filter is too long");
			break;
		}
		memcpy(u->app->filter_text, text, strlen(text) + 1);
		views_update(u, UPD_FILTER);
		ui_message(u, text[0] ? "filter: %zu shown" : "filter cleared: %zu shown", list_rows(u));
		break;
	case PROMPT_FLEET_FILTER:
		fleet_filter_set(u, text);
		break;
	case PROMPT_NOTE:
		checklist_note_commit(u, text);
		break;
	case PROMPT_EXPORT:
		do_export(u, text);
		break;
	default:
		break;
	}
}

void prompt_key(struct ui *u, int code, bool fn, wint_t wc)
{
	struct prompt *p = &u->prompt;
	if (p->kind == PROMPT_QUIT) {
		quit_answer(u, code, fn);
		return;
	}
	switch (key_lookup(KC_PROMPT, code, fn)) {
	case ACT_ACCEPT:
		prompt_commit(u);
		return;
	case ACT_CANCEL:
		p->kind = PROMPT_NONE;
		return;
	case ACT_ERASE:
		while (p->len > 0) {
			p->len--;
			if (((unsigned char)p->buf[p->len] & 0xc0) != 0x80)
				break;
		}
		p->buf[p->len] = 0;
		return;
	case ACT_KILL:
		p->len = 0;
		p->buf[0] = 0;
		return;
	case ACT_TOGGLE_REDACT:
		if (p->kind == PROMPT_EXPORT) {
			p->redact = !p->redact;
			snprintf(p->label, sizeof p->label, "%s", prompt_export_label(u));
		}
		return;
	default:
		break;
	}
	if (fn || wc < 0x20 || wc == 0x7f)
		return;
	char mb[MB_LEN_MAX];
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t n = wcrtomb(mb, (wchar_t)wc, &st);
	if (n == (size_t)-1 || p->len + n >= sizeof p->buf)
		return;
	memcpy(p->buf + p->len, mb, n);
	p->len += n;
	p->buf[p->len] = 0;
}
