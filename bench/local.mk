# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# benchmark (run by hand, never by make check)
# bench/gen-corpus writes the synthetic capture bench/run.sh times; built
# with the tree so it cannot rot, never run by make check.
noinst_PROGRAMS += bench/gen-corpus
bench_gen_corpus_SOURCES = bench/gen-corpus.c
bench_gen_corpus_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
bench_gen_corpus_LDADD = $(PCAP_LIBS)
EXTRA_DIST += bench/run.sh bench/run-rtp.sh bench/run-reg.sh bench/README.md
# bench/hep-load: simulated PBXs mirroring HEPv3 to --hep-listen (bench/hep-load.sh)
noinst_PROGRAMS += bench/hep-load
bench_hep_load_SOURCES = bench/hep-load.c
bench_hep_load_CFLAGS = $(AM_CFLAGS)
bench_hep_load_LDADD = libtrunkdoc.a $(CORE_LIBS)
EXTRA_DIST += bench/hep-load.sh
# bench/sip-load: PBXs registering at a fixed rate and a registrar answering
# them, over a veth pair (bench/live-load.sh)
noinst_PROGRAMS += bench/sip-load
bench_sip_load_SOURCES = bench/sip-load.c
EXTRA_DIST += bench/live-load.sh
