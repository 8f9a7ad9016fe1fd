#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# hep-load.sh - trunkdoc as a HEP collector under load (doc/performance.md).
# Run by hand with an optimised build (no sanitizers); never by make check.
# Everything goes to 127.0.0.1.
#
# Throughput and memory:
#   bench/hep-load.sh BUILD_DIR [SECONDS] [RATES] [LIMIT] [NOLIMIT_RATES]
#   e.g. bench/hep-load.sh ../build-bench 60 "5000 20000 50000" 20000 5000
# bench/hep-load's 200 simulated PBXs send HEPv3 to trunkdoc --hep-listen
# udp:127.0.0.1:P at each rate for SECONDS, with --limit LIMIT, and again
# without --limit at each of NOLIMIT_RATES (for contrast; memory then grows
# with every message).  The listener runs 12 s longer than the sender to
# drain its socket buffer; what it has not read by then counts as lost,
# beside the kernel's drops.  Per run: messages sent, received, lost,
# kernel drops, drops of the reader thread's full queue (qdrops), CPU
# seconds (user+sys), peak RSS, the RSS sampled every 5 s, and the load
# average (`uptime`) before and after.
#
# Time to show a new failure on the screen:
#   bench/hep-load.sh --latency BUILD_DIR [RATE] [TRIES]
# trunkdoc's screen runs in tmux (80x24) on --hep-listen while the fleet
# sends at RATE (default 5000); each try injects one new PBX whose trunk is
# refused (hep-load -x) and polls `tmux capture-pane` every 20 ms until its
# row shows the failure; prints each delay and the median.  What to type
# before each try and what to wait for are parameters, for the list or the
# fleet view (%AOR% is the injected trunk's AOR user part: trunk-60019,
# trunk-60029, ...; no fleet PBX's AOR holds it):
#   LAT_KEYS     tmux send-keys words (default: "f C-u %AOR% Enter": the
#                filter of the view on top keeps that trunk only, whatever
#                the pane's height; with 200 PBXs that is the fleet view,
#                which opens by itself; "Escape Escape f C-u %AOR% Enter"
#                for the list behind it)
#   LAT_PATTERN  extended regex on the pane (default: "%AOR%.*failed")
#   LAT_ARGS     extra trunkdoc arguments (default: none), e.g. --limit 20000
# The fleet view, filtered to the new PBX's trunk (F first: the fleet view
# even if it has not opened by itself yet; F does nothing on it):
#   LAT_KEYS="F f C-u %AOR% Enter" LAT_PATTERN="^FAIL .*%AOR%" \
#   LAT_ARGS="--limit 20000" bench/hep-load.sh --latency BUILD_DIR 20000 9
set -u
latency=no
if [ "${1:-}" = --latency ]; then
	latency=yes
	shift
fi
build=${1:?usage: hep-load.sh [--latency] BUILD_DIR ...}
build=$(cd "$build" && pwd)
out=$(mktemp -d "${TMPDIR:-/tmp}/hep-load.XXXXXX")
port=$((45000 + $$ % 10000))
session=hepload$$
cleanup()
{
	tmux kill-session -t "$session" 2>/dev/null
	[ -n "${loadpid:-}" ] && kill "$loadpid" 2>/dev/null
	rm -rf "$out"
}
trap cleanup EXIT

# wait_udp PORT: until something listens there (10 s at most)
wait_udp()
{
	local i
	for i in $(seq 200); do
		ss -Hlun "sport = :$1" | grep -q . && return 0
		sleep 0.05
	done
	echo "nothing listens on udp/$1" >&2
	return 1
}
load() { uptime | sed 's/.*load average: //'; }

