# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# Tests.  Each area keeps its own list in a fragment.
# .sh: one script, one result.  .tap: a script that reports many cases in
# TAP (each case counts, skips are named); the scenario files run through
# tests/scenarios.tap that way.
TEST_EXTENSIONS = .sh .tap
SH_LOG_COMPILER = $(SHELL)
TAP_LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/tests/tap-driver.sh
TAP_LOG_COMPILER = $(SHELL)
EXTRA_DIST += tests/tap-driver.sh tests/run-scenario.sh
AM_TESTS_ENVIRONMENT = \
	TRUNKDOC=$(abs_top_builddir)/trunkdoc; export TRUNKDOC; \
	top_srcdir=$(abs_top_srcdir); export top_srcdir; \
	top_builddir=$(abs_top_builddir); export top_builddir; \
	SHARED_CAPTURES=$${SHARED_CAPTURES:-$(abs_top_srcdir)/../shared/captures}; export SHARED_CAPTURES; \
	ASAN_OPTIONS=$${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}; export ASAN_OPTIONS; \
	UBSAN_OPTIONS=$${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}; export UBSAN_OPTIONS;
TEST_LIBS = libtrunkdoc.a $(CORE_LIBS)
TEST_CFLAGS = $(AM_CFLAGS) $(CORE_CFLAGS) -I$(top_srcdir)/tests/unit
include tests/unit.mk
include tests/decode.mk
include tests/sip.mk
include tests/scenarios.mk
include tests/checks.mk
include tests/tui.mk
include tests/export.mk
include tests/probe.mk
include tests/lab.mk
include tests/hep.mk
