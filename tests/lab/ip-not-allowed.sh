#!/bin/sh
# Lab scenario "ip-not-allowed" live: see tests/lab/scenarios.sh and doc/lab.md.
exec bash "${top_srcdir:-.}/tests/lab/live.sh" ip-not-allowed
