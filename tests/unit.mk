# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# shared unit-test helper and core tests (options, man page)
check_PROGRAMS += tests/unit/test_options
tests_unit_test_options_SOURCES = tests/unit/test_options.c tests/unit/testlib.h
tests_unit_test_options_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_options_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_options tests/man-page.sh
# the one host:port parser (src/base/hostport.c)
check_PROGRAMS += tests/unit/test_hostport
tests_unit_test_hostport_SOURCES = tests/unit/test_hostport.c tests/unit/testlib.h
tests_unit_test_hostport_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_hostport_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_hostport tests/registrar-usage.sh
EXTRA_DIST += tests/registrar-usage.sh
EXTRA_DIST += tests/man-page.sh
TESTS += tests/valgrind-batch.sh
EXTRA_DIST += tests/valgrind-batch.sh

# every source file and script carries the licence lines
TESTS += tests/licence-lines.sh
EXTRA_DIST += tests/licence-lines.sh

# the layering rule of src/ (doc/design.md)
TESTS += tests/layering.sh
EXTRA_DIST += tests/layering.sh

# the live reader's queue (src/net/pktqueue.c), across two threads
check_PROGRAMS += tests/unit/test_pktqueue
tests_unit_test_pktqueue_SOURCES = tests/unit/test_pktqueue.c tests/unit/testlib.h
tests_unit_test_pktqueue_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_pktqueue_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_pktqueue

# a --hep-listen socket through the pipeline with a late consumer: the
# reader queue's drops counted exactly, the reorder window's clock
# during a backlog (src/net/hepreader.c, pktreader.c, heporder.c)
check_PROGRAMS += tests/unit/test_hep_listen
tests_unit_test_hep_listen_SOURCES = tests/unit/test_hep_listen.c tests/unit/testlib.h
tests_unit_test_hep_listen_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_hep_listen_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_hep_listen
