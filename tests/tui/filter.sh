#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# Filter (F7) by method, Call-ID, address and AOR; Space merges dialogs
# into one ladder; / searches the list; F2 saves the ticket bundle, and
# Ctrl-R in its dialog turns redaction on.
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture trunk)
tui_start 120 40
tui_run "-r $cap"
tui_wait "DONE"
filter() {
	tui_keys F7
	tui_wait "Filter (addr: aor: method: callid: payload:):"
	tui_keys C-u
	[ -n "$1" ] && tui_keys "$1"
	tui_keys Enter
}
filter "method:INVITE"
tui_wait "Registrations and dialogs (1)"
tui_wait "filter: method:INVITE"
tui_wait "Ladder: call-1@192.168.1.10 (4 messages)"
filter "callid:reg-1"
tui_wait "Registrations and dialogs (1)"
tui_wait "Ladder: sip:1000@example.net (5 messages)"
filter "addr:198.51.100.20 aor:+31205550100"
tui_wait "Registrations and dialogs (1)"
tui_wait "Ladder: call-1@192.168.1.10"
filter "aor:nobody@nowhere"
tui_wait "Registrations and dialogs (0)"
tui_wait "(nothing matches the filter)"
filter ""
tui_wait "filter cleared: 2 shown"
tui_wait "Registrations and dialogs (2)"
# / finds the next row matching
tui_keys / "call-1" Enter
tui_wait "Ladder: call-1@192.168.1.10"
tui_keys g
tui_wait "Ladder: sip:1000@example.net"
# Space selects both: one merged ladder in time order
tui_keys Space Space
tui_wait "Registrations and dialogs (2, 2 selected)"
tui_wait "Ladder: 2 merged (9 messages)"
tui_wait "486 Busy Here"
tui_wait "403 Forbidden"
tui_keys c
tui_wait "Registrations and dialogs (2)"
# F2: the bundle goes into the directory typed
mkdir "$WORK/out"
tui_keys F2
tui_wait "Save bundle (not redacted, Ctrl-R: on) into:"
tui_keys C-u "$WORK/out" Enter
tui_wait "saved trunkdoc-"
tui_wait ".md .json .pcap in $WORK/out"
ls "$WORK"/out/*.md "$WORK"/out/*.json "$WORK"/out/*.pcap >/dev/null 2>&1 || fail "no bundle in $WORK/out"
grep -rqa 0123456789abcdef0123456789abcdef "$WORK/out" || fail "an unredacted bundle lacks the digest response"
# Ctrl-R in the dialog turns redaction on: no digest response or nonce in any file
mkdir "$WORK/red"
tui_keys F2 C-r
tui_wait "Save bundle (redacted, Ctrl-R: off) into:"
tui_keys C-u "$WORK/red" Enter
tui_wait "saved redacted trunkdoc-"
ls "$WORK"/red/*.pcap >/dev/null 2>&1 || fail "no redacted bundle in $WORK/red"
if grep -rqa -e 0123456789abcdef0123456789abcdef -e abc123 "$WORK/red"; then
	fail "the redacted bundle still holds the digest response or nonce"
fi
tui_keys F2 C-u "$WORK/no/such/dir" Enter
tui_wait "not saved:"
tui_quit
pass
