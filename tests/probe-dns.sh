#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# RFC 3263 DNS probe against dnsmasq on loopback: NAPTR, SRV per transport,
# A of the SRV target, NXDOMAIN, SERVFAIL, and an SRV whose target does not
# resolve.  Every name resolves only through the test's own DNS server.
TEST_NAME=probe-dns
LAB_NET=6
. "$top_srcdir/tests/probe/lab.sh"
lab_init
start_dns
DNS=$IP_DNS:$DNS_PORT
FAILED=0

probe --timeout 5 probe.test "$DNS"
expect "resolved" 'r["dns"]["outcome"] == "answered" and r["dns"]["server"] == "'$DNS'"'
expect "NAPTR answers" 'lookup("probe.test","NAPTR")["rcode"] == "NOERROR" and sorted((a["order"], a["service"], a["data"], a["flags"]) for a in lookup("probe.test","NAPTR")["answers"]) == [(10, "SIP+D2U", "_sip._udp.probe.test", "s"), (20, "SIP+D2T", "_sip._tcp.probe.test", "s")]'
expect "NAPTR TTL" 'all(a["ttl"] == 300 for a in lookup("probe.test","NAPTR")["answers"])'
expect "SRV _sip._udp target/port" '[(a["data"], a["priority"], a["weight"], a["port"]) for a in lookup("_sip._udp.probe.test","SRV")["answers"]] == [("sip.probe.test", 10, 50, 5060)]'
expect "SRV TTL" 'all(a["ttl"] == 300 for a in lookup("_sip._udp.probe.test","SRV")["answers"])'
expect "A TTL" 'lookup("sip.probe.test","A")["answers"][0]["ttl"] == 300'
expect "SRV _sips._tcp port 5061" 'lookup("_sips._tcp.probe.test","SRV")["answers"][0]["port"] == 5061'
expect "SRV target A lookup" 'lookup("sip.probe.test","A")["srv_target"] and lookup("sip.probe.test","A")["answers"][0]["data"] == "'$IP_OK'"'
expect "no A for the bare domain (NOERROR, no data)" 'lookup("probe.test","A")["nodata"] or lookup("probe.test","A")["rcode"] == "NXDOMAIN"'
expect "UDP target chosen from SRV" 'r["options"]["udp"]["target"] == "'$IP_OK':5060" and r["options"]["udp"]["host"] == "sip.probe.test"'

probe --timeout 5 nothing.probe.test "$DNS"
expect "NXDOMAIN: not resolved" 'r["dns"]["outcome"] == "failed" and lookup("nothing.probe.test","A")["rcode"] == "NXDOMAIN" and lookup("nothing.probe.test","A")["outcome"] == "failed"'
expect "NXDOMAIN: OPTIONS not run" 'r["options"]["udp"]["outcome"] == "not run" and "did not resolve" in r["options"]["udp"]["error"]'

probe --timeout 5 sip.fail.test "$DNS"
expect "SERVFAIL reported" 'lookup("sip.fail.test","A")["rcode"] == "SERVFAIL" and lookup("sip.fail.test","A")["outcome"] == "failed" and r["dns"]["outcome"] == "failed"'

probe --timeout 5 badsrv.test "$DNS"
expect "SRV target that does not resolve" 'lookup("_sip._udp.badsrv.test","SRV")["answers"][0]["data"] == "ghost.badsrv.test" and lookup("ghost.badsrv.test","A")["rcode"] == "NXDOMAIN" and r["dns"]["outcome"] == "failed"'

# RFC 3263 4.4: the lowest priority first; a target that does not resolve
# is passed over for the next.
probe --timeout 1 multi.test "$DNS"
expect "SRV: next target when the first does not resolve" 'r["options"]["udp"]["target"] == "'$IP_OK':5070" and r["options"]["udp"]["host"] == "alt.probe.test" and lookup("ghost.multi.test","A")["rcode"] == "NXDOMAIN"'

# A DNS server that is not there: no answer within the time limit.
probe --timeout 1 probe.test "$IP_DEAD:$((DEAD_PORT + 1))"
expect "dead DNS server: no answer or refused" 'r["dns"]["outcome"] in ("no answer", "failed") and all(l["outcome"] in ("no answer","refused") for l in r["dns"]["lookups"])'

# An IP literal needs no DNS.
probe --timeout 1 "$IP_DEAD" "$DNS"
expect "literal: no lookups" 'r["dns"]["literal"] and r["dns"]["lookups"] == []'

exit $FAILED
