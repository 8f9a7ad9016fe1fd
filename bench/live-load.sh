#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# live-load.sh - live capture at load: trunkdoc's screen (in tmux), its
# batch mode and tshark capture the same SIP traffic on one veth at once,
# for each rate, with two trunkdoc binaries in turn (before and after a
# change); prints per run what each received against what was sent, the
# drops it reported, its CPU seconds and peak memory, and how long the
# screen took to answer a key.  Run by hand, as root, never by make check:
#   bench/live-load.sh -t NEW [-b OLD] [-l SIP_LOAD] [-s SECONDS] [-r "10000 20000"] [-n REPEATS]
#
# Network: two namespaces of its own (${LAB_ID}snd, ${LAB_ID}cap) joined by
# a veth pair; bench/sip-load's PBXs in the first send REGISTERs to its
# registrar in the second (half the rate each way: 401 or 200 to each);
# every capture runs in the second, on its end of the veth.  Nothing is
# sent anywhere else; both namespaces go away on exit.
set -u
new= old= secs=20 rates="10000 20000" repeats=2
load=$(dirname "$0")/sip-load
while getopts t:b:l:s:r:n: o; do
	case $o in
	t) new=$OPTARG ;; b) old=$OPTARG ;; l) load=$OPTARG ;;
	s) secs=$OPTARG ;; r) rates=$OPTARG ;; n) repeats=$OPTARG ;;
	*) echo "usage: $0 -t NEW [-b OLD] [-l SIP_LOAD] [-s SECONDS] [-r RATES] [-n REPEATS]" >&2; exit 2 ;;
	esac
done
[ -x "$new" ] || { echo "$0: -t: no trunkdoc binary" >&2; exit 2; }
[ -z "$old" ] || [ -x "$old" ] || { echo "$0: -b: no trunkdoc binary" >&2; exit 2; }
[ -x "$load" ] || { echo "$0: $load is not built (make bench/sip-load)" >&2; exit 2; }
for t in tmux tshark jq ip; do
	command -v $t >/dev/null || { echo "$0: needs $t" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "$0: needs GNU time (/usr/bin/time)" >&2; exit 2; }

