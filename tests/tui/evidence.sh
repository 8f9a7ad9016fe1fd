#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# Evidence jump: the failing step's detail names frame 5 (the 403); Enter
# on it shows that message in the ladder, and Enter there opens it.  The
# views form a stack: Esc goes back the way it came (message -> ladder ->
# the step's detail -> the checklist).
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture trunk)
tui_start 120 40
tui_run "-r $cap"
tui_wait "DONE"
# Open the INVITE dialog first, so the jump has to change the ladder.
tui_keys j
tui_wait "Ladder: call-1@192.168.1.10"
tui_keys n                  # n focuses the checklist
tui_keys / "2xx" Enter
tui_wait "▸ ✘ fail Registration ends in 2xx"
tui_keys Enter
tui_wait "prov.final-response"
tui_wait "frame 5  00:00:00.650  403 Forbidden"
tui_keys Enter
tui_wait "frame 5 in the ladder"
tui_wait "Ladder: sip:1000@example.net (5 messages)"
tui_screen | grep -qF "00:00:00.650▸" || fail "ladder cursor is not on frame 5"
tui_keys Enter
tui_wait "Frame 5  00:00:00.650"
tui_wait "SIP/2.0 403 Forbidden"
tui_keys Escape
tui_wait_gone "Frame 5  00:00:00.650"
tui_wait "Ladder: sip:1000@example.net (5 messages)"
tui_keys Escape             # back to the verdict, not to the list
tui_wait "frame 5  00:00:00.650  403 Forbidden"
tui_wait "prov.final-response"
# back at the step, "Esc returns to the step" is stale: gone at once
tui_screen | grep -qF "Esc returns to the step" && fail "the status line still says Esc returns to the step"
tui_keys Escape             # and from there to the checklist it was opened from
tui_wait_gone "prov.final-response"
tui_wait "Registrations and dialogs"
tui_screen | grep -qF "▸ ✘ fail Registration ends in 2xx" || fail "the checklist cursor moved"
tui_quit
pass
