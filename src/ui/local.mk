# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# src/ui: the ncurses screen: one file per pane or view, a layout manager, one key table and one glyph table
libtrunkdoc_ui_a_SOURCES += src/ui/checklist_pane.c src/ui/curses_version.c \
	src/ui/curses_version.h src/ui/detail_pane.c \
	src/ui/draw.c src/ui/filter.c src/ui/form_profile.c src/ui/glyphs.c \
	src/ui/glyphs.h src/ui/help_view.c src/ui/keys.c src/ui/keys.h \
	src/ui/ladder_pane.c src/ui/layout.c src/ui/list_pane.c src/ui/message_view.c \
	src/ui/pane.h src/ui/probe_task.c src/ui/prompt.c src/ui/statusbar.c \
	src/ui/trunk_view.c src/ui/tui.c src/ui/tui.h src/ui/ui.h src/ui/views.c src/ui/quit.c \
	src/ui/rcfile.c src/ui/rcfile.h src/ui/media_lines.c src/ui/media_lines.h \
	src/ui/fleet_pane.c
