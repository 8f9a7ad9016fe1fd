#!/bin/sh
# Lab scenario "port-closed" live: see tests/lab/scenarios.sh and doc/lab.md.
exec bash "${top_srcdir:-.}/tests/lab/live.sh" port-closed
