# src/store: the store: messages, transactions, dialogs, registrations
libtrunkdoc_a_SOURCES += src/store/store.c src/store/store.h \
	src/store/store_group.c src/store/store_impl.h src/store/store_reg.c
