# TUI tests driven through tmux
