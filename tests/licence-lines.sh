#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# Every source file and script carries the licence lines in its header
# comment (the first 10 lines): the SPDX identifier and the copyright.
# Sources: src/, bench/, scripts/, the tests' C files, scripts and
# configuration, the build files.  Data (scenarios, captures, expected
# output, Markdown) is not source.  Names each file that lacks a line.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top" || exit 2
spdx='SPDX-License-Identifier: GPL-3.0-or-later'
copy='Copyright (C) 2026 The trunkdoc authors'

files=$( {
	find scripts -type f ! -name '*.md'
	find src bench tests -type f \( -name '*.c' -o -name '*.h' -o -name '*.sh' -o -name '*.tap' \
		-o -name '*.py' -o -name '*.mk' -o -name '*.cfg' \)
	ls tests/run-all quickstart configure.ac Makefile.am 2>/dev/null
} | sort -u)

n=0 bad=0
for f in $files; do
	n=$((n + 1))
	head -n 10 "$f" | grep -qF "$spdx" || { echo "no SPDX line: $f"; bad=1; }
	head -n 10 "$f" | grep -qF "$copy" || { echo "no copyright line: $f"; bad=1; }
done
# a list that came out short would pass everything: src/ alone has dozens
[ "$n" -ge 100 ] || { echo "only $n files found under $top"; bad=1; }
echo "$n files checked"
exit $bad
