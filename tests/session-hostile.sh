#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# session-hostile.sh - found by fuzzing and fault injection:
#  - a control byte in a --mark note or a profile field on the command line
#    made the next load of the session exit 2, and every mark was lost;
#  - one bad line in a session file lost the whole file;
#  - the loader's errors, -r file names and the --export directory reached
#    the terminal raw (an OSC 52 clipboard write among them).
# Nothing trunkdoc prints may hold an ESC or another control byte.
. "${top_srcdir:-.}/tests/export-lib.sh"
export_setup session-hostile

register_scenario | scenario_pcap "$WORK/in.pcap"
ESC=$(printf '\033')
BEL=$(printf '\007')
S=$WORK/s.session

# raw control bytes (other than newline and tab) in a file of captured output
has_control() {
	LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$1"
}

# 1. control bytes in on the command line; the next run loads them back
"$TRUNKDOC" -r "$WORK/in.pcap" --report --registrar example.net --user "10${ESC}[2J00" \
	--mark "prov.portal-registered=fail:red ${ESC}[31mLED${ESC}[0m" --mark net.link-up=pass \
	--session "$S" >/dev/null 2>"$WORK/err1"
[ -s "$S" ] || { cat "$WORK/err1"; fail "no session written"; exit 1; }
has_control "$S" && fail "a raw control byte in the session file"
"$TRUNKDOC" -r "$WORK/in.pcap" --report=json --session "$S" >"$WORK/out2.json" 2>"$WORK/err2"
rc=$?
[ "$rc" -le 1 ] && ok "the session written with control bytes loads (exit $rc)" ||
	fail "loading the session exits $rc: $(cat "$WORK/err2")"
[ -s "$WORK/err2" ] && fail "warnings loading a session trunkdoc wrote: $(cat "$WORK/err2")"
grep -q '^mark net.link-up pass$' "$S" && grep -q '^mark prov.portal-registered fail red ' "$S" &&
	ok "both marks kept" || fail "marks lost: $(cat "$S")"

# 2. one bad line (an OSC 52 clipboard write as a key, an unknown check id)
#    costs that line; the marks around it stay, and stderr stays clean
printf 'trunkdoc-session 1\nmark net.link-up pass before\n%s]52;c;aGVsbG8=%s x\nmark %s]52;c;aGVsbG8=%s fail\nmark fw.ports-open fail after\n' \
	"$ESC" "$BEL" "$ESC" "$BEL" >"$S"
"$TRUNKDOC" -r "$WORK/in.pcap" --report=json --session "$S" >"$WORK/out3.json" 2>"$WORK/err3"
rc=$?
[ "$rc" -le 1 ] && ok "a session with bad lines loads (exit $rc)" || fail "exit $rc: $(cat "$WORK/err3")"
has_control "$WORK/err3" && fail "raw control bytes on stderr: $(od -c "$WORK/err3" | head -n 5)"
grep -q 'line 3: unknown line' "$WORK/err3" && grep -q 'line 4: no check has the id' "$WORK/err3" &&
	ok "each bad line is named with its file and line" || fail "warnings: $(cat "$WORK/err3")"
grep -q "$S" "$WORK/err3" || fail "the warning does not name the file"
grep -q '^mark net.link-up pass before$' "$S" && grep -q '^mark fw.ports-open fail after$' "$S" &&
	ok "the good marks were kept and saved again" || fail "good marks lost: $(cat "$S")"

# 3. a file that is not a session at all, with an escape in it: refused
#    (exit 2), and the message is clean
printf '%s]52;c;aGVsbG8=%s\n' "$ESC" "$BEL" >"$S"
"$TRUNKDOC" -r "$WORK/in.pcap" --report --session "$S" >/dev/null 2>"$WORK/err4"
[ $? -eq 2 ] || fail "a non-session file was not refused"
has_control "$WORK/err4" && fail "raw control bytes on stderr refusing a non-session"

# 4. -r and --export names with an escape in them
"$TRUNKDOC" -r "$WORK/no${ESC}]52;c;aGVsbG8=${BEL}such.pcap" --report >/dev/null 2>"$WORK/err5"
[ -s "$WORK/err5" ] || fail "no error for a missing capture"
has_control "$WORK/err5" && fail "the -r file name reached stderr raw"
D="$WORK/out${ESC}[31m"
"$TRUNKDOC" -r "$WORK/in.pcap" --report --registrar example.net --export "$D" >/dev/null 2>"$WORK/err6"
grep -q exported "$WORK/err6" || fail "no export: $(cat "$WORK/err6")"
has_control "$WORK/err6" && fail "the --export directory reached stderr raw"
"$TRUNKDOC" -r "$WORK/in.pcap" --report --export "/nonexistent${ESC}[31m/x" >/dev/null 2>"$WORK/err7"
has_control "$WORK/err7" && fail "an unwritable --export directory reached stderr raw"
"$TRUNKDOC" --no-such-option"${ESC}[31m" >/dev/null 2>"$WORK/err8"
has_control "$WORK/err8" && fail "an unknown option reached stderr raw"
for f in "$WORK"/err*; do no_sanitizer "$f"; done
[ "$FAILED" -eq 0 ] && ok "no raw control byte reached stderr"

[ "$FAILED" -eq 0 ]
