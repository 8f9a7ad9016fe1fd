# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# the real-peer lab (tests/lab/, doc/lab.md) and the captures it recorded.
#
# real-captures.tap reads tests/captures/real/*.pcap and needs no root.
# Each tests/lab/SCENARIO.sh builds its own namespaces and runs trunkdoc live
# (tests/lab/live.sh); without root or the lab's programs it is skipped by
# name (exit 77).
LAB_TESTS = \
	tests/lab/healthy.sh tests/lab/wrong-password.sh \
	tests/lab/wrong-username.sh tests/lab/no-credentials.sh \
	tests/lab/realm-mismatch.sh tests/lab/ip-not-allowed.sh \
	tests/lab/account-disabled.sh tests/lab/not-found.sh \
	tests/lab/min-expires.sh tests/lab/outage-503.sh \
	tests/lab/registrar-unreachable.sh tests/lab/port-closed.sh \
	tests/lab/nat-no-fixup.sh tests/lab/nat-udp-timeout.sh tests/lab/tcp.sh \
	tests/lab/tls.sh tests/lab/dns-healthy.sh tests/lab/dns-nxdomain.sh \
	tests/lab/dns-refused.sh tests/lab/dns-servfail.sh \
	tests/lab/dns-no-answer.sh tests/lab/pbx-roles.sh tests/lab/hep-fleet.sh
TESTS += tests/real-captures.tap tests/lab/teardown.sh $(LAB_TESTS)
EXTRA_DIST += tests/real-captures.tap $(LAB_TESTS) \
	tests/captures/real/README.md tests/captures/real/EXPECT \
	$(wildcard $(srcdir)/tests/captures/real/*.pcap) \
	tests/lab/lab.sh tests/lab/scenarios.sh tests/lab/live.sh \
	tests/lab/expect.sh tests/lab/record.sh tests/lab/EXPECT.live \
	tests/lab/teardown.sh \
	tests/lab/kamailio.cfg tests/lab/sipp/register.xml

# make lab-check: only the lab (as root), e.g. after changing a scenario.
lab-check:
	$(MAKE) $(AM_MAKEFLAGS) check TESTS='tests/real-captures.tap tests/lab/teardown.sh $(LAB_TESTS)'
.PHONY: lab-check
