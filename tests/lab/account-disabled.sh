#!/bin/sh
# Lab scenario "account-disabled" live: see tests/lab/scenarios.sh and doc/lab.md.
exec bash "${top_srcdir:-.}/tests/lab/live.sh" account-disabled
