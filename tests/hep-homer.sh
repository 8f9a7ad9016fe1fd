#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# trunkdoc --hep-send into a HOMER-5-style collector: Kamailio's sipcapture
# module storing every HEP message into PostgreSQL (the table sip_capture,
# as HOMER 5 keeps it).  The test starts a private cluster (initdb, pg_ctl,
# a loopback port, a socket directory of its own) and its own Kamailio,
# replays a scenario capture through trunkdoc --hep-send, and asserts the
# rows: one per SIP message, with method or reply, Call-ID, the original
# addresses and ports, the capture node "NAME:ID", the whole message.
# Everything on 127.0.0.1.  Skipped (by name) without root, PostgreSQL or
# kamailio's postgres and sipcapture modules.
set -u
TRUNKDOC=${TRUNKDOC:-./trunkdoc}
SCN2PCAP=${SCN2PCAP:-${top_builddir:-.}/tests/tools/scn2pcap}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
MODS=/usr/lib/x86_64-linux-gnu/kamailio/modules
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (to run PostgreSQL as postgres)"; exit 77; }
[ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] || { echo "SKIP: PostgreSQL is not installed"; exit 77; }
command -v kamailio >/dev/null 2>&1 && [ -f "$MODS/sipcapture.so" ] && [ -f "$MODS/db_postgres.so" ] ||
	{ echo "SKIP: kamailio with sipcapture and db_postgres (kamailio-postgres-modules) is not installed"; exit 77; }
id postgres >/dev/null 2>&1 || { echo "SKIP: no postgres user"; exit 77; }
command -v jq >/dev/null 2>&1 || { echo "SKIP: jq is not installed"; exit 77; }

work=$(mktemp -d "${TMPDIR:-/tmp}/trunkdoc-homer.XXXXXX") || exit 1
chmod 755 "$work"
base=$((30000 + $$ % 20000))
PGPORT=$base HEPPORT=$((base + 1))
kpid=""
cleanup() {
	[ -n "$kpid" ] && kill "$kpid" 2>/dev/null
	su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $work/pg/data -m immediate stop" >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
fail=0

install -d -o postgres -m 700 "$work/pg"
install -d -o postgres "$work/pg/sock"
su postgres -s /bin/sh -c "$PGBIN/initdb -D $work/pg/data -A trust -U postgres" > "$work/initdb.log" 2>&1 ||
	{ echo "FAIL: initdb"; tail -5 "$work/initdb.log"; exit 1; }
su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $work/pg/data -l $work/pg/pg.log -w \
	-o '-p $PGPORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work/pg/sock' start" \
	> /dev/null 2>&1 || { echo "FAIL: pg_ctl start"; cat "$work/pg/pg.log"; exit 1; }
psql() { "$PGBIN/psql" -X -q -h "$work/pg/sock" -p "$PGPORT" -U postgres "$@"; }
psql -c "CREATE DATABASE homer_data" || exit 1
# The columns Kamailio's sipcapture writes (HOMER 5, one table); every
# column has a default, so the test does not depend on which it fills.
psql -d homer_data <<'SQL' || exit 1
CREATE TABLE sip_capture (
  id BIGSERIAL PRIMARY KEY,
  date TIMESTAMP WITHOUT TIME ZONE NOT NULL DEFAULT now(),
  micro_ts BIGINT NOT NULL DEFAULT 0,
  method VARCHAR(50) NOT NULL DEFAULT '', reply_reason VARCHAR(100) NOT NULL DEFAULT '',
  ruri VARCHAR(200) NOT NULL DEFAULT '', ruri_user VARCHAR(100) NOT NULL DEFAULT '',
  ruri_domain VARCHAR(150) NOT NULL DEFAULT '',
  from_user VARCHAR(100) NOT NULL DEFAULT '', from_domain VARCHAR(150) NOT NULL DEFAULT '',
  from_tag VARCHAR(64) NOT NULL DEFAULT '',
  to_user VARCHAR(100) NOT NULL DEFAULT '', to_domain VARCHAR(150) NOT NULL DEFAULT '',
  to_tag VARCHAR(64) NOT NULL DEFAULT '', pid_user VARCHAR(100) NOT NULL DEFAULT '',
  contact_user VARCHAR(120) NOT NULL DEFAULT '', auth_user VARCHAR(120) NOT NULL DEFAULT '',
  callid VARCHAR(120) NOT NULL DEFAULT '', callid_aleg VARCHAR(120) NOT NULL DEFAULT '',
  via_1 VARCHAR(256) NOT NULL DEFAULT '', via_1_branch VARCHAR(80) NOT NULL DEFAULT '',
  cseq VARCHAR(25) NOT NULL DEFAULT '', diversion VARCHAR(256) NOT NULL DEFAULT '',
  reason VARCHAR(200) NOT NULL DEFAULT '', content_type VARCHAR(256) NOT NULL DEFAULT '',
  auth VARCHAR(256) NOT NULL DEFAULT '', user_agent VARCHAR(256) NOT NULL DEFAULT '',
  source_ip VARCHAR(60) NOT NULL DEFAULT '', source_port INTEGER NOT NULL DEFAULT 0,
  destination_ip VARCHAR(60) NOT NULL DEFAULT '', destination_port INTEGER NOT NULL DEFAULT 0,
  contact_ip VARCHAR(60) NOT NULL DEFAULT '', contact_port INTEGER NOT NULL DEFAULT 0,
  originator_ip VARCHAR(60) NOT NULL DEFAULT '', originator_port INTEGER NOT NULL DEFAULT 0,
  correlation_id VARCHAR(256) NOT NULL DEFAULT '',
  custom_field1 VARCHAR(120) NOT NULL DEFAULT '', custom_field2 VARCHAR(120) NOT NULL DEFAULT '',
  custom_field3 VARCHAR(120) NOT NULL DEFAULT '',
  proto INTEGER NOT NULL DEFAULT 0, family INTEGER NOT NULL DEFAULT 0,
  rtp_stat VARCHAR(256) NOT NULL DEFAULT '', type INTEGER NOT NULL DEFAULT 0,
  node VARCHAR(125) NOT NULL DEFAULT '', msg TEXT NOT NULL DEFAULT ''
);
SQL

cat > "$work/collector.cfg" <<CFG
#!KAMAILIO
debug=2
log_stderror=yes
fork=yes
children=1
disable_tcp=yes
auto_aliases=no
listen=udp:127.0.0.1:$HEPPORT
mpath="$MODS/"
loadmodule "pv.so"
loadmodule "xlog.so"
loadmodule "db_postgres.so"
loadmodule "sipcapture.so"
modparam("sipcapture", "db_url", "postgres://postgres@127.0.0.1:$PGPORT/homer_data")
modparam("sipcapture", "table_name", "sip_capture")
modparam("sipcapture", "capture_on", 1)
modparam("sipcapture", "hep_capture_on", 1)
modparam("sipcapture", "capture_node", "td-homer")
request_route {
	sip_capture();
	drop;
}
onreply_route {
	sip_capture();
	drop;
}
CFG
kamailio -f "$work/collector.cfg" -P "$work/kam.pid" -w "$work" -E > "$work/kam.log" 2>&1
sleep 1
[ -s "$work/kam.pid" ] && kpid=$(cat "$work/kam.pid")
[ -n "$kpid" ] || { echo "FAIL: kamailio did not start"; tail -20 "$work/kam.log"; exit 1; }

"$SCN2PCAP" "$top_srcdir/tests/scenarios/check-401-wrong-password.scn" "$work/in.pcap" || exit 1
"$TRUNKDOC" -r "$work/in.pcap" --report=json --hep-send udp:127.0.0.1:$HEPPORT --hep-id 3141 \
	> "$work/sent.json" 2> "$work/sent.err"
n=$(jq '.capture.sip_messages' "$work/sent.json")
echo "trunkdoc read and mirrored $n messages"
sleep 2
rows() { psql -d homer_data -t -A -F '|' -c "$1"; }
got=$(rows "SELECT count(*) FROM sip_capture")
echo "rows in sip_capture: $got"
[ "$got" = "$n" ] && [ "$n" -gt 0 ] || { echo "FAIL: expected $n rows"; fail=1; }
# every message as trunkdoc read it: the same method or status, Call-ID,
# addresses and ports, in order of capture time
want=$(jq -r '[.dialogs[] as $d | $d.messages[] | {t: .time, m: (.method // ""), s: (.status // 0),
	c: $d.call_id, src: .src, dst: .dst}] | sort_by(.t) | .[] |
	"\(if .s > 0 then .s else .m end)|\(.c)|\(.src | sub(":[0-9]+$"; ""))|\(.src | sub("^.*:"; ""))|\(.dst | sub(":[0-9]+$"; ""))|\(.dst | sub("^.*:"; ""))"' "$work/sent.json")
