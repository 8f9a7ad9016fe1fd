# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# decode, reassembly and pipeline tests
#   test_decode        link layers, IPv4/IPv6, fragments, tunnels, UDP, ICMP
#   test_frame         the frame walker's layers and the checksum repair over them
#   test_tcpstream     TCP reassembly and TLS recognition
#   test_netevents     DNS and ICMP decoding on their own
#   test_capture       file offsets, damaged/foreign files, live filter text
#   test_pipeline      sources end to end: frame numbers, raw refs, stdin
#   test_live          loopback capture and privilege drop (root only, else 77)
#   test_decode_robust $SHARED_CAPTURES and mutated/random frames, no sanitizer report
DECODE_TESTS = tests/unit/test_decode tests/unit/test_frame tests/unit/test_tcpstream tests/unit/test_netevents \
	tests/unit/test_capture tests/unit/test_pipeline tests/unit/test_live \
	tests/unit/test_decode_robust
check_PROGRAMS += $(DECODE_TESTS)
TESTS += $(DECODE_TESTS)

tests_unit_test_decode_SOURCES = tests/unit/test_decode.c tests/unit/decode_pkt.h tests/unit/decode_rec.h
tests_unit_test_decode_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_decode_LDADD = $(TEST_LIBS)
tests_unit_test_frame_SOURCES = tests/unit/test_frame.c tests/unit/decode_pkt.h
tests_unit_test_frame_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_frame_LDADD = $(TEST_LIBS)
tests_unit_test_tcpstream_SOURCES = tests/unit/test_tcpstream.c tests/unit/decode_pkt.h tests/unit/decode_rec.h
tests_unit_test_tcpstream_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_tcpstream_LDADD = $(TEST_LIBS)
tests_unit_test_netevents_SOURCES = tests/unit/test_netevents.c
tests_unit_test_netevents_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_netevents_LDADD = $(TEST_LIBS)
tests_unit_test_capture_SOURCES = tests/unit/test_capture.c
tests_unit_test_capture_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_capture_LDADD = $(TEST_LIBS)
tests_unit_test_pipeline_SOURCES = tests/unit/test_pipeline.c tests/unit/decode_pkt.h
tests_unit_test_pipeline_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_pipeline_LDADD = $(TEST_LIBS)
tests_unit_test_live_SOURCES = tests/unit/test_live.c
tests_unit_test_live_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_live_LDADD = $(TEST_LIBS)
tests_unit_test_decode_robust_SOURCES = tests/unit/test_decode_robust.c
tests_unit_test_decode_robust_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_decode_robust_LDADD = $(TEST_LIBS)
