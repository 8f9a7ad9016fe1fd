#!/bin/sh
# Lab scenario "wrong-username" live: see tests/lab/scenarios.sh and doc/lab.md.
exec bash "${top_srcdir:-.}/tests/lab/live.sh" wrong-username
