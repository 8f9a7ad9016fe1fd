#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# parallel-identical.sh - the parallel parse (sipbatch.c) must not change a
# byte of the report.  Every capture is read twice, with TRUNKDOC_THREADS=1
# (one thread, parse inline) and with the default (two threads), and the
# JSON reports and exit codes must be identical:
#   - every pcap under tests/captures/real/;
#   - every scenario pcap scn2pcap makes from tests/scenarios/*.scn (with
#     the scenario's args and env, as run-scenario.sh runs it);
#   - every file in $SHARED_CAPTURES, when present;
#   - a bench/gen-corpus capture of 20,000 messages (UDP and TCP), long
#     enough for many batches, when gen-corpus is built.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(dirname "$here")}
top_builddir=${top_builddir:-.}
TRUNKDOC=${TRUNKDOC:-$top_builddir/trunkdoc}
SCN2PCAP=${SCN2PCAP:-$top_builddir/tests/tools/scn2pcap}
GEN_CORPUS=${GEN_CORPUS:-$top_builddir/bench/gen-corpus}

if [ ! -x "$TRUNKDOC" ]; then
	echo "FAIL: $TRUNKDOC is not built"
	exit 1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/trunkdoc-par.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM

checked=0
failures=0

# compare NAME PCAP [ENV...] -- [ARGS...]
compare() {
	name=$1 pcap=$2
	shift 2
	envs=''
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		envs="$envs $1"
		shift
	done
	[ $# -gt 0 ] && shift
	set -f
	# shellcheck disable=SC2086
	env $envs TRUNKDOC_THREADS=1 "$TRUNKDOC" -r "$pcap" --report=json "$@" \
		>"$work/one.json" 2>"$work/one.err" </dev/null
	rc1=$?
	# shellcheck disable=SC2086
	env $envs TRUNKDOC_THREADS= "$TRUNKDOC" -r "$pcap" --report=json "$@" \
		>"$work/par.json" 2>"$work/par.err" </dev/null
	rc2=$?
	set +f
	checked=$((checked + 1))
	if [ "$rc1" != "$rc2" ]; then
		echo "FAIL: $name: exit $rc1 with one thread, $rc2 with two"
		failures=$((failures + 1))
	elif ! cmp -s "$work/one.json" "$work/par.json"; then
		echo "FAIL: $name: JSON differs between one and two threads:"
		diff "$work/one.json" "$work/par.json" | head -n 20
		failures=$((failures + 1))
	elif grep -qE 'ERROR: (Address|Leak|Undefined|Thread)Sanitizer|runtime error:|WARNING: ThreadSanitizer' \
	        "$work/par.err" "$work/one.err"; then
		echo "FAIL: $name: sanitizer report:"
		head -n 20 "$work/par.err" "$work/one.err"
		failures=$((failures + 1))
	fi
}

for f in "$top_srcdir"/tests/captures/real/*.pcap "$top_srcdir"/tests/captures/real/*.pcapng; do
	[ -f "$f" ] || continue
	compare "real/$(basename "$f")" "$f" --
done

if [ -x "$SCN2PCAP" ]; then
	for scn in "$top_srcdir"/tests/scenarios/*.scn; do
		[ -f "$scn" ] || continue
		name=$(basename "$scn" .scn)
		scndir=$(cd "$(dirname "$scn")" && pwd)
		pcap="$work/$name.pcap"
		if ! "$SCN2PCAP" "$scn" "$pcap" >/dev/null 2>&1; then
			continue          # run-scenario.sh reports a scenario that does not build
		fi
		header=$(sed -n '/^===/q; /^#/d; p' "$scn")
		args=$(printf '%s\n' "$header" | sed -n 's/^args:[[:space:]]*//p' | tr '\n' ' ' |
		       sed "s|{scndir}|$scndir|g")
		envs=$(printf '%s\n' "$header" | sed -n 's/^env:[[:space:]]*//p' | tr '\n' ' ')
		# Words of args/env are split on blanks, as run-scenario.sh does.
		set -f
		# shellcheck disable=SC2086
		compare "scenario/$name" "$pcap" $envs -- $args
		set +f
		rm -f "$pcap"
	done
else
	echo "note: $SCN2PCAP not built, scenarios skipped"
fi

if [ -n "${SHARED_CAPTURES:-}" ] && [ -d "$SHARED_CAPTURES" ]; then
	for f in "$SHARED_CAPTURES"/*; do
		[ -f "$f" ] || continue
		case $f in *.md | *.txt) continue ;; esac
		compare "shared/$(basename "$f")" "$f" --
	done
fi

if [ -x "$GEN_CORPUS" ] && "$GEN_CORPUS" -n 20000 -o "$work/corpus.pcap" >/dev/null 2>&1; then
	compare "gen-corpus-20000" "$work/corpus.pcap" --
	rm -f "$work/corpus.pcap"
fi

echo "$checked captures compared, $failures differ"
if [ "$checked" -eq 0 ]; then
	echo "FAIL: no capture to compare"
	exit 1
fi
[ "$failures" -eq 0 ]
