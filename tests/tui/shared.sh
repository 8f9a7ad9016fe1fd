#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# Every real capture in $SHARED_CAPTURES opens on the screen, survives a
# walk through its panes and views (ladder, message, detail, help, filter)
# at 80x24, and quits cleanly with no sanitizer report.  Skips when the
# shared captures are not on this machine.
. "${top_srcdir:-.}/tests/tui/lib.sh"

dir=${SHARED_CAPTURES:-}
[ -n "$dir" ] && [ -d "$dir" ] || skip "no shared captures (SHARED_CAPTURES=$dir)"
set -- "$dir"/*.pcap "$dir"/*.pcapng "$dir"/*.cap
tui_start 80 24
n=0
for cap in "$@"; do
	[ -f "$cap" ] || continue
	name=$(basename "$cap")
	# a file trunkdoc refuses to read (exit 2, said on stderr) never opens the screen
	"$TRUNKDOC" -r "$cap" --count 1 --report >/dev/null 2>&1
	if [ $? -eq 2 ]; then
		printf '# %s: not readable by trunkdoc, not opened\n' "$name"
		continue
	fi
	printf '# %s\n' "$name"
	tui_run "-r '$cap'"
	tui_wait "DONE" 60
	tui_wait "Checklist"
	tui_keys Enter End Enter           # ladder of the first row, last message, open it
	tui_keys PageDown PageUp Escape
	tui_keys Tab Enter Down Enter      # checklist, detail, evidence (jump if any)
	tui_keys Escape Escape
	tui_keys F1 End Escape
	tui_keys F7 "method:INVITE" Enter F7 C-u Enter
	tui_keys Tab j j Space j Space     # merge two rows, if there are two
	tui_keys q
	tui_wait "TD-EXIT=" 30
	tui_screen | grep -q "TD-EXIT=0" || fail "$name: trunkdoc did not exit 0"
	tui_check_stderr
	tui_keys clear Enter
	tui_wait_gone "TD-EXIT"
	n=$((n + 1))
done
[ $n -gt 0 ] || skip "no capture files in $dir"
pass "$n captures"
