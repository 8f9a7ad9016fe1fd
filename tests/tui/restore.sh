#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# The terminal is always given back: after q, Ctrl-C, SIGTERM and SIGHUP
# the shell prompt returns and `stty -a` reads as it did before.
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture trunk)
tui_start 100 30
tui_keys "stty -a > '$WORK/stty.before'" Enter
tui_wait_file() {
	i=0
	while [ ! -s "$1" ]; do
		[ $i -lt 100 ] || fail "no $1"
		sleep 0.1; i=$((i + 1))
	done
}
tui_wait_file "$WORK/stty.before"

check_restored() {
	tui_wait "TD-EXIT=$2" 15
	tui_check_stderr
	rm -f "$WORK/stty.after"
	tui_keys "clear; stty -a > '$WORK/stty.after'; echo STTY\"\"-DONE" Enter
	tui_wait "STTY-DONE"
	tui_screen | grep -qF 'tdsh$' || fail "no shell prompt after $1"
	cmp -s "$WORK/stty.before" "$WORK/stty.after" ||
		fail "terminal modes differ after $1: $(diff "$WORK/stty.before" "$WORK/stty.after")"
	grep -q ' icanon' "$WORK/stty.after" && grep -q ' echo ' "$WORK/stty.after" ||
		fail "not in canonical echo mode after $1"
	tui_keys "clear" Enter
	tui_wait_gone "STTY-DONE"
}

tui_run "-r $cap"
tui_wait "DONE"
tui_keys q
check_restored "q" 0

tui_run "-r $cap"
tui_wait "DONE"
tui_keys C-c
check_restored "Ctrl-C" 130

for sig in TERM HUP INT; do
	# in the foreground (a background job could not own the terminal)
	tmx send-keys -t t "sh -c 'echo \$\$ > \"\$1\"; exec \"\$2\" -r \"\$3\" 2>\"\$4\"' sh '$WORK/td.pid' '$TRUNKDOC' '$cap' '$WORK/stderr'; echo TD\"\"-EXIT=\$?" Enter
	tui_wait "DONE"
	kill -s "$sig" "$(cat "$WORK/td.pid")"
	case $sig in TERM) code=143 ;; HUP) code=129 ;; INT) code=130 ;; esac
	check_restored "SIG$sig" $code
done
pass
