#!/bin/sh
# Lab scenario "dns-servfail" live: see tests/lab/scenarios.sh and doc/lab.md.
exec bash "${top_srcdir:-.}/tests/lab/live.sh" dns-servfail
