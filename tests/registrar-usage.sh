#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# A registrar the host:port parser (src/base/hostport.c) refuses is a usage
# error (exit 2, the value shown sanitised), from the command line and from
# a profile file; one it reads is taken.
set -u
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
pcap="$top_srcdir/tests/captures/real/healthy.pcap"
fail=0
no() { echo "not ok - $*"; fail=1; }

for bad in 'sip.example.net:99999' 'sip.example.net:' ':5060' '[2001:db8::1' \
           "$(printf 'evil\033]52;c;aGk=\007host')"; do
	"$TRUNKDOC" -r "$pcap" --report --registrar "$bad" >"$work/out" 2>"$work/err"
	rc=$?
	[ "$rc" -eq 2 ] || no "--registrar '$bad' exits $rc, want 2"
	grep -q 'not a host\[:port\]' "$work/err" || no "--registrar '$bad': no reason given"
	if LC_ALL=C grep -q "$(printf '\033')" "$work/err"; then no "an escape byte reached stderr"; fi
done
printf '[trunk]\nregistrar = sip.example.net:0\n' >"$work/t.ini"
"$TRUNKDOC" -r "$pcap" --report --trunk "$work/t.ini" >/dev/null 2>"$work/err"
[ $? -eq 2 ] || no "a profile with registrar port 0 is taken"

for good in sip.example.net sip.example.net:5080 '[2001:db8::1]:5061' 2001:db8::1 sip:sip.example.net; do
	"$TRUNKDOC" -r "$pcap" --report --registrar "$good" >/dev/null 2>"$work/err"
	rc=$?
	[ "$rc" -le 1 ] || { no "--registrar '$good' exits $rc"; cat "$work/err"; }
done
[ $fail -eq 0 ] && echo "ok - registrars refused and taken"
exit $fail
