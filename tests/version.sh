#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# trunkdoc --version: its own version, each library's with a version number
# (the one pkg-config reports for the installed library, when pkg-config
# is there to ask), the licence, exit 0, nothing on stderr.
set -u
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
fail=0
no() { echo "not ok - $*"; fail=1; }

"$TRUNKDOC" --version >"$out" 2>"$err"
rc=$?
[ "$rc" -eq 0 ] || no "--version exits $rc"
[ -s "$err" ] && { no "--version writes to stderr:"; cat "$err"; }
want=$(sed -n 's/^AC_INIT(\[trunkdoc\], \[\([^]]*\)\].*/\1/p' "$top_srcdir/configure.ac")
[ "$(head -n 1 "$out")" = "trunkdoc $want" ] || no "first line is '$(head -n 1 "$out")', want 'trunkdoc $want'"

# library  pkg-config module
for pair in libpcap:libpcap libosip2:libosip2 ncurses:ncursesw OpenSSL:libcrypto \
            json-c:json-c c-ares:libcares libxml2:libxml-2.0; do
	lib=${pair%%:*} mod=${pair#*:}
	ver=$(sed -n "s/^  $lib  *\([0-9][0-9.]*\).*/\1/p" "$out")
	if [ -z "$ver" ]; then
		no "no '$lib <version>' line"
		continue
	fi
	if command -v pkg-config >/dev/null && pc=$(pkg-config --modversion "$mod" 2>/dev/null); then
		[ "$ver" = "$pc" ] || no "$lib: --version says $ver, pkg-config $mod says $pc"
	fi
	echo "ok - $lib $ver"
done
grep -q 'libosip2 .*build time' "$out" || no "the libosip2 line does not say it is the build-time version"

grep -qF 'GPL-3.0-or-later' "$out" || no "no licence (GPL-3.0-or-later)"
grep -q 'NO WARRANTY' "$out" || no "no warranty disclaimer"
grep -q '^Copyright (C) 2026 The trunkdoc authors$' "$out" || no "no copyright line"
# -V is --version
"$TRUNKDOC" -V 2>&1 | cmp -s - "$out" || no "-V differs from --version"
exit $fail
