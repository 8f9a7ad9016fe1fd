#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# The bash completion (completion/trunkdoc, installed by make install into
# bash-completion's directory) offers every option --help lists, the
# transports, and files after -r.
TEST_NAME=completion
[ -n "${TRUNKDOC:-}" ] && [ -x "$TRUNKDOC" ] || { echo "SKIP: $TEST_NAME: no binary"; exit 77; }
command -v bash >/dev/null 2>&1 || { echo "SKIP: $TEST_NAME: no bash"; exit 77; }
comp=${top_srcdir:-.}/completion/trunkdoc
grep -q 'completion/trunkdoc' "${top_srcdir:-.}/Makefile.am" || { echo "FAIL: not installed by make install"; exit 1; }
out=$(bash -c '
. "$1"
complete_words() { COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _trunkdoc; echo "${COMPREPLY[*]}"; }
complete_words "$2" --
complete_words "$2" --transport ""
complete_words "$2" --rep
' sh "$comp" "$TRUNKDOC")
fail=0
for name in $("$TRUNKDOC" --help | sed -n 's/^ *\(-[A-Za-z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p'); do
	printf '%s\n' "$out" | sed -n 1p | tr ' ' '\n' | grep -qx -- "$name" || { echo "FAIL: $name not completed"; fail=1; }
done
[ "$(printf '%s\n' "$out" | sed -n 2p)" = "udp tcp tls" ] || { echo "FAIL: transports: $(printf '%s\n' "$out" | sed -n 2p)"; fail=1; }
[ "$(printf '%s\n' "$out" | sed -n 3p)" = "--report" ] || { echo "FAIL: --rep: $(printf '%s\n' "$out" | sed -n 3p)"; fail=1; }
[ $fail = 0 ] && echo "PASS: $TEST_NAME"
exit $fail
