#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# Redacted addresses look redacted: the bundle saved from the screen with
# --redact-ip masks the PBX's address into a documentation address
# (RFC 5737) of the same length, and the carrier's section says which
# address stands for one hidden on purpose.
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture trunk)
mkdir "$WORK/out"
tui_start 100 30
tui_run "-r $cap --redact-ip 192.168.1.10"
tui_wait "DONE"
tui_keys S
tui_wait "Save bundle (redacted"
tui_keys C-u "$WORK/out" Enter
tui_wait "saved redacted trunkdoc-"
tui_quit
md=$(ls "$WORK"/out/*.md)
grep -q "192\.168\.1\.10" "$md" && fail "the masked address is in the summary"
carrier=$(sed -n '/^## For the carrier/,/^## [^F]/p' "$md")
mask=$(printf '%s\n' "$carrier" | sed -n 's/^One address in this ticket is masked: `\([0-9.]*\)` stands for an address hidden on purpose.*/\1/p')
[ -n "$mask" ] || fail "the carrier's section does not say an address was masked"
case $mask in
192.0.2.*|198.51.100.*|203.0.113.*) ;;
*) fail "the mask $mask is not a documentation address" ;;
esac
[ ${#mask} -eq 12 ] || fail "the mask $mask is not as long as 192.168.1.10"
printf '%s\n' "$carrier" | grep -q "from \`$mask:5060\`" || fail "the carrier's evidence does not use the mask"
pass
