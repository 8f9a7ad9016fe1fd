#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# P runs the probes from the screen without freezing it; their results
# update the probe steps.  Everything goes to 127.0.0.1: the registrar is a
# loopback port where nothing listens, DNS a loopback port too.
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture trunk)
port=$((30000 + $$ % 20000))
tui_start 120 40
tui_run "-r $cap --registrar 127.0.0.1:$port --dns-server 127.0.0.1:$((port + 1))"
tui_wait "DONE"
tui_wait "· ?    Registrar answers SIP OPTIONS"
tui_keys P F1                 # keys still answer while the probes run
tui_wait "Help: keys"
tui_keys Escape
tui_wait "✘ fail Registrar answers SIP OPTIONS" 30
tui_keys Tab Tab / "OPTIONS" Enter Enter
tui_wait "net.options-ping"
tui_wait "Verdict: ✘ fail"
tui_keys Escape
tui_quit
pass
