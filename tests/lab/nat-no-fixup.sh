#!/bin/sh
# Lab scenario "nat-no-fixup" live: see tests/lab/scenarios.sh and doc/lab.md.
exec bash "${top_srcdir:-.}/tests/lab/live.sh" nat-no-fixup
