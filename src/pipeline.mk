# capture, decode, reassembly, network events, pipeline
libtrunkdoc_a_SOURCES += src/capture.c src/capture.h src/decode.c src/decode.h src/tunnel.h src/wire.h \
	src/ipfrag.c src/ipfrag.h src/tcpstream.c src/tcpstream.h \
	src/netevents.c src/netevents.h src/sipsink.c src/pipeline.c
EXTRA_DIST += doc/limits.md
