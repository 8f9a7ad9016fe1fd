/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * draw.c - the few primitives every pane draws with: clipped UTF-8 text,
 * colours with a monochrome fallback, word wrap, and the one door packet
 * text goes through on its way to the screen (ui_clean -> sanitize()).
 */
#include <string.h>
#include <time.h>
#include <wchar.h>
#include <wctype.h>

#include "base/sanitize.h"
#include "ui/ui.h"

/* Colour pairs and, for monochrome terminals, attributes that keep the
 * same distinctions (verdicts are also always spelled out in words). */
static const struct {
	short fg, bg;
	attr_t color_extra, mono;
} roles[CR__COUNT] = {
	[CR_NORMAL] = { -1, -1, 0, 0 },
	[CR_TITLE] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE },
	[CR_FOCUS] = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE | A_BOLD },
	[CR_HEADER] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[CR_CURSOR] = { COLOR_BLACK, COLOR_WHITE, 0, A_REVERSE },
	[CR_SELECTED] = { COLOR_MAGENTA, -1, A_BOLD, A_BOLD },
	[CR_PASS] = { COLOR_GREEN, -1, A_BOLD, 0 },
	[CR_WARN] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[CR_FAIL] = { COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[CR_UNKNOWN] = { -1, -1, 0, 0 },
	[CR_SKIPPED] = { COLOR_BLUE, -1, 0, A_DIM },
	[CR_REQUEST] = { COLOR_CYAN, -1, 0, 0 },
	[CR_RESPONSE_OK] = { COLOR_GREEN, -1, 0, 0 },
	[CR_RESPONSE_ERR] = { COLOR_RED, -1, 0, A_BOLD },
	[CR_HDR_NAME] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[CR_STATUS] = { COLOR_BLACK, COLOR_WHITE, 0, A_REVERSE },
	[CR_FLIP] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_REVERSE | A_BOLD },
	[CR_DIM] = { -1, -1, A_DIM, A_DIM },
};

void draw_init_colors(struct ui *u)
{
	if (!u->color)
		return;
	start_color();
	use_default_colors();
	for (int r = 1; r < CR__COUNT; r++)
		init_pair((short)r, roles[r].fg, roles[r].bg);
}

attr_t ui_attr(const struct ui *u, enum color_role r)
{
	if ((unsigned)r >= CR__COUNT)
		return 0;
	if (!u->color)
		return roles[r].mono;
	return (r ? COLOR_PAIR(r) : 0) | roles[r].color_extra;
}

attr_t ui_verdict_attr(const struct ui *u, enum verdict v)
{
	switch (v) {
	case V_PASS: return ui_attr(u, CR_PASS);
	case V_WARN: return ui_attr(u, CR_WARN);
	case V_FAIL: return ui_attr(u, CR_FAIL);
	case V_SKIPPED: return ui_attr(u, CR_SKIPPED);
	default: return ui_attr(u, CR_UNKNOWN);
	}
}

/* ASCII stand-ins for the few non-ASCII characters our own texts use,
 * for terminals that cannot show UTF-8. */
static const char *ascii_for(uint32_t cp)
{
	switch (cp) {
	case 0x2192: return "->";
	case 0x2190: return "<-";
	case 0x2014: case 0x2013: case 0x2212: return "-";
	case 0x2026: return "...";
	case 0x2018: case 0x2019: return "'";
	case 0x201c: case 0x201d: return "\"";
	case 0x00b7: case 0x2022: return "*";
	case 0x2265: return ">=";
	case 0x2264: return "<=";
	case 0x00a7: return "S";
	case 0x00d7: return "x";
	default: return "?";
	}
}

/* Decodes one UTF-8 sequence; returns its length (1 for a bad byte). */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
	if (len == 0 || len > n) {
		*cp = 0xfffd;
		return 1;
	}
	uint32_t v = len == 1 ? c : c & (0x7f >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3f);
	}
	*cp = v;
	return len;
}

/* Walks s, calling out() for each piece that fits into w columns. */
int ui_putn(const struct ui *u, int y, int x, int w, const char *s, size_t len, attr_t attr)
{
	if (w <= 0 || !s)
		return 0;
	int used = 0;
	size_t i = 0;
	attr_t old_a;
	short old_p;
	attr_get(&old_a, &old_p, NULL);
	attrset(attr);
	move(y, x);
	while (i < len && s[i]) {
		const unsigned char *p = (const unsigned char *)s + i;
		if (*p < 0x80) {
			if (used + 1 > w)
				break;
			addch(*p >= 0x20 && *p < 0x7f ? *p : '?');
			used++;
			i++;
			continue;
		}
		uint32_t cp;
		size_t n = utf8_decode(p, len - i, &cp);
		if (!u->utf8) {
			const char *a = ascii_for(cp);
			int aw = (int)strlen(a);
			if (used + aw > w)
				break;
			addstr(a);
			used += aw;
		} else {
			/* the last line of defence: C1 controls, bidi overrides and
			 * anything the locale cannot print are drawn as '?' */
			if ((cp >= 0x80 && cp < 0xa0) || (cp >= 0x202a && cp <= 0x202e) ||
			    (cp >= 0x2066 && cp <= 0x2069) || !iswprint((wint_t)cp))
				cp = 0xfffd;
			int cw = cp == 0xfffd ? 1 : wcwidth((wchar_t)cp);
			if (cw < 0)
				cw = 1;
			if (used + cw > w)
				break;
			if (cp == 0xfffd)
				addch('?');
			else {
				cchar_t cc;
				wchar_t wc[2] = { (wchar_t)cp, 0 };
				setcchar(&cc, wc, attr, PAIR_NUMBER(attr), NULL);
				add_wch(&cc);
			}
			used += cw;
		}
		i += n;
	}
	attrset(old_a);
	return used;
}

