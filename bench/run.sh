#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# bench/run.sh - times trunkdoc's batch report against sngrep and tshark on
# the same synthetic capture (bench/gen-corpus), and on a quarter of it to
# see whether the cost is linear.  Run by hand, never by make check.
#
#   bench/run.sh [-n MESSAGES] [-r RUNS] [-t TRUNKDOC] [-w WORKDIR]
#     -n  SIP messages in the large corpus (default 1000000)
#     -r  runs of each command; the median is reported (default 5)
#     -t  a trunkdoc binary to time (default: build one with -O2, no
#         sanitizers, in WORKDIR/build from this source tree)
#     -w  where the build and the corpora go (default /tmp/trunkdoc-bench)
#
# Needs: GNU time (Debian package "time"), jq; sngrep and tshark are timed
# when installed.  Prints, per tool and corpus, the median wall time, the
# median CPU time (user+sys: the fairer figure on a busy machine), the
# median peak RSS and messages per second, then the ratios and the aims,
# trunkdoc's fastest run, and what one thread does alone and beside a
# second busy one (see below).
set -u
messages=1000000
runs=5
trunkdoc=
work=${TMPDIR:-/tmp}/trunkdoc-bench
while getopts n:r:t:w:h opt; do
	case $opt in
	n) messages=$OPTARG ;;
	r) runs=$OPTARG ;;
	t) trunkdoc=$OPTARG ;;
	w) work=$OPTARG ;;
	*) sed -n '2,12s/^# \{0,1\}//p' "$0"; exit 2 ;;
	esac
done
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$work" || exit 2
[ -x /usr/bin/time ] || { echo "bench: GNU time is missing (apt-get install time)" >&2; exit 2; }
command -v jq >/dev/null || { echo "bench: jq is missing (apt-get install jq)" >&2; exit 2; }

# ---- an optimised build, without sanitizers --------------------------------
build=$work/build
if [ -z "$trunkdoc" ] || [ ! -x "$build/bench/gen-corpus" ]; then
	echo "bench: building trunkdoc and gen-corpus with -O2 in $build" >&2
	mkdir -p "$build"
	[ -f "$top/configure" ] || (cd "$top" && autoreconf -fi) || exit 2
	( cd "$build" && { [ -f Makefile ] || "$top/configure" -q CFLAGS="-O2 -g"; } &&
	  make -s -j"$(nproc)" trunkdoc bench/gen-corpus ) >"$work/build.log" 2>&1 ||
		{ echo "bench: build failed, see $work/build.log" >&2; exit 2; }
fi
[ -n "$trunkdoc" ] || trunkdoc=$build/trunkdoc
gen=$build/bench/gen-corpus

# ---- the corpora ---------------------------------------------------------------
quarter=$((messages / 4))
big=$work/corpus-$messages.pcap
small=$work/corpus-$quarter.pcap
for n in "$messages" "$quarter"; do
	f=$work/corpus-$n.pcap
	if [ ! -s "$f" ]; then
		"$gen" -n "$n" -o "$f.tmp" 2>"$work/gen-$n.log" && mv "$f.tmp" "$f" ||
			{ echo "bench: gen-corpus failed" >&2; exit 2; }
	fi
done
# gen-corpus finishes the session it is in, so the true count is in its log
count_of() { sed -n 's/.*wrote \([0-9]*\) SIP messages.*/\1/p' "$work/gen-$1.log" 2>/dev/null; }
big_n=$(count_of "$messages"); big_n=${big_n:-$messages}
small_n=$(count_of "$quarter"); small_n=${small_n:-$quarter}

