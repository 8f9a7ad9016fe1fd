#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# hep-fleet.sh - three PBXs seen by a HEP collector as three nodes, as a
# helpdesk sees its customers (issue 17): each PBX is a Kamailio that
# registers its trunk out to the provider (uac_reg) and mirrors its own SIP
# with siptrace (trace_mode 1, its own hep_capture_id) to trunkdoc
# --hep-listen on the collector, over TCP (as heplify and res_hep can).
#
#   ns pbx-a 10.77.0.21  trunk-a, right password: registers      HEPv3, id 101
#   ns pbx-b 10.77.0.22  trunk-b, address not allowlisted: 403   HEPv3, id 102
#   ns pbx-c 10.77.0.23  trunk-c, wrong password: 401 loop       HEPv2, id 103
#   ns prov  10.77.0.10  the provider's registrar (Kamailio, digest, allowlist)
#   ns col   10.77.0.5   trunkdoc --hep-listen tcp:10.77.0.5:9061
#   all on one bridge in ns sw; every address exists only in these namespaces.
#
# PBX C speaks HEPv2, whose header has no length: over TCP it is framed by
# the SIP message inside (src/net/hepstream.c).  Asserted from
# --report=json: three nodes with their capture ids and agent addresses;
# node A passes with no root cause; node B's root cause is
# prov.final-response (403 to the credential-less REGISTER: the allowlist);
# node C's is prov.final-response named as a 401 loop, its challenges all
# answered (no password is given, so pbx.digest-valid cannot say whose
# side is wrong); no HEP packet malformed; exit status 1 (a trunk fails).
# The run ends when every PBX has shown its behaviour (its reply log), and
# every mirrored byte has been read (no send or receive queue left).
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lab.sh"
test=lab-hep-fleet
# Skip-free: a lab test that cannot run fails (BRIEF: CI runs it as root).
if [ "$(id -u)" != 0 ]; then echo "FAIL: $test: needs root (network namespaces)"; exit 1; fi
for p in kamailio jq ss; do
	command -v "$p" >/dev/null 2>&1 || { echo "FAIL: $test: $p is not installed"; exit 1; }
done
MODS=/usr/lib/x86_64-linux-gnu/kamailio/modules
for m in uac db_text siptrace registrar auth cfgutils; do
	[ -f "$MODS/$m.so" ] || { echo "FAIL: $test: kamailio module $m is not installed"; exit 1; }
done
[ -x "${TRUNKDOC:-}" ] || { echo "FAIL: $test: \$TRUNKDOC is not an executable (run through make check)"; exit 1; }

# lab.sh's lab_down stops what lab_spawn started and removes NS_PBX, NS_NAT
# and NS_PROV: here the collector, the switch and the provider.
NS_PROV=${LAB_ID}-fprov
NS_PBX=${LAB_ID}-fcol
NS_NAT=${LAB_ID}-fsw
NS_A=${LAB_ID}-fa NS_B=${LAB_ID}-fb NS_C=${LAB_ID}-fc
PROV=10.77.0.10 COL=10.77.0.5 HEP_PORT=9061
DOMAIN=sip.provider.example
failed=0
ok()    { echo "ok - $*"; }
notok() { echo "not ok - $*"; failed=1; }

fleet_down()
{
	local rc=$? ns p
	for p in pbx-a pbx-b pbx-c; do lab_stop "$p"; done
	for ns in "$NS_A" "$NS_B" "$NS_C"; do
		for p in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
		ip netns del "$ns" 2>/dev/null
	done
	(exit "$rc")
	lab_down
}
LAB_DIR=$(mktemp -d "${TMPDIR:-/tmp}/trunkdoc-fleet.XXXXXX") || exit 99
trap fleet_down EXIT
trap 'exit 130' INT TERM HUP

# join NS IFNAME ADDR: a namespace with one leg on the switch's bridge
join()
{
	ip netns add "$1" || return 1
	nsx "$1" ip link set lo up || return 1
	nsx "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 || return 1
	ip link add "$2" netns "$1" type veth peer name "p-$2" netns "$NS_NAT" || return 1
	nsx "$1" ip addr add "$3/24" dev "$2" || return 1
	nsx "$1" ip link set "$2" up || return 1
	nsx "$NS_NAT" ip link set "p-$2" master br0 up || return 1
}
ip netns add "$NS_NAT" || exit 99
nsx "$NS_NAT" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 || exit 99
nsx "$NS_NAT" ip link add br0 type bridge || exit 99
nsx "$NS_NAT" ip link set br0 up || exit 99
join "$NS_PROV" prov0 $PROV || exit 99
join "$NS_PBX" col0 $COL || exit 99
join "$NS_A" pbxa0 10.77.0.21 || exit 99
join "$NS_B" pbxb0 10.77.0.22 || exit 99
join "$NS_C" pbxc0 10.77.0.23 || exit 99

