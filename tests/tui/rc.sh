#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# ~/.config/trunkdoc/trunkdocrc: its settings apply when the screen opens
# (ASCII, no deltas, the list sorted by type, messages not wrapped); a line
# that is not a setting is named by its number and skipped; an option on
# the command line wins.
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture trunk)
mkdir -p "$WORK/.config/trunkdoc"
cat > "$WORK/.config/trunkdoc/trunkdocrc" <<'RC'
# trunkdoc settings
ascii = yes
ladder-deltas = no
set list-sort type
bogus-setting = 12
message-wrap = no
RC
tui_start 100 30
tui_run "-r $cap" XDG_CONFIG_HOME=
tui_wait "DONE"
tui_wait "trunkdocrc line 5: not a setting"
tui_wait "F1 help [ASCII]"
tui_wait "Registrations and dialogs (2, by type)"
tui_screen | grep -q "Delta" && fail "ladder-deltas = no did not apply"
tui_keys Tab Enter
tui_wait "Not wrapped (w)"
tui_keys Escape
tui_quit
tui_keys clear Enter
tui_wait_gone "TD-EXIT"
# ladder-deltas = yes shows them where auto would not (120 columns, side by side)
sed -i 's/^ladder-deltas = no$/ladder-deltas = yes/' "$WORK/.config/trunkdoc/trunkdocrc"
tmx resize-window -t t -x 120 -y 40
tui_run "-r $cap" XDG_CONFIG_HOME=
tui_wait "DONE"
tui_wait "Delta"
tui_quit
pass
