#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# Text fits 80 columns (and less): help lines wrap under their text, a
# wrapped piece of evidence stays under its text (not under its frame
# number), the checklist title shortens its step's name but keeps [!], and
# the save confirmation names the files.
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture trunk)
tui_start 80 24
tui_run "-r $cap"
tui_wait "DONE"
# help: the probe key's text wraps, the rest under the text column
tui_keys '?'
tui_wait "Help: keys"
i=0
while ! tui_screen | grep -qF "   P                  Run the probes"; do
	[ $i -lt 40 ] || fail "no help line for P"
	tui_keys Down
	i=$((i + 1))
done
tui_keys Down
tui_wait "   P                  Run the probes against the registrar (DNS, OPTIONS, TLS,"
tui_screen | grep -q "^                      ping)$" || fail "the help text does not wrap under itself"
tui_keys Escape
tui_wait_gone "Help: keys"
# the save confirmation names the files (and takes the whole status line)
mkdir "$WORK/out"
tui_keys S C-u "$WORK/out" Enter
tui_wait "saved trunkdoc-"
tui_line 24 | grep -q "\.md \.json \.pcap in " || fail "the confirmation does not name the files: $(tui_line 24)"
stem=$(ls "$WORK/out" | sed -n 's/\.md$//p')
tui_line 24 | grep -qF "saved $stem.md" || fail "the confirmation names another file than $stem.md"
tui_quit
tui_keys clear Enter
tui_wait_gone "TD-EXIT"
# 60 columns: the evidence that wraps stays under its text
tmx resize-window -t t -x 60 -y 24
tui_run "-r $cap"
tui_wait "DONE"
tui_keys '!' Enter
tui_wait "What the traffic shows"
tui_wait "    frame 5  00:00:00.650  the provider saw us as"
tui_screen | grep -q "^                           192.168.1.10 (Via sent-by)" ||
	fail "the wrapped evidence is not under its text"
tui_keys Escape
tui_quit
tui_keys clear Enter
tui_wait_gone "TD-EXIT"
# 100 columns: the checklist beside the list shortens its title, [!] kept
tmx resize-window -t t -x 100 -y 30
tui_run "-r $cap"
tui_wait "DONE"
tui_wait "Checklist ✘ Registration ends… [!]"
tui_quit
pass
