#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# export-session.sh - the operator's marks and notes survive in a session
# file: a first run with --mark and --session F writes them (never the
# password), a second run with only --session F restores them (the export's
# summary shows them), and a later --mark overrides the saved one.
. "${top_srcdir:-.}/tests/export-lib.sh"
export_setup export-session

register_scenario | scenario_pcap "$WORK/in.pcap"

S=$WORK/sessions/ticket.session
mkdir "$WORK/sessions"
TRUNKDOC_PASSWORD=never-in-a-session "$TRUNKDOC" -r "$WORK/in.pcap" --report --registrar example.net \
	--mark 'prov.portal-registered=fail:portal says "not registered" | since 10:00' \
	--mark net.link-up=pass --session "$S" > /dev/null 2> "$WORK/err1"
[ -s "$S" ] || { cat "$WORK/err1"; fail "no session file written"; exit 1; }
[ "$(ls -A "$WORK/sessions")" = ticket.session ] || fail "temporary files left: $(ls -A "$WORK/sessions")"
grep -q '^trunkdoc-session 1$' "$S" || fail "no format line in the session"
grep -q '^mark prov.portal-registered fail portal says "not registered" | since 10:00$' "$S" \
	|| fail "the mark with its note is not in the session: $(cat "$S")"
grep -q '^profile.registrar example.net$' "$S" || fail "the profile is not in the session"
grep -q 'never-in-a-session' "$S" && fail "the password is in the session file"

# second run: only the session
"$TRUNKDOC" -r "$WORK/in.pcap" --report --session "$S" --export "$WORK/out" > /dev/null 2> "$WORK/err2"
MD=$(ls "$WORK"/out/*.md 2>/dev/null)
[ -f "$MD" ] || { cat "$WORK/err2"; fail "no export in the second run"; exit 1; }
grep -q '^| `prov.portal-registered` | fail | portal says "not registered" \\| since 10:00 |$' "$MD" \
	&& ok "the note came back (| escaped in the table)" || fail "the restored mark is not in the summary"
grep -q '^| `net.link-up` | pass | ' "$MD" || fail "the net.link-up mark was not restored"
grep -q '(`prov.portal-registered`) | \*\*fail\*\* (marked by the operator)' "$MD" \
	|| fail "the checklist does not show the restored verdict as the operator's"
grep -q '| Registrar | `example.net` |' "$MD" || fail "the profile was not restored from the session"

# a --mark on the command line wins over the saved one, and is saved
"$TRUNKDOC" -r "$WORK/in.pcap" --report --session "$S" --mark net.link-up=fail > /dev/null 2>&1
grep -q '^mark net.link-up fail$' "$S" || fail "the overriding mark was not saved: $(grep net.link-up "$S")"
grep -q '^mark prov.portal-registered fail ' "$S" || fail "the other mark was lost"

# a broken line is not silently ignored: a warning names the file and the
# line, and it costs that line only (the marks around it are kept); a file
# that is not a session at all is an error (exit 2)
printf 'trunkdoc-session 1\nmark net.link-up maybe\nmark fw.ports-open pass\n' > "$WORK/bad.session"
"$TRUNKDOC" -r "$WORK/in.pcap" --report --session "$WORK/bad.session" > /dev/null 2> "$WORK/err3"
rc=$?
[ "$rc" -le 1 ] && grep -q 'warning: session .*bad.session, line 2' "$WORK/err3" &&
	grep -q '^mark fw.ports-open pass$' "$WORK/bad.session" && ok "broken line: $(cat "$WORK/err3")" \
	|| fail "a broken line gave exit $rc: $(cat "$WORK/err3")"
printf 'not a session\n' > "$WORK/bad2.session"
"$TRUNKDOC" -r "$WORK/in.pcap" --report --session "$WORK/bad2.session" > /dev/null 2> "$WORK/err4"
rc=$?
[ "$rc" = 2 ] && grep -q 'bad2.session, line 1' "$WORK/err4" && ok "not a session: $(cat "$WORK/err4")" \
	|| fail "a file that is not a session gave exit $rc: $(cat "$WORK/err4")"
no_sanitizer "$WORK/err1" "$WORK/err2" "$WORK/err3" "$WORK/err4"
[ "$FAILED" = 0 ] || exit 1
echo "PASS: export-session"
