#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Direct server return end to end, IPv4 and IPv6, TCP and UDP, on the
# topology of lib_dsr.sh:
#
#   client ---- router ==== br0 (LAN) ====+============+=======+=======+
#                 |                        |            |       |       |
#           routes the VIP            balancer (lbdr)   s1      s2      s3
#           to the balancer           VIP on lo too     VIP on lo, arp_ignore=1,
#                                                       arp_announce=2, default
#                                                       route via the router
#
#   client 198.51.100.2 / 2001:db8:c::2   router .1 / ::1 on both sides
#   LAN 10.0.0.0/24, 2001:db8:a::/64: router .1, balancer .2, s1..s3 .11-.13
#   VIP 192.0.2.10 and 2001:db8:f::10, port 80
#
# Requests go client -> router -> balancer -> server; replies go server ->
# router -> client and never reach the balancer.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_dsr.sh"

# exchanges PROTO VIP COUNT SIZE: every exchange intact; prints the result.
exchanges() {
	local out

	out=$(nsx "$C" python3 "$PEER" talk "$1" "$2" 80 "$3" "$4") || return 1
	echo "$out"
	grep -q "\"ok\": $3, \"bad\": 0" <<< "$out"
}

# balanced PROTO VIP COUNT SIZE: every exchange intact, each server 20-47%.
# With 300 exchanges those bounds are about 5 standard deviations from an
# even share: a failure means skew, not bad luck.
balanced() {
	local out

	out=$(exchanges "$@") || { echo "$out"; return 1; }
	echo "$out"
	python3 - "$out" "$3" <<-'PY'
	import json, sys
	r, n = json.loads(sys.argv[1]), int(sys.argv[2])
	assert sorted(r["servers"]) == ["s1", "s2", "s3"], "not every server used"
	for name, k in r["servers"].items():
	    assert 0.20 * n <= k <= 0.47 * n, "%s got %d of %d" % (name, k, n)
	PY
}

off_link_refused() {
	local err

	err=$(lbadm_lb server add tcp $VIP4:80 198.51.100.2 2>&1)
	[ $? = 2 ] && grep -q 'directly connected' <<< "$err"
}

replies_bypass() {
	local req rep

	req=$(nft_packets requests) && rep=$(nft_packets replies) || return 1
	echo "requests seen by the balancer: $req, replies: $rep"
	[ "$req" -gt 1000 ] && [ "$rep" = 0 ]
}

# The balancer's own socket on another port of the VIP.
own_port_served() {
	local out

	nsx "$LB" python3 "$PEER" serve lb 81 >/dev/null 2>&1 &
	wait_for 20 listening "$LB" 81 || return 1
	out=$(nsx "$C" python3 "$PEER" talk tcp $VIP4 81 3 100) || return 1
	echo "$out"
	grep -q '"lb": 3' <<< "$out"
}

# A service without a usable server answers ICMP port unreachable (as
# IPVS does): a connected UDP socket on the client sees ECONNREFUSED.
no_server_refused() {
	local before after

	lbadm_lb service add udp $VIP4:82 &&
		lbadm_lb server add udp $VIP4:82 10.0.0.11 weight 0 || return 1
	before=$(json_get "$(lbadm_lb -j stats)" 'j["drops"]["no_server"]')
	nsx "$C" python3 - $VIP4 <<-'PY' || return 1
	import socket, sys
	s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
	s.settimeout(5)
	s.connect((sys.argv[1], 82))
	s.send(b"anyone?")
	try:
	    s.recv(100)
	except ConnectionRefusedError:
	    sys.exit(0)
	sys.exit("no port unreachable came back")
	PY
	after=$(json_get "$(lbadm_lb -j stats)" 'j["drops"]["no_server"]')
	echo "no_server drops: $before -> $after"
	[ "$after" -gt "$before" ]
}

# The balancer forgets its neighbours: the first datagram to each server
# waits in the neighbour queue while ARP / ND resolve, and is not lost
# (one datagram per exchange, never retried).
first_packets_kept() {
	ip -n "$LB" -4 neigh flush dev eth0 && ip -n "$LB" -6 neigh flush dev eth0 &&
		! ip -n "$LB" neigh show dev eth0 nud reachable | grep -q 'lladdr' || return 1
	exchanges udp $VIP4 30 64 && exchanges udp $VIP6 30 64 || return 1
	ip -n "$LB" neigh show dev eth0
}

lb_tx() { nsx "$LB" cat "/sys/class/net/$1/statistics/tx_packets"; }

