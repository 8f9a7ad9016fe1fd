#!/bin/sh
# Lab scenario "dns-healthy" live: see tests/lab/scenarios.sh and doc/lab.md.
exec bash "${top_srcdir:-.}/tests/lab/live.sh" dns-healthy
