# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# HEP over real sockets on loopback: trunkdoc to trunkdoc (--hep-send into
# --hep-listen) and Kamailio's siptrace into --hep-listen.
TESTS += tests/hep-socket.sh
EXTRA_DIST += tests/hep-socket.sh
