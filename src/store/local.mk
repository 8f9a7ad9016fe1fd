# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# src/store: the store: messages, transactions, dialogs, registrations
libtrunkdoc_a_SOURCES += src/store/store.c src/store/store.h \
	src/store/store_call.c src/store/store_group.c src/store/store_impl.h src/store/store_reg.c \
	src/store/store_own.c src/store/store_node.c src/store/store_limit.c \
	src/store/store_mem.c src/store/store_hdr.c
