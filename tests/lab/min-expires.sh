#!/bin/sh
# Lab scenario "min-expires" live: see tests/lab/scenarios.sh and doc/lab.md.
exec bash "${top_srcdir:-.}/tests/lab/live.sh" min-expires
