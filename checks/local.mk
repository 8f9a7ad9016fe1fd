# the checklist, trunk profile, password and digest proof
libtrunkdoc_a_SOURCES += checks/check.h checks/groups.h checks/catalog.c \
	checks/finding.c checks/util.c checks/util.h \
	checks/net.c checks/pbx.c checks/prov.c checks/fw.c \
	src/profile.c src/secret.c src/digest.c src/digest.h
EXTRA_DIST += doc/checks.md doc/profile.md
