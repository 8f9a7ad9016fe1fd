#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# bench/run-reg.sh - times trunkdoc against sngrep (and tshark) on the feed
# a central listener sees from a fleet: REGISTER flows only, a digest on
# every other message (bench/gen-corpus -r -n 200000: 50,000 flows).  The
# aim of issue 17 is peak memory at most a quarter of sngrep's.  Run by
# hand, never by make check.
#
#   bench/run-reg.sh -t TRUNKDOC -g GEN_CORPUS [-b BASELINE_TRUNKDOC] [-n MESSAGES] [-r RUNS] [-w WORKDIR]
#     -t  the trunkdoc binary to time (build it with -O2, no sanitizers)
#     -g  bench/gen-corpus of the same build
#     -b  another trunkdoc (say, the previous commit) timed in the same run
#     -n  messages in the corpus (default 200000)
#     -r  runs of each command, interleaved; the median is reported (default 5)
#
# Prints per tool the median wall time, CPU time (user+sys) and peak RSS,
# the machine's load (uptime) before and after, then the ratios.
set -u
runs=5 trunkdoc= gen= base= messages=200000 work=${TMPDIR:-/tmp}/trunkdoc-bench-reg
while getopts t:g:b:n:r:w:h opt; do
	case $opt in
	t) trunkdoc=$OPTARG ;; g) gen=$OPTARG ;; b) base=$OPTARG ;;
	n) messages=$OPTARG ;; r) runs=$OPTARG ;; w) work=$OPTARG ;;
	*) sed -n '2,17s/^# \{0,1\}//p' "$0"; exit 2 ;;
	esac
done
[ -x "$trunkdoc" ] && [ -x "$gen" ] || { echo "bench: give -t TRUNKDOC and -g GEN_CORPUS" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: GNU time is missing (apt-get install time)" >&2; exit 2; }
mkdir -p "$work" || exit 2
corpus=$work/reg-corpus-$messages.pcap
[ -s "$corpus" ] || "$gen" -r -n "$messages" -o "$corpus" || exit 2

# one run of one command, appended to $work/NAME.runs as "wall cpu rss_kib"
once() {
	name=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$work/t" "$@" >/dev/null 2>&1 </dev/null
	tail -n 1 "$work/t" | awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' >>"$work/$name.runs"
}
median_of() {
	for col in 1 2 3; do
		cut -d' ' -f$col "$work/$1.runs" | sort -n | awk '{ v[NR] = $1 } END { printf "%s ", v[int((NR + 1) / 2)] }'
	done
	echo
}

tools="trunkdoc"
[ -n "$base" ] && tools="$tools baseline"
command -v sngrep >/dev/null && tools="$tools sngrep"
command -v tshark >/dev/null && tools="$tools tshark"
for t in $tools; do : >"$work/$t.runs"; done
echo "load before: $(uptime)"
i=0
while [ $i -lt "$runs" ]; do
	# interleaved, so every tool sees the same minutes of a shared machine
	once trunkdoc "$trunkdoc" -r "$corpus" --report=json
	[ -n "$base" ] && once baseline "$base" -r "$corpus" --report=json
	command -v sngrep >/dev/null && once sngrep sngrep -F -N -q -l "$messages" -I "$corpus"
	command -v tshark >/dev/null && once tshark tshark -n -r "$corpus" -Y sip
	i=$((i + 1))
done
echo "load after: $(uptime)"
: >"$work/results"
for t in $tools; do echo "$t $(median_of "$t")" >>"$work/results"; done
echo "tool wall_s cpu_s peak_rss_kib (median of $runs, interleaved)"
cat "$work/results"
awk '{ w[$1] = $2; c[$1] = $3; m[$1] = $4 }
END {
	if (m["sngrep"] > 0) printf "peak memory trunkdoc/sngrep: %.2f (aim <= 0.25)\n", m["trunkdoc"] / m["sngrep"]
	if (m["sngrep"] > 0 && m["baseline"] > 0) printf "peak memory baseline/sngrep: %.2f\n", m["baseline"] / m["sngrep"]
	if (c["sngrep"] > 0) printf "sngrep/trunkdoc: %.1fx wall, %.1fx cpu\n", w["sngrep"] / w["trunkdoc"], c["sngrep"] / c["trunkdoc"]
	if (c["tshark"] > 0) printf "tshark/trunkdoc: %.1fx wall, %.1fx cpu; peak memory trunkdoc/tshark %.2f\n", w["tshark"] / w["trunkdoc"], c["tshark"] / c["trunkdoc"], m["trunkdoc"] / m["tshark"]
}' "$work/results"
