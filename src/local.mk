# Core sources. Each area keeps its own list below; add a file to the list of
# the area it belongs to.
libtrunkdoc_a_SOURCES += src/options.c src/options.h src/app.c src/app.h \
	src/model.h src/store.h src/profile.h src/secret.h src/sanitize.h \
	src/pipeline.h src/sipparse.h src/report.h src/export.h src/session.h \
	src/probe.h src/import.h
include src/pipeline.mk
include src/sip.mk
include src/export.mk
include src/probe.mk
