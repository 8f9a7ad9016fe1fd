#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# HEP over real sockets on loopback, with real senders:
#  1. trunkdoc --hep-send mirrors a capture (as HEPv3, with a capture id and
#     a key) into a second trunkdoc --hep-listen: the listener must see the
#     same messages, registrations and verdicts as the reader, under one
#     node with that capture id; a listener with another key refuses all.
#  2. Kamailio's siptrace (hep_mode_on, hep_version 3, trace_mode 1) on a
#     registrar mirrors a REGISTER and its reply to trunkdoc --hep-listen:
#     two messages, node with Kamailio's capture id, the registrar's reply.
#  1c. as root, a live capture on lo with --hep-port keeps that port in its
#     default filter and unwraps the HEP it sees.
#  3. sngrep 1.6 as a sender (-I FILE -H udp:...) replaying a capture into
#     trunkdoc --hep-listen, and as a receiver (-L udp:... -O FILE) of
#     trunkdoc --hep-send: both ways the messages keep their addresses,
#     ports and capture times.
# Everything goes to 127.0.0.1.  Parts 2 and 3 are skipped (by name)
# without kamailio or sngrep; the test then still fails or passes on the rest.
set -u
TRUNKDOC=${TRUNKDOC:-./trunkdoc}
SCN2PCAP=${SCN2PCAP:-${top_builddir:-.}/tests/tools/scn2pcap}
command -v jq >/dev/null 2>&1 || { echo "SKIP: jq is not installed"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/trunkdoc-hep.XXXXXX") || exit 1
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
fail=0
# wait_socket udp|tcp PORT...: until each port has a socket listening on
# it (15 s at most), not a fixed while: a loaded machine (the suite runs
# two tests at once, under ASan) can take more than a second to start one
wait_socket() {
	local proto=$1 port i
	shift
	for port in "$@"; do
		i=0
		until ss -Hln${proto%??} "sport = :$port" 2>/dev/null | grep -q .; do
			[ $i -lt 150 ] || { echo "FAIL: nothing listens on $proto port $port"; fail=1; return 1; }
			sleep 0.1; i=$((i + 1))
		done
	done
}
check() {   # check NAME FILE JQ-EXPR
	if jq -e "$3" "$2" >/dev/null 2>&1; then
		echo "ok: $1"
	else
		echo "FAIL: $1 ($3)"; fail=1
	fi
}
# a port per run: several builds may run this test at once
base=$((20000 + $$ % 20000))
P1=$base P2=$((base + 1)) P3=$((base + 2)) P4=$((base + 3))

# ---- 1. trunkdoc -> trunkdoc --------------------------------------------
"$SCN2PCAP" "$top_srcdir/tests/scenarios/check-403-acl.scn" "$work/in.pcap" || exit 1
"$TRUNKDOC" -r "$work/in.pcap" --report=json > "$work/direct.json" 2>/dev/null
"$TRUNKDOC" --hep-listen udp:127.0.0.1:$P1 --hep-password s3cretKey --duration 4 \
	--report=json > "$work/listen.json" 2> "$work/listen.err" &
pids="$pids $!"
"$TRUNKDOC" --hep-listen udp:127.0.0.1:$P2 --hep-password otherKey --duration 4 \
	--report=json > "$work/refuse.json" 2> "$work/refuse.err" &
pids="$pids $!"
wait_socket udp $P1 $P2
"$TRUNKDOC" -r "$work/in.pcap" --report=json --hep-send udp:127.0.0.1:$P1 --hep-id 4242 \
	--hep-password s3cretKey > "$work/sent.json" 2>/dev/null
"$TRUNKDOC" -r "$work/in.pcap" --report=json --hep-send udp:127.0.0.1:$P2 --hep-id 4243 \
	--hep-password s3cretKey > /dev/null 2>&1
wait
pids=""
n=$(jq '.capture.sip_messages' "$work/direct.json")
echo "direct read: $n messages"
check "listener received every message" "$work/listen.json" ".capture.sip_messages == $n and $n > 0"
check "one node, capture id 4242, from 127.0.0.1" "$work/listen.json" \
	'.nodes | length == 1 and .[0].capture_id == 4242 and .[0].agent == "127.0.0.1"'
check "same registrations and states" "$work/listen.json" \
	"[.registrations[] | [.aor, .pbx, .server, .state, .last_status]] == $(jq -c '[.registrations[] | [.aor, .pbx, .server, .state, .last_status]]' "$work/direct.json")"
check "same message times and addresses" "$work/listen.json" \
	"[.dialogs[].messages[] | [.time, .src, .dst, .transport]] == $(jq -c '[.dialogs[].messages[] | [.time, .src, .dst, .transport]]' "$work/direct.json")"
check "same root cause" "$work/listen.json" \
	".root_cause.id == $(jq -c '.root_cause.id' "$work/direct.json")"
check "listener with another key refused all" "$work/refuse.json" \
	".capture.sip_messages == 0 and .capture.hep.refused == $n"
grep -q "refused: wrong or missing authentication key" "$work/refuse.err" ||
	{ echo "FAIL: no refusal warning"; fail=1; }
CHECKER=${top_builddir:-.}/tests/unit/json_schema_check
if [ -x "$CHECKER" ]; then
	"$CHECKER" "$top_srcdir/doc/report.schema.json" "$work/listen.json" &&
		echo "ok: the listener's report follows doc/report.schema.json" ||
		{ echo "FAIL: the listener's report does not follow the schema"; fail=1; }
fi
if grep -q s3cretKey "$work/listen.json" "$work/listen.err" "$work/sent.json"; then
	echo "FAIL: the HEP key reached an output"; fail=1
fi

# ---- 1b. HEPv3 over TCP into --hep-listen tcp: (as heplify and res_hep
# can send): two packets in one write, a third split over two writes, and
# junk between them that the listener must skip
P7=$((base + 6))
"$TRUNKDOC" --hep-listen tcp:127.0.0.1:$P7 --duration 4 --report=json > "$work/tcp.json" 2>/dev/null &
pids="$pids $!"
wait_socket tcp $P7
python3 - "$P7" <<'PY'
import socket, struct, sys, time
def chunk(t, v): return struct.pack("!HHH", 0, t, 6 + len(v)) + v
def hep(src, dst, sp, dp, sec, sip, capid):
    body = (chunk(1, b"\x02") + chunk(2, b"\x11") + chunk(3, socket.inet_aton(src)) +
            chunk(4, socket.inet_aton(dst)) + chunk(7, struct.pack("!H", sp)) +
            chunk(8, struct.pack("!H", dp)) + chunk(9, struct.pack("!I", sec)) +
            chunk(10, struct.pack("!I", 250000)) + chunk(11, b"\x01") +
            chunk(12, struct.pack("!I", 9009)) + chunk(15, sip))
    return b"HEP3" + struct.pack("!H", 6 + len(body)) + body
def reg(cseq, branch):
    return ("REGISTER sip:example.net SIP/2.0\r\nVia: SIP/2.0/UDP 10.9.0.10:5060;branch=%s\r\n"
            "From: <sip:9000@example.net>;tag=t9\r\nTo: <sip:9000@example.net>\r\n"
            "Call-ID: tcp-hep@pbx\r\nCSeq: %d REGISTER\r\nContact: <sip:9000@10.9.0.10:5060>\r\n"
            "Content-Length: 0\r\n\r\n" % (branch, cseq)).encode()
ok = ("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.9.0.10:5060;branch=z9hG4bK-2\r\n"
      "From: <sip:9000@example.net>;tag=t9\r\nTo: <sip:9000@example.net>;tag=s9\r\n"
      "Call-ID: tcp-hep@pbx\r\nCSeq: 2 REGISTER\r\nContact: <sip:9000@10.9.0.10:5060>;expires=60\r\n"
      "Content-Length: 0\r\n\r\n").encode()
# agent times a little ago (the listener judges a live feed by the wall
# clock: the 60-second binding is still valid when it reports)
t0 = int(time.time()) - 10
a = hep("10.9.0.10", "198.51.100.9", 5060, 5060, t0, reg(1, "z9hG4bK-1"), 9009)
b = hep("10.9.0.10", "198.51.100.9", 5060, 5060, t0 + 1, reg(2, "z9hG4bK-2"), 9009)
c = hep("198.51.100.9", "10.9.0.10", 5060, 5060, t0 + 2, ok, 9009)
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(a + b + b"junk!")
time.sleep(0.2)
s.sendall(c[:20]); time.sleep(0.2); s.sendall(c[20:])
time.sleep(0.2)
s.close()
PY
wait
pids=""
check "HEP over TCP: three messages cut from the stream, the junk counted once as malformed" "$work/tcp.json" \
	'.capture.sip_messages == 3 and .capture.hep.packets == 4 and .capture.hep.malformed == 1 and .registrations[0].state == "registered"'
check "HEP over TCP: the junk named in the warnings" "$work/tcp.json" \
	'.capture.warnings | any(contains("HEP: 1 malformed packet skipped") and contains("bytes that start no HEP packet"))'
check "HEP over TCP: node 9009, times from the HEP header" "$work/tcp.json" \
	'.nodes[0].capture_id == 9009 and ([.dialogs[0].messages[].time | endswith(".250000Z")] | all)
	 and (.dialogs[0].messages[0].time | .[0:19] + "Z" | fromdate) < (now - 5)'

same='[.dialogs[].messages[] | [.time, .src, .dst, .method, .status]]'
# ---- 1b'. a redacted export of a HEP capture stays a HEP capture, with the
# secrets inside the HEP payloads masked
"$SCN2PCAP" "$top_srcdir/tests/scenarios/hep-v3-udp-three-nodes.scn" "$work/hep.pcap" || exit 1
"$TRUNKDOC" -r "$work/hep.pcap" --report=json --export "$work/ex" --redact > /dev/null 2>&1
expcap=$(ls "$work"/ex/*.pcap 2>/dev/null | head -n 1)
if [ -n "$expcap" ]; then
	"$TRUNKDOC" -r "$expcap" --report=json > "$work/ex.json" 2>/dev/null
	check "redacted HEP export: still three nodes and eight messages" "$work/ex.json" \
		'.capture.hep.packets == 8 and ([.nodes[].capture_id] == [2001, 2002, 2003]) and .capture.sip_messages == 8'
	if grep -a -q 'nonce="n3a"' "$expcap"; then echo "FAIL: a nonce survived the redaction"; fail=1; else echo "ok: nonces masked inside HEP"; fi
else
	echo "FAIL: no export written"; fail=1
fi
# ---- 1c. live capture: trunkdoc -i lo --hep-port P keeps the HEP port in
# its default filter and unwraps what goes to it (needs capture rights)
P8=$((base + 7))
if [ "$(id -u)" = 0 ]; then
	# A loaded machine (the suite runs two tests at once, under ASan) takes
	# seconds to open the capture, and libpcap drops what arrived before
	# its filter was set: send only once trunkdoc says "listening on" (its
	# filter is in place then), and leave the capture time to read it all
	# before its duration ends.
	"$TRUNKDOC" -i lo --hep-port $P8 --duration 25 --report=json > "$work/live.json" 2>"$work/live.err" &
	livepid=$!
	pids="$pids $livepid"
	tries=0
	until grep -q "listening on" "$work/live.err" 2>/dev/null || [ $tries -ge 300 ]; do
		kill -0 $livepid 2>/dev/null || break
		sleep 0.1
		tries=$((tries + 1))
	done
	grep -q "listening on" "$work/live.err" || { echo "FAIL: the live capture did not start: $(head -3 "$work/live.err")"; fail=1; }
	"$TRUNKDOC" -r "$work/in.pcap" --report=json --hep-send udp:127.0.0.1:$P8 --hep-id 5150 > /dev/null 2>&1
	wait
	pids=""
	# Other tests of the suite send SIP and HEP over lo at the same time
	# (hep-homer.sh mirrors a capture as HEP), and the default live filter
	# catches them: judge the messages that came from node 5150 alone.
	check "live capture on the HEP port: every message unwrapped" "$work/live.json" \
		"([.nodes[] | select(.capture_id == 5150)] | length) == 1 and
		 ([.nodes[] | select(.capture_id == 5150) | .node][0]) as \$n |
		 [.dialogs[].messages[] | select(.node == \$n) | [.time, .src, .dst, .method, .status]] ==
		 $(jq -c '[.dialogs[].messages[] | [.time, .src, .dst, .method, .status]]' "$work/direct.json")"
else
	echo "SKIP part 1c: live capture needs root"
fi

# ---- 3. sngrep -H into --hep-listen, --hep-send into sngrep -L ------------
P5=$((base + 4)) P6=$((base + 5))
if command -v sngrep >/dev/null 2>&1; then
	"$TRUNKDOC" --hep-listen udp:127.0.0.1:$P5 --duration 4 --report=json \
		> "$work/sngrep-in.json" 2>/dev/null &
	pids="$pids $!"
	wait_socket udp $P5
	timeout 10 sngrep -I "$work/in.pcap" -H udp:127.0.0.1:$P5 -N -q > /dev/null 2>&1
	wait
	pids=""
	check "sngrep -H: every message arrived, with its time and addresses" "$work/sngrep-in.json" \
		"$same == $(jq -c "$same" "$work/direct.json")"
	check "sngrep -H: one HEPv3 node" "$work/sngrep-in.json" '.nodes | length == 1 and .[0].hep_version == 3'
	# sngrep -L writes what it receives (unwrapped) to -O when it is stopped
	timeout 5 sngrep -L udp:127.0.0.1:$P6 -N -q -O "$work/sngrep-out.pcap" > /dev/null 2>&1 &
	spid=$!
	sleep 1
	"$TRUNKDOC" -r "$work/in.pcap" --report=json --hep-send udp:127.0.0.1:$P6 > /dev/null 2>&1
	wait $spid
	"$TRUNKDOC" -r "$work/sngrep-out.pcap" --report=json > "$work/sngrep-out.json" 2>/dev/null
	check "sngrep -L received every message, with its time and addresses" "$work/sngrep-out.json" \
		"$same == $(jq -c "$same" "$work/direct.json")"
else
	echo "SKIP part 3: sngrep is not installed"
fi

# ---- 2. Kamailio siptrace -> trunkdoc --hep-listen -------------------------
KAMAILIO=$(command -v kamailio || true)
MODS=/usr/lib/x86_64-linux-gnu/kamailio/modules
if [ -z "$KAMAILIO" ] || [ ! -f "$MODS/siptrace.so" ]; then
	echo "SKIP part 2: kamailio with siptrace is not installed"
	exit $fail
fi
cat > "$work/kam.cfg" <<CFG
#!KAMAILIO
debug=2
log_stderror=yes
fork=yes
children=1
disable_tcp=yes
auto_aliases=no
listen=udp:127.0.0.1:$P3
mpath="$MODS/"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "xlog.so"
loadmodule "textops.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "siptrace.so"
modparam("siptrace", "duplicate_uri", "sip:127.0.0.1:$P4")
modparam("siptrace", "hep_mode_on", 1)
modparam("siptrace", "hep_version", 3)
modparam("siptrace", "hep_capture_id", 2001)
modparam("siptrace", "trace_to_database", 0)
modparam("siptrace", "trace_on", 1)
modparam("siptrace", "trace_mode", 1)
request_route {
	if (is_method("REGISTER")) {
		if (!save("location")) sl_reply_error();
		exit;
	}
	sl_send_reply("404", "Not here");
}
CFG
"$TRUNKDOC" --hep-listen udp:127.0.0.1:$P4 --duration 6 --report=json \
	> "$work/kam.json" 2> "$work/kam.err" &
tpid=$!
pids="$pids $tpid"
"$KAMAILIO" -f "$work/kam.cfg" -P "$work/kam.pid" -w "$work" -E > "$work/kam.log" 2>&1
sleep 1
[ -s "$work/kam.pid" ] && pids="$pids $(cat "$work/kam.pid")"
python3 - "$P3" <<'PY'
import socket, sys
port = int(sys.argv[1])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
me = s.getsockname()[1]
msg = ("REGISTER sip:127.0.0.1 SIP/2.0\r\n"
       f"Via: SIP/2.0/UDP 127.0.0.1:{me};branch=z9hG4bK-heplab1;rport\r\n"
       "Max-Forwards: 70\r\n"
       "From: <sip:7000@127.0.0.1>;tag=hl1\r\n"
       "To: <sip:7000@127.0.0.1>\r\n"
       "Call-ID: hep-lab-1@127.0.0.1\r\n"
       "CSeq: 1 REGISTER\r\n"
       f"Contact: <sip:7000@127.0.0.1:{me}>\r\n"
       "Expires: 60\r\n"
       "Content-Length: 0\r\n\r\n")
s.sendto(msg.encode(), ("127.0.0.1", port))
s.settimeout(3)
try:
    print("registrar answered:", s.recv(4096).split(b"\r\n")[0].decode())
except OSError as e:
    print("registrar did not answer:", e)
PY
wait "$tpid"
check "siptrace: REGISTER and its 200 arrived" "$work/kam.json" \
	'.capture.sip_messages == 2 and .registrations[0].state == "registered"'
check "siptrace: one node, capture id 2001" "$work/kam.json" \
	'.nodes | length == 1 and .[0].capture_id == 2001 and .[0].hep_version == 3'
check "siptrace: inner addresses kept" "$work/kam.json" \
	".registrations[0].server == \"127.0.0.1:$P3\""
[ $fail = 0 ] || { echo "--- kamailio log"; tail -5 "$work/kam.log"; echo "--- trunkdoc stderr"; cat "$work/kam.err"; }
exit $fail
