# the ncurses screen
libtrunkdoc_ui_a_SOURCES += ui/tui.h
