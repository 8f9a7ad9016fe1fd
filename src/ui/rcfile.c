/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * rcfile.c - the trunkdocrc parser (see rcfile.h).  Only the operator's
 * own file is read, and only short lines of known names: a value is never
 * drawn, only compared.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/span.h"
#include "ui/rcfile.h"

#define RC_LINE_MAX 512

const struct rc_def rc_table[] = {
	{ "ascii", "yes|no", "draw with ASCII characters only, as --ascii does" },
	{ "color", "yes|no", "use colours when the terminal has them (no: as --no-color)" },
	{ "ladder-deltas", "auto|yes|no", "show the time since the previous message in the ladder (auto: where it is 80 columns wide)" },
	{ "list-sort", "arrival|time|type|aor|registrar|messages|state", "the column the list is sorted by at start" },
	{ "list-reverse", "yes|no", "sort the list in descending order" },
	{ "message-wrap", "yes|no", "wrap long lines of a raw message (no: cut them and scroll sideways)" },
};
const size_t rc_count = sizeof rc_table / sizeof rc_table[0];

const char *const rc_sort_names[] = { "arrival", "time", "type", "aor", "registrar", "messages", "state" };
const size_t rc_sort_count = sizeof rc_sort_names / sizeof rc_sort_names[0];

bool rc_path(char *out, size_t len)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int n;
	if (xdg && xdg[0] == '/')
		n = snprintf(out, len, "%s/trunkdoc/trunkdocrc", xdg);
	else if (home && home[0] == '/')
		n = snprintf(out, len, "%s/.config/trunkdoc/trunkdocrc", home);
	else
		return false;
	return n > 0 && (size_t)n < len;
}

static int tristate(const char *v, bool with_auto)
{
	if (!strcasecmp(v, "yes") || !strcasecmp(v, "on") || !strcasecmp(v, "true") || !strcmp(v, "1"))
		return RC_YES;
	if (!strcasecmp(v, "no") || !strcasecmp(v, "off") || !strcasecmp(v, "false") || !strcmp(v, "0"))
		return RC_NO;
	if (with_auto && !strcasecmp(v, "auto"))
		return RC_AUTO;
	return -1;
}

/* Applies one setting; false for an unknown name or value. */
static bool apply(struct rc_settings *s, const char *name, const char *value)
{
	int t;
	if (!strcmp(name, "ascii") && (t = tristate(value, false)) >= 0)
		s->ascii = (enum rc_tristate)t;
	else if ((!strcmp(name, "color") || !strcmp(name, "colour")) && (t = tristate(value, false)) >= 0)
		s->color = (enum rc_tristate)t;
	else if (!strcmp(name, "ladder-deltas") && (t = tristate(value, true)) >= 0)
		s->ladder_deltas = (enum rc_tristate)t;
	else if (!strcmp(name, "list-reverse") && (t = tristate(value, false)) >= 0)
		s->list_reverse = t == RC_YES;
	else if (!strcmp(name, "message-wrap") && (t = tristate(value, false)) >= 0)
		s->message_wrap = (enum rc_tristate)t;
	else if (!strcmp(name, "list-sort")) {
		for (size_t i = 0; i < rc_sort_count; i++)
			if (!strcasecmp(value, rc_sort_names[i])) {
				s->list_sort = (int)i;
				return true;
			}
		return false;
	} else
		return false;
	return true;
}

bool rc_load(const char *path, struct rc_settings *s, char *warning, size_t wlen)
{
	memset(s, 0, sizeof *s);
	if (wlen)
		warning[0] = 0;
	FILE *f = fopen(path, "r");
	if (!f)
		return errno == ENOENT;
	char line[RC_LINE_MAX];
	unsigned lineno = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {      /* too long: skip the rest */
			int ch;
			while ((ch = fgetc(f)) != EOF && ch != '\n') {}
			if (wlen && !warning[0])
				snprintf(warning, wlen, "trunkdocrc line %u: too long", lineno);
			continue;
		}
		char *p = span_trim(line);
		if (!*p || *p == '#')
			continue;
		char *name = p, *value;
		char *eq = strchr(p, '=');
		if (!strncmp(p, "set ", 4)) {               /* sngrep's form */
			name = span_trim(p + 4);
			value = name + strcspn(name, " \t");
			if (*value)
				*value++ = 0;
		} else if (eq) {
			*eq = 0;
			value = eq + 1;
		} else {
			value = p + strlen(p);
		}
		name = span_trim(name);
		value = span_trim(value);
		if (!apply(s, name, value) && wlen && !warning[0]) {
			/* named by line number only: the text is not echoed */
			snprintf(warning, wlen, "trunkdocrc line %u: not a setting (see trunkdoc(1), CONFIGURATION)", lineno);
		}
	}
	fclose(f);
	return true;
}
