# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# src/trunk: the trunk: profile, password, digest proof, configuration import
libtrunkdoc_a_SOURCES += src/trunk/digest.c src/trunk/digest.h \
	src/trunk/import.h src/trunk/import_freeswitch.c src/trunk/import_pjsip.c \
	src/trunk/import_sipconf.c src/trunk/import_util.c src/trunk/import_util.h \
	src/trunk/profile.c src/trunk/profile.h src/trunk/secret.c src/trunk/secret.h \
	src/trunk/xmllib.c src/trunk/xmllib.h
# libxml2 (Debian libxml2-dev) reads FreeSWITCH gateway XML.  Its headers
# only: xmllib.c loads the library (XML_SONAME, configure) when an import
# needs it, so a run that imports nothing never maps it.
libtrunkdoc_a_CFLAGS += $(XML_CFLAGS)