# ---- the provider's registrar: allowlist by address, one account per trunk
cat >"$LAB_DIR/registrar.cfg" <<CFG
#!KAMAILIO
debug=2
log_stderror=yes
fork=yes
children=1
disable_tcp=yes
auto_aliases=no
dns=no
rev_dns=no
server_header="Server: lab-registrar (Kamailio)"
mpath="$MODS/"
loadmodule "sl.so"
loadmodule "tm.so"
loadmodule "pv.so"
loadmodule "xlog.so"
loadmodule "textops.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "auth.so"
loadmodule "cfgutils.so"
modparam("usrloc", "db_mode", 0)
modparam("registrar", "max_expires", 3600)
request_route {
	# No delay: the registrar answers within tens of microseconds over the
	# veth.  siptrace stamps a request's copy only after sending it, from
	# another Kamailio process than the one that stamps the reply's, so a
	# reply's HEP time often precedes its REGISTER's (by 0.1 to 31 ms on a
	# loaded host); the store reads such a crossed pair request first
	# (store/store_group.c, doc/hep.md "Limits"), and this lab shows it live.
	if (!is_method("REGISTER")) { sl_send_reply("405", "Method Not Allowed"); exit; }
	# the provider allowlists its customers' trunk addresses: not pbx-b's
	if (\$si != "10.77.0.21" && \$si != "10.77.0.23") {
		sl_send_reply("403", "Forbidden - source address not allowed");
		exit;
	}
	\$var(pw) = "no-such-account";
	if (\$au == "trunk-a") { \$var(pw) = "lab-secret-a"; }
	if (\$au == "trunk-c") { \$var(pw) = "lab-secret-c"; }
	if (!pv_www_authenticate("$DOMAIN", "\$var(pw)", "0")) {
		www_challenge("$DOMAIN", "0");
		exit;
	}
	consume_credentials();
	if (!save("location")) { sl_reply_error(); }
	exit;
}
CFG
mkdir -p "$LAB_DIR/prov-run"
lab_spawn "$NS_PROV" registrar kamailio -DD -E -f "$LAB_DIR/registrar.cfg" -Y "$LAB_DIR/prov-run" \
	-m 32 -M 4 -l "udp:$PROV:5060" || exit 99
lab_wait_port "$NS_PROV" udp 5060 || { cat "$LAB_DIR/registrar.log" >&2; exit 99; }

# ---- the collector: trunkdoc (its duration only a safety net; the test
# stops it once everything has been seen)
lab_spawn "$NS_PBX" trunkdoc "$TRUNKDOC" --hep-listen tcp:$COL:$HEP_PORT --report=json --duration 90 || exit 99
lab_wait_port "$NS_PBX" tcp $HEP_PORT || { cat "$LAB_DIR/trunkdoc.log" >&2; exit 99; }

