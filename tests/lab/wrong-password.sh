#!/bin/sh
# Lab scenario "wrong-password" live: see tests/lab/scenarios.sh and doc/lab.md.
exec bash "${top_srcdir:-.}/tests/lab/live.sh" wrong-password
