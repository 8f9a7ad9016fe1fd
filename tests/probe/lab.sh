# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# tests/probe/lab.sh - sourced by the probe tests: builds certificates,
# starts dnsmasq (the test's DNS) and Kamailio (the test's registrar) on
# loopback addresses 127.66.N.x, and stops them on exit.  N is claimed
# with a lock directory, so parallel tests (and other people's "make check"
# runs on the same machine) never share addresses.  Nothing is sent
# anywhere but loopback: every name is under .test/.invalid and is resolved
# only through this dnsmasq (--dns-server).
#
#   127.66.N.1:$DNS_PORT  dnsmasq
#   127.66.N.2            Kamailio UDP/TCP 5060, TLS 5061 (valid certificate)
#   127.66.N.3            TLS 5061 with an expired certificate
#   127.66.N.4            TLS 5061 with a certificate for another name
#   127.66.N.5            nothing listens for SIP (refused)
#   127.66.N.5#$DEAD_PORT an upstream that answers SERVFAIL for fail.test
#   127.66.N.6            openssl s_server, TLS 1.2 demanding a client
#                         certificate: the handshake ends in an alert

skip() { echo "SKIP: $TEST_NAME: $*"; exit 77; }

# Claims a free 127.66.N.0/24 (N from 1 to 250) by creating its lock dir.
claim_net() {
	i=0
	while [ $i -lt 250 ]; do
		n=$(( ( ${LAB_NET:-0} * 31 + $$ + i * 7 ) % 250 + 1 ))
		if mkdir "${TMPDIR:-/tmp}/trunkdoc-probe-net.$n" 2>/dev/null; then
			if ss -tuan 2>/dev/null | grep -q " 127\.66\.$n\."; then
				rmdir "${TMPDIR:-/tmp}/trunkdoc-probe-net.$n"   # in use by something else
			else
				NET_LOCK=${TMPDIR:-/tmp}/trunkdoc-probe-net.$n
				N=127.66.$n
				return 0
			fi
		fi
		i=$((i + 1))
	done
	return 1
}
set_addresses() {
	IP_DNS=$N.1 IP_OK=$N.2 IP_EXPIRED=$N.3 IP_MISMATCH=$N.4 IP_DEAD=$N.5 IP_ALERT=$N.6
}
PASSWORD=probe-pass-42

lab_init() {
	command -v dnsmasq >/dev/null || skip "dnsmasq not installed (Debian dnsmasq-base)"
	command -v openssl >/dev/null || skip "openssl not installed"
	[ -x "$top_builddir/tests/probe/probe-cli" ] || skip "tests/probe/probe-cli not built"
	PROBE_CLI=$top_builddir/tests/probe/probe-cli
	command -v ss >/dev/null || skip "ss not installed (Debian iproute2)"
	LAB=$(mktemp -d "${TMPDIR:-/tmp}/trunkdoc-probe.XXXXXX") || skip "no temp dir"
	trap lab_stop EXIT INT TERM
	claim_net || skip "no free 127.66.N.0/24 for the test servers"
	set_addresses
	# Ports chosen per run so parallel test runs do not collide.
	DNS_PORT=$(( 20000 + $$ % 20000 ))
	DEAD_PORT=$(( DNS_PORT + 1 ))
}

