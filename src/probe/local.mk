# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# src/probe: active probes: DNS, OPTIONS over UDP/TCP/TLS, ping, test REGISTER
libtrunkdoc_a_SOURCES += src/probe/probe.c src/probe/probe.h \
	src/probe/probe_dns.c src/probe/probe_impl.h src/probe/probe_json.c \
	src/probe/probe_net.c src/probe/probe_ping.c src/probe/probe_register.c \
	src/probe/probe_sip.c src/probe/probe_tls.c
