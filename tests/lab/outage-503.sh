#!/bin/sh
# Lab scenario "outage-503" live: see tests/lab/scenarios.sh and doc/lab.md.
exec bash "${top_srcdir:-.}/tests/lab/live.sh" outage-503
