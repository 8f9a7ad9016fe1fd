# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# Coverage-guided fuzzing (fuzz/README.md).  One target is one file,
# fuzz/fuzz_NAME.c, defining LLVMFuzzerTestOneInput.  Each is built twice:
#   fuzz/regress_NAME  with any compiler and fuzz/driver.c: `make check`
#                      runs it over fuzz/regress/NAME/ and fuzz/corpus/NAME/
#                      (fuzz/regress.tap, one TAP line per target);
#   fuzz/fuzz_NAME     with clang and libFuzzer (--enable-fuzzing only):
#                      `make fuzz-smoke` (60 s each) and `make fuzz`.
# To add a target: write fuzz/fuzz_NAME.c, add NAME to FUZZ_NAMES and copy
# one block of each kind below.
FUZZ_NAMES = batch sip netevents import session hep sdp
FUZZ_CFLAGS = $(AM_CFLAGS) $(CORE_CFLAGS)
FUZZ_LIBS = libtrunkdoc.a $(CORE_LIBS)
FUZZ_DRIVER = fuzz/driver.c fuzz/fuzz_util.h

check_PROGRAMS += fuzz/regress_batch fuzz/regress_sip fuzz/regress_netevents \
	fuzz/regress_import fuzz/regress_session fuzz/regress_hep fuzz/regress_sdp
fuzz_regress_batch_SOURCES = fuzz/fuzz_batch.c $(FUZZ_DRIVER)
fuzz_regress_batch_CFLAGS = $(FUZZ_CFLAGS)
fuzz_regress_batch_LDADD = $(FUZZ_LIBS)
fuzz_regress_sip_SOURCES = fuzz/fuzz_sip.c $(FUZZ_DRIVER)
fuzz_regress_sip_CFLAGS = $(FUZZ_CFLAGS)
fuzz_regress_sip_LDADD = $(FUZZ_LIBS)
fuzz_regress_netevents_SOURCES = fuzz/fuzz_netevents.c $(FUZZ_DRIVER)
fuzz_regress_netevents_CFLAGS = $(FUZZ_CFLAGS)
fuzz_regress_netevents_LDADD = $(FUZZ_LIBS)
fuzz_regress_import_SOURCES = fuzz/fuzz_import.c $(FUZZ_DRIVER)
fuzz_regress_import_CFLAGS = $(FUZZ_CFLAGS)
fuzz_regress_import_LDADD = $(FUZZ_LIBS)
fuzz_regress_session_SOURCES = fuzz/fuzz_session.c $(FUZZ_DRIVER)
fuzz_regress_session_CFLAGS = $(FUZZ_CFLAGS)
fuzz_regress_session_LDADD = $(FUZZ_LIBS)
fuzz_regress_hep_SOURCES = fuzz/fuzz_hep.c $(FUZZ_DRIVER)
fuzz_regress_hep_CFLAGS = $(FUZZ_CFLAGS)
fuzz_regress_hep_LDADD = $(FUZZ_LIBS)
fuzz_regress_sdp_SOURCES = fuzz/fuzz_sdp.c $(FUZZ_DRIVER)
fuzz_regress_sdp_CFLAGS = $(FUZZ_CFLAGS)
fuzz_regress_sdp_LDADD = $(FUZZ_LIBS)

TESTS += fuzz/regress.tap
EXTRA_DIST += fuzz/README.md doc/fuzzing.md fuzz/regress.tap fuzz/run.sh fuzz/seeds.sh \
	$(wildcard $(srcdir)/fuzz/regress/*/*) $(wildcard $(srcdir)/fuzz/corpus/*/*) \
	$(wildcard $(srcdir)/fuzz/*.dict)

if ENABLE_FUZZING
FUZZ_BINS = fuzz/fuzz_batch fuzz/fuzz_sip fuzz/fuzz_netevents \
	fuzz/fuzz_import fuzz/fuzz_session fuzz/fuzz_hep fuzz/fuzz_sdp
noinst_PROGRAMS += $(FUZZ_BINS)
fuzz_fuzz_batch_SOURCES = fuzz/fuzz_batch.c fuzz/fuzz_util.h
fuzz_fuzz_batch_CFLAGS = $(FUZZ_CFLAGS)
fuzz_fuzz_batch_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
fuzz_fuzz_batch_LDADD = $(FUZZ_LIBS)
fuzz_fuzz_sip_SOURCES = fuzz/fuzz_sip.c fuzz/fuzz_util.h
fuzz_fuzz_sip_CFLAGS = $(FUZZ_CFLAGS)
fuzz_fuzz_sip_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
fuzz_fuzz_sip_LDADD = $(FUZZ_LIBS)
fuzz_fuzz_netevents_SOURCES = fuzz/fuzz_netevents.c fuzz/fuzz_util.h
fuzz_fuzz_netevents_CFLAGS = $(FUZZ_CFLAGS)
fuzz_fuzz_netevents_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
fuzz_fuzz_netevents_LDADD = $(FUZZ_LIBS)
fuzz_fuzz_import_SOURCES = fuzz/fuzz_import.c fuzz/fuzz_util.h
fuzz_fuzz_import_CFLAGS = $(FUZZ_CFLAGS)
fuzz_fuzz_import_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
fuzz_fuzz_import_LDADD = $(FUZZ_LIBS)
fuzz_fuzz_session_SOURCES = fuzz/fuzz_session.c fuzz/fuzz_util.h
fuzz_fuzz_session_CFLAGS = $(FUZZ_CFLAGS)
fuzz_fuzz_session_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
fuzz_fuzz_session_LDADD = $(FUZZ_LIBS)
fuzz_fuzz_hep_SOURCES = fuzz/fuzz_hep.c fuzz/fuzz_util.h
fuzz_fuzz_hep_CFLAGS = $(FUZZ_CFLAGS)
fuzz_fuzz_hep_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
fuzz_fuzz_hep_LDADD = $(FUZZ_LIBS)
fuzz_fuzz_sdp_SOURCES = fuzz/fuzz_sdp.c fuzz/fuzz_util.h
fuzz_fuzz_sdp_CFLAGS = $(FUZZ_CFLAGS)
fuzz_fuzz_sdp_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
fuzz_fuzz_sdp_LDADD = $(FUZZ_LIBS)
endif

# make fuzz-smoke: every target FUZZ_SMOKE_SECONDS (tests/run-all runs it);
# make fuzz: every target FUZZ_SECONDS, by hand, growing build's corpus.
FUZZ_SMOKE_SECONDS = 60
FUZZ_SECONDS = 300
FUZZ_RUN = top_srcdir=$(abs_top_srcdir) top_builddir=$(abs_top_builddir) \
	$(SHELL) $(top_srcdir)/fuzz/run.sh
if ENABLE_FUZZING
fuzz-smoke: $(FUZZ_BINS) tests/tools/scn2pcap$(EXEEXT)
	@$(FUZZ_RUN) $(FUZZ_SMOKE_SECONDS) $(FUZZ_NAMES)
fuzz: $(FUZZ_BINS) tests/tools/scn2pcap$(EXEEXT)
	@$(FUZZ_RUN) $(FUZZ_SECONDS) $(FUZZ_NAMES)
else
fuzz-smoke fuzz:
	@echo "make $@: the fuzzers need clang: CC=clang ./configure --enable-fuzzing" >&2; exit 1
endif
.PHONY: fuzz-smoke fuzz
# what fuzz/regress.tap and fuzz/run.sh leave in the build tree (the work
# directory holds corpora that grow: `make clean` removes them)
CLEANFILES += fuzz/regress-*.log -r fuzz/work
