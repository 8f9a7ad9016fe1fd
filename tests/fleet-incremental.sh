#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# The checklist per capture node is worked out from node stores kept
# between evaluations, each fed only the messages that arrived since the
# last (app/nodes.c).  The HEP scenarios with several capture nodes are
# read a few packets at a time, evaluated after every step, and the
# results of the kept stores must equal, field by field, those of stores
# built anew (tests/tools/node-eval); again under --limit, whose rebuilds
# start the node stores over.  Only the nodes with new messages are judged
# again at each step, all of them at the quiet tick: node-eval fails if a
# node with new messages kept its result, and compares every node at each
# quiet tick (-q, capture microseconds) and one quiet interval after the
# end; an operator's mark (-M) must judge every node again at once.  The one-packet steps must keep some results (else nothing skipped
# was proved equal).
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
SCN2PCAP=${SCN2PCAP:-$top_builddir/tests/tools/scn2pcap}
NODE_EVAL=${NODE_EVAL:-$top_builddir/tests/tools/node-eval}
work=$(mktemp -d "${TMPDIR:-/tmp}/trunkdoc-fleetinc.XXXXXX") || exit 1
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT INT TERM
fail=0
# scenario, the nodes it must find, node-eval arguments
while read -r name nodes args; do
	scn="$top_srcdir/tests/scenarios/$name.scn"
	if ! "$SCN2PCAP" "$scn" "$work/$name.pcap" >"$work/$name.scn2pcap" 2>&1; then
		echo "FAIL: $name: scn2pcap"; cat "$work/$name.scn2pcap"; fail=1; continue
	fi
	for run in "-s 1" "-s 3" "-s 2 -l 2" "-s 1 -q 1" "-s 1 -q 200000" "-s 1 -M 4"; do
		# shellcheck disable=SC2086 # the arguments are words
		if ! out=$("$NODE_EVAL" $run $args "$work/$name.pcap" 2>&1); then
			echo "FAIL: $name ($run): $out"; fail=1; continue
		fi
		case $out in
		*" 0 kept, "*" $nodes nodes,"*)
			case $run in
			"-s 1"|"-s 1 -q 200000"|"-s 1 -M 4")
				if [ "$nodes" -gt 1 ]; then
					echo "FAIL: $name ($run): no result kept: $out"; fail=1; continue
				fi ;;
			esac
			echo "ok: $name ($run): $out" ;;
		*" $nodes nodes,"*) echo "ok: $name ($run): $out" ;;
		*) echo "FAIL: $name ($run): want $nodes nodes: $out"; fail=1 ;;
		esac
	done
done <<LIST
hep-fleet-three-pbx 3
hep-ha-pair-one-refused 2
hep-v3-udp-three-nodes 3
hep-reply-before-request 2
hep-wrong-password 1 -k myHepKey
hep-v2-tcp-ipv6 2 -p 9062
LIST
exit $fail