# pbx NS NAME ADDR USER PASSWORD HEP_VERSION CAPTURE_ID: a PBX registering its
# trunk out (uac_reg, from a db_text table: the password stays in a file)
# and mirroring its SIP as HEP.  reply_route logs each reply it received:
# siptrace has mirrored the reply by then.
pbx()
{
	local ns=$1 name=$2 addr=$3 user=$4 pw=$5 hepv=$6 capid=$7 d=$LAB_DIR/$2
	mkdir -p "$d/db" "$d/run"
	{
		echo 'id(int,auto) table_name(string) table_version(int) '
		echo '0:version:1'
		echo '0:uacreg:5'
	} >"$d/db/version"
	{
		echo 'id(int,auto) l_uuid(string) l_username(string) l_domain(string) r_username(string) r_domain(string) realm(string) auth_username(string) auth_password(string) auth_ha1(string,null) auth_proxy(string) expires(int) flags(int) reg_delay(int) contact_addr(string,null) socket(string,null) '
		echo "1:$user:$user:$DOMAIN:$user:$DOMAIN:$DOMAIN:$user:$pw::sip\\:$PROV\\:5060:60:0:2::"
	} >"$d/db/uacreg"
	chmod 600 "$d/db/uacreg"
	cat >"$d/pbx.cfg" <<CFG
#!KAMAILIO
debug=2
log_stderror=yes
fork=yes
children=1
tcp_children=1
auto_aliases=no
dns=no
rev_dns=no
mpath="$MODS/"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "xlog.so"
loadmodule "db_text.so"
loadmodule "uac.so"
loadmodule "siptrace.so"
modparam("uac", "restore_mode", "none")
modparam("uac", "reg_db_url", "text://$d/db")
modparam("uac", "reg_contact_addr", "$addr:5060")
modparam("uac", "reg_timer_interval", 2)
modparam("uac", "reg_retry_interval", 3)
modparam("siptrace", "duplicate_uri", "sip:$COL:$HEP_PORT;transport=tcp")
modparam("siptrace", "hep_mode_on", 1)
modparam("siptrace", "hep_version", $hepv)
modparam("siptrace", "hep_capture_id", $capid)
modparam("siptrace", "trace_to_database", 0)
modparam("siptrace", "trace_on", 1)
modparam("siptrace", "trace_mode", 1)
request_route {
	sl_send_reply("404", "Not here");
	exit;
}
reply_route {
	xlog("L_NOTICE", "fleet-reply \$rs \$ci\n");
}
CFG
	lab_spawn "$ns" "$name" kamailio -DD -E -f "$d/pbx.cfg" -Y "$d/run" -m 32 -M 4 \
		-l "udp:$addr:5060" -l "tcp:$addr:5060" || return 1
	lab_wait_port "$ns" udp 5060 || { tail -5 "$LAB_DIR/$name.log" >&2; return 1; }
	# An OPTIONS to the PBX (answered 404, both mirrored) opens its HEP
	# connection before its first REGISTER (reg_delay 2 s).  Without it,
	# siptrace stamps and sends the first REGISTER's mirror only once the
	# connection is up, after the 401 it got meanwhile (seen with Kamailio
	# 5.6), so its HEP time follows the 401's too: no reordering by HEP
	# time can help, and pbx.answers-challenge is judged on a 401 that
	# seems to come first.
	nsx "$ns" bash -c "printf 'OPTIONS sip:$addr SIP/2.0\r\nVia: SIP/2.0/UDP $addr:5999;branch=z9hG4bK-prime\r\nFrom: <sip:prime@$addr>;tag=p\r\nTo: <sip:$addr>\r\nCall-ID: prime-$name\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n' >/dev/udp/$addr/5060"
}
pbx "$NS_A" pbx-a 10.77.0.21 trunk-a lab-secret-a 3 101 || exit 99
pbx "$NS_B" pbx-b 10.77.0.22 trunk-b lab-secret-b 3 102 || exit 99
pbx "$NS_C" pbx-c 10.77.0.23 trunk-c wrong-secret 2 103 || exit 99

# every agent's HEP connection is up before any PBX registers
for i in $(seq 100); do
	[ "$(nsx "$NS_PBX" ss -Htn state established "sport = :$HEP_PORT" | wc -l)" -ge 3 ] && break
	sleep 0.05
done

# replies NAME STATUS: how many replies with STATUS the PBX has received
replies() { grep -c "fleet-reply $2 " "$LAB_DIR/$1.log" 2>/dev/null; }
# Seen enough: A registered; B refused twice (it retries, as PBXs do);
# C challenged four times (two rounds of challenge, wrong digest, 401).
seen=no
for i in $(seq 600); do
	if [ "$(replies pbx-a 200)" -ge 1 ] && [ "$(replies pbx-b 403)" -ge 2 ] &&
	   [ "$(replies pbx-c 401)" -ge 4 ]; then
		seen=yes
		break
	fi
	lab_alive trunkdoc || break
	sleep 0.1
done
[ $seen = yes ] && ok "each PBX showed its behaviour (A 200, B 403 x2, C 401 x4)" ||
	notok "PBX replies: A 200 x$(replies pbx-a 200), B 403 x$(replies pbx-b 403), C 401 x$(replies pbx-c 401)"
# Every mirrored byte sent and read: no queue on the PBXs' HEP connections
# nor on the collector's.
queues()
{
	local ns
	for ns in "$NS_A" "$NS_B" "$NS_C"; do
		nsx "$ns" ss -Htn "dport = :$HEP_PORT" | awk '{ print $3 }'
	done
	nsx "$NS_PBX" ss -Htn "sport = :$HEP_PORT" | awk '$1 != "LISTEN" { print $2 }'
}
for i in $(seq 100); do
	[ -z "$(queues | grep -v '^0$')" ] && break
	sleep 0.05
done
conns=$(nsx "$NS_PBX" ss -Htn state established "sport = :$HEP_PORT" | wc -l)
[ "$conns" = 3 ] && ok "three agents connected over TCP" || notok "$conns HEP connections, expected 3"
kill -TERM "$(cat "$LAB_DIR/trunkdoc.pid")" 2>/dev/null
lab_wait trunkdoc
rc=$?
out=$LAB_DIR/trunkdoc.out
sed 's/^/# trunkdoc: /' "$LAB_DIR/trunkdoc.log" | head -20

