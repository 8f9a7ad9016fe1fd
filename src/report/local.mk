# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# src/report: reports (text, JSON) and the carrier-ticket export with its redaction and pcap
libtrunkdoc_a_SOURCES += src/report/export.c src/report/export.h \
	src/report/export_md.c src/report/export_md.h src/report/export_md_put.h \
	src/report/export_carrier.c src/report/export_carrier.h src/report/pcapout.c \
	src/report/pcapout.h src/report/redact.c src/report/redact.h \
	src/report/report.h src/report/report_calls.c src/report/report_calls.h src/report/report_json.c src/report/report_text.c \
	src/report/report_util.c src/report/report_util.h