# ---- one tool on one file, $runs times ------------------------------------------
median() { sort -n | awk '{v[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

# fastest FILE: the least wall and the least CPU time of the runs in FILE
# (noise on a shared machine only ever adds time, so these show what the
# code can do when the host leaves it alone)
fastest() { awk 'NR == 1 || $1 < w { w = $1 } NR == 1 || $2 + $3 < c { c = $2 + $3 } END { print w, c }' "$1"; }

# measure NAME FILE MESSAGES CMD...: prints "NAME wall cpu rss_kib msgs
# fastest_wall fastest_cpu"
measure() {
	name=$1 file=$2 n=$3
	shift 3
	: >"$work/times"
	i=0
	while [ $i -lt "$runs" ]; do
		/usr/bin/time -f '%e %U %S %M' -o "$work/t1" "$@" >/dev/null 2>"$work/err" </dev/null
		rc=$?
		if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
			echo "bench: $name exited $rc on $file: $(head -c 200 "$work/err")" >&2
		fi
		tail -n 1 "$work/t1" >>"$work/times"
		i=$((i + 1))
	done
	wall=$(awk '{print $1}' "$work/times" | median)
	cpu=$(awk '{print $2 + $3}' "$work/times" | median)
	rss=$(awk '{print $4}' "$work/times" | median)
	echo "$name $wall $cpu $rss $n $(fastest "$work/times")"
}

results=$work/results
: >"$results"
for size in small big; do
	if [ $size = big ]; then file=$big n=$big_n; else file=$small n=$small_n; fi
	# trunkdoc must actually have read every message for its time to count
	got=$("$trunkdoc" -r "$file" --report=json 2>/dev/null | jq '.capture.sip_messages' 2>/dev/null)
	[ "$got" = "$n" ] || echo "bench: WARNING: trunkdoc counted ${got:-nothing} SIP messages in $file, the corpus has $n" >&2
	echo "$size $(measure trunkdoc "$file" "$n" "$trunkdoc" -r "$file" --report=json)" >>"$results"
	if command -v sngrep >/dev/null; then
		# -l: keep every dialog (a corpus has fewer dialogs than messages);
		# -F: no user config; -N -q: batch, no screen, no output.
		echo "$size $(measure sngrep "$file" "$n" sngrep -F -N -q -l "$n" -I "$file")" >>"$results"
	fi
	if command -v tshark >/dev/null; then
		echo "$size $(measure tshark "$file" "$n" tshark -n -r "$file" -Y sip)" >>"$results"
	fi
done

# ---- what one core gives, alone and beside a busy one ---------------------------
# Messages per CPU-second depend on the machine as much as on the code: on a
# virtual machine whose two CPUs share a physical core or its caches, each
# does less when both are busy, whatever runs.  So the big corpus is also
# read with one thread, alone, and by two one-thread runs at once: the second
# figure is what any program gets from a core here with both cores working,
# the fair yardstick for the two-thread run.
echo "big $(measure trunkdoc-1t "$big" "$big_n" env TRUNKDOC_THREADS=1 "$trunkdoc" -r "$big" --report=json)" >>"$results"
: >"$work/pair"
i=0
while [ $i -lt "$runs" ]; do
	for k in 1 2; do
		TRUNKDOC_THREADS=1 /usr/bin/time -f '%e %U %S %M' -o "$work/pair$k" \
			"$trunkdoc" -r "$big" --report=json >/dev/null 2>&1 </dev/null &
	done
	wait
	tail -q -n 1 "$work/pair1" "$work/pair2" >>"$work/pair"
	i=$((i + 1))
done
echo "big trunkdoc-1t-pair $(awk '{print $1}' "$work/pair" | median) $(awk '{print $2 + $3}' "$work/pair" | median) $(awk '{print $4}' "$work/pair" | median) $big_n $(fastest "$work/pair")" >>"$results"

# ---- linearity, paired ------------------------------------------------------------
# The quarter and the full corpus above are timed a minute or more apart, and
# on a shared machine the speed moves in between, so their ratio can land far
# from the truth either way.  Here each full run follows a quarter run at
# once, and the median of the per-pair CPU ratios is the figure.
: >"$work/pairs"
i=0
while [ $i -lt "$runs" ]; do
	for f in "$small" "$big"; do
		/usr/bin/time -f '%e %U %S %M' -o "$work/t1" "$trunkdoc" -r "$f" --report=json >/dev/null 2>&1 </dev/null
		tail -n 1 "$work/t1" | awk '{printf "%s ", $2 + $3}' >>"$work/pairs"
	done
	echo >>"$work/pairs"
	i=$((i + 1))
done
paired=$(awk '$1 > 0 {print $2 / $1}' "$work/pairs" | median)

# ---- the report ------------------------------------------------------------------
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
echo "trunkdoc benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs ($cpu_model), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "trunkdoc: $trunkdoc ($("$trunkdoc" --version 2>/dev/null | head -n 1))"
echo "corpus: $big_n SIP messages, $(($(stat -c %s "$big") / 1048576)) MiB; quarter: $small_n messages; $runs runs each, medians"
echo
printf '%-7s %-20s %9s %9s %10s %12s %12s\n' corpus tool wall_s cpu_s peak_MiB msg/s_wall msg/s_cpu
awk '{ printf "%-7s %-20s %9.2f %9.2f %10.1f %12.0f %12.0f\n", $1, $2, $3, $4, $5/1024, ($3 > 0 ? $6/$3 : 0), ($4 > 0 ? $6/$4 : 0) }' "$results"
echo
awk -v big_n="$big_n" -v small_n="$small_n" -v paired="$paired" -v ncpu="$(nproc)" '
	{ wall[$1" "$2] = $3; cpu[$1" "$2] = $4; rss[$1" "$2] = $5; fwall[$1" "$2] = $7; fcpu[$1" "$2] = $8 }
	function ratio(a, b) { return (b > 0) ? a / b : 0 }
	END {
		t = "big trunkdoc"; s = "big sngrep"; w = "big tshark"
		if (s in wall) {
			printf "sngrep/trunkdoc: %.1fx wall, %.1fx cpu (aim >= 5x); peak memory trunkdoc/sngrep %.2f (aim < 0.25)\n",
				ratio(wall[s], wall[t]), ratio(cpu[s], cpu[t]), ratio(rss[t], rss[s])
		}
		if (w in wall)
			printf "tshark/trunkdoc: %.1fx wall, %.1fx cpu (aim >= 3x)\n", ratio(wall[w], wall[t]), ratio(cpu[w], cpu[t])
		printf "trunkdoc: %.0f messages/s of CPU (aim >= 100000 per core), %.0f messages/s wall on %d CPUs\n",
			ratio(big_n, cpu[t]), ratio(big_n, wall[t]), ncpu
		printf "trunkdoc, fastest run: %.0f messages/s of CPU, %.0f messages/s wall (sngrep fastest: %.2f s wall)\n",
			ratio(big_n, fcpu[t]), ratio(big_n, fwall[t]), fwall[s]
		one = "big trunkdoc-1t"; pair = "big trunkdoc-1t-pair"
		if (one in cpu && pair in cpu)
			printf "one thread: %.0f messages/s of CPU alone, %.0f with the other core busy (a core here gives %.0f%% less when both work)\n",
				ratio(big_n, cpu[one]), ratio(big_n, cpu[pair]), 100 * (1 - ratio(cpu[one], cpu[pair]))
		printf "linearity: full/quarter corpus = %.2fx wall, %.2fx cpu; paired runs %.2fx cpu (linear: about %.2f)\n",
			ratio(wall[t], wall["small trunkdoc"]), ratio(cpu[t], cpu["small trunkdoc"]), paired, ratio(big_n, small_n)
	}' "$results"
