/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * version.h - what --version prints: trunkdoc's version, the version of
 * each library as it runs (what a bug report needs), and the licence.
 */
#ifndef TRUNKDOC_VERSION_H
#define TRUNKDOC_VERSION_H

#include <stdio.h>

/* ncurses_version is curses_version()'s text: only main.c and ui/ may
 * include curses, so the caller asks it. */
void version_print(FILE *out, const char *ncurses_version);

#endif
