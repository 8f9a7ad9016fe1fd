#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# hep-load.sh - trunkdoc as a HEP collector under load: bench/hep-load's
# simulated PBXs send HEPv3 to trunkdoc --hep-listen on 127.0.0.1 at each
# rate for SECONDS; prints messages sent and received, kernel drops, CPU
# seconds and peak memory.  Run by hand on a quiet machine with an
# optimised build (no sanitizers).  The listener runs 11 s longer than the
# senders, to drain what the socket buffer holds; what it has not read by
# then counts as lost, beside the kernel's drops:
#   bench/hep-load.sh BUILD_DIR [SECONDS] [RATES] [LIMIT]
#   e.g. bench/hep-load.sh ../build-bench 60 "5000 20000 50000" 20000
set -u
build=${1:?usage: hep-load.sh BUILD_DIR [SECONDS] [RATES] [LIMIT]}
secs=${2:-60}
rates=${3:-"5000 20000 50000"}
limit=${4:-20000}
port=$((45000 + $$ % 10000))
out=$(mktemp -d "${TMPDIR:-/tmp}/hep-load.XXXXXX")
trap 'rm -rf "$out"' EXIT
printf '%-8s %10s %10s %8s %8s %8s %10s\n' rate sent received lost drops cpu_s peak_MiB
for rate in $rates; do
	/usr/bin/time -f '%U %S %M' -o "$out/time" "$build/trunkdoc" --hep-listen udp:127.0.0.1:$port \
		--duration $((secs + 12)) --limit "$limit" --report=json > "$out/r.json" 2> "$out/err" &
	tpid=$!
	sleep 1
	sent=$("$build/bench/hep-load" -p $port -r "$rate" -d "$secs" | awk '{print $2}')
	wait $tpid
	got=$(jq '.capture.hep.packets' "$out/r.json")
	drops=$(jq '.capture.dropped' "$out/r.json")
	read -r u s m <<EOF
$(tail -n 1 "$out/time")
EOF
	printf '%-8s %10s %10s %8s %8s %8.1f %10.1f\n' "$rate" "$sent" "$got" $((sent - got)) "$drops" \
		"$(echo "$u + $s" | bc)" "$(echo "$m / 1024" | bc -l)"
	port=$((port + 1))
done
