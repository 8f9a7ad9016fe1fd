#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# teardown.sh - the lab leaves nothing behind when a step fails: a child
# shell builds the namespaces, starts a long-running process in each one
# through lab_spawn, then fails.  Afterwards no namespace of that run, no
# process and no temporary directory may remain.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lab.sh"
lab_need_root lab-teardown
id=tdt$$
(
	LAB_ID=$id NS_PBX=$id-pbx NS_NAT=$id-nat NS_PROV=$id-prov
	lab_up || exit 3
	echo "$LAB_DIR" >"/tmp/$id.dir"
	for ns in "$NS_PBX" "$NS_NAT" "$NS_PROV"; do
		lab_spawn "$ns" "sleep-$ns" sleep 300 || exit 3
		cat "$LAB_DIR/sleep-$ns.pid" >>"/tmp/$id.pids"
	done
	# A stray process not started through lab_spawn, in our namespace.
	ip netns exec "$NS_PROV" sleep 301 &
	false || exit 1          # the failing step
) 2>/dev/null
rc=$?
fail=0
[ "$rc" = 1 ] || { echo "not ok - the failing step's status was $rc, want 1"; fail=1; }
left=$(ip netns list | grep -c "^$id-")
if [ "$left" = 0 ]; then echo "ok - no namespace left"; else echo "not ok - $left namespaces left"; fail=1; fi
for p in $(cat "/tmp/$id.pids" 2>/dev/null); do
	if kill -0 "$p" 2>/dev/null; then echo "not ok - process $p still runs"; kill "$p"; fail=1; fi
done
[ -s "/tmp/$id.pids" ] && echo "ok - spawned processes stopped" || { echo "not ok - no pids recorded"; fail=1; }
if pgrep -f '^sleep 301$' >/dev/null; then echo "not ok - stray process survived"; fail=1; else echo "ok - stray process killed"; fi
d=$(cat "/tmp/$id.dir" 2>/dev/null)
if [ -n "$d" ] && [ ! -e "$d" ]; then echo "ok - temporary directory removed"; else echo "not ok - temporary directory '$d' left"; fail=1; fi
rm -f "/tmp/$id.dir" "/tmp/$id.pids"
exit $fail
