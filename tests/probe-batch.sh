#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# End to end: "trunkdoc --probe --registrar HOST --dns-server IP:PORT
# --report=json" with no capture runs the probes alone and the probe checks
# decide from them.  Kamailio and dnsmasq on loopback, as in probe-sip.sh.
TEST_NAME=probe-batch
LAB_NET=10
. "$top_srcdir/tests/probe/lab.sh"
lab_init
start_dns
start_kamailio
DNS=$IP_DNS:$DNS_PORT
FAILED=0

verdicts() {
	python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
for c in r["checks"]:
    if c["id"] in ("net.dns-registrar", "net.options-ping", "net.tls-handshake", "net.ping-registrar"):
        print(c["id"], c["verdict"])
' "$1"
}
check() {   # check DESC FILE ID VERDICT...
	desc=$1 file=$2 id=$3; shift 3
	got=$(verdicts "$file" | awk -v id="$id" '$1 == id { print $2 }')
	for v in "$@"; do
		[ "$got" = "$v" ] && { echo "ok - $desc ($id $got)"; return; }
	done
	echo "not ok - $desc: $id is '$got', expected $*"; FAILED=1
}

"$TRUNKDOC" --probe --registrar sip.probe.test --dns-server "$DNS" --report=json \
	>"$LAB/ok.json" 2>"$LAB/ok.err"
rc=$?
[ $rc -eq 0 ] && echo "ok - exit 0 when every probe passes" ||
	{ echo "not ok - exit $rc"; cat "$LAB/ok.err"; FAILED=1; }
check "name resolves" "$LAB/ok.json" net.dns-registrar pass
check "OPTIONS answered" "$LAB/ok.json" net.options-ping pass
check "TLS completes" "$LAB/ok.json" net.tls-handshake pass
check "ping: answered (or not permitted)" "$LAB/ok.json" net.ping-registrar pass warn unknown

"$TRUNKDOC" --probe --registrar nothing.probe.test --dns-server "$DNS" --report=json \
	>"$LAB/nx.json" 2>"$LAB/nx.err"
rc=$?
[ $rc -eq 1 ] && echo "ok - exit 1 when the name does not resolve" ||
	{ echo "not ok - exit $rc for NXDOMAIN"; FAILED=1; }
check "NXDOMAIN fails the DNS check" "$LAB/nx.json" net.dns-registrar fail

"$TRUNKDOC" --probe --registrar closed.probe.test --dns-server "$DNS" --report=json \
	>"$LAB/closed.json" 2>"$LAB/closed.err"
check "nothing listening fails OPTIONS" "$LAB/closed.json" net.options-ping fail

# A UDP trunk (--transport udp) with no TLS listener: the TLS probe's refusal
# is not the trunk's problem (net.tls-handshake is skipped, not failed).
"$TRUNKDOC" --probe --registrar closed.probe.test --transport udp --dns-server "$DNS" --report=json \
	>"$LAB/udp.json" 2>"$LAB/udp.err"
check "a UDP trunk skips the TLS check" "$LAB/udp.json" net.tls-handshake skipped

"$TRUNKDOC" --probe --registrar expired.probe.test --dns-server "$DNS" --report=json \
	>"$LAB/exp.json" 2>"$LAB/exp.err"
check "expired certificate fails TLS" "$LAB/exp.json" net.tls-handshake fail

# --probe-register warns before it registers.
TRUNKDOC_PASSWORD=$PASSWORD "$TRUNKDOC" --probe --probe-register --registrar sip.probe.test \
	--user trunk100 --dns-server "$DNS" --report=json >"$LAB/reg.json" 2>"$LAB/reg.err"
if grep -q "warning: test registration" "$LAB/reg.err"; then
	echo "ok - --probe-register warns on stderr"
else
	echo "not ok - no warning for --probe-register"; cat "$LAB/reg.err"; FAILED=1
fi
if grep -q "$PASSWORD" "$LAB/reg.json" "$LAB/reg.err"; then
	echo "not ok - the password leaked into the report"; FAILED=1
else
	echo "ok - the password is not in the report"
fi
# The profile imported from pjsip.conf drives the probes and shows in the
# report (without its password).
"$TRUNKDOC" --probe --from-pjsip "$top_srcdir/tests/probe/pjsip-lab.conf" --dns-server "$DNS" \
	--report=json >"$LAB/pj.json" 2>"$LAB/pj.err"
if python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
p = r["profile"]
ok = (p["registrar"], p["user"], p["auth_user"], p["realm"], p["expires"], p["name"]) == \
     ("sip.probe.test", "trunk100", "trunk100", "probe.test", 300, "lab-trunk")
sys.exit(0 if ok else 1)' "$LAB/pj.json"; then
	echo "ok - imported profile in the report"
else
	echo "not ok - imported profile"; head -c 1500 "$LAB/pj.json"; cat "$LAB/pj.err"; FAILED=1
fi
check "imported registrar probed" "$LAB/pj.json" net.options-ping pass
if grep -q "$PASSWORD" "$LAB/pj.json" "$LAB/pj.err"; then
	echo "not ok - the imported password leaked into the report"; FAILED=1
else
	echo "ok - the imported password is not in the report"
fi

exit $FAILED