# (sipcapture writes a reply's status into method, its reason into reply_reason)
have=$(rows "SELECT method,
	callid, source_ip, source_port, destination_ip, destination_port FROM sip_capture ORDER BY micro_ts, id")
if [ "$want" = "$have" ]; then
	echo "ok: rows match the messages (method/status, Call-ID, addresses, ports)"
else
	echo "FAIL: rows differ"; echo "--- want"; echo "$want"; echo "--- have"; echo "$have"; fail=1
fi
nodes=$(rows "SELECT DISTINCT node FROM sip_capture")
[ "$nodes" = "td-homer:3141" ] && echo "ok: node td-homer:3141" || { echo "FAIL: node '$nodes'"; fail=1; }
ts=$(rows "SELECT min(micro_ts) FROM sip_capture")
first=$(jq -r '[.dialogs[].messages[].time] | sort | .[0]' "$work/sent.json")
want_ts=$(python3 -c "import datetime,sys; t=datetime.datetime.strptime(sys.argv[1],'%Y-%m-%dT%H:%M:%S.%fZ').replace(tzinfo=datetime.timezone.utc); print(int(t.timestamp())*1000000+t.microsecond)" "$first")
[ "$ts" = "$want_ts" ] && echo "ok: capture time kept ($ts)" || { echo "FAIL: micro_ts $ts, want $want_ts"; fail=1; }
# Kamailio's db_postgres writes the message as bytea text ("\x5245...")
full=$(rows "SELECT count(*) FROM (SELECT CASE WHEN left(msg, 2) = chr(92) || 'x'
	THEN convert_from(decode(substr(msg, 3), 'hex'), 'UTF8') ELSE msg END AS m FROM sip_capture) t
	WHERE (m LIKE 'REGISTER sip:%' OR m LIKE 'SIP/2.0 401 %') AND m LIKE '%Call-ID: reg-1@pbx%'
	AND m LIKE '%' || E'\r\n\r\n'")
[ "$full" = "$n" ] && echo "ok: whole messages stored" || { echo "FAIL: $full whole messages"; rows "SELECT msg FROM sip_capture LIMIT 1" | cut -c1-300; fail=1; }
[ $fail = 0 ] || tail -20 "$work/kam.log"
exit $fail
