/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * form_profile.c - the trunk profile and the password, edited on screen.
 *
 *   Trunk name      [acme-trunk                ]
 *   Registrar       [sip.example.net           ]
 *   ...
 *   Password        [(set; type to replace)    ]   never echoed
 *   [ Apply ]
 *
 * The fields are edited in a copy and applied together.  The password
 * typed here goes only into app->password (secret_set); it is never drawn
 * (not even as stars, which would give away its length), never written to
 * a file, and the typing buffer is wiped when the form closes.
 */
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <wchar.h>

#include "ui/ui.h"

#define FORM_FIELDS 11

struct form_state {
	struct profile edit;
	char expires[16];
	char password[SECRET_MAX];       /* typed, never drawn; wiped on leaving */
	size_t pwlen;
	bool pw_typed;
	bool locked;                     /* password[] is mlock()ed */
	int field;
};

enum { F_NAME, F_REGISTRAR, F_USER, F_AUTH_USER, F_REALM, F_TRANSPORT, F_PUBLIC_IP,
       F_PROXY, F_EXPIRES, F_PASSWORD, F_APPLY };

struct field_def {
	const char *label;
	size_t off;          /* offset of the buffer in struct profile; 0 = special */
	size_t size;
};

#define PF(member) offsetof(struct profile, member), sizeof(((struct profile *)0)->member)
static const struct field_def fields[FORM_FIELDS] = {
	[F_NAME] = { "Trunk name", PF(name) },
	[F_REGISTRAR] = { "Registrar", PF(registrar) },
	[F_USER] = { "User (account)", PF(user) },
	[F_AUTH_USER] = { "Auth user", PF(auth_user) },
	[F_REALM] = { "Realm", PF(realm) },
	[F_TRANSPORT] = { "Transport", PF(transport) },
	[F_PUBLIC_IP] = { "Public IP", PF(public_ip) },
	[F_PROXY] = { "Outbound proxy", PF(outbound_proxy) },
	[F_EXPIRES] = { "Expires (s)", 0, 0 },
	[F_PASSWORD] = { "Password", 0, 0 },
	[F_APPLY] = { "", 0, 0 },
};

static char *field_buf(struct form_state *fs, int f, size_t *size)
{
	if (f == F_EXPIRES) {
		*size = sizeof fs->expires;
		return fs->expires;
	}
	if (fields[f].size == 0)
		return NULL;
	*size = fields[f].size;
	return (char *)&fs->edit + fields[f].off;
}

static void wipe(struct form_state *fs)
{
	explicit_bzero(fs->password, sizeof fs->password);
	fs->pwlen = 0;
	fs->pw_typed = false;
}

void form_open(struct ui *u)
{
	ui_push_view(u, &form_view_ops);
}

/* Pushed: edit a copy of the profile, with an empty password field. */
static void form_enter(struct ui *u, void *st)
{
	struct form_state *fs = st;
	fs->edit = u->app->profile;
	if (u->app->profile.expires > 0)
		snprintf(fs->expires, sizeof fs->expires, "%d", u->app->profile.expires);
	else
		fs->expires[0] = 0;
	wipe(fs);
	/* keep the typed password out of swap, as secret.h does for its copy */
	if (!fs->locked)
		fs->locked = mlock(fs->password, sizeof fs->password) == 0;
	fs->field = F_NAME;
}

/* However the form is left (Esc, apply, Ctrl-C), the typed password goes. */
static void form_leave(struct ui *u, void *st)
{
	(void)u;
	wipe(st);
}

static void form_free(struct ui *u, void *st)
{
	(void)u;
	struct form_state *fs = st;
	wipe(fs);
	if (fs->locked)
		munlock(fs->password, sizeof fs->password);
}

static void apply(struct ui *u, struct form_state *fs)
{
	struct profile *p = &u->app->profile;
	*p = fs->edit;
	p->expires = atoi(fs->expires);
	if (p->expires < 0)
		p->expires = 0;
	if (!p->origin[0])
		snprintf(p->origin, sizeof p->origin, "entered on screen");
	bool pw = fs->pw_typed;
	if (pw && !secret_set(&u->app->password, fs->password, fs->pwlen))
		ui_message(u, "the password is too long");
	ui_pop_view(u);
	ui_evaluate(u);
	ui_message(u, pw ? "profile and password applied; checks re-run" : "profile applied; checks re-run");
}

static void erase_last_char(char *s)
{
	size_t n = strlen(s);
	while (n > 0) {
		n--;
		if (((unsigned char)s[n] & 0xc0) != 0x80)
			break;
	}
	s[n] = 0;
}

static void type_char(struct form_state *fs, wint_t wc)
{
	char mb[MB_LEN_MAX + 1];
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t n = wcrtomb(mb, (wchar_t)wc, &st);
	if (n == (size_t)-1 || n == 0)
		return;
	if (fs->field == F_PASSWORD) {
		if (fs->pwlen + n >= sizeof fs->password)
			return;
		memcpy(fs->password + fs->pwlen, mb, n);
		fs->pwlen += n;
		fs->pw_typed = true;
		return;
	}
	size_t size;
	char *buf = field_buf(fs, fs->field, &size);
	if (!buf)
		return;
	size_t len = strlen(buf);
	if (len + n >= size)
		return;
	memcpy(buf + len, mb, n);
	buf[len + n] = 0;
}

