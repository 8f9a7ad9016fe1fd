#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# The layering rule of src/ (doc/design.md): a folder includes only its own
# headers and those of the folders below it; curses is for src/ui/ and
# src/main.c alone.  Fails, naming file, line and header, on any include
# against the rule.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top/src" || exit 2

# folder: the folders it may include from (besides itself)
allowed() {
	case $1 in
	base)   echo "" ;;
	store)  echo "base" ;;
	net)    echo "base store" ;;
	sip)    echo "base store net" ;;
	trunk)  echo "base" ;;
	probe)  echo "base store trunk" ;;
	checks) echo "base store trunk probe" ;;
	app)    echo "base store net sip trunk probe checks" ;;
	report) echo "base store net trunk probe checks app" ;;
	ui)     echo "base store trunk probe checks app report" ;;
	main)   echo "base store net sip trunk probe checks app report ui" ;;
	*)      echo "?" ;;
	esac
}

bad=0
files=$(find . -name '*.[ch]' | sed 's|^\./||' | sort)
for f in $files; do
	case $f in
	*/*) dir=${f%%/*} ;;
	*)   dir=main ;;
	esac
	ok=$(allowed "$dir")
	if [ "$ok" = "?" ]; then
		echo "layering: $f: folder $dir has no place in the rule" >&2
		bad=1
		continue
	fi
	n=0
	while IFS= read -r line; do
		n=$((n + 1))
		case $line in
		'#'*include*) ;;
		*) continue ;;
		esac
		hdr=$(printf '%s\n' "$line" | sed -n 's/^#[[:space:]]*include[[:space:]]*["<]\([^">]*\)[">].*/\1/p')
		[ -n "$hdr" ] || continue
		case $hdr in
		*curses*.h|term.h|panel.h|menu.h|form.h)
			if [ "$dir" != ui ] && [ "$dir" != main ]; then
				echo "layering: $f:$n: $dir/ includes <$hdr>; only ui/ and main.c use curses" >&2
				bad=1
			fi
			continue ;;
		esac
		case $line in *'"'*) ;; *) continue ;; esac
		case $hdr in
		config.h) continue ;;
		../*|*/../*) echo "layering: $f:$n: \"$hdr\" climbs out with ..; name it as folder/file.h" >&2; bad=1; continue ;;
		*/*) to=${hdr%%/*} ;;
		*) echo "layering: $f:$n: \"$hdr\" has no folder; name it as folder/file.h" >&2; bad=1; continue ;;
		esac
		[ "$to" = "$dir" ] && continue
		[ -d "$to" ] || { echo "layering: $f:$n: \"$hdr\": no folder src/$to" >&2; bad=1; continue; }
		case " $ok " in
		*" $to "*) ;;
		*) echo "layering: $f:$n: $dir/ may not include $to/ (\"$hdr\")" >&2; bad=1 ;;
		esac
	done < "$f"
done
[ $bad -eq 0 ] && echo "layering: $(echo "$files" | wc -l) files follow the rule"
exit $bad
