#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# live.sh SCENARIO - one lab scenario with trunkdoc capturing live in the PBX
# namespace (-i pbx0 --report=json --duration, --until-verdict), asserting
# its JSON report against the scenario's EXPECT line (tests/captures/real/
# EXPECT for the recorded scenarios, tests/lab/EXPECT.live for the others).
# tcpdump records the same interface so the SIP count is checked against
# tshark.  Prints one ok/not ok line per assertion; exits 0 when all hold,
# 1 otherwise, 77 (with "SKIP: lab-NAME: why") without root or programs.
set -u
name=${1:?usage: live.sh SCENARIO}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=${top_srcdir:-$here/../..}
. "$here/lab.sh"
. "$here/scenarios.sh"
. "$here/expect.sh"

test=lab-$name
scn_exists "$name" || { echo "no such scenario: $name" >&2; exit 99; }
lab_need_root "$test"
lab_need_prog "$test" kamailio sipp nft tcpdump jq $(scn_programs "$name")
if [ ! -x "${TRUNKDOC:-}" ]; then
	echo "SKIP: $test: \$TRUNKDOC is not an executable (run through make check)"
	exit 77
fi
# A live run may end earlier than the recording (--until-verdict), so
# EXPECT.live's line, where there is one, wins.
line=$(expect_line "$here/EXPECT.live" "$name")
[ -n "$line" ] || line=$(expect_line "$top/tests/captures/real/EXPECT" "$name")
[ -n "$line" ] || { echo "no EXPECT line for $name" >&2; exit 99; }

failed=0
ok()    { echo "ok - $*"; }
notok() { echo "not ok - $*"; failed=1; }
skip()  { echo "ok # SKIP $*"; }

lab_up "$(scn_natmode "$name")" || exit 99
lab_capture_start "$LAB_DIR/live.pcap" || exit 99

set -- $line
transport=$1
limit=$(scn_seconds "$name")
until=--until-verdict
scn_until_verdict "$name" || until=
# The password reaches trunkdoc through its environment, never argv.
export TRUNKDOC_PASSWORD=$LAB_PASSWORD
t0=$(date +%s%N)
lab_spawn "$NS_PBX" trunkdoc "$TRUNKDOC" -i "$PBX_IF" --report=json \
	--duration "$limit" $until --registrar "$LAB_DOMAIN" --user "$LAB_USER" \
	--transport "$transport" || exit 99
unset TRUNKDOC_PASSWORD
# Start the peers only once trunkdoc captures with its filter in place (it
# says "listening on", as tcpdump does): its packet socket alone is not
# enough, libpcap drops what arrives before the filter is set.  A loaded
# machine may take seconds; one that takes a minute fails the test.
listening=
for i in $(seq 600); do
	grep -q "listening on" "$LAB_DIR/trunkdoc.log" 2>/dev/null && { listening=1; break; }
	lab_alive trunkdoc || break
	sleep 0.1
done
if [ -z "$listening" ]; then
	notok "$name: trunkdoc did not start capturing: $(head -3 "$LAB_DIR/trunkdoc.log")"
	exit 1
fi

scn_run "$name"
lab_wait trunkdoc
rc=$?
# When trunkdoc stopped: it writes its report as it ends, so the report's
# modification time (the peers may still have been running after it).
elapsed_ms=$(( ($(date -r "$LAB_DIR/trunkdoc.out" +%s%N) - t0) / 1000000 ))
lab_capture_stop
sed 's/^/# trunkdoc: /' "$LAB_DIR/trunkdoc.log" | head -20

# tcpdump ran on after trunkdoc stopped: compare with tshark over the part
# trunkdoc saw, up to the last packet its report names.
pcap=$LAB_DIR/live.pcap
last=$(jq -r '.capture.last // empty' "$LAB_DIR/trunkdoc.out" 2>/dev/null)
if [ -n "$last" ] && command -v tshark >/dev/null 2>&1; then
	# trunkdoc and tcpdump each timestamp the same packet on their own
	# socket, microseconds apart; 50 ms of slack is far below the gap
	# between a scenario's last message and anything after it.
	last_epoch=$(date -u -d "$last" +%s.%N | awk '{ printf "%.6f", $1 + 0.05 }') &&
	tshark -r "$LAB_DIR/live.pcap" -Y "frame.time_epoch <= $last_epoch" \
		-w "$LAB_DIR/seen.pcap" 2>/dev/null && pcap=$LAB_DIR/seen.pcap
fi
expect_report "$name" "$LAB_DIR/trunkdoc.out" "$rc" "$pcap" "$line"
if declare -F "scn_verify_${name//-/_}" >/dev/null; then
	"scn_verify_${name//-/_}"
fi
state=$2
if [ -n "$until" ]; then
	case $state in
	registered|failed|timed_out)
		if [ "$elapsed_ms" -lt $((limit * 1000)) ]; then
			ok "$name: --until-verdict ended the capture after ${elapsed_ms} ms (limit ${limit} s)"
		else
			notok "$name: --until-verdict did not end the capture (${elapsed_ms} ms, limit ${limit} s)"
		fi ;;
	*)
		if [ "$elapsed_ms" -ge $((limit * 1000)) ]; then
			ok "$name: --duration $limit ended the capture after ${elapsed_ms} ms"
		else
			notok "$name: capture ended after ${elapsed_ms} ms, before --duration $limit"
		fi ;;
	esac
fi
if [ "$failed" != 0 ] && [ -n "${LAB_VERBOSE:-}" ]; then
	tail -30 "$LAB_DIR/kamailio.log" "$LAB_DIR/sipp.log" 2>/dev/null
fi
exit "$failed"
