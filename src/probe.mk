# active probes and configuration import
libtrunkdoc_a_SOURCES += src/probe.c src/probe_impl.h src/probe_net.c src/probe_dns.c \
	src/probe_sip.c src/probe_tls.c src/probe_ping.c src/probe_register.c src/probe_json.c \
	src/import_util.c src/import_util.h \
	src/import_pjsip.c src/import_sipconf.c src/import_freeswitch.c
# libxml2 (Debian libxml2-dev) reads FreeSWITCH gateway XML.
libtrunkdoc_a_CFLAGS += $(XML_CFLAGS)
trunkdoc_LDADD += $(XML_LIBS)