/* The form takes every key: its fields are typed into. */
static bool form_key(struct ui *u, void *st, int code, bool fn, wint_t wc)
{
	struct form_state *fs = st;
	switch (key_lookup(KC_FORM, code, fn)) {
	case ACT_FIELD_NEXT:
		fs->field = (fs->field + 1) % FORM_FIELDS;
		return true;
	case ACT_FIELD_PREV:
		fs->field = (fs->field + FORM_FIELDS - 1) % FORM_FIELDS;
		return true;
	case ACT_ACCEPT:
		if (fs->field == F_APPLY)
			apply(u, fs);
		else
			fs->field++;
		return true;
	case ACT_SAVE:
		apply(u, fs);
		return true;
	case ACT_CANCEL:
		ui_pop_view(u);
		ui_message(u, "profile unchanged");
		return true;
	case ACT_ERASE:
		if (fs->field == F_PASSWORD) {
			if (fs->pwlen)
				fs->password[--fs->pwlen] = 0;
			fs->pw_typed = fs->pwlen > 0;
		} else {
			size_t size;
			char *buf = field_buf(fs, fs->field, &size);
			if (buf)
				erase_last_char(buf);
		}
		return true;
	case ACT_KILL:
		if (fs->field == F_PASSWORD)
			wipe(fs);
		else {
			size_t size;
			char *buf = field_buf(fs, fs->field, &size);
			if (buf)
				buf[0] = 0;
		}
		return true;
	default:
		break;
	}
	if (!fn && wc >= 0x20 && wc != 0x7f && fs->field != F_APPLY) {
		type_char(fs, wc);
		return true;
	}
	return true;       /* nothing else reaches the screen while typing */
}

static void form_draw(struct ui *u, void *st, const struct rect *r, bool focused)
{
	(void)focused;
	struct form_state *fs = st;
	ui_title_line(u, r, "Trunk profile and password", true);
	int y = r->y + 2, lx = r->x + 2, fx = r->x + 20, fw = r->w - 24;
	if (fw < 10)
		fw = 10;
	for (int f = 0; f < FORM_FIELDS && y < r->y + r->h; f++, y++) {
		bool cur = f == fs->field;
		attr_t a = cur ? ui_attr(u, CR_CURSOR) : A_UNDERLINE;
		if (f == F_APPLY) {
			y++;
			ui_put(u, y, fx, 12, "[ Apply ]", cur ? ui_attr(u, CR_CURSOR) | A_BOLD : A_BOLD);
			continue;
		}
		ui_put(u, y, lx, fx - lx - 1, fields[f].label, cur ? A_BOLD : 0);
		ui_blank(y, fx, fw, a);
		if (f == F_PASSWORD) {
			const char *shown = fs->pw_typed ? "(new password typed, hidden)" :
			                    u->app->password.set ? "(set; type to replace)" : "(not set)";
			ui_put(u, y, fx, fw, shown, a | A_DIM);
			continue;
		}
		size_t size;
		const char *buf = field_buf(fs, f, &size);
		char clean[PROFILE_FIELD_MAX * 4];
		ui_clean_str(u, clean, sizeof clean, buf);
		int w = ui_width(u, clean);
		/* show the end of a long value, where the typing happens */
		const char *s = clean;
		while (w > fw - 1 && *s) {
			size_t k = 1;
			while (((unsigned char)s[k] & 0xc0) == 0x80)
				k++;
			s += k;
			w = ui_width(u, s);
		}
		ui_put(u, y, fx, fw, s, a);
	}
	y += 2;
	if (y < r->y + r->h)
		ui_wrap(u, y, lx, r->w - 4, r->y + r->h - y,
		        "Tab/Down next field, Shift-Tab/Up previous, Enter on Apply or F2 applies, Esc leaves "
		        "without changes. The password is kept in memory only: never shown, saved or exported.",
		        ui_attr(u, CR_DIM));
	if (u->app->profile.origin[0] && y + 3 < r->y + r->h) {
		char line[PROFILE_FIELD_MAX + 32], clean[PROFILE_FIELD_MAX * 4];
		snprintf(line, sizeof line, "Loaded from: %s", ui_clean_str(u, clean, sizeof clean, u->app->profile.origin));
		ui_put(u, y + 3, lx, r->w - 4, line, ui_attr(u, CR_DIM));
	}
}

static unsigned form_action(struct ui *u, void *st, enum action act)
{
	(void)u;
	(void)st;
	(void)act;
	return PR_IGNORED;
}

const struct pane_ops form_view_ops = {
	.name = "form",
	.ctx = KC_FORM,
	.hints = "Esc cancel  Tab next field  Enter next/apply  F2 apply",
	.state_size = sizeof(struct form_state),
	.free = form_free,
	.enter = form_enter,
	.leave = form_leave,
	.key = form_key,
	.draw = form_draw,
	.action = form_action,
};