if [ $latency = yes ]; then
	rate=${2:-5000}
	tries=${3:-5}
	keys=${LAT_KEYS:-"f C-u %AOR% Enter"}
	pattern=${LAT_PATTERN:-"%AOR%.*failed"}
	# shellcheck disable=SC2206
	args=(${LAT_ARGS:-})
	tmux new-session -d -s "$session" -x 80 -y 24 \
		"TERM=xterm $build/trunkdoc --hep-listen udp:127.0.0.1:$port ${args[*]} 2>$out/err"
	wait_udp $port || exit 1
	# long enough for every try to wait its 30 s: the fleet sends until the
	# last try is done (cleanup stops it), not only through the quick ones
	"$build/bench/hep-load" -p $port -r "$rate" -d $((tries * 32 + 10)) > /dev/null &
	loadpid=$!
	sleep 3                           # the fleet is on the screen first
	echo "# load before: $(load); fleet at $rate msg/s; keys: $keys; pattern: $pattern; args: ${args[*]}"
	[ "$tries" -le 9 ] || tries=9      # trunk-60019 .. trunk-60099
	delays=()
	for t in $(seq "$tries"); do
		id=$((6000 + t))
		aor=trunk-$((id * 10 + 9))   # hep-load -x ID registers trunk-(ID*10+9)
		for k in $keys; do
			tmux send-keys -t "$session" "${k//%AOR%/$aor}"
		done
		sleep 1                       # the screen takes the keys
		at=$("$build/bench/hep-load" -p $port -x $id | sed 's/.*at_ms //')
		seen=
		for i in $(seq 1500); do       # 30 s at most
			if tmux capture-pane -p -t "$session" | grep -Eq "${pattern//%AOR%/$aor}"; then
				seen=$(date +%s%3N)
				break
			fi
			sleep 0.02
		done
		if [ -z "$seen" ]; then
			echo "try $t: $aor never showed as failing"
			tmux capture-pane -p -t "$session" | sed 's/^/#   /'
			continue
		fi
		delays+=($((seen - at)))
		echo "try $t: $aor failing on the screen after $((seen - at)) ms"
	done
	echo "# load after: $(load)"
	[ ${#delays[@]} -gt 0 ] &&
		echo "median: $(printf '%s\n' "${delays[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }') ms over ${#delays[@]} tries"
	exit 0
fi

secs=${2:-60}
rates=${3:-"5000 20000 50000"}
limit=${4:-20000}
nolimit_rates=${5:-5000}
printf '%-6s %-7s %9s %9s %7s %7s %7s %7s %9s  %s\n' rate limit sent received lost drops qdrops cpu_s peak_MiB "load before -> after"
run()   # run RATE LIMIT|none
{
	local rate=$1 lim=$2 limarg=() tpid pid sent got drops qdrops u s m before
	[ "$lim" != none ] && limarg=(--limit "$lim")
	before=$(load)
	/usr/bin/time -f '%U %S %M' -o "$out/time" "$build/trunkdoc" --hep-listen udp:127.0.0.1:$port \
		--duration $((secs + 12)) "${limarg[@]}" --report=json > "$out/r.json" 2> "$out/err" &
	tpid=$!
	wait_udp $port || return 1
	pid=$(pgrep -P $tpid | head -n 1)
	# RSS every 5 s while the sender runs and the listener drains
	( t=0; while kill -0 "$pid" 2>/dev/null; do
		printf '%s:%s ' $t "$(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' /proc/"$pid"/status 2>/dev/null)"
		sleep 5; t=$((t + 5))
	done ) > "$out/rss" &
	sent=$("$build/bench/hep-load" -p $port -r "$rate" -d "$secs" | awk '{ print $2 }')
	wait $tpid
	wait
	got=$(jq '.capture.hep.packets' "$out/r.json")
	drops=$(jq '.capture.dropped' "$out/r.json")
	qdrops=$(jq '.capture.queue_dropped // 0' "$out/r.json")   # the reader thread's full queue
	# the last line: GNU time puts "Command exited with non-zero status" before
	read -r u s m < <(tail -n 1 "$out/time")
	printf '%-6s %-7s %9s %9s %7s %7s %7s %7.1f %9.1f  %s -> %s\n' "$rate" "$lim" "$sent" "$got" \
		$((sent - got)) "$drops" "$qdrops" "$(echo "$u + $s" | bc)" "$(echo "$m / 1024" | bc -l)" "$before" "$(load)"
	echo "       RSS MiB at s: $(cat "$out/rss")"
	port=$((port + 1))
}
for rate in $rates; do run "$rate" "$limit"; done
for rate in $nolimit_rates; do run "$rate" none; done
