#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# The optional test registration against Kamailio on loopback: challenged,
# answered with the digest, registered, then our own binding removed with
# Expires: 0; a wrong password and an unknown account as failing cases.
TEST_NAME=probe-register
LAB_NET=8
. "$top_srcdir/tests/probe/lab.sh"
lab_init
start_dns
start_kamailio
DNS=$IP_DNS:$DNS_PORT
FAILED=0

TRUNKDOC_PASSWORD=$PASSWORD; export TRUNKDOC_PASSWORD
probe --register --timeout 5 sip.probe.test "$DNS" trunk100
expect "registered with the right password" 'r["register"]["registered"] and r["register"]["final_status"] == 200 and r["register"]["realm"] == "probe.test"'
expect "status sequence 401, 200, then unregister 200" '[(s["status"], s["with_auth"], s["expires"]) for s in r["register"]["steps"]][:2] == [(401, False, 60), (200, True, 60)] and r["register"]["steps"][-1]["expires"] == 0 and r["register"]["steps"][-1]["status"] == 200'
expect "own binding removed" 'r["register"]["unregistered"] and r["register"]["call_id"] != ""'
if grep -q "$PASSWORD" "$LAB/out.json" "$LAB/probe.err"; then
	echo "not ok - the password appears in the results"; FAILED=1
else
	echo "ok - the password is not in the results"
fi

# The text report says it at the top, right or wrong password alike.
text_says() {
	"$top_builddir/trunkdoc" --probe --probe-register --registrar sip.probe.test --user trunk100 \
		--dns-server "$DNS" --report > "$LAB/report.txt" 2>&1
	if head -5 "$LAB/report.txt" | grep -q "$2"; then
		echo "ok - text report: $1"
	else
		echo "not ok - text report: $1 (wanted '$2' in the first lines)"; sed -n 1,8p "$LAB/report.txt"; FAILED=1
	fi
}
text_says "the right password" "Test registration: password accepted (200 OK; test binding removed)"

TRUNKDOC_PASSWORD=wrong-password
text_says "a wrong password" "Test registration: password refused.* (40[13] [A-Za-z]* after the digest"
probe --register --timeout 5 sip.probe.test "$DNS" trunk100
expect "wrong password: not registered, tried once" 'not r["register"]["registered"] and r["register"]["final_status"] in (401, 403) and "refused" in r["register"]["error"] and [s["with_auth"] for s in r["register"]["steps"]] == [False, True]'

probe --register --timeout 5 sip.probe.test "$DNS" nobody
expect "unknown account: 404" 'r["register"]["final_status"] == 404 and not r["register"]["registered"] and len(r["register"]["steps"]) == 1'

unset TRUNKDOC_PASSWORD
probe --register --timeout 5 sip.probe.test "$DNS" trunk100
expect "no password: stops at the challenge" 'r["register"]["final_status"] == 401 and "no password" in r["register"]["error"]'

probe --timeout 5 sip.probe.test "$DNS" trunk100
expect "off unless asked" '"register" not in r'

# The account and password imported from a pjsip.conf register too.
probe --register --timeout 5 --from-pjsip "$top_srcdir/tests/probe/pjsip-lab.conf" - "$DNS"
expect "imported credentials register" 'r["registrar"] == "sip.probe.test" and r["register"]["registered"] and r["register"]["unregistered"]'

exit $FAILED
