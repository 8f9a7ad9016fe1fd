#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# The status bar: what [!] means is said the first time it shows; then the
# job's keys come first (! root cause, T profile, S save) and the hints are
# fitted to the width by whole items, never cut mid-word, at 80 and at 60
# columns.
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture trunk)
tui_start 80 24
tui_run "-r $cap"
tui_wait "DONE"
tui_wait "[!] marks the root cause: press ! to go there"
tui_wait "! root cause  T profile  S save" 10
last=$(tui_line 24)
# the hints end with a whole item: the line's text after the bar is a
# prefix, item by item, of the full list
hints=${last#*│ }
full="! root cause  T profile  S save  Enter ladder  Space select  f filter  Tab pane  q quit  ? help"
case "$full" in
"$hints"|"$hints  "*) ;;
*) fail "hints cut mid-item: '$hints'" ;;
esac
# 60 columns: fewer items, still whole, the job keys kept
tmx resize-window -t t -x 60 -y 24
sleep 0.5
last=$(tui_line 24)
hints=${last#*│ }
case "$full" in
"$hints"|"$hints  "*) ;;
*) fail "hints cut mid-item at 60 columns: '$hints'" ;;
esac
printf '%s\n' "$hints" | grep -q '^! root cause' || fail "the job keys are not first at 60 columns"
# the explanation comes once: ! goes there, and no second explanation
tui_keys '!'
tui_wait "▸ ✘ fail Registration ends in 2xx"
tui_screen | grep -qF "[!] marks" && fail "the explanation came twice"
# in the message view the view's keys come first, Esc back leading
tmx resize-window -t t -x 80 -y 24
tui_keys BTab Enter
tui_wait "Frame 1"
tui_wait "Esc back  w wrap"
tui_keys Escape
tui_quit
pass
