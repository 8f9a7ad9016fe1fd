/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_tui_keys.c - the key table is the one source of truth: the man
 * page's KEYS section must list exactly its rows (context, keys, help),
 * no key may be bound twice in one context, and the ASCII glyph table must
 * be pure ASCII (the fallback for terminals that cannot draw UTF-8).
 *
 * With --man it prints the KEYS section as it should read, for pasting
 * into doc/trunkdoc.1 after a change to ui/keys.c.
 */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "ui/glyphs.h"
#include "ui/keys.h"
#include "ui/rcfile.h"

/* troff: a '-' is written "\-" so it is not a hyphen. */
static void troff_print(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '-' || *s == '\\')
			fputc('\\', out);
		fputc(*s, out);
	}
}

static void print_rc_section(FILE *out)
{
	for (size_t i = 0; i < rc_count; i++) {
		fputs(".TP\n.B ", out);
		troff_print(out, rc_table[i].name);
		fputs(" = ", out);
		troff_print(out, rc_table[i].values);
		fputc('\n', out);
		troff_print(out, rc_table[i].help);
		fputc('\n', out);
	}
}

static void print_man_section(FILE *out)
{
	fputs(".SH KEYS\n", out);
	for (int c = 0; c < KC__COUNT; c++) {
		fprintf(out, ".SS %s\n", key_context_title((enum key_context)c));
		for (size_t i = 0; i < key_count; i++) {
			if (key_table[i].ctx != (enum key_context)c)
				continue;
			fputs(".TP\n.B ", out);
			troff_print(out, key_table[i].label);
			fputc('\n', out);
			troff_print(out, key_table[i].help);
			fputs("\n", out);
		}
	}
}

static void troff_plain(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (*r == '\\' && (r[1] == '-' || r[1] == '\\'))
			r++;
		*w++ = *r;
	}
	*w = 0;
}

struct man_row {
	char ctx[512], label[512], help[512];
};

