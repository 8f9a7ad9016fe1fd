# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# src/sip: SIP framing and parsing (libosip2), the parallel parse
libtrunkdoc_a_SOURCES += src/sip/sipalloc.c src/sip/sipalloc.h \
	src/sip/sipbatch.c src/sip/sipbody.c src/sip/sipbody.h src/sip/sipframe.c src/sip/sipframe.h src/sip/sipingest.h \
	src/sip/sipparse.c src/sip/sipparse.h src/sip/sipsdp.c src/sip/sipsdp_fast.c src/sip/sipsdp_impl.h src/sip/sipsdp.h \
	src/sip/sipsink.c src/sip/sipstream.c