id=${LAB_ID:-ll}$$
snd=${id}snd cap=${id}cap
net=10.$((200 + $$ % 50)).$(($$ % 250)).
work=$(mktemp -d "${TMPDIR:-/tmp}/live-load.XXXXXX")
sock=live-load-$$
cleanup() {
	tmx kill-server >/dev/null 2>&1
	for f in "$work"/*.pid; do
		[ -f "$f" ] && kill "$(cat "$f")" >/dev/null 2>&1
	done
	ip netns del "$snd" >/dev/null 2>&1
	ip netns del "$cap" >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

ip netns add "$snd" && ip netns add "$cap" || exit 1
ip link add "${id}a" type veth peer name "${id}b" || exit 1
ip link set "${id}a" netns "$snd" && ip link set "${id}b" netns "$cap" || exit 1
ip -n "$snd" addr add "${net}1/24" dev "${id}a" && ip -n "$snd" link set "${id}a" up && ip -n "$snd" link set lo up
ip -n "$cap" addr add "${net}2/24" dev "${id}b" && ip -n "$cap" link set "${id}b" up && ip -n "$cap" link set lo up
iface=${id}b
filter="udp port 5060"
mkdir -p "$work/home"
printf 'set -g status off\nset -g escape-time 0\n' > "$work/tmux.conf"
tmx() { tmux -L "$sock-$run" -f "$work/tmux.conf" "$@"; }

wait_screen() {   # wait_screen TEXT SECONDS: polls as fast as tmux answers
	end=$(( $(date +%s) + $2 ))
	while [ "$(date +%s)" -le $end ]; do
		tmx capture-pane -p -t t 2>/dev/null | grep -qF -- "$1" && return 0
	done
	return 1
}

# wait_sockets N: N packet sockets open in the capture namespace (the
# screen, the batch mode and tshark's dumpcap are all capturing)
wait_sockets() {
	i=0
	while [ $i -lt 300 ]; do
		[ $(ip netns exec "$cap" cat /proc/net/packet | wc -l) -gt "$1" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# key_ms: milliseconds from sending ? until the help shows (polling tmux's
# copy of the screen, so a few ms of tmux are included), and Esc back
key_ms() {
	t0=$(date +%s%N)
	tmx send-keys -t t '?'
	wait_screen "Show this help" 5 || { echo -1; return; }
	t1=$(date +%s%N)
	tmx send-keys -t t Escape
	wait_screen "Registrations and dialogs" 5
	echo $(( (t1 - t0) / 1000000 ))
}

# GNU time's last line (a line before it says when the exit status was not 0)
cpu() { tail -n 1 "$1" | awk '{ printf "%.1f", $1 + $2 }'; }
rss() { tail -n 1 "$1" | awk '{ printf "%.0f", $3 / 1024 }'; }

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'; }

echo "# uptime at start: $(uptime)"
printf '%-6s %-4s %6s %8s | %-28s | %-28s | %-22s | %s\n' rate bin run sent \
	"screen recv/drop cpu MiB" "batch recv/drop cpu MiB" "tshark recv/drop cpu" "key ms (median of the samples)"
run=0
for r in $(seq 1 "$repeats"); do
for rate in $rates; do
for which in old new; do
	bin=$new
	[ $which = old ] && bin=$old
	[ -n "$bin" ] || continue
	run=$((run + 1))
	rm -rf "$work/home" "$work"/*.out "$work"/*.time "$work"/*.json
	mkdir -p "$work/home"
	half=$((rate / 2))
	dur=$((secs + 60))           # a bound only: both are stopped with SIGINT
	# the screen
	tmx new-session -d -s t -x 120 -y 40 \
		"ip netns exec $cap env HOME=$work/home TERM=xterm-256color LC_ALL=C.UTF-8 /usr/bin/time -f '%U %S %M' -o $work/screen.time $bin -i $iface '$filter' 2>$work/screen.err; sleep 60"
	wait_screen "LIVE" 20 || { echo "run $run: the screen did not start: $(cat "$work/screen.err")"; continue; }
	idle=$(key_ms)
	# the batch mode and tshark, on the same veth
	ip netns exec "$cap" /usr/bin/time -f '%U %S %M' -o "$work/batch.time" \
		"$bin" -i "$iface" --duration "$dur" --report=json "$filter" > "$work/batch.json" 2>"$work/batch.err" &
	bpid=$!
	ip netns exec "$cap" /usr/bin/time -f '%U %S %M' -o "$work/tshark.time" \
		tshark -n -q -i "$iface" -f "$filter" -a "duration:$dur" > "$work/tshark.out" 2>&1 &
	tpid=$!
	wait_sockets 3 || { echo "run $run: the captures did not start"; continue; }
	sleep 1
	ip netns exec "$cap" "$load" answer "${net}2" 5060 $((secs + 3)) > "$work/answer.out" &
	apid=$!
	sleep 0.3
	ip netns exec "$snd" "$load" send "${net}2" 5060 "$half" "$secs" > "$work/send.out" &
	spid=$!
	# a key every two seconds while the traffic flows
	sleep 2
	: > "$work/keys"
	k=0
	while [ $k -lt $((secs / 2 - 1)) ]; do
		key_ms >> "$work/keys"
		sleep 1.5
		k=$((k + 1))
	done
	wait $spid $apid
	sent=$(( $(awk '{print $2}' "$work/send.out") + $(awk '{print $2}' "$work/answer.out") ))
	# the traffic is over: Ctrl-C to the batch mode and tshark (the
	# children of GNU time), as an operator ends a capture
	sleep 1
	pkill -INT -P $bpid
	pkill -INT -P $tpid
	wait $bpid $tpid
	# what the screen counted, once its queue is read
	sleep 2
	line=$(tmx capture-pane -p -t t | grep " pkts " | tail -1)
	s_recv=$(echo "$line" | sed -n 's/.* \([0-9]*\) pkts .*/\1/p')
	s_drop=$(echo "$line" | sed -n 's/.* \([0-9]*\) dropped .*/\1/p')
	tmx send-keys -t t q
	sleep 0.5
	tmx send-keys -t t y
	i=0
	while [ ! -s "$work/screen.time" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	tmx kill-server >/dev/null 2>&1
	b_recv=$(jq '.capture.packets' "$work/batch.json")
	b_drop=$(jq '.capture.dropped' "$work/batch.json")
	t_recv=$(sed -n 's/^\([0-9]*\) packets\{0,1\} captured.*/\1/p' "$work/tshark.out")
	t_drop=$(sed -n 's/^\([0-9]*\) packets\{0,1\} dropped.*/\1/p' "$work/tshark.out" | head -1)
	keys=$(median < "$work/keys")
	printf '%-6s %-4s %6s %8s | %7s/%-6s %5s %6s | %7s/%-6s %5s %6s | %7s/%-5s %6s | %s (%s)\n' \
		"$rate" "$which" "$run" "$sent" \
		"${s_recv:-?}" "${s_drop:-0}" "$(cpu "$work/screen.time")" "$(rss "$work/screen.time")" \
		"$b_recv" "$b_drop" "$(cpu "$work/batch.time")" "$(rss "$work/batch.time")" \
		"${t_recv:-?}" "${t_drop:-0}" "$(cpu "$work/tshark.time")" \
		"$keys" "idle $idle; $(tr '\n' ' ' < "$work/keys")"
done
done
done
echo "# uptime at end: $(uptime)"
