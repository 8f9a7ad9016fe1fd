# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# export and session tests
check_PROGRAMS += tests/unit/test_redact tests/unit/test_atomicfile tests/unit/test_session \
	tests/unit/json_schema_check
tests_unit_test_redact_SOURCES = tests/unit/test_redact.c tests/unit/testlib.h
tests_unit_test_redact_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_redact_LDADD = $(TEST_LIBS)
tests_unit_test_atomicfile_SOURCES = tests/unit/test_atomicfile.c tests/unit/testlib.h
tests_unit_test_atomicfile_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_atomicfile_LDADD = $(TEST_LIBS)
tests_unit_test_session_SOURCES = tests/unit/test_session.c tests/unit/testlib.h
tests_unit_test_session_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_session_LDADD = $(TEST_LIBS)
# a small JSON Schema checker (the subset doc/report.schema.json uses)
tests_unit_json_schema_check_SOURCES = tests/unit/json_schema_check.c
tests_unit_json_schema_check_CFLAGS = $(TEST_CFLAGS)
tests_unit_json_schema_check_LDADD = $(JSONC_LIBS)
TESTS += tests/unit/test_redact tests/unit/test_atomicfile tests/unit/test_session \
	tests/export-bundle.sh tests/export-redact.sh tests/export-unwritable.sh \
	tests/export-diskfull.sh tests/export-session.sh tests/export-public-captures.sh \
	tests/export-stdin.sh tests/export-real.sh tests/export-sigpipe.sh tests/session-hostile.sh \
	tests/export-redact-tunnels.sh tests/export-401-loop.sh tests/export-redact-ipv6.sh \
	tests/export-rtp.sh tests/export-carrier-audit.sh
EXTRA_DIST += tests/export-bundle.sh tests/export-redact.sh tests/export-unwritable.sh \
	tests/export-diskfull.sh tests/export-session.sh tests/export-public-captures.sh tests/export-stdin.sh tests/export-real.sh \
	tests/export-lib.sh tests/export-sigpipe.sh tests/session-hostile.sh tests/export-redact-tunnels.sh tests/export-401-loop.sh \
	tests/export-redact-ipv6.sh \
	tests/export-rtp.sh tests/export-carrier-audit.sh
