# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# scenario (data) tests, the scenario-to-pcap tool, public captures.
# tests/scenarios.tap runs every tests/scenarios/*.scn through
# tests/run-scenario.sh and reports one TAP line per scenario, so adding a
# scenario is adding a file, and each one counts on its own.
TESTS += tests/scenarios.tap
EXTRA_DIST += tests/scenarios.tap
# scn2pcap: scenario text -> pcap (built for make check, used by the runner)
check_PROGRAMS += tests/tools/scn2pcap
tests_tools_scn2pcap_SOURCES = tests/tools/scn2pcap.c
tests_tools_scn2pcap_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
tests_tools_scn2pcap_LDADD = $(PCAP_LIBS)
EXTRA_DIST += tests/scenarios/FORMAT.md $(wildcard $(srcdir)/tests/scenarios/*.scn)
# scn2pcap's pcaps, read by tshark, give the counts the scenarios expect.
TESTS += tests/scn2pcap-tshark.sh
EXTRA_DIST += tests/scn2pcap-tshark.sh
# The real captures in ../shared/captures, one TAP line per file.
TESTS += tests/public-captures.tap
EXTRA_DIST += tests/public-captures.tap
# ... and the call verdicts of those that hold calls.
TESTS += tests/public-calls.tap
EXTRA_DIST += tests/public-calls.tap tests/captures/public-calls.expect
# The runner itself fails on wrong expectations (it cannot pass everything).
TESTS += tests/scenario-runner.sh
EXTRA_DIST += tests/scenario-runner.sh
