# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# tests/tui/lib.sh - drive the real trunkdoc inside tmux and read its screen.
#
#   tui_start 120 40           a shell in a fresh tmux server of that size
#   tui_run "-r $cap"          trunkdoc in that shell (stderr to a file)
#   tui_wait "Checklist"       poll capture-pane until the text shows (bounded)
#   tui_keys Tab Enter         send-keys
#   tui_screen                 the screen as text
#   tui_size 132x43            resize the terminal (before tui_run)
#   live_setup NAME            a live capture on lo: ports, udp_send and a
#   live_run "ARGS"            REGISTER to send; trunkdoc -i lo ARGS until LIVE
#   hep_listen_run PORT        trunkdoc --hep-listen udp:127.0.0.1:PORT until LIVE
#   fleet_filter TEXT          the fleet view's filter (f) set to TEXT
#
# Sourced by tests/tui/*.sh.  Each test gets its own tmux socket and work
# directory; both go away on exit.
set -u

TEST_NAME=$(basename "$0" .sh)
skip() { echo "SKIP: $TEST_NAME: $*"; exit 77; }
fail() {
	echo "FAIL: $TEST_NAME: $*"
	echo "---- screen ----"
	tui_screen 2>/dev/null
	echo "---- trunkdoc stderr ----"
	cat "$WORK/stderr" 2>/dev/null
	exit 1
}
pass() { echo "PASS: $TEST_NAME${1:+: $1}"; exit 0; }

[ -n "${TRUNKDOC:-}" ] && [ -x "$TRUNKDOC" ] || skip "TRUNKDOC is not a built binary"
command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"
SCN2PCAP=${top_builddir:-.}/tests/tools/scn2pcap
[ -x "$SCN2PCAP" ] || skip "tests/tools/scn2pcap is not built"
TUI_SRC=${top_srcdir:-.}/tests/tui

