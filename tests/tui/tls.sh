#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# A TLS-only capture says in the list what the report says: the records
# were seen, and encrypted SIP cannot be read (not "no SIP").
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture tls)
"$TRUNKDOC" -r "$cap" --report | grep -q "^TLS records:   4 (encrypted SIP cannot be read)$" ||
	fail "the report does not count the TLS records"
tui_start 80 24
tui_run "-r $cap"
tui_wait "DONE"
tui_wait "(4 TLS records: encrypted SIP cannot be read)"
tui_screen | grep -qF "(no SIP registrations or dialogs)" && fail "the list says there is no SIP"
tui_quit
pass
