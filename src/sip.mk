# SIP framing and parsing, store, sanitiser, reports
libtrunkdoc_a_SOURCES += src/idmap.c src/idmap.h src/strpool.c src/strpool.h src/hugemem.c src/hugemem.h \
	src/store.c src/store_impl.h src/store_group.c src/store_reg.c \
	src/sanitize.c \
	src/sipframe.c src/sipframe.h src/sipingest.h src/sipalloc.c src/sipalloc.h src/sipparse.c src/sipbatch.c src/sipstream.c \
	src/report_util.c src/report_util.h src/report_text.c src/report_json.c \
	src/json_fill.c src/json_fill.h