# A more specific route to s1 through a second link of the balancer: the
# routes cached per server are looked up again when routing changes, so
# s1's share of the requests leaves by the new link.
route_change_followed() {
	local before after

	# An address of its own, or ARP would ask from the VIP on lo, which
	# the servers hold too and refuse as a source; answering ARP only for
	# that address, so the router keeps reaching the balancer by eth0.
	ip link add eth1 netns "$LB" type veth peer name p-lb-b netns "$R" &&
		ip -n "$R" link set p-lb-b master br0 up &&
		nsx "$LB" sysctl -qw net.ipv6.conf.eth1.accept_dad=0 \
			net.ipv4.conf.eth1.arp_ignore=1 net.ipv4.conf.eth1.arp_announce=2 &&
		ip -n "$LB" addr add 10.0.0.4/32 dev eth1 &&
		ip -n "$LB" link set eth1 up || return 1
	# Traffic first, so that the servers' routes by eth0 are kept.
	exchanges udp $VIP4 60 64 && exchanges udp $VIP6 60 64 &&
		ip -n "$LB" route add 10.0.0.11/32 dev eth1 &&
		ip -n "$LB" route add 2001:db8:a::11/128 dev eth1 || return 1
	before=$(lb_tx eth1)
	exchanges udp $VIP4 120 64 && exchanges udp $VIP6 120 64 || return 1
	after=$(lb_tx eth1)
	echo "eth1 sent $((after - before)) packets (s1's share of 240 is about 80)"
	[ $((after - before)) -ge 30 ]
}

# The link those cached routes use is deleted: the device unregisters (no
# reference left behind) and s1 is reached by eth0 again.
route_link_deleted() {
	ip -n "$LB" link del eth1 || return 1
	exchanges udp $VIP4 60 64 && exchanges udp $VIP6 60 64 &&
		exchanges tcp $VIP4 30 2000 && exchanges tcp $VIP6 30 2000
}

services_listed() {
	local j

	j=$(lbadm_lb -j service show) || return 1
	[ "$(json_get "$j" 'len(j)')" = 4 ] &&
		[ "$(json_get "$j" 'sorted(len(s["servers"]) for s in j)')" = "[3, 3, 3, 3]" ]
}

# A second balancer, same configuration with the servers added in the
# opposite order, and an empty state: after the router switches the VIP to
# it, connections opened through the first one carry on (Maglev depends
# only on the set of servers, and hashes with fixed keys).
failover_pickup() {
	local d out rc pid

	ns_add LB2 lb2 || return 1
	lan_host "$LB2" 3 lb2 && "$LBADM" -n "$LB2" service add tcp $VIP4:80 || return 1
	for n in 13 12 11; do
		"$LBADM" -n "$LB2" server add tcp $VIP4:80 10.0.0.$n || return 1
	done
	d=$(mktemp -d)
	nsx "$C" python3 "$PEER" hold $VIP4 80 30 20000 "$d" > "$d/result" &
	pid=$!
	wait_for 60 test -e "$d/ready" || return 1
	ip -n "$R" route replace $VIP4/32 via 10.0.0.3 || return 1
	touch "$d/go"
	wait "$pid"
	out=$(cat "$d/result")
	echo "$out"
	rc=1
	grep -q '"ok": 30, "bad": 0' <<< "$out" && rc=0
	ip -n "$R" route replace $VIP4/32 via 10.0.0.2
	# Made in this subshell: the exit trap does not know it.
	ip netns pids "$LB2" | xargs -r kill
	ip netns del "$LB2"
	rm -rf "$d"
	return $rc
}

check "module loads" module_load
namespaces_up || { fail "namespaces created"; finish; exit 1; }
check "topology: client, router, balancer, 3 servers" topology_up
check "services and servers configured on the balancer" services_up
check "every service listed with its 3 servers" services_listed
check "an off-link real server is refused (exit 2, says why)" off_link_refused
check "counters on the balancer" counters_up
check "TCP/IPv4: 300 connections intact, spread over 3 servers" balanced tcp $VIP4 300 2000
check "UDP/IPv4: 300 datagrams intact, spread over 3 servers" balanced udp $VIP4 300 512
check "TCP/IPv6: 300 connections intact, spread over 3 servers" balanced tcp $VIP6 300 2000
check "UDP/IPv6: 300 datagrams intact, spread over 3 servers" balanced udp $VIP6 300 512
check "UDP/IPv4 4000-byte datagrams (fragmented) arrive whole" exchanges udp $VIP4 60 4000
check "replies never reach the balancer" replies_bypass
check "a standby balancer with the same servers, added in reverse order, continues 30 mid-stream TCP connections" failover_pickup
check "another port of the VIP reaches the balancer's own stack" own_port_served
check "no usable server: ICMP port unreachable to the client, counted as no_server" no_server_refused
check "neighbours flushed: the first datagram to each server is not lost" first_packets_kept
check "a route change towards a server is followed by the next packets" route_change_followed
check "the link of cached routes deleted: traffic carries on by the other one" route_link_deleted
check "flush removes every service" bash -c "'$LBADM' -n '$LB' flush && test \"\$('$LBADM' -n '$LB' -j service show)\" = '[]'"
finish
