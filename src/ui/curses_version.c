/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * curses_version.c - see curses_version.h.
 */
#include <ncurses.h>

#include "ui/curses_version.h"

const char *ui_curses_version(void)
{
	return curses_version();
}
