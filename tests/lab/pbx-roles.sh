#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# pbx-roles.sh - the PBX host as it really is (doc/lab.md, "Roles"): phones
# register TO it while it registers OUT to its provider, and trunkdoc
# captures live on it (-i any) with no trunk profile at all.
#
#   ns phones 192.168.88.20 --- pbx1 192.168.88.10  ns pbx  pbx0 192.168.77.10 --- nat --- prov
#   SIPp phone 381 (right password)   Kamailio: the PBX's    SIPp: the trunk
#   SIPp phone 388 (wrong password)   registrar for phones   (lab_pbx_sipp)    Kamailio
#
# Asserted: the host's own addresses make the PBX (getifaddrs); the trunk's
# registration is a trunk and is judged (it registers: no root cause, exit
# 0); both phones are extensions; phone 388's 401 loop is its own verdict
# and fails no trunk check.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lab.sh"
test=lab-pbx-roles
lab_need_root "$test"
lab_need_prog "$test" kamailio sipp jq
if [ ! -x "${TRUNKDOC:-}" ]; then
	echo "SKIP: $test: \$TRUNKDOC is not an executable (run through make check)"
	exit 77
fi
NS_PH=${LAB_ID}-ph
PH_IP=192.168.88.20
PBX_LAN_IP=192.168.88.10
failed=0
ok()    { echo "ok - $*"; }
notok() { echo "not ok - $*"; failed=1; }

# lab_down removes the three lab namespaces; the phones' is ours.
roles_down()
{
	local rc=$? p
	for p in $(ip netns pids "$NS_PH" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
	ip netns del "$NS_PH" 2>/dev/null
	(exit "$rc")
	lab_down
}

lab_up || exit 99
trap roles_down EXIT
ip netns add "$NS_PH" || exit 99
nsx "$NS_PH" ip link set lo up || exit 99
nsx "$NS_PH" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 || exit 99
nsx "$NS_PH" sysctl -qw net.ipv6.conf.default.disable_ipv6=1 || exit 99
ip link add phone0 netns "$NS_PH" type veth peer name pbx1 netns "$NS_PBX" || exit 99
nsx "$NS_PH" ip addr add "$PH_IP/24" dev phone0 || exit 99
nsx "$NS_PH" ip link set phone0 up || exit 99
nsx "$NS_PBX" ip addr add "$PBX_LAN_IP/24" dev pbx1 || exit 99
nsx "$NS_PBX" ip link set pbx1 up || exit 99

lab_kamailio || exit 99
# The PBX's own registrar for its phones: the same Kamailio file, its
# account 381 (the lab password fixture), the phones' address allowlisted.
mkdir -p "$LAB_DIR/pbxreg-run"
lab_spawn "$NS_PBX" pbxreg kamailio -DD -E -f "$LAB_SRC/kamailio.cfg" \
	-Y "$LAB_DIR/pbxreg-run" -m 32 -M 4 -l "udp:$PBX_LAN_IP:5060" \
	-A "LAB_ALLOWED_IP=\"$PH_IP\"" -A 'LAB_USER="381"' -A 'LAB_REALM="pbx.office"' \
	-A "LAB_TLS_CFG=\"$LAB_DIR/tls.cfg\"" || exit 99
lab_wait_port "$NS_PBX" udp 5060 || { cat "$LAB_DIR/pbxreg.log" >&2; exit 99; }

lab_spawn "$NS_PBX" trunkdoc "$TRUNKDOC" -i any --report=json --duration 8 || exit 99
for i in $(seq 100); do
	nsx "$NS_PBX" ss -H -0 -p 2>/dev/null | grep -q trunkdoc && break
	lab_alive trunkdoc || break
	sleep 0.05
done

# phone USER [KEY=VALUE]...: one phone registration from the phones' namespace.
phone()
{
	local user=$1
	shift
	lab_sipp_file USER="$user" AUTH_USER="$user" DOMAIN=pbx.office VIA_HOST="$PH_IP" CONTACT_HOST="$PH_IP" "$@"
	mv "$LAB_DIR/pbx.xml" "$LAB_DIR/phone-$user.xml"
	(cd "$LAB_DIR" && ip netns exec "$NS_PH" timeout --foreground 30 sipp "$PBX_LAN_IP:5060" \
		-sf "$LAB_DIR/phone-$user.xml" -t u1 -i "$PH_IP" -p $((5060 + user % 100)) -m 1 -l 1 \
		-auth_uri pbx.office -nostdin -default_behaviors none -max_retrans 10 \
		-trace_err -error_file "$LAB_DIR/phone-$user-errors.log" \
		>"$LAB_DIR/phone-$user.log" 2>&1 </dev/null)
}
phone 381
phone 388                       # not the PBX's account: every digest is refused
lab_pbx_sipp u1                 # the trunk, out to the provider
lab_wait trunkdoc
rc=$?
out=$LAB_DIR/trunkdoc.out
sed 's/^/# trunkdoc: /' "$LAB_DIR/trunkdoc.log" | head -20

j() { jq -r "$1" "$out" 2>/dev/null; }
[ "$rc" = 0 ] && ok "exit 0 (the trunk registers)" || notok "exit $rc, expected 0"
[ "$(j '.pbx | contains("this host")')" = true ] && ok "PBX from this host's interfaces: $(j .pbx)" ||
	notok "PBX: $(j .pbx)"
[ "$(j '[.registrations[] | select(.aor == "sip:trunk1@sip.provider.example") | .role] | .[0]')" = trunk ] &&
	ok "the registration out to the provider is the trunk" || notok "trunk role: $(j '[.registrations[] | [.aor, .role]]' | tr -d '\n ')"
[ "$(j '[.registrations[] | select(.role == "extension")] | length')" = 2 ] &&
	ok "both phones are extensions" || notok "extensions: $(j '[.registrations[] | [.aor, .role]]' | tr -d '\n ')"
[ "$(j '.trunks | length')" = 1 ] && ok "one trunk, one checklist" || notok "trunks: $(j '.trunks | length')"
[ "$(j '.trunks[0].name')" = "trunk1@sip.provider.example" ] && ok "its checklist names it" || notok "trunk name: $(j '.trunks[0].name')"
for c in prov.final-response pbx.answers-challenge; do
	v=$(j "[.checks[] | select(.id == \"$c\") | .verdict] | .[0]")
	[ "$v" = pass ] && ok "$c: pass" || notok "$c: $v"
done
[ "$(j .root_cause)" = null ] && ok "no root cause: the phone's loop is not the trunk's" || notok "root cause: $(j .root_cause.id)"
v=$(j '[.registrations[] | select(.aor == "sip:388@pbx.office") | .verdict_text] | .[0]')
case $v in *"wrong password"*) ok "phone 388: $v" ;; *) notok "phone 388: $v" ;; esac
v=$(j '[.registrations[] | select(.aor == "sip:381@pbx.office") | .verdict] | .[0]')
[ "$v" = pass ] && ok "phone 381 registered" || notok "phone 381: $v"
exit "$failed"
