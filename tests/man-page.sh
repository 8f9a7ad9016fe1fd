#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# The man page documents every option --help lists (both come from the one
# option table); a new option without documentation fails here.
set -u
plain=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$top_srcdir/doc/trunkdoc.1")
fail=0
for name in $("$TRUNKDOC" --help | grep -o -- '--[a-z][a-z-]*[a-z]' | sort -u); do
	if ! printf '%s\n' "$plain" | grep -q -- "$name"; then
		echo "not documented in doc/trunkdoc.1: $name"
		fail=1
	fi
done
"$TRUNKDOC" --version | grep -q '^trunkdoc [0-9]' || { echo "--version output wrong"; fail=1; }
"$TRUNKDOC" --bogus >/dev/null 2>&1; [ $? -eq 2 ] || { echo "a bad option must exit 2"; fail=1; }
"$TRUNKDOC" >/dev/null 2>&1; [ $? -eq 2 ] || { echo "no input must exit 2"; fail=1; }
exit $fail
