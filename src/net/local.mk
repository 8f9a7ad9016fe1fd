# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# src/net: capture and decoding: libpcap sources, the frame walker and checksum repair, link layers, IP fragments, TCP streams, DNS/ICMP/TLS events
libtrunkdoc_a_SOURCES += src/net/capture.c src/net/capture.h src/net/pktqueue.c src/net/pktqueue.h src/net/pktreader.c src/net/pktreader.h \
	src/net/checksum.c \
	src/net/checksum.h src/net/decode.c src/net/decode.h src/net/frame.c src/net/frame.h \
	src/net/ipfrag.c src/net/ipfrag.h src/net/netevents.c src/net/netevents.h src/net/rtp.c src/net/rtp.h src/net/sink.h \
	src/net/tcpstream.c src/net/tcpstream.h \
	src/net/hep.c src/net/hep.h src/net/hepin.c src/net/hepin.h \
	src/net/hepsock.c src/net/hepsock.h src/net/hepreader.c src/net/hepreader.h src/net/hepsend.c src/net/hepsend.h \
	src/net/hepstream.c src/net/hepstream.h src/net/heporder.c src/net/heporder.h
