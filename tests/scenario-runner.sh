#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# The scenario runner must be able to fail: a wrong expectation, a scenario
# without expectations, a scenario scn2pcap rejects and an unknown
# expectation all fail; a right one passes.  Guards against a harness that
# reports every scenario as passed.
set -u
name=scenario-runner
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
command -v jq >/dev/null 2>&1 || { echo "SKIP: $name: jq is not installed"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
top_builddir=$(cd "${top_builddir:-.}" && pwd)
export top_builddir TRUNKDOC SCN2PCAP
TRUNKDOC=${TRUNKDOC:-$top_builddir/trunkdoc}
SCN2PCAP=${SCN2PCAP:-$top_builddir/tests/tools/scn2pcap}

packets='pbx = 192.168.1.10
carrier = 198.51.100.20

=== 0.000 udp pbx:5060 > carrier:5060
OPTIONS sip:example.net SIP/2.0
Via: SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bK-self1
From: <sip:1000@example.net>;tag=s1
To: <sip:example.net>
Call-ID: selftest@192.168.1.10
CSeq: 1 OPTIONS
Content-Length: auto
'
failures=0
# case NAME WANT_RC EXPECT-LINES...
case_() {
	cname=$1 want=$2
	shift 2
	{ printf '%s\n' "$packets"; for l in "$@"; do printf '%s\n' "$l"; done; } >"$tmp/$cname.scn"
	top_builddir=$tmp sh "$top_srcdir/tests/run-scenario.sh" "$tmp/$cname.scn" >"$tmp/$cname.log" 2>&1
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		echo "ok $cname: exit $rc"
	else
		echo "FAIL: $cname: runner exited $rc, expected $want"
		sed 's/^/  /' "$tmp/$cname.log"
		failures=$((failures + 1))
	fi
}
case_ right 0 'expect .capture.sip_messages == 1' 'expect [.dialogs[].messages[].frame] == [1]' 'expect exit != 2'
case_ wrong-count 1 'expect .capture.sip_messages == 2'
case_ wrong-string 1 'expect .dialogs[0].messages[0].method == "INVITE"'
case_ wrong-exit 1 'expect exit == 2'
case_ wrong-stderr 1 'expect stderr contains "no such text anywhere"'
case_ wrong-jq 1 'expect jq .capture.sip_messages == 5'
case_ unknown-check 1 'expect check no.such-check == pass'
case_ unknown-kind 1 'expect something odd'
case_ no-expectations 1
printf '%s\n' '=== 0.0 udp nosuchhost:5060 > 1.2.3.4:5060' 'X' 'expect exit == 0' >"$tmp/bad.scn"
if top_builddir=$tmp sh "$top_srcdir/tests/run-scenario.sh" "$tmp/bad.scn" >"$tmp/bad.log" 2>&1; then
	echo "FAIL: a scenario scn2pcap rejects passed"
	failures=$((failures + 1))
else
	echo "ok bad-scenario: $(grep -m1 nosuchhost "$tmp/bad.log")"
fi
[ $failures -eq 0 ] || exit 1
echo "PASS: $name"
