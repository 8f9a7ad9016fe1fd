# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# scenario (data) tests, the scenario-to-pcap tool, public captures.
# tests/scenarios.tap runs every tests/scenarios/*.scn through
# tests/run-scenario.sh and reports one TAP line per scenario, so adding a
# scenario is adding a file, and each one counts on its own.
TESTS += tests/scenarios.tap
EXTRA_DIST += tests/scenarios.tap
# the pcaps run-scenario.sh writes and the per-scenario logs of scenarios.tap
clean-local: clean-scenario-output
clean-scenario-output:
	-rm -rf tests/scenario-pcaps tests/scenario-logs
.PHONY: clean-scenario-output
# scn2pcap: scenario text -> pcap (built for make check, used by the runner)
check_PROGRAMS += tests/tools/scn2pcap
tests_tools_scn2pcap_SOURCES = tests/tools/scn2pcap.c
tests_tools_scn2pcap_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
tests_tools_scn2pcap_LDADD = $(PCAP_LIBS)
# with the files a scenario names beside it (a profile, a PBX configuration)
EXTRA_DIST += tests/scenarios/FORMAT.md $(wildcard $(srcdir)/tests/scenarios/*.scn) \
	$(wildcard $(srcdir)/tests/scenarios/*.ini) $(wildcard $(srcdir)/tests/scenarios/*.conf)
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
