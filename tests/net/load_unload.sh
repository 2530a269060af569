#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module loads, registers its generic netlink family, survives network
# namespaces coming and going, and unloads cleanly, repeatedly.
. "$(dirname "$0")/lib.sh"

family_registered() { genl ctrl get name lbdr >/dev/null 2>&1; }

load_and_check() {
	check "insmod ($1)" module_load
	check "family lbdr registered ($1)" family_registered
}

unload_and_check() {
	check "rmmod ($1)" rmmod lbdr
	check "family lbdr gone ($1)" eval '! family_registered'
	check "no lbdr in /proc/modules ($1)" eval '! grep -q "^lbdr " /proc/modules'
}

# Namespaces created before and after the load both get lbdr state, and
# both can be destroyed while the module is loaded.
netns_lifecycle() {
	local early late

	ns_add early early
	load_and_check "with a namespace"
	ns_add late late
	check "state in a namespace older than the module" \
		"$LBADM" -n "$early" config show
	check "state in a namespace younger than the module" \
		"$LBADM" -n "$late" config show
	check "namespace deleted while loaded" ip netns del "$late"
	check "unload with a namespace alive" rmmod lbdr
	check "namespace outlives the module" ip netns del "$early"
	NETNS_LIST=()
}

check "module file $LBDR_KO exists" test -f "$LBDR_KO"
check "modinfo reports a version" test -n "$(modinfo -F version "$LBDR_KO")"
for round in 1 2 3; do
	load_and_check "round $round"
	unload_and_check "round $round"
done
netns_lifecycle
finish
