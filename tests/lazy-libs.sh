#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# libxml2 is loaded only when it is needed (src/trunk/xmllib.h): a batch
# run over a capture never maps it (the dynamic loader's own account,
# LD_DEBUG=files, lists every library it opens), and --from-freeswitch
# still imports a gateway through it.
set -u
name=lazy-libs
B=${top_builddir:?} S=${top_srcdir:?}
[ -x "$B/tests/tools/scn2pcap" ] || { echo "SKIP: $name: tests/tools/scn2pcap not built"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$B/tests/tools/scn2pcap" "$S/tests/scenarios/check-401-wrong-password.scn" "$tmp/c.pcap" || exit 1
# glibc's loader says "file=NAME [0];  needed by ..." for each library
LD_DEBUG=files "$TRUNKDOC" -r "$tmp/c.pcap" --report=json > "$tmp/out" 2> "$tmp/ld"
grep -q 'file=libc\.so' "$tmp/ld" || { echo "SKIP: $name: the loader does not list its files (not glibc?)"; exit 77; }
[ -s "$tmp/out" ] || fail "batch run wrote no report"
if grep -q 'file=libxml2' "$tmp/ld"; then fail "a batch run loads libxml2: $(grep 'file=libxml2' "$tmp/ld" | head -n 1)"; fi

LD_DEBUG=files "$TRUNKDOC" -r "$tmp/c.pcap" --from-freeswitch "$S/tests/import/freeswitch-gateway.xml" \
	--report=json > "$tmp/out" 2> "$tmp/ld"
grep -q 'file=libxml2' "$tmp/ld" || fail "--from-freeswitch did not load libxml2"
grep -q '"registrar": "reg.carrierx.test"' "$tmp/out" || fail "--from-freeswitch: the gateway's registrar is not in the report"

[ $fails -eq 0 ] && echo "PASS: $name"
[ $fails -eq 0 ]
