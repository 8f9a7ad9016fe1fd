# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# TUI tests: the key table against the man page (unit), and the real binary
# driven inside tmux (tests/tui/*.sh; captures from tests/tui/*.scn made
# with tests/tools/scn2pcap).
check_PROGRAMS += tests/unit/test_tui_keys
tests_unit_test_tui_keys_SOURCES = tests/unit/test_tui_keys.c src/ui/keys.c src/ui/glyphs.c src/ui/rcfile.c
tests_unit_test_tui_keys_CFLAGS = $(TEST_CFLAGS) $(NCURSES_CFLAGS)
tests_unit_test_tui_keys_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_tui_keys
# group 5 for one call, as the screen asks for it (app/call_focus.c), over tests/tui/calls.scn
check_PROGRAMS += tests/unit/test_call_focus
tests_unit_test_call_focus_SOURCES = tests/unit/test_call_focus.c
tests_unit_test_call_focus_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_call_focus_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_call_focus

TUI_SHELL_TESTS = \
	tests/tui/open.sh \
	tests/tui/checklist.sh \
	tests/tui/message.sh \
	tests/tui/evidence.sh \
	tests/tui/help.sh \
	tests/tui/resize.sh \
	tests/tui/ascii.sh \
	tests/tui/restore.sh \
	tests/tui/escapes.sh \
	tests/tui/form.sh \
	tests/tui/filter.sh \
	tests/tui/live.sh \
	tests/tui/loading.sh \
	tests/tui/terms.sh \
	tests/tui/session.sh \
	tests/tui/probe.sh \
	tests/tui/shared.sh \
	tests/tui/fkeys.sh \
	tests/tui/wrap.sh \
	tests/tui/statusbar.sh \
	tests/tui/search.sh \
	tests/tui/keep.sh \
	tests/tui/files.sh \
	tests/tui/tls.sh \
	tests/tui/completion.sh \
	tests/tui/write.sh \
	tests/tui/sngrep.sh \
	tests/tui/rc.sh \
	tests/tui/fit80.sh \
	tests/tui/follow.sh \
	tests/tui/frames.sh \
	tests/tui/redact.sh \
	tests/tui/roles.sh \
	tests/tui/live-probe.sh \
	tests/tui/calls.sh \
	tests/tui/calls-ascii.sh \
	tests/tui/probe-register.sh \
	tests/tui/grow.sh \
	tests/tui/fleet.sh \
	tests/tui/fleet-live.sh \
	tests/tui/fleet-filter.sh \
	tests/tui/fleet-filter-live.sh \
	tests/tui/burst.sh
TESTS += $(TUI_SHELL_TESTS)
# sends one SIP message between loopback ports (tests/tui/live.sh)
check_PROGRAMS += tests/tui/udp_send
tests_tui_udp_send_SOURCES = tests/tui/udp_send.c
# sends a burst of SIP messages between loopback ports (tests/tui/burst.sh)
check_PROGRAMS += tests/tui/udp_burst
tests_tui_udp_burst_SOURCES = tests/tui/udp_burst.c
EXTRA_DIST += $(TUI_SHELL_TESTS) tests/tui/lib.sh tests/tui/registrar.py tests/tui/trunk.scn tests/tui/escapes.scn tests/tui/tls.scn tests/tui/mixed.scn \
	tests/tui/calls.scn tests/tui/calls-lo.scn \
	tests/tui/expected/stacked-80x24.txt tests/tui/expected/wrap-80x24.txt \
	tests/tui/expected/calls-80x24.txt \
	tests/tui/expected/fleet-80x24.txt tests/tui/hep_send.py \
	tests/tui/ncurses-lsan.supp
