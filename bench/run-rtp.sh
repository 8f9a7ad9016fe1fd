#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# bench/run-rtp.sh - times trunkdoc against sngrep and tshark on a capture
# that is 93% RTP (bench/gen-corpus -n 72000 -m 174: about 1,035,000
# packets), the traffic of a PBX host with calls up.  Run by hand, never by
# make check.
#
#   bench/run-rtp.sh -t TRUNKDOC -g GEN_CORPUS [-b BASELINE_TRUNKDOC] [-r RUNS] [-w WORKDIR]
#     -t  the trunkdoc binary to time (build it with -O2, no sanitizers)
#     -g  bench/gen-corpus of the same build
#     -b  another trunkdoc (say, the previous release) timed in the same run
#     -r  runs of each command; the median is reported (default 5)
#
# Prints per tool the median wall time, CPU time (user+sys) and peak RSS,
# then the ratios the aims speak of: at least 2.5x faster than sngrep, and
# no more than twice the baseline's memory.
set -u
runs=5 trunkdoc= gen= base= work=${TMPDIR:-/tmp}/trunkdoc-bench-rtp
while getopts t:g:b:r:w:h opt; do
	case $opt in
	t) trunkdoc=$OPTARG ;; g) gen=$OPTARG ;; b) base=$OPTARG ;;
	r) runs=$OPTARG ;; w) work=$OPTARG ;;
	*) sed -n '2,15s/^# \{0,1\}//p' "$0"; exit 2 ;;
	esac
done
[ -x "$trunkdoc" ] && [ -x "$gen" ] || { echo "bench: give -t TRUNKDOC and -g GEN_CORPUS" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: GNU time is missing (apt-get install time)" >&2; exit 2; }
mkdir -p "$work" || exit 2
corpus=$work/rtp-corpus.pcap
[ -s "$corpus" ] || "$gen" -n 72000 -m 174 -o "$corpus" || exit 2

# median of the runs of one command: "wall cpu rss_kib"
measure() {
	i=0
	: >"$work/runs"
	while [ $i -lt "$runs" ]; do
		/usr/bin/time -f '%e %U %S %M' -o "$work/t" "$@" >/dev/null 2>&1 </dev/null
		tail -n 1 "$work/t" | awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' >>"$work/runs"
		i=$((i + 1))
	done
	for col in 1 2 3; do
		cut -d' ' -f$col "$work/runs" | sort -n | awk '{ v[NR] = $1 } END { printf "%s ", v[int((NR + 1) / 2)] }'
	done
	echo
}

: >"$work/results"
echo "trunkdoc $(measure "$trunkdoc" -r "$corpus" --report=json)" >>"$work/results"
[ -n "$base" ] && echo "baseline $(measure "$base" -r "$corpus" --report=json)" >>"$work/results"
command -v sngrep >/dev/null && echo "sngrep $(measure sngrep -F -N -q -l 100000 -I "$corpus")" >>"$work/results"
command -v tshark >/dev/null && echo "tshark $(measure tshark -n -r "$corpus" -Y sip)" >>"$work/results"
echo "tool wall_s cpu_s peak_rss_kib (median of $runs)"
cat "$work/results"
awk '{ w[$1] = $2; c[$1] = $3; m[$1] = $4 }
END {
	if (w["sngrep"] > 0) printf "sngrep/trunkdoc: %.1fx wall, %.1fx cpu (aim >= 2.5x)\n", w["sngrep"] / w["trunkdoc"], c["sngrep"] / c["trunkdoc"]
	if (w["tshark"] > 0) printf "tshark/trunkdoc: %.1fx wall, %.1fx cpu\n", w["tshark"] / w["trunkdoc"], c["tshark"] / c["trunkdoc"]
	if (m["baseline"] > 0) printf "peak memory trunkdoc/baseline: %.2f (aim <= 2)\n", m["trunkdoc"] / m["baseline"]
}' "$work/results"