int ui_put(const struct ui *u, int y, int x, int w, const char *s, attr_t attr)
{
	return s ? ui_putn(u, y, x, w, s, strlen(s), attr) : 0;
}

int ui_width(const struct ui *u, const char *s)
{
	int n = 0;
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (cp < 0x80)
			n++;
		else if (!u->utf8)
			n += (int)strlen(ascii_for(cp));
		else {
			int cw = wcwidth((wchar_t)cp);
			n += cw < 0 ? 1 : cw;
		}
		i += k;
	}
	return n;
}

void ui_fill(const struct ui *u, int y, int x, int w, const char *glyph, attr_t attr)
{
	for (int i = 0; i < w; i++)
		ui_put(u, y, x + i, 1, glyph, attr);
}

void ui_blank(int y, int x, int w, attr_t attr)
{
	attr_t old_a;
	short old_p;
	attr_get(&old_a, &old_p, NULL);
	attrset(attr);
	mvhline(y, x, ' ', w);
	attrset(old_a);
}

void ui_title_line(const struct ui *u, const struct rect *r, const char *title, bool focused)
{
	attr_t a = focused ? ui_attr(u, CR_FOCUS) : ui_attr(u, CR_HEADER);
	if (focused)
		ui_blank(r->y, r->x, r->w, a);
	else
		ui_fill(u, r->y, r->x, r->w, u->g->hline, ui_attr(u, CR_DIM));
	int x = r->x + 1;
	x += ui_put(u, r->y, x, r->w - 2, " ", a);
	x += ui_put(u, r->y, x, r->w - 3, title, a);
	ui_put(u, r->y, x, r->x + r->w - x, " ", a);
}

/* The columns the character at s takes on this terminal (its ASCII stand-in
 * when the terminal has no UTF-8); *k is its length in bytes. */
static int char_cols(const struct ui *u, const char *s, size_t len, size_t *k)
{
	uint32_t cp;
	*k = utf8_decode((const unsigned char *)s, len, &cp);
	int cw = cp < 0x80 ? 1 : (u->utf8 ? wcwidth((wchar_t)cp) : (int)strlen(ascii_for(cp)));
	return cw < 0 ? 1 : cw;
}

size_t ui_line_break(const struct ui *u, const char *s, int w, size_t *next)
{
	size_t len = strlen(s), cut = 0, last_space = 0;
	int cols = 0;
	while (cut < len && s[cut] != '\n') {
		size_t k;
		int cw = char_cols(u, s + cut, len - cut, &k);
		if (cols + cw > w)
			break;
		cols += cw;
		cut += k;
		if (s[cut - 1] == ' ')
			last_space = cut;
	}
	size_t take = cut;
	if (cut < len && s[cut] != '\n' && last_space > 0)
		take = last_space;
	if (take == 0 && len)
		take = cut ? cut : 1;
	size_t adv = take;
	if (s[adv] == '\n')
		adv++;
	while (s[adv] == ' ')
		adv++;
	*next = adv;
	return take;
}

size_t ui_fit(const struct ui *u, const char *s, size_t len, int w, int *used)
{
	size_t cut = 0;
	int cols = 0;
	while (cut < len && s[cut]) {
		size_t k;
		int cw = char_cols(u, s + cut, len - cut, &k);
		if (cols + cw > w)
			break;
		cols += cw;
		cut += k;
	}
	if (used)
		*used = cols;
	return cut;
}

/* Breaks at spaces; a word longer than the line is cut. */
int ui_wrap(const struct ui *u, int y, int x, int w, int maxlines, const char *s, attr_t attr)
{
	int lines = 0;
	if (w <= 0)
		return 0;
	while (*s && (maxlines < 0 || lines < maxlines)) {
		size_t next, take = ui_line_break(u, s, w, &next);
		if (maxlines >= 0)
			ui_putn(u, y + lines, x, w, s, take, attr);
		lines++;
		s += next;
	}
	return lines;
}

char *ui_clean(const struct ui *u, char *out, size_t outlen, const char *in, size_t inlen,
               unsigned flags)
{
	if (!u->utf8)
		flags |= SAN_ASCII_ONLY;
	sanitize(out, outlen, in ? in : "", in ? inlen : 0, flags);
	return out;
}

const char *ui_clean_str(const struct ui *u, char *out, size_t outlen, const char *in)
{
	return ui_clean(u, out, outlen, in, in ? strlen(in) : 0, 0);
}

char *ui_fmt_time(usec_t t, char *buf, size_t len, bool millis)
{
	time_t secs = (time_t)(t / 1000000);
	struct tm tm;
	if (t <= 0 || !gmtime_r(&secs, &tm)) {
		snprintf(buf, len, "%s", millis ? "--:--:--.---" : "--:--:--");
		return buf;
	}
	if (millis)
		snprintf(buf, len, "%02d:%02d:%02d.%03d", tm.tm_hour, tm.tm_min, tm.tm_sec,
		         (int)(t % 1000000 / 1000));
	else
		snprintf(buf, len, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
	return buf;
}
