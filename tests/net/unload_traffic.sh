#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module unloaded while traffic flows through it: no crash (the VM
# harness fails the run on any WARN, BUG, KASAN, lockdep or kmemleak
# report), the balancer's namespace unharmed, and after a reload and a new
# configuration the traffic flows again. On the topology of lib_dsr.sh:
#
#   client ---- router ==== br0 (LAN) ====+============+=======+=======+
#   4 loops:      |                        |            |       |       |
#   TCP, UDP  routes the VIP            balancer (lbdr)   s1      s2      s3
#   x IPv4,   to the balancer           VIP on lo too,    VIP on lo, each
#   IPv6                                its own dsr_peer  answering with its
#                                       answers as "lb"   name
#
#   client 198.51.100.2 / 2001:db8:c::2   router .1 / ::1 on both sides
#   LAN 10.0.0.0/24, 2001:db8:a::/64: router .1, balancer .2, s1..s3 .11-.13
#   VIP 192.0.2.10 and 2001:db8:f::10, port 80
#
# Each loop writes a line per exchange: "ok s1".."ok s3" while lbdr
# balances, "ok lb" once it is gone (the balancer's own stack holds the
# VIP), "bad" for a lost or refused one.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_dsr.sh"

KMEMLEAK=/sys/kernel/debug/kmemleak
KINDS="tcp4 udp4 tcp6 udp6"
D=$(mktemp -d) || exit 1
trap 'touch "$D/stop"; cleanup; rm -rf "$D"' EXIT

# One exchange loop per kind, in the client's namespace.
traffic_start() {
	local k vip

	for k in $KINDS; do
		case "$k" in *4) vip=$VIP4 ;; *) vip=$VIP6 ;; esac
		nsx "$C" python3 "$PEER" flood "${k%?}" "$vip" 80 "$D/stop" > "$D/flood-$k" 2>&1 &
	done
}

# totals PATTERN: how many lines of each loop's output start with PATTERN.
totals() {
	local k

	for k in $KINDS; do
		grep -c "^$1" "$D/flood-$k"
	done | xargs
}

# grown PATTERN N BEFORE...: every loop has N more lines of PATTERN than
# BEFORE (as totals printed it).
grown() {
	local pat=$1 n=$2 k

	shift 2
	for k in $KINDS; do
		[ "$(grep -c "^$pat" "$D/flood-$k")" -ge $(($1 + n)) ] || return 1
		shift
	done
}

# flowing PATTERN N: every loop gets N more answers matching PATTERN.
flowing() {
	local before

	before=$(totals "$1")
	if ! wait_for 60 grown "$1" "$2" $before; then
		echo "\"$1\" answers ($KINDS): $before, then $(totals "$1")"
		echo "bad: $(totals bad)"
		return 1
	fi
	echo "\"$1\" answers ($KINDS): $before, then $(totals "$1")"
}

balanced_traffic() { flowing "ok s" 10; }

# rmmod while every loop is being answered by the servers.
unload_under_traffic() {
	flowing "ok s" 3 || return 1
	rmmod lbdr
}

module_gone() {
	local rc

	! module_loaded || { echo "/sys/module/lbdr still there"; return 1; }
	! grep -q '^lbdr ' /proc/modules || return 1
	# lbadm: exit 3 when the family is missing.
	lbadm_lb info
	rc=$?
	[ $rc = 3 ] || { echo "lbadm info exited $rc, not 3"; return 1; }
}

# The balancer still talks: to itself, and to the router both ways.
balancer_alive() {
	nsx "$LB" ping -c 1 -W 5 10.0.0.2 &&
		nsx "$LB" ping -c 1 -W 5 10.0.0.1 &&
		nsx "$R" ping -c 1 -W 5 10.0.0.2 &&
		nsx "$R" ping -6 -c 1 -W 5 2001:db8:a::2
}

# Without lbdr the balancer's own stack answers the VIP ("lb"); no server
# does, but for the one exchange per loop that was in flight at rmmod.
unbalanced() {
	local before after k

	before=$(totals "ok s")
	flowing "ok lb" 3 || return 1
	after=$(totals "ok s")
	echo "\"ok s\" answers since: $before, then $after"
	set -- $before
	for k in $after; do
		[ "$k" -le $(($1 + 1)) ] || return 1
		shift
	done
}

empty_after_reload() {
	local j

	j=$(lbadm_lb -j service show) || return 1
	echo "$j"
	[ "$j" = "[]" ]
}

# Stop the loops: each ends with "done" (a crashed one would not).
traffic_stop() {
	local k

	touch "$D/stop"
	for k in $KINDS; do
		wait_for 30 grep -qx done "$D/flood-$k" ||
			{ echo "loop $k did not end cleanly:"; tail -n 5 "$D/flood-$k"; return 1; }
	done
	echo "answers ($KINDS): servers $(totals "ok s"), lb $(totals "ok lb"), bad $(totals bad)"
}

# As leak.sh: kmemleak reports objects at least 5 s old, and in practice
# only from its second scan on: age them, then scan twice.
no_leaks() {
	local report

	sleep 5
	echo scan > "$KMEMLEAK"
	echo scan > "$KMEMLEAK"
	report=$(cat "$KMEMLEAK")
	[ -z "$report" ] || { echo "$report" | head -n 40; return 1; }
}

[ -w "$KMEMLEAK" ] && echo clear > "$KMEMLEAK"
check "module loads" module_load
namespaces_up || { fail "namespaces created"; finish; exit 1; }
check "topology: client, router, balancer, 3 servers" topology_up
check "services and servers configured on the balancer" services_up
traffic_start
check "TCP and UDP, IPv4 and IPv6: continuous traffic answered by the servers" balanced_traffic
check "module unloaded while traffic flows: rmmod succeeds" unload_under_traffic
check "the module is gone (lbadm: not loaded, exit 3)" module_gone
check "the balancer's namespace still works (ping itself and the router, both families)" balancer_alive
check "without the module the VIP reaches the balancer's own stack, not the servers" unbalanced
check "module reloads" module_load
check "the balancer's namespace starts empty after the reload" empty_after_reload
check "services and servers configured again" services_up
check "traffic answered by the servers again, every kind" balanced_traffic
check "module unloaded again while traffic flows" unload_under_traffic
check "the module is gone again" module_gone
check "the traffic loops ran throughout and stop cleanly" traffic_stop
if [ -w "$KMEMLEAK" ]; then
	check "kmemleak finds nothing after the unloads" no_leaks
else
	skip "kmemleak finds nothing after the unloads" "kernel without kmemleak"
fi
finish
