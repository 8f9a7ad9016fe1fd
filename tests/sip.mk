# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# SIP parsing, store and report tests
check_PROGRAMS += tests/unit/test_store
tests_unit_test_store_SOURCES = tests/unit/test_store.c tests/unit/store_fixture.h
tests_unit_test_store_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_store_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_store
# the header sets a message shares with others of its kind (store_hdr.c)
check_PROGRAMS += tests/unit/test_hdrsets
tests_unit_test_hdrsets_SOURCES = tests/unit/test_hdrsets.c tests/unit/store_fixture.h
tests_unit_test_hdrsets_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_hdrsets_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_hdrsets
# the string and endpoint hashes are seeded per process
check_PROGRAMS += tests/unit/test_hash_seed
tests_unit_test_hash_seed_SOURCES = tests/unit/test_hash_seed.c
tests_unit_test_hash_seed_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_hash_seed_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_hash_seed
check_PROGRAMS += tests/unit/test_sanitize
tests_unit_test_sanitize_SOURCES = tests/unit/test_sanitize.c
tests_unit_test_sanitize_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_sanitize_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_sanitize
check_PROGRAMS += tests/unit/test_sipparse
tests_unit_test_sipparse_SOURCES = tests/unit/test_sipparse.c
tests_unit_test_sipparse_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_sipparse_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_sipparse
check_PROGRAMS += tests/unit/test_sipbody
tests_unit_test_sipbody_SOURCES = tests/unit/test_sipbody.c tests/unit/testlib.h
tests_unit_test_sipbody_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_sipbody_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_sipbody
check_PROGRAMS += tests/unit/test_report
tests_unit_test_report_SOURCES = tests/unit/test_report.c
tests_unit_test_report_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_report_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_report
# one thread and two give byte-identical reports (sipbatch.c)
TESTS += tests/parallel-identical.sh
EXTRA_DIST += tests/parallel-identical.sh
# --limit bounds memory: bytes held after thousands of dropped dialogs
check_PROGRAMS += tests/unit/test_limit_mem
tests_unit_test_limit_mem_SOURCES = tests/unit/test_limit_mem.c
tests_unit_test_limit_mem_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_limit_mem_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_limit_mem
# the SDP fast path reads what libosip2's SDP parser reads, or declines
check_PROGRAMS += tests/unit/test_sdp_fast
tests_unit_test_sdp_fast_SOURCES = tests/unit/test_sdp_fast.c
tests_unit_test_sdp_fast_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_sdp_fast_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_sdp_fast
