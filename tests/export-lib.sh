# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# export-lib.sh - shared by the tests/export-*.sh scripts (sourced, not run).
#
#   export_setup NAME        work directory in $WORK, removed on exit
#   need PROGRAM...          SKIP (77) when a program is missing
#   scenario_pcap OUT        reads a scenario (tests/scenarios/FORMAT.md) on
#                            stdin and writes OUT with scn2pcap
#   register_scenario        prints a scenario with the PBX's first REGISTER
#                            to example.net (more packets may be appended)
#   digest_response USER REALM PASSWORD METHOD URI NONCE NC CNONCE QOP
#   md_frames MD             the "Packets in the exported pcap" rows as
#                            frame|what|cseq|callid

TEST_NAME=${TEST_NAME:-export}

skip() { echo "SKIP: $TEST_NAME: $*"; exit 77; }
fail() { echo "FAIL: $TEST_NAME: $*"; FAILED=1; }
ok() { echo "ok: $*"; }

export_setup() {
	TEST_NAME=$1
	FAILED=0
	[ -n "$TRUNKDOC" ] && [ -x "$TRUNKDOC" ] || skip "TRUNKDOC is not set to the built binary"
	SCN2PCAP=${top_builddir:-.}/tests/tools/scn2pcap
	[ -x "$SCN2PCAP" ] || skip "tests/tools/scn2pcap is not built"
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/trunkdoc-$TEST_NAME.XXXXXX") || exit 99
	# KEEP=1 keeps the work directory for a look after a failure
	[ -n "$KEEP" ] && echo "# work directory: $WORK" || trap 'rm -rf "$WORK"' EXIT
}

need() {
	for p in "$@"; do
		command -v "$p" >/dev/null 2>&1 || skip "$p is not installed"
	done
}

scenario_pcap() {
	cat > "$1.scn" || exit 99
	"$SCN2PCAP" "$1.scn" "$1" >/dev/null || { echo "FAIL: $TEST_NAME: scn2pcap failed"; exit 99; }
}

register_scenario() {
	cat <<'EOF2'
pbx = 192.168.1.10
carrier = 198.51.100.20

=== 0.000 udp pbx:5060 > carrier:5060
REGISTER sip:example.net SIP/2.0
Via: SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bK-1
From: <sip:1000@example.net>;tag=a1
To: <sip:1000@example.net>
Call-ID: reg-1@192.168.1.10
CSeq: 1 REGISTER
Content-Length: 0
EOF2
}

# A sanitizer report in a captured stderr is a failure whatever the exit.
no_sanitizer() {
	for f in "$@"; do
		grep -q -e 'Sanitizer' -e 'runtime error:' "$f" && fail "sanitizer report in $(basename "$f"): $(grep -m1 -e Sanitizer -e 'runtime error' "$f")"
	done
	return 0
}

md5() { printf '%s' "$1" | md5sum | cut -d' ' -f1; }

digest_response() {
	ha1=$(md5 "$1:$2:$3")
	ha2=$(md5 "$4:$5")
	md5 "$ha1:$6:$7:$8:$9:$ha2"
}

# Rows of the exported-packets table: frame|what|cseq|callid (backticks
# removed).
md_frames() {
	awk -F' \\| ' '
		/^## Packets in the exported pcap/ { on = 1; next }
		/^## / { on = 0 }
		on && /^\| [0-9]+ \| / {
			f = $1; sub(/^\| /, "", f)
			what = $5; cseq = $6; cid = $7; sub(/ \|$/, "", cid)
			gsub(/`/, "", cseq); gsub(/`/, "", cid)
			print f "|" what "|" cseq "|" cid
		}' "$1"
}

# frame|callid|cseq|status for every frame tshark decodes as SIP (not the
# SIP quoted inside an ICMP error)
tshark_sip() {
	tshark -r "$1" -T fields -E separator='|' -e frame.number -e sip.Call-ID -e sip.CSeq \
		-e sip.Status-Code -Y 'sip && !icmp && !icmpv6' 2>/dev/null
}

# compare_frames MD PCAP TMPDIR: the summary's packet table against tshark.
# A table row naming a SIP message must be that message (Call-ID and CSeq)
# in tshark at the same frame, or the first segment of one tshark completes
# later (listed as a packet of the connection); every SIP message tshark
# decodes must be in the table.
compare_frames() {
	tshark_sip "$2" > "$3/tshark.txt"
	md_frames "$1" > "$3/md.txt"
	while IFS='|' read -r f what cseq cid; do
		[ "$cid" = "-" ] && continue
		t=$(awk -F'|' -v f="$f" '$1 == f' "$3/tshark.txt")
		if [ -n "$t" ]; then
			tc=$(echo "$t" | cut -d'|' -f2); tq=$(echo "$t" | cut -d'|' -f3)
			# several messages in one datagram: tshark joins their fields with commas
			case ",$tc," in *",$cid,"*) cid_ok=1 ;; *) cid_ok= ;; esac
			case ",$tq," in *",$cseq,"*) cseq_ok=1 ;; *) cseq_ok= ;; esac
			[ -n "$cid_ok" ] && [ -n "$cseq_ok" ] && ok "frame $f: $cid $cseq" \
				|| fail "frame $f: summary says $cid / $cseq, tshark has $tc / $tq"
		else
			# a message in several TCP segments: tshark shows it where it completes,
			# which the summary lists as a part of a reassembled message
			later=$(awk -F'|' -v f="$f" -v c="$cid" -v q="$cseq" '$1 > f && $2 == c && $3 == q { print $1; exit }' "$3/tshark.txt")
			[ -n "$later" ] && grep -q "^$later|packet of a SIP connection" "$3/md.txt" \
				&& ok "frame $f: $cid starts here, tshark completes it at frame $later" \
				|| fail "frame $f: summary names $cid $cseq, tshark has no such message there"
		fi
	done < "$3/md.txt"
	# and every SIP message tshark sees is in the table
	while IFS='|' read -r f tc tq st; do
		[ -n "$tc" ] || continue   # tshark found no Call-ID (junk, a broken message)
		awk -F'|' -v f="$f" -v c="$tc" -v q="$tq" '
			$1 == f && (index("," c ",", "," $4 ",") && index("," q ",", "," $3 ",") || $2 ~ /^packet of a SIP connection/) { found = 1 }
			END { exit !found }' "$3/md.txt" || fail "tshark has $tc $tq at frame $f, the summary does not"
	done < "$3/tshark.txt"
}
