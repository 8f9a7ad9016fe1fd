# carrier-ticket export and saved sessions
libtrunkdoc_a_SOURCES += src/export.c src/export_md.c src/export_md.h \
	src/pcapout.c src/pcapout.h src/redact.c src/redact.h \
	src/session.c src/atomicfile.c src/atomicfile.h