/* Reads the rows of the KEYS section: .SS context, .TP, .B label, help. */
static size_t read_man_keys(const char *path, struct man_row *rows, size_t max)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	char line[512], ctx[512] = "";
	bool in_keys = false;
	size_t n = 0;
	enum { WANT_TP, WANT_LABEL, WANT_HELP } st = WANT_TP;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = 0;
		if (!strncmp(line, ".SH ", 4)) {
			in_keys = !strcmp(line, ".SH KEYS");
			continue;
		}
		if (!in_keys)
			continue;
		if (!strncmp(line, ".SS ", 4)) {
			snprintf(ctx, sizeof ctx, "%s", line + 4);
			st = WANT_TP;
		} else if (!strcmp(line, ".TP")) {
			st = WANT_LABEL;
		} else if (st == WANT_LABEL && !strncmp(line, ".B ", 3) && n < max) {
			snprintf(rows[n].ctx, sizeof rows[n].ctx, "%s", ctx);
			snprintf(rows[n].label, sizeof rows[n].label, "%s", line + 3);
			troff_plain(rows[n].label);
			st = WANT_HELP;
		} else if (st == WANT_HELP) {
			snprintf(rows[n].help, sizeof rows[n].help, "%s", line);
			troff_plain(rows[n].help);
			n++;
			st = WANT_TP;
		}
	}
	fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--man-rc")) {
		print_rc_section(stdout);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--man")) {
		print_man_section(stdout);
		return 0;
	}
	const char *src = getenv("top_srcdir");
	char path[4096];
	snprintf(path, sizeof path, "%s/doc/trunkdoc.1", src ? src : ".");

	/* every row of the table is in the man page, under its context */
	static struct man_row rows[256];
	size_t n = read_man_keys(path, rows, 256);
	CHECK(n > 0);
	CHECK_EQ_INT(n, key_count);
	for (size_t i = 0; i < key_count; i++) {
		const struct key_def *k = &key_table[i];
		bool found = false;
		for (size_t r = 0; r < n && !found; r++)
			found = !strcmp(rows[r].ctx, key_context_title(k->ctx)) &&
			        !strcmp(rows[r].label, k->label) && !strcmp(rows[r].help, k->help);
		if (!found)
			printf("# man page lacks: [%s] %s  %s\n", key_context_title(k->ctx), k->label, k->help);
		CHECK(found);
	}

	/* no code bound twice in one context; every row has a help text */
	for (size_t i = 0; i < key_count; i++) {
		CHECK(key_table[i].help && key_table[i].help[0]);
		CHECK(key_table[i].codes[0] != 0);
		for (size_t j = i + 1; j < key_count; j++) {
			if (key_table[i].ctx != key_table[j].ctx)
				continue;
			for (int a = 0; a < KEY_ALTS && key_table[i].codes[a]; a++)
				for (int b = 0; b < KEY_ALTS && key_table[j].codes[b]; b++)
					if (key_table[i].codes[a] == key_table[j].codes[b]) {
						printf("# %s: key %d bound twice\n", key_context_title(key_table[i].ctx),
						       key_table[i].codes[a]);
						CHECK(false);
					}
		}
	}

	/* every trunkdocrc setting is documented, with its values */
	FILE *mf = fopen(path, "r");
	CHECK(mf != NULL);
	static char man[1 << 18];
	size_t ml = mf ? fread(man, 1, sizeof man - 1, mf) : 0;
	man[ml] = 0;
	if (mf)
		fclose(mf);
	troff_plain(man);
	for (size_t i = 0; i < rc_count; i++) {
		char want[256];
		snprintf(want, sizeof want, ".B %s = %s\n", rc_table[i].name, rc_table[i].values);
		if (!strstr(man, want))
			printf("# man page lacks the trunkdocrc setting: %s", want);
		CHECK(strstr(man, want) != NULL);
	}

	/* lookups: context first, then the main screen, then everywhere */
	CHECK_EQ_INT(key_lookup(KC_LIST, ' ', false), ACT_SELECT);
	CHECK_EQ_INT(key_lookup(KC_LIST, 'j', false), ACT_DOWN);
	CHECK_EQ_INT(key_lookup(KC_CHECKLIST, '\t', false), ACT_FOCUS_NEXT);
	CHECK_EQ_INT(key_lookup(KC_DETAIL, '\t', false), ACT_NONE);
	CHECK_EQ_INT(key_lookup(KC_FORM, 'q', false), ACT_NONE);   /* typed into the field */
	CHECK_EQ_INT(key_lookup(KC_PROMPT, 'j', false), ACT_NONE);
	/* U+0102 is a character, not KEY_DOWN (258) */
	CHECK_EQ_INT(key_lookup(KC_LADDER, 0x102, false), ACT_NONE);

	/* the ASCII table draws with ASCII only */
	const struct glyphs *g = glyphs_choose(true);
	CHECK(!glyphs_is_utf8(g));
	const char *all[] = { g->hline, g->vline, g->arrow_right, g->arrow_left, g->arrow_self,
	                      g->retrans, g->selected, g->cursor, g->note, g->flipped,
	                      g->bar_full, g->bar_empty, g->ellipsis, g->wrapped, g->more_left, g->more_right,
	                      g->verdict[V_UNKNOWN], g->verdict[V_PASS], g->verdict[V_WARN],
	                      g->verdict[V_FAIL], g->verdict[V_SKIPPED] };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		bool ascii = all[i] && all[i][0];
		for (const char *p = all[i]; p && *p; p++)
			ascii = ascii && (unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f;
		CHECK(ascii);
	}
	/* the verdict marks differ from each other, so monochrome still tells them apart */
	for (int a = 0; a <= V_SKIPPED; a++)
		for (int b = a + 1; b <= V_SKIPPED; b++)
			CHECK(strcmp(g->verdict[a], g->verdict[b]) != 0);

	if (test_failures)
		printf("# expected KEYS section: run '%s --man'\n", argv[0]);
	return test_done();
}