lab_stop() {
	for f in "$LAB"/*.pid; do
		[ -f "$f" ] || continue
		pid=$(cat "$f")
		[ -n "$pid" ] && kill "$pid" 2>/dev/null
	done
	sleep 0.2
	[ -n "$NET_LOCK" ] && rmdir "$NET_LOCK" 2>/dev/null
	[ -n "$KEEP_LAB" ] || rm -rf "$LAB"
}

start_dns() {
	command -v python3 >/dev/null || skip "python3 not installed"
	python3 "$top_srcdir/tests/probe/servfail.py" $IP_DEAD $DEAD_PORT &
	echo $! >"$LAB/servfail.pid"
	for _ in $(seq 1 50); do
		ss -lun 2>/dev/null | grep -q "$IP_DEAD:$DEAD_PORT" && break
		sleep 0.2
	done
	ss -lun 2>/dev/null | grep -q "$IP_DEAD:$DEAD_PORT" || skip "servfail.py did not start"
	dnsmasq --local-ttl=300 --log-queries=extra --no-daemon --no-resolv --no-hosts --no-poll --bind-interfaces \
		--listen-address=$IP_DNS --port=$DNS_PORT --pid-file="$LAB/dnsmasq.pidfile" \
		--local=/test/ --local=/invalid/ \
		--server=/fail.test/$IP_DEAD#$DEAD_PORT \
		--host-record=sip.probe.test,$IP_OK \
		--host-record=alt.probe.test,$IP_OK \
		--naptr-record=probe.test,10,50,s,SIP+D2U,,_sip._udp.probe.test \
		--naptr-record=probe.test,20,50,s,SIP+D2T,,_sip._tcp.probe.test \
		--srv-host=_sip._udp.probe.test,sip.probe.test,5060,10,50 \
		--srv-host=_sip._tcp.probe.test,sip.probe.test,5060,10,50 \
		--srv-host=_sips._tcp.probe.test,sip.probe.test,5061,10,50 \
		--srv-host=_sip._udp.badsrv.test,ghost.badsrv.test,5060,10,50 \
		--srv-host=_sip._udp.multi.test,ghost.multi.test,5060,10,50 \
		--srv-host=_sip._udp.multi.test,alt.probe.test,5070,20,10 \
		--host-record=expired.probe.test,$IP_EXPIRED \
		--host-record=mismatch.probe.test,$IP_MISMATCH \
		--host-record=closed.probe.test,$IP_DEAD \
		--host-record=alert.probe.test,$IP_ALERT \
		--log-facility="$LAB/dnsmasq.log" >"$LAB/dnsmasq.out" 2>&1 &
	echo $! >"$LAB/dnsmasq.pid"
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		grep -q started "$LAB/dnsmasq.log" 2>/dev/null && return 0
		sleep 0.2
	done
	cat "$LAB/dnsmasq.out" "$LAB/dnsmasq.log" 2>/dev/null
	skip "dnsmasq did not start"
}

# A CA, then a valid, an expired and a wrong-name server certificate.
make_certs() {
	d=$LAB/pki
	mkdir -p "$d/newcerts" && : >"$d/index.txt" && echo 1000 >"$d/serial"
	cat >"$d/ca.cnf" <<CNF
[ca]
default_ca = test_ca
[test_ca]
dir = $d
database = $d/index.txt
new_certs_dir = $d/newcerts
serial = $d/serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = copy
[any]
commonName = supplied
[req]
distinguished_name = dn
[dn]
CNF
	q() { "$@" >>"$LAB/openssl.log" 2>&1 || { cat "$LAB/openssl.log"; skip "openssl failed: $*"; }; }
	q openssl req -x509 -newkey rsa:2048 -nodes -keyout "$d/ca.key" -out "$d/ca.pem" \
		-days 30 -subj "/CN=trunkdoc test CA"
	for c in ok:sip.probe.test expired:expired.probe.test mismatch:other.example.invalid; do
		n=${c%%:*} cn=${c#*:}
		q openssl req -newkey rsa:2048 -nodes -keyout "$d/$n.key" -out "$d/$n.csr" \
			-subj "/CN=$cn" -addext "subjectAltName=DNS:$cn"
		if [ "$n" = expired ]; then
			dates="-startdate 20200101000000Z -enddate 20210101000000Z"
		else
			dates="-days 30"
		fi
		q openssl ca -batch -config "$d/ca.cnf" -cert "$d/ca.pem" -keyfile "$d/ca.key" \
			$dates -in "$d/$n.csr" -out "$d/$n.pem" -notext
	done
	# Our probes verify against the "system store": point it at the test CA.
	SSL_CERT_FILE=$d/ca.pem; export SSL_CERT_FILE
}

start_kamailio() {
	command -v kamailio >/dev/null || skip "kamailio not installed"
	[ -f /usr/lib/x86_64-linux-gnu/kamailio/modules/tls.so ] ||
		skip "Kamailio TLS module missing (Debian kamailio-tls-modules)"
	make_certs
	cat >"$LAB/tls.cfg" <<CFG
[server:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
certificate = $LAB/pki/ok.pem
private_key = $LAB/pki/ok.key

[server:$IP_EXPIRED:5061]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
certificate = $LAB/pki/expired.pem
private_key = $LAB/pki/expired.key

[server:$IP_MISMATCH:5061]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
certificate = $LAB/pki/mismatch.pem
private_key = $LAB/pki/mismatch.key
CFG
	sed -e "s|@DIR@|$LAB|g" -e "s|@IP_OK@|$IP_OK|g" -e "s|@IP_EXPIRED@|$IP_EXPIRED|g" \
		-e "s|@IP_MISMATCH@|$IP_MISMATCH|g" -e "s|@PASSWORD@|$PASSWORD|g" \
		"$top_srcdir/tests/probe/kamailio.cfg" >"$LAB/kamailio.cfg"
	kamailio -f "$LAB/kamailio.cfg" -DD -E -P "$LAB/kamailio.pidfile" -Y "$LAB" \
		-m 64 -M 8 >"$LAB/kamailio.log" 2>&1 &
	echo $! >"$LAB/kamailio.pid"
	for _ in $(seq 1 25); do
		if ss -ltn 2>/dev/null | grep -q "$IP_MISMATCH:5061" &&
		   ss -lun 2>/dev/null | grep -q "$IP_OK:5060"; then
			# One handshake per listener first: Kamailio sets up TLS on
			# first use, which on a loaded machine can take seconds.
			for ip in $IP_OK $IP_EXPIRED $IP_MISMATCH; do
				timeout 10 openssl s_client -connect "$ip:5061" -servername warmup.test \
					</dev/null >/dev/null 2>&1
			done
			return 0
		fi
		kill -0 "$(cat "$LAB/kamailio.pid")" 2>/dev/null || break
		sleep 0.2
	done
	tail -20 "$LAB/kamailio.log"
	skip "kamailio did not start"
}

# A TLS server whose handshake fails with an alert (start_kamailio first:
# it makes the certificates).
start_alert_server() {
	openssl s_server -accept "$IP_ALERT:5061" -naccept 8 -cert "$LAB/pki/ok.pem" \
		-key "$LAB/pki/ok.key" -tls1_2 -Verify 1 -quiet </dev/null \
		>"$LAB/s_server.log" 2>&1 &
	echo $! >"$LAB/s_server.pid"
	for _ in $(seq 1 25); do
		ss -ltn 2>/dev/null | grep -q "$IP_ALERT:5061" && return 0
		sleep 0.2
	done
	skip "openssl s_server did not start"
}

# probe REGISTRAR [options for probe-cli...]: JSON into $LAB/out.json
probe() {
	"$PROBE_CLI" "$@" >"$LAB/out.json" 2>"$LAB/probe.err"
}

# jq-free JSON checks: python3 evaluates an expression over the result.
expect() {
	desc=$1 expr=$2
	if python3 - "$LAB/out.json" "$expr" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
def lookup(name, type):
    for l in r["dns"]["lookups"]:
        if l["name"] == name and l["type"] == type:
            return l
    return None
ok = eval(sys.argv[2])
sys.exit(0 if ok else 1)
PY
	then
		echo "ok - $desc"
	else
		echo "not ok - $desc ($expr)"
		python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
d = r["dns"]
print("# dns:", d["outcome"], d["error"], [(l["name"], l["type"], l["outcome"], l["rcode"]) for l in d["lookups"]])
for t, o in r["options"].items():
    print("# options", t, {k: o[k] for k in ("outcome", "target", "status", "rtt_ms", "error")})
print("# tls:", {k: v for k, v in r["tls"].items() if v not in ("", [], False)})
if "register" in r:
    print("# register:", r["register"])
' "$LAB/out.json" 2>&1 | head -c 4000
		FAILED=1
	fi
}
