# the ncurses screen: one file per pane or view, a layout manager, one key
# table and one glyph table
libtrunkdoc_ui_a_SOURCES += ui/tui.h ui/ui.h ui/pane.h \
	ui/tui.c ui/layout.c ui/draw.c ui/glyphs.c ui/glyphs.h ui/keys.c ui/keys.h \
	ui/list_pane.c ui/ladder_pane.c ui/checklist_pane.c ui/detail_pane.c \
	ui/message_view.c ui/help_view.c ui/form_profile.c ui/statusbar.c ui/filter.c \
	ui/probe_task.c ui/prompt.c
