#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# A large file loads in slices with a progress bar; keys still answer while
# it loads (help opens and closes); Esc stops reading and the checks speak
# for the part read.
. "${top_srcdir:-.}/tests/tui/lib.sh"

# 300000 copies of one REGISTER: about 110 MB, several seconds to read even
# in an optimised build.
{
	sed -n '/^pbx =/,/^=== 0.500 resend 1/p' "$TUI_SRC/trunk.scn" | grep -v '^=== 0.500'
	awk 'BEGIN { for (i = 1; i <= 300000; i++) printf "=== %d.%06d resend 1\n", 1 + int(i / 1000), (i % 1000) * 1000 }'
} > "$WORK/big.scn"
"$SCN2PCAP" "$WORK/big.scn" "$WORK/big.pcap" >"$WORK/scn2pcap.log" 2>&1 || fail "scn2pcap: $(cat "$WORK/scn2pcap.log")"
rm -f "$WORK/big.scn"

tui_start 120 40
tui_run "-r $WORK/big.pcap"
tui_wait "Loading"
tui_wait "Esc stops reading"
tui_keys F1
tui_wait "Help: keys"
tui_screen | grep -qF "Loading" || fail "the load finished before the test could interrupt it"
tui_keys Escape
tui_wait "Registrations and dialogs"
tui_keys Escape
tui_wait "STOPPED"
tui_wait "stopped reading at"
s=$(tui_screen)
pkts=$(printf '%s\n' "$s" | sed -n 's/.* \([0-9][0-9]*\) pkts .*/\1/p' | tail -1)
[ -n "$pkts" ] && [ "$pkts" -gt 0 ] && [ "$pkts" -lt 300001 ] || fail "expected a part of the packets read, got '$pkts'"
tui_quit
pass
