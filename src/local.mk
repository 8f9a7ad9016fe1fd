# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# Sources, one folder per stage of the pipeline; each folder keeps its own
# list in a local.mk fragment.  doc/design.md gives the layering rule
# (tests/layering.sh enforces it).
include src/base/local.mk
include src/store/local.mk
include src/net/local.mk
include src/sip/local.mk
include src/trunk/local.mk
include src/probe/local.mk
include src/checks/local.mk
include src/app/local.mk
include src/report/local.mk
include src/ui/local.mk
EXTRA_DIST += doc/limits.md doc/checks.md doc/profile.md doc/hep.md
