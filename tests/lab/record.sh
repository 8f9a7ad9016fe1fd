#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# record.sh [SCENARIO...] - record the PBX's view of each lab scenario into
# tests/captures/real/SCENARIO.pcap (all scenarios when none are named).
# Needs root; everything happens inside namespaces made for the run.
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=${LAB_OUT:-$here/../captures/real}
. "$here/lab.sh"
. "$here/scenarios.sh"
lab_need_root record
lab_need_prog record kamailio sipp tcpdump nft

names=${*:-$LAB_SCENARIOS}
for name in $names; do
	scn_exists "$name" || { echo "no such scenario: $name" >&2; exit 2; }
done
mkdir -p "$out"
status=0
for name in $names; do
	# A child shell per scenario: its own namespaces, its own trap.
	(
		LAB_ID=tdr$$x${name//-/}
		LAB_ID=${LAB_ID:0:12}$RANDOM
		NS_PBX=${LAB_ID}-pbx NS_NAT=${LAB_ID}-nat NS_PROV=${LAB_ID}-prov
		lab_up "$(scn_natmode "$name")" || exit 1
		tmp=$LAB_DIR/capture.pcap
		lab_capture_start "$tmp" || exit 1
		t0=$(date +%s)
		scn_run "$name"
		rc=$?
		while [ $(( $(date +%s) - t0 )) -lt "$SCN_MIN_SECONDS" ]; do sleep 0.5; done
		lab_capture_stop
		cp "$tmp" "$out/$name.pcap"
		echo "$name: $(tcpdump -r "$out/$name.pcap" 2>/dev/null | wc -l) packets, sipp status $rc"
		[ -n "${LAB_VERBOSE:-}" ] && cat "$LAB_DIR/sipp.log" "$LAB_DIR/kamailio.log" 2>/dev/null | tail -40
		exit 0
	) || status=1
done
exit $status
