#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# run-scenario.sh SCENARIO.scn - one scenario test (tests/scenarios/FORMAT.md):
# scn2pcap turns the file into a pcap under the build directory, trunkdoc
# reads it with --report=json, and every "expect" line is checked with jq.
# Exit 0 when every expectation holds, 77 (skip, reason on the last line)
# when jq is missing, 1 otherwise.  Prints the trunkdoc command so a human
# can rerun it.
set -u
scn=${1:?usage: run-scenario.sh FILE.scn}
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(dirname "$here")}
top_builddir=${top_builddir:-.}
TRUNKDOC=${TRUNKDOC:-$top_builddir/trunkdoc}
SCN2PCAP=${SCN2PCAP:-$top_builddir/tests/tools/scn2pcap}
name=$(basename "$scn" .scn)
scndir=$(cd "$(dirname "$scn")" && pwd)

if ! command -v jq >/dev/null 2>&1; then
	echo "SKIP: $name: jq is not installed (apt-get install jq)"
	exit 77
fi
for prog in "$TRUNKDOC" "$SCN2PCAP"; do
	if [ ! -x "$prog" ]; then
		echo "FAIL: $name: $prog is not built"
		exit 1
	fi
done

outdir="$top_builddir/tests/scenario-pcaps"
mkdir -p "$outdir" || exit 1
outdir=$(cd "$outdir" && pwd)
pcap="$outdir/$name.pcap"
json="$outdir/$name.json"
errf="$outdir/$name.stderr"

# ---- the scenario's own header: title, args, env (before the first ===) ----
header=$(sed -n '/^===/q; /^#/d; p' "$scn")
title=$(printf '%s\n' "$header" | sed -n 's/^title:[[:space:]]*//p' | head -n 1)
args=$(printf '%s\n' "$header" | sed -n 's/^args:[[:space:]]*//p' | tr '\n' ' ')
envs=$(printf '%s\n' "$header" | sed -n 's/^env:[[:space:]]*//p' | tr '\n' ' ')
envcmd=''
[ -n "$(printf '%s' "$envs" | tr -d ' ')" ] && envcmd="env $envs"
args=$(printf '%s' "$args" | sed "s|{scndir}|$scndir|g")
expects=$(grep '^expect ' "$scn")

echo "scenario: $scn"
[ -n "$title" ] && echo "title: $title"
if [ -z "$expects" ]; then
	echo "FAIL: $name: the scenario has no 'expect' line (a scenario must say what it expects)"
	exit 1
fi

if ! "$SCN2PCAP" "$scn" "$pcap"; then
	echo "FAIL: $name: scn2pcap could not build the pcap"
	exit 1
fi

# Words of args/env are split on blanks on purpose (FORMAT.md: no quoting).
set -f
# shellcheck disable=SC2086
echo "run: ${envcmd:+$envcmd }$TRUNKDOC -r $pcap --report=json $args"
# shellcheck disable=SC2086
env $envs "$TRUNKDOC" -r "$pcap" --report=json $args >"$json" 2>"$errf"
rc=$?
set +f
echo "exit: $rc"
if [ -s "$errf" ]; then
	echo "stderr:"
	sed 's/^/  /' "$errf" | head -n 20
fi

failures=0
fail() {
	failures=$((failures + 1))
	echo "FAIL: $*"
}

# A crash or a sanitizer report fails the scenario whatever it expects.
if grep -qE 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:' "$errf"; then
	fail "sanitizer report on stderr"
fi
if [ $rc -ge 128 ]; then
	fail "trunkdoc died with signal $((rc - 128))"
fi
json_ok=1
[ "$(jq -c 'type' "$json" 2>/dev/null)" = '"object"' ] || json_ok=0

# Where the JSON report keeps a check's verdict, evidence and the root
# cause: written once here so it can follow doc/json.md.
check_path() { # ID FIELD
	case $2 in
	verdict) printf '[.checks[]? | select(.id == "%s") | .verdict] | .[0]' "$1" ;;
	evidence) printf '[.checks[]? | select(.id == "%s") | (.evidence[]? | if type == "object" then .frame else . end)]' "$1" ;;
	esac
}
root_cause_path='.root_cause | if type == "object" then .id else . end'

# A VALUE is JSON when it parses as JSON, otherwise a plain string.
as_json() {
	if [ -n "$1" ] && printf '%s' "$1" | jq . >/dev/null 2>&1; then
		printf '%s' "$1" | jq -c .
	else
		printf '%s' "$1" | jq -R -c .
	fi
}

# Compares the jq PATH's value with VALUE by OP; prints expected vs got.
compare() { # LINE PATH OP VALUE [LABEL]
	line=$1 path=$2 op=$3 want=$(as_json "$4") label=${5:-$2}
	if [ $json_ok -eq 0 ]; then
		fail "$line: no JSON report (stdout: $(head -c 200 "$json" | tr '\n' ' '))"
		return
	fi
	if ! got=$(jq -c "[$path] | if length == 1 then .[0] else . end" "$json" 2>&1); then
		fail "$line: jq could not evaluate '$path': $got"
		return
	fi
	case $op in
	contains) test='if ($got|type) == "array" and ($want|type) != "array" then any($got[]; . == $want) else ($got|contains($want)) end' ;;
	'=='|'!='|'<'|'<='|'>'|'>=') test="\$got $op \$want" ;;
	*) fail "$line: unknown operator '$op'"; return ;;
	esac
	if ok=$(jq -n --argjson got "$got" --argjson want "$want" "$test" 2>&1) && [ "$ok" = true ]; then
		echo "ok: $line"
	else
		fail "$line: expected $label $op $want, got $got"
	fi
}

