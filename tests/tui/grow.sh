#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# While a large file loads, the ladder of the dialog under the list's
# cursor takes in the messages read since (at most half a second late),
# not only when the checks run again at the end (issue 18, item 7, on
# files); once loaded it holds every message the list counts.
. "${top_srcdir:-.}/tests/tui/lib.sh"

# one REGISTER and 300000 retransmissions of it: one registration whose
# ladder grows through the whole load
{
	sed -n '/^pbx =/,/^=== 0.500 resend 1/p' "$TUI_SRC/trunk.scn" | grep -v '^=== 0.500'
	awk 'BEGIN { for (i = 1; i <= 300000; i++) printf "=== %d.%06d resend 1\n", 1 + int(i / 1000), (i % 1000) * 1000 }'
} > "$WORK/big.scn"
"$SCN2PCAP" "$WORK/big.scn" "$WORK/big.pcap" >"$WORK/scn2pcap.log" 2>&1 || fail "scn2pcap: $(cat "$WORK/scn2pcap.log")"
rm -f "$WORK/big.scn"

ladder_count() { printf '%s\n' "$1" | sed -n 's/^─ Ladder: sip:1000@example.net (\([0-9]*\) messages).*/\1/p'; }
tui_start 80 24
tui_run "-r $WORK/big.pcap"
tui_wait "Loading"
first= i=0
while [ $i -lt 600 ]; do
	s=$(tui_screen)
	printf '%s\n' "$s" | grep -q "^ Loading" || break
	n=$(ladder_count "$s")
	if [ -n "$n" ]; then
		[ -z "$first" ] && first=$n
		[ "$n" != "$first" ] && break
	fi
	sleep 0.1
	i=$((i + 1))
done
printf '%s\n' "$s" | grep -q "^ Loading" ||
	fail "the load ended before the ladder was seen to grow (first $first messages)"
[ -n "$n" ] && [ "$n" -gt "${first:-0}" ] || fail "the ladder did not grow while loading ($first, then $n)"
tui_wait "DONE" 120
s=$(tui_screen)
msgs=$(printf '%s\n' "$s" | sed -n 's/.* UDP *\([0-9][0-9]*\) .*/\1/p' | head -1)
[ "$(ladder_count "$s")" = "$msgs" ] && [ "$msgs" = 300001 ] ||
	fail "after loading the ladder shows $(ladder_count "$s") messages, the list $msgs"
tui_quit
pass
