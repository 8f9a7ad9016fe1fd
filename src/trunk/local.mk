# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# src/trunk: the trunk: profile, password, digest proof, configuration import
libtrunkdoc_a_SOURCES += src/trunk/digest.c src/trunk/digest.h \
	src/trunk/import.h src/trunk/import_freeswitch.c src/trunk/import_pjsip.c \
	src/trunk/import_sipconf.c src/trunk/import_util.c src/trunk/import_util.h \
	src/trunk/profile.c src/trunk/profile.h src/trunk/secret.c src/trunk/secret.h
# libxml2 (Debian libxml2-dev) reads FreeSWITCH gateway XML.
libtrunkdoc_a_CFLAGS += $(XML_CFLAGS)
trunkdoc_LDADD += $(XML_LIBS)
