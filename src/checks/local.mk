# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# src/checks: the checklist: one table of checks, one file per group
libtrunkdoc_a_SOURCES += src/checks/call.c src/checks/call_util.c src/checks/call_util.h \
	src/checks/catalog.c src/checks/check.h \
	src/checks/finding.c src/checks/fw.c src/checks/groups.h src/checks/net.c \
	src/checks/pbx.c src/checks/prov.c src/checks/test_register.c \
	src/checks/truncation.c src/checks/truncation.h \
	src/checks/trunks.c src/checks/trunks.h \
	src/checks/util.c src/checks/util.h
