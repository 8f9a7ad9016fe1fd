# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# checklist tests: digest worked examples, profile and password sources, the
# check machinery; the per-check scenarios are tests/scenarios/check-*.scn.
check_PROGRAMS += tests/unit/test_digest tests/unit/test_profile tests/unit/test_checks
tests_unit_test_digest_SOURCES = tests/unit/test_digest.c
tests_unit_test_digest_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_digest_LDADD = $(TEST_LIBS)
tests_unit_test_profile_SOURCES = tests/unit/test_profile.c
tests_unit_test_profile_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_profile_LDADD = $(TEST_LIBS)
tests_unit_test_checks_SOURCES = tests/unit/test_checks.c
tests_unit_test_checks_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_checks_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_digest tests/unit/test_profile tests/unit/test_checks
# doc/checks.md lists exactly check_table[], in order, with kinds and groups
check_PROGRAMS += tests/unit/test_checks_doc
tests_unit_test_checks_doc_SOURCES = tests/unit/test_checks_doc.c
tests_unit_test_checks_doc_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_checks_doc_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_checks_doc
TESTS += tests/checks-password.sh
EXTRA_DIST += tests/checks-password.sh
TESTS += tests/checks-ask-password.sh
EXTRA_DIST += tests/checks-ask-password.sh
# roles and trunks (checks/trunks.c), trunkdoc's own traffic (store/store_own.c)
check_PROGRAMS += tests/unit/test_roles
tests_unit_test_roles_SOURCES = tests/unit/test_roles.c tests/unit/testlib.h tests/unit/store_fixture.h
tests_unit_test_roles_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_roles_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_roles