j() { jq -r "$1" "$out" 2>/dev/null; }
node() { jq -r "[.nodes[] | select(.capture_id == $1)][0] | $2" "$out" 2>/dev/null; }
[ "$rc" = 1 ] && ok "exit 1 (trunks fail)" || notok "exit $rc, expected 1"
[ "$(j '[.nodes[].capture_id] | sort | join(",")')" = "101,102,103" ] && ok "three nodes: 101, 102, 103" ||
	notok "nodes: $(j '[.nodes[] | [.capture_id, .agent]]' | tr -d '\n ')"
for n in "101 10.77.0.21 3" "102 10.77.0.22 3" "103 10.77.0.23 2"; do
	set -- $n
	[ "$(node "$1" .agent)" = "$2" ] && [ "$(node "$1" .hep_version)" = "$3" ] &&
		ok "node $1: agent $2, HEPv$3" || notok "node $1: agent $(node "$1" .agent), HEPv$(node "$1" .hep_version)"
done
[ "$(j .capture.hep.malformed)" = 0 ] && ok "no HEP packet malformed" || notok "malformed: $(j .capture.hep.malformed)"
# A: healthy
[ "$(node 101 .failing)" = false ] && [ "$(node 101 .root_cause)" = null ] &&
	[ "$(node 101 '.verdicts["prov.final-response"]')" = pass ] &&
	ok "node 101 (pbx-a) passes, no root cause" ||
	notok "node 101: failing $(node 101 .failing), root $(node 101 .root_cause.id), final $(node 101 '.verdicts["prov.final-response"]')"
[ "$(node 101 '[.registrations[] | .state] | unique | join(",")')" = registered ] &&
	ok "node 101's trunk registered" || notok "node 101 registrations: $(node 101 '[.registrations[] | [.aor, .state]]' | tr -d '\n ')"
# B: 403 to the credential-less REGISTER: the allowlist (prov.final-response)
[ "$(node 102 .failing)" = true ] && [ "$(node 102 .root_cause.id)" = prov.final-response ] &&
	ok "node 102 (pbx-b) fails: prov.final-response" ||
	notok "node 102: failing $(node 102 .failing), root $(node 102 .root_cause.id)"
case $(node 102 .root_cause.summary) in
*llowlist*|*ACL*|*address*) ok "node 102's summary names the allowlist: $(node 102 .root_cause.summary)" ;;
*) notok "node 102's summary: $(node 102 .root_cause.summary)" ;;
esac
# C: the 401 loop.  Without the password (one --password cannot serve
# three PBXs) pbx.digest-valid cannot tell whose fault it is, so the root
# cause is the provider's refusal named as a 401 loop, as for the recorded
# wrong-password capture read without a password; the PBX did answer
# every challenge, in the realm it was given.
[ "$(node 103 .failing)" = true ] && [ "$(node 103 .root_cause.id)" = prov.final-response ] &&
	ok "node 103 (pbx-c) fails: prov.final-response" ||
	notok "node 103: failing $(node 103 .failing), root $(node 103 .root_cause.id) ($(node 103 .root_cause.summary))"
case $(node 103 .root_cause.summary) in
*"401 loop"*) ok "node 103's summary names the 401 loop: $(node 103 .root_cause.summary)" ;;
*) notok "node 103's summary: $(node 103 .root_cause.summary)" ;;
esac
[ "$(node 103 '.verdicts["pbx.answers-challenge"]')" = pass ] && [ "$(node 103 '.verdicts["pbx.realm-match"]')" = pass ] &&
	ok "node 103 answered every challenge in its realm" ||
	notok "node 103: answers-challenge $(node 103 '.verdicts["pbx.answers-challenge"]'), realm-match $(node 103 '.verdicts["pbx.realm-match"]')"
[ "$(node 103 '[.registrations[].last_status] | unique | join(",")')" = 401 ] &&
	ok "node 103's registrations end in 401" || notok "node 103 registrations: $(node 103 '[.registrations[] | [.aor, .state, .last_status]]' | tr -d '\n ')"
grep -q -e lab-secret -e wrong-secret "$out" "$LAB_DIR/trunkdoc.log" &&
	notok "a password reached trunkdoc's output" || ok "no password in trunkdoc's output"
[ $failed = 0 ] || { echo "# --- nodes"; jq -c '.nodes[] | [.capture_id, .root_cause.id, .verdicts]' "$out" | sed 's/^/# /'; }
exit "$failed"
