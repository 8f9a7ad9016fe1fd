# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# src/app: the session object, options, saved sessions, the pipeline that feeds the store
libtrunkdoc_a_SOURCES += src/app/app.c src/app/app.h src/app/options.c \
	src/app/options.h src/app/pipeline.c src/app/pipeline.h src/app/session.c \
	src/app/session.h src/app/autosave.c src/app/autosave.h src/app/version.c src/app/version.h \
	src/app/nodes.c src/app/nodes.h src/app/limit.c src/app/limit.h \
	src/app/call_focus.c src/app/call_focus.h \
	src/app/fleet.c src/app/fleet.h \
	src/app/reingest.c src/app/reingest.h
