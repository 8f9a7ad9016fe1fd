#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# export-sigpipe.sh - `trunkdoc --report ... | head` with --export and
# --session: the reader goes away before the report is written.  trunkdoc
# used to die of SIGPIPE (exit 141, no message) before writing either
# file; now it writes both first, and a closed standard output ends the
# report, not the run (the exit status is the checks' own: 0 or 1).
. "${top_srcdir:-.}/tests/export-lib.sh"
export_setup export-sigpipe

register_scenario | scenario_pcap "$WORK/in.pcap"

for fmt in text json; do
	rm -rf "$WORK/out" "$WORK/s.session"
	# the reader exits at once: every write to the pipe is EPIPE (or SIGPIPE)
	{ "$TRUNKDOC" -r "$WORK/in.pcap" --report=$fmt --registrar example.net \
		--mark net.link-up=pass --export "$WORK/out" --session "$WORK/s.session" \
		2>"$WORK/err"; echo $? >"$WORK/rc"; } | true
	rc=$(cat "$WORK/rc")
	case $rc in
	0|1) ok "$fmt: exit $rc with standard output closed" ;;
	*) fail "$fmt: exit $rc with standard output closed (141 is SIGPIPE): $(cat "$WORK/err")" ;;
	esac
	ls "$WORK"/out/*.md >/dev/null 2>&1 && ls "$WORK"/out/*.pcap >/dev/null 2>&1 &&
		ok "$fmt: the bundle was written" || fail "$fmt: no bundle in $WORK/out"
	grep -q '^mark net.link-up pass$' "$WORK/s.session" 2>/dev/null &&
		ok "$fmt: the session was written" || fail "$fmt: no session file"
	grep -q 'exported ' "$WORK/err" || fail "$fmt: the export was not announced on stderr"
	grep -qi 'broken pipe\|cannot write' "$WORK/err" && fail "$fmt: a closed pipe was reported as an error"
	no_sanitizer "$WORK/err"
done

# a report cut short by `head` keeps its first line
first=$("$TRUNKDOC" -r "$WORK/in.pcap" --report=text --registrar example.net 2>/dev/null | head -n 1)
[ -n "$first" ] && ok "head -n 1 gets the first line" || fail "no first line through head"

[ "$FAILED" -eq 0 ]
