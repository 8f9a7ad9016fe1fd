#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# registrar.py PORT PASSWORD PIDFILE - a registrar on 127.0.0.1:PORT/udp for
# the screen's test-registration test (tests/tui/probe-register.sh): it
# challenges every REGISTER without credentials (401, RFC 3261 §22.4, MD5,
# qop=auth), accepts a digest made with PASSWORD (200 OK) and challenges a
# wrong one again, and answers OPTIONS with 200 OK.  It answers only the
# address a request came from (loopback); the pidfile is written once the
# socket is bound.  It stops itself after ten idle minutes, should the test
# die first.
import hashlib, os, re, secrets, socket, sys

port, password, pidfile = int(sys.argv[1]), sys.argv[2], sys.argv[3]
REALM = "tui.test"
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", port))
s.settimeout(600)
with open(pidfile + ".tmp", "w") as f:
    f.write("%d\n" % os.getpid())
os.rename(pidfile + ".tmp", pidfile)

def md5(text):
    return hashlib.md5(text.encode()).hexdigest()

def header(msg, name):
    m = re.search(r"^" + name + r"\s*:\s*(.*?)\r?$", msg, re.I | re.M)
    return m.group(1) if m else ""

def digest_ok(auth):
    p = dict(re.findall(r'(\w+)="?([^",]*)"?', auth))
    ha1 = md5("%s:%s:%s" % (p.get("username", ""), REALM, password))
    ha2 = md5("REGISTER:%s" % p.get("uri", ""))
    if p.get("qop"):
        want = md5(":".join([ha1, p.get("nonce", ""), p.get("nc", ""), p.get("cnonce", ""),
                             p["qop"], ha2]))
    else:
        want = md5("%s:%s:%s" % (ha1, p.get("nonce", ""), ha2))
    return p.get("response") == want

while True:
    try:
        data, peer = s.recvfrom(65535)
    except socket.timeout:
        break
    msg = data.decode("utf-8", "replace")
    method = msg.split(" ", 1)[0]
    if method not in ("REGISTER", "OPTIONS"):
        continue
    common = "".join("%s: %s\r\n" % (h, header(msg, h)) for h in ("Via", "From", "To", "Call-ID", "CSeq"))
    auth = header(msg, "Authorization")
    if method == "OPTIONS" or (auth and digest_ok(auth)):
        extra = "Contact: %s;expires=%s\r\n" % (header(msg, "Contact"), header(msg, "Expires") or "60") \
            if method == "REGISTER" else ""
        reply = "SIP/2.0 200 OK\r\n" + common + extra
    else:
        reply = ("SIP/2.0 401 Unauthorized\r\n" + common +
                 'WWW-Authenticate: Digest realm="%s", nonce="%s", algorithm=MD5, qop="auth"\r\n'
                 % (REALM, secrets.token_hex(12)))
    s.sendto((reply + "Content-Length: 0\r\n\r\n").encode(), peer)
