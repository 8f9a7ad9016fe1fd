/*
 * pending.c - TEMPORARY placeholders so the binary links while the modules
 * are being written in parallel.  Each module's author deletes its
 * placeholders here when the real implementation lands; a duplicate-symbol
 * link error is the reminder.  This file must be gone before the stop.
 */
#include <stdio.h>
#include <stdlib.h>
#include "app.h"
#include "export.h"
#include "import.h"
#include "pipeline.h"
#include "probe.h"
#include "report.h"
#include "session.h"
#include "sipparse.h"
#include "store.h"
#include "sanitize.h"
#include "../ui/tui.h"

#define PENDING(what) do { fprintf(stderr, "trunkdoc: %s is not built yet\n", what); } while (0)


/* probes + import (probe helper) */