# Splits "PATH OP VALUE" at the leftmost operator.
split_op() {
	rest=$1 best='' lhs='' rhs=''
	for op in ' == ' ' != ' ' <= ' ' >= ' ' < ' ' > ' ' contains '; do
		case $rest in
		*"$op"*)
			l=${rest%%"$op"*}
			if [ -z "$best" ] || [ ${#l} -lt ${#lhs} ]; then
				best=$op lhs=$l rhs=${rest#*"$op"}
			fi
			;;
		esac
	done
	op=$(printf '%s' "$best" | tr -d ' ')
}

unquote() {
	case $1 in
	\"*\") s=${1#\"}; printf '%s' "${s%\"}" ;;
	*) printf '%s' "$1" ;;
	esac
}

text_expect() { # LINE FILE WHAT REST
	line=$1 file=$2 what=$3 rest=$4
	case $rest in
	empty)
		if [ -s "$file" ]; then fail "$line: expected empty $what, got: $(head -c 300 "$file")"; else echo "ok: $line"; fi ;;
	'not contains '*)
		t=$(unquote "${rest#not contains }")
		if grep -qF -- "$t" "$file"; then fail "$line: $what contains \"$t\""; else echo "ok: $line"; fi ;;
	'contains '*)
		t=$(unquote "${rest#contains }")
		if grep -qF -- "$t" "$file"; then echo "ok: $line"; else fail "$line: expected $what to contain \"$t\", got: $(head -c 300 "$file")"; fi ;;
	*) fail "$line: expected 'contains \"TEXT\"', 'not contains \"TEXT\"' or 'empty'" ;;
	esac
}

saw_exit=0
nexp=0
# Reads the expectations from a here-document so fail() counts in this shell.
while IFS= read -r line; do
	nexp=$((nexp + 1))
	body=${line#expect }
	case $body in
	'exit '*)
		saw_exit=1
		split_op "$body"
		want=$(printf '%s' "$rhs" | tr -d ' ')
		case $op in
		'==') [ "$rc" -eq "$want" ] 2>/dev/null && echo "ok: $line" || fail "$line: expected exit $want, got $rc" ;;
		'!=') [ "$rc" -ne "$want" ] 2>/dev/null && echo "ok: $line" || fail "$line: expected exit != $want, got $rc" ;;
		*) fail "$line: exit takes == or !=" ;;
		esac ;;
	'stderr '*) text_expect "$line" "$errf" stderr "${body#stderr }" ;;
	'stdout '*) text_expect "$line" "$json" stdout "${body#stdout }" ;;
	'jq '*)
		expr=${body#jq }
		if [ $json_ok -eq 0 ]; then
			fail "$line: no JSON report"
		elif ok=$(jq -c "$expr" "$json" 2>&1) && [ "$ok" = true ]; then
			echo "ok: $line"
		else
			fail "$line: expected true, got $ok"
		fi ;;
	'check '*)
		set -f
		# shellcheck disable=SC2086
		set -- ${body#check }
		set +f
		id=${1:-}
		if [ $# -eq 3 ] && { [ "$2" = '==' ] || [ "$2" = '!=' ]; }; then
			compare "$line" "$(check_path "$id" verdict)" "$2" "\"$3\"" "check $id verdict"
		elif [ $# -eq 4 ] && [ "$2" = evidence ] && [ "$3" = contains ]; then
			compare "$line" "$(check_path "$id" evidence)" contains "$4" "check $id evidence frames"
		else
			fail "$line: expected 'check ID == VERDICT' or 'check ID evidence contains FRAME'"
		fi ;;
	'root_cause '*)
		split_op "$body"
		v=$rhs
		[ "$v" = null ] || case $v in \"*) ;; *) v="\"$v\"" ;; esac
		compare "$line" "$root_cause_path" "$op" "$v" root_cause ;;
	.*|'['*)
		split_op "$body"
		if [ -z "$op" ]; then
			fail "$line: no operator (== != < <= > >= contains)"
		else
			compare "$line" "$lhs" "$op" "$rhs"
		fi ;;
	*) fail "$line: unknown expectation" ;;
	esac
done <<EOF
$expects
EOF

if [ $saw_exit -eq 0 ] && [ $rc -eq 2 ]; then
	fail "trunkdoc exited 2 (bad usage or unreadable input) and the scenario does not expect it"
fi
if [ $failures -ne 0 ]; then
	echo "FAIL: $name: $failures of $nexp expectations failed"
	echo "rerun: ${envcmd:+$envcmd }$TRUNKDOC -r $pcap --report=json $args | jq ."
	exit 1
fi
echo "PASS: $name: $nexp expectations hold"
exit 0
