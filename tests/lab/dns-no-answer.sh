#!/bin/sh
# Lab scenario "dns-no-answer" live: see tests/lab/scenarios.sh and doc/lab.md.
exec bash "${top_srcdir:-.}/tests/lab/live.sh" dns-no-answer
