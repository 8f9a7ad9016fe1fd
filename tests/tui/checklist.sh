#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# The guided walkthrough: the cursor starts at the first step that is not
# passing, n/N move between open steps, a manual step is marked pass and
# carries a note typed in place, u clears the mark, Enter shows the detail,
# and ! jumps to the root cause the title names (before the counts when the
# pane is narrow); on a big screen every step's title is whole.
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture trunk)
tui_start 120 40
tui_run "-r $cap"
tui_wait "DONE"
# The first step (manual, unknown) has the cursor.
tui_screen | grep -qF "▸ · ?    Internet link is up [manual]" || fail "cursor not on the first open step"
tui_keys n
tui_wait "▸ · ?    Registrar name resolves"
tui_keys n
tui_wait "▸ · ?    PBX fails over between SRV targets"
tui_keys N N
tui_wait "▸ · ?    Internet link is up [manual]"
# Marking the manual step pass
tui_keys o
tui_wait "✔ pass Internet link is up [marked]"
tui_wait "net.link-up: marked pass"
# ... with a note typed in place, under the step
tui_keys a
tui_wait "Note:"
tui_keys "router LEDs green"
tui_wait "Note: router LEDs green"
tui_keys Enter
tui_wait "net.link-up: note kept"
tui_screen | grep -q "Internet link is up \[marked\].*✎" || fail "no note mark on the step"
# The detail shows verdict, note and the operator's mark
tui_keys Enter
tui_wait "Verdict: ✔ pass (marked by the operator)"
tui_wait "router LEDs green"
tui_keys Escape
tui_wait "Registrations and dialogs"
# Skip, then clear: the step is open again and the cursor can come back to it
tui_keys s
tui_wait "– skip Internet link is up [marked]"
tui_keys u
tui_wait "· ?    Internet link is up [manual]"
# Fail on a manual step counts as failing
tui_keys X
tui_wait "✘ fail Internet link is up [marked]"
# The checklist title names the root cause; where the pane is too narrow
# for the whole title (45 columns at 120x40) it comes before the counts
tui_wait "Checklist ✘ Internet link is up [!] (22 op"
# Whole at 80x24, where the failing step may be far below; ! goes there
tmx resize-window -t t -x 80 -y 24
tui_wait "Checklist (22 open, 3 failing) ✘ Internet link is up [!]"
tui_keys u
tui_wait "✘ Registration ends in 2xx [!]"
tui_keys g '!'
tui_wait "▸ ✘ fail Registration ends in 2xx"
# On a big screen the longest step is whole, its [manual] mark included
tmx resize-window -t t -x 170 -y 45
tui_wait "· ?    No recent change to the trunk's domain or settings [manual]"
tmx resize-window -t t -x 120 -y 40
tui_quit
# With the first step already passed (--mark), the walk starts at the next
# step that is not passing.
tui_keys clear Enter
tui_wait_gone "TD-EXIT"
tui_run "-r $cap --mark net.link-up=pass"
tui_wait "DONE"
tui_wait "✔ pass Internet link is up [marked]"
tui_wait "▸ · ?    Registrar name resolves"
tui_quit
pass
