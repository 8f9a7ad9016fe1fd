/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * curses_version.h - the ncurses version for --version, asked here so that
 * main.c need not include curses for one call.
 */
#ifndef TRUNKDOC_CURSES_VERSION_H
#define TRUNKDOC_CURSES_VERSION_H

/* "ncurses 6.4.20221231", as the library running reports it. */
const char *ui_curses_version(void);

#endif
