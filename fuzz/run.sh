#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# run.sh SECONDS NAME... - runs each libFuzzer target fuzz/fuzz_NAME for
# SECONDS, one after the other (one core), from the build directory.
#
# Work for NAME lives in $top_builddir/fuzz/work/NAME/: corpus/ (grows
# from run to run), seeds/ (remade each run by fuzz/seeds.sh), crashes/
# (what libFuzzer found) and log.  Prints one line per target:
#   PASS: fuzz NAME: 1234567 runs, cov 2345, ft 6789, corpus 456, 0 findings
#   FAIL: fuzz NAME: ... (the crash, leak or timeout file is named)
# and ends with "fuzz: N passed, N failed".  Exit 1 if any target failed.
# A finding becomes a regression input: copy the file named to
# fuzz/regress/NAME/ under a name that says what it was, and fix it.
set -u
secs=$1
shift
top_srcdir=${top_srcdir:?}
top_builddir=${top_builddir:?}
export top_srcdir top_builddir
mkdir -p "$top_builddir/fuzz/work" || exit 2
# one run at a time per build tree: two would share corpora and logs
if command -v flock >/dev/null 2>&1; then
	exec 9>"$top_builddir/fuzz/work/.lock"
	flock -n 9 || { echo "FAIL: fuzz: another fuzz run is using $top_builddir/fuzz/work"; exit 1; }
fi
pass=0
fail=0
for name in "$@"; do
	bin="$top_builddir/fuzz/fuzz_$name"
	work="$top_builddir/fuzz/work/$name"
	rm -rf "$work/seeds"
	mkdir -p "$work/corpus" "$work/crashes"
	sh "$top_srcdir/fuzz/seeds.sh" "$name" "$work/seeds"
	set -- -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
		-print_final_stats=1 -artifact_prefix="$work/crashes/"
	[ -f "$top_srcdir/fuzz/$name.dict" ] && set -- "$@" -dict="$top_srcdir/fuzz/$name.dict"
	if [ ! -x "$bin" ]; then
		echo "FAIL: fuzz $name: $bin was not built (configure --enable-fuzzing)"
		fail=$((fail + 1))
		continue
	fi
	before=$(ls "$work/crashes" | wc -l)
	# stdin from /dev/null: nothing under test may wait on a terminal
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
		TRUNKDOC_THREADS=1 "$bin" "$@" "$work/corpus" "$work/seeds" </dev/null >"$work/log" 2>&1
	rc=$?
	after=$(ls "$work/crashes" | wc -l)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -n 1)
	cov=$(grep -a -E '^#[0-9]+' "$work/log" | tail -n 1 | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(grep -a -E '^#[0-9]+' "$work/log" | tail -n 1 | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corp=$(ls "$work/corpus" | wc -l)
	found=$((after - before))
	figures="${runs:-?} runs, cov ${cov:-?}, ft ${ft:-?}, corpus $corp, $found findings"
	if [ "$rc" -eq 0 ] && [ "$found" -eq 0 ]; then
		echo "PASS: fuzz $name: $figures"
		pass=$((pass + 1))
	else
		echo "FAIL: fuzz $name: $figures (exit $rc; log $work/log)"
		ls "$work/crashes" | sed "s|^|      $work/crashes/|"
		grep -a -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$work/log" | head -n 5 | sed 's/^/      /'
		fail=$((fail + 1))
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
