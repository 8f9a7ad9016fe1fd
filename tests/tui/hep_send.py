#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# hep_send.py PORT CAPTURE_ID KIND: one PBX's trunk registration mirrored as
# HEPv3 over UDP to 127.0.0.1:PORT, as res_hep or heplify would send it
# (tests/tui/fleet-live.sh).  KIND: ok (200), 403 (refused after the
# digest), 401loop (answers the challenge with its own realm, challenged
# again), keepalives (six OPTIONS pings to the carrier, each its own
# Call-ID, answered two minutes ago: closed dialogs --limit may drop).
# Addresses inside are documentation ones; the packets go to loopback
# only.  Times are the wall clock's, a few seconds ago.
import socket
import struct
import sys
import time

port, capid, kind = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
pbx = "10.%d.0.10" % (capid % 200)
carrier = "198.51.100.20"
user = "%d" % (capid + 1000)


def chunk(t, v):
    return struct.pack("!HHH", 0, t, 6 + len(v)) + v


def hep(src, dst, when, sip):
    sec, usec = int(when), int((when - int(when)) * 1e6)
    body = (chunk(1, b"\x02") + chunk(2, b"\x11") + chunk(3, socket.inet_aton(src)) +
            chunk(4, socket.inet_aton(dst)) + chunk(7, struct.pack("!H", 5060)) +
            chunk(8, struct.pack("!H", 5060)) + chunk(9, struct.pack("!I", sec)) +
            chunk(10, struct.pack("!I", usec)) + chunk(11, b"\x01") +
            chunk(12, struct.pack("!I", capid)) + chunk(15, sip.encode()))
    return b"HEP3" + struct.pack("!H", 6 + len(body)) + body


def register(cseq, auth=""):
    return ("REGISTER sip:sip.carrier.example SIP/2.0\r\n"
            "Via: SIP/2.0/UDP %s:5060;branch=z9hG4bK-%d-%d;rport\r\n"
            "Max-Forwards: 70\r\n"
            "From: <sip:%s@sip.carrier.example>;tag=f%d\r\n"
            "To: <sip:%s@sip.carrier.example>\r\n"
            "Call-ID: trunk-%d@%s\r\nCSeq: %d REGISTER\r\n"
            "Contact: <sip:%s@%s:5060>\r\n%sExpires: 300\r\nContent-Length: 0\r\n\r\n"
            % (pbx, capid, cseq, user, capid, user, capid, pbx, cseq, user, pbx, auth))


def answer(cseq, status, extra=""):
    return ("SIP/2.0 %s\r\n"
            "Via: SIP/2.0/UDP %s:5060;branch=z9hG4bK-%d-%d;rport=5060\r\n"
            "From: <sip:%s@sip.carrier.example>;tag=f%d\r\n"
            "To: <sip:%s@sip.carrier.example>;tag=c%d\r\n"
            "Call-ID: trunk-%d@%s\r\nCSeq: %d REGISTER\r\n%sContent-Length: 0\r\n\r\n"
            % (status, pbx, capid, cseq, user, capid, user, cseq, capid, pbx, cseq, extra))


def digest(realm, nonce):
    return ('Authorization: Digest username="%s", realm="%s", nonce="%s", '
            'uri="sip:sip.carrier.example", response="6d1f0e9c8b7a69584736251403f2e1d0", '
            'algorithm=MD5\r\n' % (user, realm, nonce))


def challenge(nonce):
    return 'WWW-Authenticate: Digest realm="sip.carrier.example", nonce="%s", algorithm=MD5\r\n' % nonce


if kind == "ok":
    flow = [(pbx, register(1)), (carrier, answer(1, "200 OK", "Contact: <sip:%s@%s:5060>;expires=300\r\n" % (user, pbx)))]
elif kind == "403":
    flow = [(pbx, register(1)), (carrier, answer(1, "401 Unauthorized", challenge("n1"))),
            (pbx, register(2, digest("sip.carrier.example", "n1"))), (carrier, answer(2, "403 Forbidden"))]
elif kind == "401loop":
    flow = [(pbx, register(1)), (carrier, answer(1, "401 Unauthorized", challenge("n1"))),
            (pbx, register(2, digest("asterisk", "n1"))), (carrier, answer(2, "401 Unauthorized", challenge("n2")))]
elif kind == "keepalives":
    flow = []
    for i in range(6):
        ping = ("OPTIONS sip:sip.carrier.example SIP/2.0\r\n"
                "Via: SIP/2.0/UDP %s:5060;branch=z9hG4bK-ka%d;rport\r\nMax-Forwards: 70\r\n"
                "From: <sip:keepalive@%s>;tag=ka%d\r\nTo: <sip:sip.carrier.example>\r\n"
                "Call-ID: keepalive-%d-%d@%s\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
                % (pbx, i, pbx, i, capid, i, pbx))
        pong = ("SIP/2.0 200 OK\r\n"
                "Via: SIP/2.0/UDP %s:5060;branch=z9hG4bK-ka%d;rport=5060\r\n"
                "From: <sip:keepalive@%s>;tag=ka%d\r\nTo: <sip:sip.carrier.example>;tag=c%d\r\n"
                "Call-ID: keepalive-%d-%d@%s\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
                % (pbx, i, pbx, i, i, capid, i, pbx))
        flow += [(pbx, ping), (carrier, pong)]
else:
    sys.exit("kind is ok, 403, 401loop or keepalives")

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
t0 = time.time() - (120 if kind == "keepalives" else 5)
for i, (src, sip) in enumerate(flow):
    dst = carrier if src == pbx else pbx
    s.sendto(hep(src, dst, t0 + i * 0.04, sip), ("127.0.0.1", port))
