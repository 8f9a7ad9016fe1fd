# the checklist, trunk profile, password and digest proof
libtrunkdoc_a_SOURCES += checks/check.h
