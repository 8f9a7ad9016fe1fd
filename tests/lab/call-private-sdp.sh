#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# Call lab scenario "private-sdp": see tests/lab/calls.sh and doc/lab.md.
exec bash "${top_srcdir:-.}/tests/lab/call-live.sh" private-sdp
