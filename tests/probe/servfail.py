#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# servfail.py ADDR PORT - the upstream of the test's dnsmasq for fail.test:
# answers every query with SERVFAIL, so the probe sees a real SERVFAIL relayed
# by a real DNS server.  Loopback only; the test stops it (and it stops
# itself after ten idle minutes, should the test die first).
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], int(sys.argv[2])))
s.settimeout(600)   # a safety net only: the test kills it
while True:
    try:
        q, peer = s.recvfrom(512)
    except socket.timeout:
        break
    if len(q) < 12:
        continue
    # Same id and question; QR=1, RD copied, RA=1, RCODE=2 (SERVFAIL); no records.
    flags = bytes([0x80 | (q[2] & 0x01), 0x80 | 2])
    s.sendto(q[:2] + flags + q[4:6] + b"\0\0\0\0\0\0" + q[12:], peer)
