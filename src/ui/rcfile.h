/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * rcfile.h - the screen's settings file, ~/.config/trunkdoc/trunkdocrc
 * ($XDG_CONFIG_HOME/trunkdoc/trunkdocrc), one table of settings as the
 * options have one (rc_table[]: the parser, the man page and its test all
 * read it):
 *
 *   # comment
 *   ascii = no
 *   ladder-deltas = yes
 *   set list-sort state          (sngrep's "set NAME VALUE" also works)
 *
 * A bad line is skipped and named in *warning; the rest still applies.
 * Command-line options win over the file.
 */
#ifndef TRUNKDOC_UI_RCFILE_H
#define TRUNKDOC_UI_RCFILE_H

#include <stdbool.h>
#include <stddef.h>

enum rc_tristate { RC_AUTO = 0, RC_YES, RC_NO };

struct rc_settings {
	enum rc_tristate ascii;          /* draw ASCII only */
	enum rc_tristate color;
	enum rc_tristate ladder_deltas;  /* time since the previous message */
	int list_sort;                   /* index into rc_sort_names */
	bool list_reverse;
	enum rc_tristate message_wrap;
};

struct rc_def {
	const char *name;
	const char *values;              /* as the man page shows them */
	const char *help;
};
extern const struct rc_def rc_table[];
extern const size_t rc_count;
/* list-sort values, in the list pane's column order */
extern const char *const rc_sort_names[];
extern const size_t rc_sort_count;

/* The path of the file (not checked for existence). */
bool rc_path(char *out, size_t len);
/* Reads path into *s (zeroed first).  A missing file is no error; false
 * only when it cannot be read.  A bad line: *warning says which (the
 * first one), the other lines still apply. */
bool rc_load(const char *path, struct rc_settings *s, char *warning, size_t wlen);

#endif
