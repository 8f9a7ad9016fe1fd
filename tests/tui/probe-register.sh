#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# The probe's test registration (--probe-register) shows in the checklist
# at 80x24, worded as the text report words it: with the right password it
# proves the password accepted, with a wrong one refused (issue 18, item 8).
# The registrar is tests/tui/registrar.py on a 127.0.0.1 port; every packet
# stays on loopback.  The password never reaches the screen.
. "${top_srcdir:-.}/tests/tui/lib.sh"

command -v python3 >/dev/null 2>&1 || fail "python3 is needed for the test registrar"
cap=$(make_capture trunk)
port=$((30000 + $$ % 20000))
PASSWORD=tui-secret-7731
python3 "$TUI_SRC/registrar.py" $port "$PASSWORD" "$WORK/registrar.pid" 2>"$WORK/registrar.err" &
i=0
while [ ! -s "$WORK/registrar.pid" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$WORK/registrar.pid" ] || fail "the test registrar did not start: $(cat "$WORK/registrar.err")"
stop_registrar() { kill "$(cat "$WORK/registrar.pid")" 2>/dev/null; cleanup; }
trap stop_registrar EXIT

args="-r $cap --probe --probe-register --registrar 127.0.0.1:$port --user 1000 --transport udp --dns-server 127.0.0.1:$((port + 1))"
tui_start 80 24
tui_run "$args" TRUNKDOC_PASSWORD=$PASSWORD
tui_wait "✔ pass Test registration: password accepted (200 OK; test binding" 30
tui_screen | grep -qF "$PASSWORD" && fail "the password is on the screen"
tui_quit

tui_run "$args" TRUNKDOC_PASSWORD=wrong-password
tui_wait "✘ fail Test registration: password refused (401 Unauthorized after" 30
# the rows below it are still the checklist's, the cursor on the first open step
tui_screen | grep -q "^▸ · ?    Internet link is up" || fail "the checklist lost its first step"
tui_quit

# the text report says the same, in its first lines
TRUNKDOC_PASSWORD=wrong-password "$TRUNKDOC" $args --report > "$WORK/report.txt" 2>"$WORK/report.err"
head -6 "$WORK/report.txt" | grep -q "Test registration: password refused (401 Unauthorized after the" ||
	fail "the text report does not say the password was refused: $(head -8 "$WORK/report.txt")"
pass
