# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# src/base: the base layer: byte-order readers, host:port, interning, the sanitiser, atomic files, JSON helpers, large-table memory
libtrunkdoc_a_SOURCES += src/base/atomicfile.c src/base/atomicfile.h \
	src/base/hostport.c src/base/hostport.h \
	src/base/hugemem.c src/base/hugemem.h src/base/idmap.c src/base/idmap.h \
	src/base/json_fill.c src/base/json_fill.h src/base/model.h \
	src/base/sanitize.c src/base/sanitize.h src/base/span.c src/base/span.h \
	src/base/strpool.c src/base/strpool.h src/base/threads.c src/base/threads.h \
	src/base/wire.h
