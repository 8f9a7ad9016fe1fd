# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# HEP over real sockets on loopback: trunkdoc to trunkdoc (--hep-send into
# --hep-listen) and Kamailio's siptrace into --hep-listen.
TESTS += tests/hep-socket.sh
EXTRA_DIST += tests/hep-socket.sh
# trunkdoc --hep-send into Kamailio sipcapture + PostgreSQL (HOMER 5 style).
TESTS += tests/hep-homer.sh
EXTRA_DIST += tests/hep-homer.sh
# the HEP reader and writer on hand-built packets
check_PROGRAMS += tests/unit/test_hep
tests_unit_test_hep_SOURCES = tests/unit/test_hep.c tests/unit/testlib.h
tests_unit_test_hep_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_hep_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_hep
# --limit: bounded memory, what is kept judged as without it
TESTS += tests/limit.sh
EXTRA_DIST += tests/limit.sh
# the fleet view's rows from the checklists per capture node
check_PROGRAMS += tests/unit/test_fleet
tests_unit_test_fleet_SOURCES = tests/unit/test_fleet.c tests/unit/testlib.h
tests_unit_test_fleet_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_fleet_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_fleet
# the node stores kept between evaluations give what new ones give
check_PROGRAMS += tests/tools/node-eval
tests_tools_node_eval_SOURCES = tests/tools/node-eval.c
tests_tools_node_eval_CFLAGS = $(TEST_CFLAGS)
tests_tools_node_eval_LDADD = $(TEST_LIBS)
TESTS += tests/fleet-incremental.sh
EXTRA_DIST += tests/fleet-incremental.sh
