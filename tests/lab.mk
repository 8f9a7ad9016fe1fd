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
# The call lab (tests/lab/calls.sh, EXPECT.calls): Kamailio as the SBC, SIPp
# as PBX and far end, with RTP.  call-no-ack.sh and call-ack-astray.sh need
# 64*T1 = 32 s each, so they are listed first: under make -j they run beside
# the short ones.
LAB_CALL_TESTS = \
	tests/lab/call-no-ack.sh tests/lab/call-ack-astray.sh \
	tests/lab/call-healthy.sh \
	tests/lab/call-wrong-password.sh tests/lab/call-ip-acl.sh \
	tests/lab/call-number-national.sh tests/lab/call-codecs.sh \
	tests/lab/call-session-timer-retried.sh \
	tests/lab/call-session-timer-not-retried.sh tests/lab/call-limit-503.sh \
	tests/lab/call-private-sdp.sh tests/lab/call-one-way-audio.sh
LAB_TESTS += $(LAB_CALL_TESTS)
TESTS += tests/real-captures.tap tests/lab/teardown.sh $(LAB_TESTS)
EXTRA_DIST += tests/real-captures.tap $(LAB_TESTS) \
	tests/captures/real/README.md tests/captures/real/EXPECT \
	$(wildcard $(srcdir)/tests/captures/real/*.pcap) \
	tests/lab/lab.sh tests/lab/scenarios.sh tests/lab/live.sh \
	tests/lab/expect.sh tests/lab/record.sh tests/lab/EXPECT.live \
	tests/lab/teardown.sh \
	tests/lab/kamailio.cfg tests/lab/sipp/register.xml \
	tests/lab/calls.sh tests/lab/call-live.sh tests/lab/EXPECT.calls \
	tests/lab/sipp/call-uac.xml tests/lab/sipp/call-uas.xml

# make lab-check: only the lab (as root), e.g. after changing a scenario.
lab-check:
	$(MAKE) $(AM_MAKEFLAGS) check TESTS='tests/real-captures.tap tests/lab/teardown.sh $(LAB_TESTS)'
# make lab-call-check: only the call lab.
lab-call-check:
	$(MAKE) $(AM_MAKEFLAGS) check TESTS='$(LAB_CALL_TESTS)'
.PHONY: lab-check lab-call-check