WORK=$(mktemp -d "${TMPDIR:-/tmp}/td-tui-$TEST_NAME.XXXXXX") || exit 99
SOCK="td-tui-$TEST_NAME-$$"
# the tmux socket lives in the work directory and goes away with it
# (unless that path is too long for a unix socket)
if [ ${#WORK} -lt 60 ]; then
	TMUX_TMPDIR=$WORK
	export TMUX_TMPDIR
fi
unset TMUX
printf 'set -g status off\nset -g escape-time 0\nset -g history-limit 100\n' > "$WORK/tmux.conf"

tmx() { tmux -L "$SOCK" -f "$WORK/tmux.conf" "$@"; }
# A trunkdoc still running (a failed test) is killed before its terminal
# goes away, so no sanitizer exit check is left waiting on a dead pty.
cleanup() {
	pid=$(cat "$WORK/td.pid" 2>/dev/null)
	if [ -n "$pid" ] && { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null | grep -qF "$TRUNKDOC"; then
		kill -KILL "$pid" >/dev/null 2>&1
	fi
	tmx kill-server >/dev/null 2>&1
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# make_capture NAME: tests/tui/NAME.scn -> $WORK/NAME.pcap
make_capture() {
	"$SCN2PCAP" "$TUI_SRC/$1.scn" "$WORK/$1.pcap" >"$WORK/scn2pcap.log" 2>&1 ||
		fail "scn2pcap $1.scn: $(cat "$WORK/scn2pcap.log")"
	echo "$WORK/$1.pcap"
}

# tui_start COLS ROWS: a plain sh with a known prompt.
tui_start() {
	tmx new-session -d -s t -x "$1" -y "$2" \
		"env PS1='tdsh\$ ' HOME='$WORK' ENV= sh" || fail "tmux new-session"
	tui_wait 'tdsh$' 10
}

# tui_run ARGS [ENV...]: trunkdoc in the shell; its exit code is echoed after.
TUI_TERM=${TUI_TERM:-xterm-256color}
TUI_LANG=${TUI_LANG:-C.UTF-8}
tui_run() {
	args=$1
	shift
	rm -f "$WORK/td.pid"
	tmx send-keys -t t "env -u NO_COLOR TERM=$TUI_TERM LC_ALL=$TUI_LANG $* sh -c 'echo \$\$ > \"\$0\"; exec \"\$@\"' '$WORK/td.pid' $TRUNKDOC $args 2>'$WORK/stderr'; echo TD\"\"-EXIT=\$?" Enter
}

tui_keys() { tmx send-keys -t t "$@"; }
tui_screen() { tmx capture-pane -p -t t; }
tui_screen_escaped() { tmx capture-pane -p -e -t t; }

# tui_wait TEXT [SECONDS]: until TEXT (fixed string) is on the screen.
tui_wait() {
	limit=$(( ${2:-15} * 10 ))
	i=0
	while [ $i -lt $limit ]; do
		tui_screen 2>/dev/null | grep -qF -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "timed out waiting for '$1'"
}

# tui_wait_gone TEXT [SECONDS]
tui_wait_gone() {
	limit=$(( ${2:-15} * 10 ))
	i=0
	while [ $i -lt $limit ]; do
		tui_screen 2>/dev/null | grep -qF -- "$1" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "timed out waiting for '$1' to go away"
}

# tui_line N: line N (1-based) of the screen
tui_line() { tui_screen | sed -n "${1}p"; }

# tui_fits COLS: fails when a line of the screen is wider than COLS
# (characters, not bytes).
tui_fits() {
	tui_screen | while IFS= read -r l; do
		[ "$(printf '%s' "$l" | LC_ALL=C.UTF-8 wc -m)" -le "$1" ] || exit 1
	done || fail "a line is wider than $1 columns"
}

# tui_quit: q, then the shell must be back with trunkdoc's exit status.
tui_quit() {
	tui_keys q
	tui_wait 'TD-EXIT=' 15
	tui_screen | grep -q 'TD-EXIT=0' || fail "trunkdoc did not exit 0"
	tui_check_stderr
}

# A sanitizer report or a crash message fails the test.
tui_check_stderr() {
	if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error|UndefinedBehavior' "$WORK/stderr" 2>/dev/null; then
		fail "sanitizer report"
	fi
}

# tui_size WxH: the terminal resized to W columns and H lines (checked),
# the shell's screen cleared, for the next tui_run.
tui_size() {
	tmx resize-window -t t -x "${1%x*}" -y "${1#*x}"
	[ "$(tmx display-message -p -t t '#{window_width}x#{window_height}')" = "$1" ] ||
		fail "the terminal is not $1"
	tui_keys clear Enter
}

# hep_listen_run PORT [ARGS]: trunkdoc --hep-listen udp:127.0.0.1:PORT ARGS
# in the shell, until its socket listens (waited for, not slept on) and
# the screen says LIVE.
hep_listen_run() {
	command -v ss >/dev/null 2>&1 || fail "ss (iproute2) is needed to wait for the socket"
	tui_run "--hep-listen udp:127.0.0.1:$1${2:+ $2}"
	i=0
	until ss -Hlun "sport = :$1" 2>/dev/null | grep -q .; do
		[ $i -lt 150 ] || fail "no socket listening on 127.0.0.1:$1"
		sleep 0.1; i=$((i + 1))
	done
	tui_wait "LIVE"
}

# fleet_filter TEXT: the fleet view's filter set to TEXT (f, the line
# erased, TEXT typed, Enter); an empty TEXT clears it.
fleet_filter() {
	tui_keys f
	tui_wait "Fleet filter (node, trunk, state, cause):"
	tui_keys C-u
	[ -n "$1" ] && tui_keys -l "$1"
	tui_keys Enter
}

# live_setup NAME: what the live tests (live.sh, write.sh, ...) share: the
# udp_send tool ($UDP_SEND), two loopback ports from the PID so parallel
# runs do not see each other ($pbx_port, $reg_port), and $WORK/register, a
# REGISTER from pbx_port to reg_port with Call-ID NAME-1@127.0.0.1.
# Needs root (or capture rights) for -i lo.
live_setup() {
	UDP_SEND=${top_builddir:-.}/tests/tui/udp_send
	[ -x "$UDP_SEND" ] || skip "tests/tui/udp_send is not built"
	[ "$(id -u)" = 0 ] || skip "live capture on lo needs root"
	pbx_port=$((20000 + $$ % 20000))
	reg_port=$((pbx_port + 1))
	cat > "$WORK/register" <<MSG
REGISTER sip:example.net SIP/2.0
Via: SIP/2.0/UDP 127.0.0.1:$pbx_port;branch=z9hG4bK-${1}1;rport
Max-Forwards: 70
From: <sip:1000@example.net>;tag=${1}1
To: <sip:1000@example.net>
Call-ID: $1-1@127.0.0.1
CSeq: 1 REGISTER
Contact: <sip:1000@127.0.0.1:$pbx_port>
Expires: 3600
Content-Length: auto
MSG
}

# live_run "ARGS": trunkdoc -i lo ARGS (options, then the filter) in the
# shell, until the screen says LIVE; skips when lo cannot be captured.
live_run() {
	tui_run "-i lo $1"
	tui_wait "LIVE"
	if grep -qi "permission\|cannot\|denied" "$WORK/stderr" 2>/dev/null; then
		skip "cannot capture on lo here: $(cat "$WORK/stderr")"
	fi
}
