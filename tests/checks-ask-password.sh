#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# --ask-password on a real terminal (a pty from script(1)): the prompt goes
# to the terminal, the typed password is not echoed, and it proves the
# digest (pbx.digest-valid pass).
set -u
name=checks-ask-password
B=${top_builddir:?} S=${top_srcdir:?}
command -v script >/dev/null || { echo "SKIP: $name: script(1) missing"; exit 77; }
command -v jq >/dev/null || { echo "SKIP: $name: jq missing"; exit 77; }
[ -x "$B/tests/tools/scn2pcap" ] || { echo "SKIP: $name: tests/tools/scn2pcap not built"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
"$B/tests/tools/scn2pcap" "$S/tests/scenarios/check-401-right-password.scn" "$tmp/c.pcap" || exit 1
# the password arrives after the prompt has turned echo off
(sleep 2; printf 's3cret\n') | timeout 30 script -qec \
	"$TRUNKDOC -r $tmp/c.pcap --registrar example.net --user 1000 --ask-password --report=json" \
	/dev/null > "$tmp/out" 2>&1
fails=0
grep -q "Trunk password:" "$tmp/out" || { echo "FAIL: no prompt"; fails=1; }
if grep -q s3cret "$tmp/out"; then echo "FAIL: the password was echoed"; fails=1; fi
v=$(tr -d '\r' < "$tmp/out" | sed -n '/^{/,$p' | jq -r '.checks[] | select(.id == "pbx.digest-valid") | .verdict')
[ "$v" = pass ] || { echo "FAIL: pbx.digest-valid is '$v', not pass"; head -c 400 "$tmp/out"; fails=1; }
[ $fails -eq 0 ] || exit 1
echo "PASS: $name"
