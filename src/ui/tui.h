/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * tui.h - the interactive screen (ncursesw).  Draws what the store and the
 * findings say; decides no verdict.
 */
#ifndef TRUNKDOC_TUI_H
#define TRUNKDOC_TUI_H

struct app;

/* Runs the screen until the operator quits; returns the exit status. */
int tui_run(struct app *a);

#endif
