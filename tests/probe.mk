# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# probe and import tests
check_PROGRAMS += tests/unit/test_import
tests_unit_test_import_SOURCES = tests/unit/test_import.c tests/unit/testlib.h
tests_unit_test_import_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_import_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_import

check_PROGRAMS += tests/unit/test_import_fuzz tests/unit/test_probe_parse
tests_unit_test_import_fuzz_SOURCES = tests/unit/test_import_fuzz.c tests/unit/testlib.h
tests_unit_test_import_fuzz_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_import_fuzz_LDADD = $(TEST_LIBS)
tests_unit_test_probe_parse_SOURCES = tests/unit/test_probe_parse.c tests/unit/testlib.h
tests_unit_test_probe_parse_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_probe_parse_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_import_fuzz tests/unit/test_probe_parse
EXTRA_DIST += tests/import
# libxml2 loaded only by an import (src/trunk/xmllib.h)
TESTS += tests/lazy-libs.sh
EXTRA_DIST += tests/lazy-libs.sh
# A helper that prints probe_results_json() for the probe tests.
check_PROGRAMS += tests/probe/probe-cli
tests_probe_probe_cli_SOURCES = tests/probe/probe-cli.c
tests_probe_probe_cli_CFLAGS = $(TEST_CFLAGS)
tests_probe_probe_cli_LDADD = $(TEST_LIBS)
# Probes against dnsmasq and Kamailio on loopback (tests/probe/lab.sh).
TESTS += tests/probe-dns.sh tests/probe-sip.sh tests/probe-register.sh tests/probe-batch.sh
EXTRA_DIST += tests/probe-dns.sh tests/probe-sip.sh tests/probe-register.sh \
	tests/probe-batch.sh tests/probe
