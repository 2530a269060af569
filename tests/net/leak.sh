#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# On the debug kernel: load, work every command in several namespaces,
# destroy them, unload, and let kmemleak look for what lbdr left behind.
. "$(dirname "$0")/lib.sh"

KMEMLEAK=/sys/kernel/debug/kmemleak

exercise() {
	local i ns

	for i in 1 2 3; do
		ns_add ns "n$i" || return 1
		"$LBADM" -n "$ns" timeout set udp "$i" tcp 100 >/dev/null || return 1
		"$LBADM" -n "$ns" config set conn-max 1000 >/dev/null || return 1
		"$LBADM" -n "$ns" -j config show >/dev/null || return 1
		"$LBADM" -n "$ns" info >/dev/null || return 1
		"$LBADM" -n "$ns" timeout set tcp 0 2>/dev/null && return 1
	done
	for ns in "${NETNS_LIST[@]}"; do
		ip netns del "$ns" || return 1
	done
	NETNS_LIST=()
}

# kmemleak reports objects at least 5 s old, and in practice only from its
# second scan on: age them, then scan twice.
no_leaks() {
	local report

	sleep 5
	echo scan > "$KMEMLEAK"
	echo scan > "$KMEMLEAK"
	report=$(cat "$KMEMLEAK")
	[ -z "$report" ] || { echo "$report" | head -n 40; return 1; }
}

if [ ! -w "$KMEMLEAK" ]; then
	skip "no leak after unload" "kernel without kmemleak"
	finish
	exit
fi
echo clear > "$KMEMLEAK"
check "module loads" module_load
check "every command in three namespaces, then delete them" exercise
check "module unloads" rmmod lbdr
check "kmemleak finds nothing after unload" no_leaks
finish
