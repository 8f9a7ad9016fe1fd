#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# seeds.sh NAME DIR - fills DIR with the starting inputs of fuzz target NAME,
# made at run time from the test data (never copied into the tree):
#   every target   fuzz/corpus/NAME/ (small hand-made seeds, committed)
#   batch          tests/captures/real/*.pcap, every scenario through the
#                  built scn2pcap, and the shared captures under 256 KiB
#                  ($SHARED_CAPTURES, when that directory exists)
#   sip            each packet of every scenario as a datagram (mode 0)
#                  and as a stream in 8-byte pieces (mode 0x1d)
#   import         tests/import/*.conf|*.xml and the scenarios' profiles,
#                  each with the mode byte of its reader
# Needs $top_srcdir and $top_builddir.
set -u
name=$1
dir=$2
mkdir -p "$dir" || exit 2
src=${top_srcdir:?}
build=${top_builddir:?}

if [ -d "$src/fuzz/corpus/$name" ]; then
	cp "$src/fuzz/corpus/$name"/* "$dir"/ 2>/dev/null
fi

# prefix FILE MODE OUT: OUT is one mode byte (octal) followed by FILE
prefix() {
	{ printf "\\$2"; cat "$1"; } >"$3"
}

case $name in
batch)
	for f in "$src"/tests/captures/real/*.pcap; do
		[ -f "$f" ] && cp "$f" "$dir/real-$(basename "$f")"
	done
	if [ -x "$build/tests/tools/scn2pcap" ]; then
		for s in "$src"/tests/scenarios/*.scn; do
			"$build/tests/tools/scn2pcap" "$s" "$dir/scn-$(basename "$s" .scn).pcap" >/dev/null 2>&1 ||
				rm -f "$dir/scn-$(basename "$s" .scn).pcap"
		done
	fi
	shared=${SHARED_CAPTURES:-$src/../shared/captures}
	if [ -d "$shared" ]; then
		find "$shared" -maxdepth 2 -type f \( -name '*.pcap' -o -name '*.pcapng' \) -size -256k |
		while read -r f; do
			cp "$f" "$dir/shared-$(basename "$f")"
		done
	fi
	;;
sip)
	# one file per packet block of each scenario: the SIP text with CRLF
	# line ends and Content-Length: auto replaced by the body's length
	for s in "$src"/tests/scenarios/*.scn; do
		base=$(basename "$s" .scn)
		awk -v out="$dir/scn-$base" '
			function flush(   i, body, n, f, text, h) {
				while (nl > 0 && line[nl] == "") nl--
				if (!nl) return
				h = hdrs > 0 ? hdrs : nl
				body = ""
				for (i = h + 1; i <= nl; i++) body = body line[i] "\r\n"
				n = length(body)
				text = ""
				for (i = 1; i <= h; i++) {
					if (line[i] ~ /^Content-Length: *auto/) line[i] = "Content-Length: " n
					text = text line[i] "\r\n"
				}
				f = out "-" (++k)
				printf "%s\r\n%s", text, body > f
				close(f)
				nl = 0
			}
			/^=== / { flush(); inpkt = ($3 == "udp" || $3 == "tcp"); hdrs = 0; next }
			/^(expect |title:|args:|env:|start:|link:)/ { flush(); inpkt = 0; next }
			/^#/ { next }
			inpkt {
				if ($0 == "" && hdrs == 0) { if (nl) hdrs = nl; next }
				line[++nl] = $0
			}
			END { flush() }
		' "$s" 2>/dev/null
	done
	# mode 0: a datagram; the first packet of each also as a stream (0x1d:
	# pieces of 8 bytes)
	for f in "$dir"/scn-*; do
		[ -f "$f" ] || continue
		mv "$f" "$f.body"
		prefix "$f.body" 000 "$f"
		case $f in *-1) prefix "$f.body" 035 "$f-stream" ;; esac
		rm -f "$f.body"
	done
	;;
import)
	for f in "$src"/tests/import/*.conf "$src"/tests/import/*.xml "$src"/tests/scenarios/*.conf \
	         "$src"/tests/scenarios/*.ini; do
		[ -f "$f" ] || continue
		b=$(basename "$f")
		case $b in
		pjsip*|*pjsip*.conf) prefix "$f" 000 "$dir/$b" ;;
		sipconf*) prefix "$f" 001 "$dir/$b" ;;
		*.xml) prefix "$f" 002 "$dir/$b" ;;
		*.ini) prefix "$f" 003 "$dir/$b" ;;
		esac
	done
	;;
esac
exit 0
