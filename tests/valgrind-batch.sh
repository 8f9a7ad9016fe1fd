#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# The batch path (read, decode, parse, check, report, export) runs clean under
# valgrind: no invalid access, no leak.  It needs a build without sanitizers
# (valgrind and ASan do not mix): tests/run-all builds one and exports
# TRUNKDOC_PLAIN; a plain `make check` of a sanitizer build skips this test.
set -u
name=valgrind-batch
bin=${TRUNKDOC_PLAIN:-}
if [ -z "$bin" ]; then
	case $(nm "$TRUNKDOC" 2>/dev/null | grep -c __asan_init) in
	0) bin=$TRUNKDOC ;;
	*) echo "SKIP: $name: $TRUNKDOC is a sanitizer build and TRUNKDOC_PLAIN is not set"; exit 77 ;;
	esac
fi
command -v valgrind >/dev/null || { echo "SKIP: $name: valgrind is not installed"; exit 77; }
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
real="$top_srcdir/tests/captures/real"
fail=0
run() { # LABEL ARGS...
	label=$1; shift
	valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
		--errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
		"$bin" "$@" >"$work/out" 2>"$work/err"
	rc=$?
	if [ $rc -eq 99 ] || grep -q '^==[0-9]*==' "$work/err"; then
		echo "not ok: $label"; sed 's/^/    /' "$work/err" | head -40; fail=1
	elif [ $rc -gt 1 ]; then
		echo "not ok: $label: exit $rc"; head -5 "$work/err"; fail=1
	else
		echo "ok: $label"
	fi
}
TRUNKDOC_PASSWORD=lab-secret-1 run "report json, wrong password" -r "$real/wrong-password.pcap" --report=json
run "report text, TCP" -r "$real/tcp.pcap" --report
run "export with redaction" -r "$real/account-disabled.pcap" --report --export "$work/x" --redact
run "two files, ICMP" -r "$real/port-closed.pcap" -r "$real/nat-no-fixup.pcap" --report=json
run "standard input" -r - --report=json < "$real/healthy.pcap"
exit $fail
