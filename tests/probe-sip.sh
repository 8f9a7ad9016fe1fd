#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# OPTIONS over UDP, TCP and TLS and the TLS certificate checks, against a
# Kamailio the test starts on loopback: a valid certificate, an expired one,
# one for another name, and an address where nothing listens.
TEST_NAME=probe-sip
LAB_NET=7
. "$top_srcdir/tests/probe/lab.sh"
lab_init
start_dns
start_kamailio
start_alert_server
DNS=$IP_DNS:$DNS_PORT
FAILED=0

# By name through SRV: all three transports answer.
probe --timeout 5 probe.test "$DNS"
for t in udp tcp tls; do
	expect "OPTIONS over $t answered 200" 'r["options"]["'$t'"]["outcome"] == "answered" and r["options"]["'$t'"]["status"] == 200 and r["options"]["'$t'"]["reason"] == "OK"'
	expect "OPTIONS over $t: Server header" 'r["options"]["'$t'"]["server"] == "trunkdoc-test-registrar"'
	expect "OPTIONS over $t: rport reported" 'r["options"]["'$t'"]["via_rport"] > 0 and r["options"]["'$t'"]["rtt_ms"] < 2000'
done
expect "TLS target from _sips._tcp SRV" 'r["tls"]["target"] == "'$IP_OK':5061"'
expect "TLS handshake with a valid certificate" 'r["tls"]["outcome"] == "answered" and r["tls"]["version"].startswith("TLSv1.") and r["tls"]["cipher"] != ""'
expect "certificate verified against the store" 'r["tls"]["verified"] and r["tls"]["verify_result"] == "ok" and not r["tls"]["expired"]'
# SNI and the name check use the SIP domain (RFC 5922): probe.test is not
# in a certificate made for sip.probe.test.
expect "SIP domain checked against the certificate" 'r["tls"]["sni"] == "probe.test" and not r["tls"]["name_matches"] and r["tls"]["san"] == ["DNS:sip.probe.test"]'
expect "ping answered on loopback" 'r["ping"]["outcome"] in ("answered", "not permitted")'

probe --timeout 5 sip.probe.test "$DNS"
expect "name matches when the registrar is the certificate's name" 'r["tls"]["name_matches"] and r["tls"]["subject"] == "CN=sip.probe.test" and r["tls"]["issuer"] == "CN=trunkdoc test CA"'
expect "A record, default ports" 'r["options"]["udp"]["target"] == "'$IP_OK':5060" and r["tls"]["target"] == "'$IP_OK':5061"'

probe --timeout 5 expired.probe.test "$DNS"
expect "expired certificate" 'r["tls"]["outcome"] == "answered" and r["tls"]["expired"] and not r["tls"]["verified"] and r["tls"]["verify_result"] == "certificate has expired" and r["tls"]["not_after"] == "2021-01-01 00:00:00 UTC"'
expect "expired: UDP closed there, refused" 'r["options"]["udp"]["outcome"] == "refused"'

probe --timeout 5 mismatch.probe.test "$DNS"
expect "name mismatch" 'r["tls"]["outcome"] == "answered" and r["tls"]["verified"] and not r["tls"]["name_matches"] and r["tls"]["san"] == ["DNS:other.example.invalid"]'

probe --timeout 5 alert.probe.test "$DNS"
expect "handshake alert reported" 'r["tls"]["outcome"] == "failed" and "alert" in r["tls"]["alert"] and r["options"]["tls"]["outcome"] == "failed"'

probe --timeout 5 closed.probe.test "$DNS"
expect "nothing listening: refused on every transport" 'all(r["options"][t]["outcome"] == "refused" for t in ("udp","tcp","tls")) and r["tls"]["outcome"] == "refused"'

# Something listens on UDP but never answers SIP (the DNS server's port):
# no answer within the timeout, after retransmissions.
probe --timeout 1.5 "$IP_DNS:$DNS_PORT" "$DNS"
expect "UDP: no answer" 'r["options"]["udp"]["outcome"] == "no answer" and r["options"]["udp"]["rtt_ms"] >= 1400'

# An explicit port skips SRV (RFC 3263 4.2) and an IP literal skips DNS.
probe --timeout 5 "$IP_OK:5060" "$DNS"
expect "literal with port: all transports" 'r["dns"]["literal"] and r["options"]["udp"]["status"] == 200 and r["options"]["tcp"]["status"] == 200 and r["tls"]["target"] == "'$IP_OK':5061"'
expect "literal: certificate checked as an IP" 'r["tls"]["sni"] == "'$IP_OK'" and not r["tls"]["name_matches"]'

# The non-blocking interface gives the same answer.
"$PROBE_CLI" --async --timeout 5 sip.probe.test "$DNS" >"$LAB/out.json" 2>"$LAB/probe.err"
expect "async probe" 'r["options"]["udp"]["status"] == 200 and r["tls"]["name_matches"]'
grep -q "async" "$LAB/probe.err" || { echo "not ok - async path not taken"; FAILED=1; }

exit $FAILED
