# SPDX-License-Identifier: GPL-2.0
#
# The direct-routing topology of tests/net/dsr.sh and "make demo".
# Source after lib.sh; call namespaces_up in the caller's own shell, then
# topology_up and services_up.
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

PEER=$LBDR_TOP/tests/net/dsr_peer.py
VIP4=192.0.2.10
VIP6=2001:db8:f::10
SERVERS=(s1 s2 s3)

nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
# server_ns NAME: the namespace of server NAME (s1..s3).
server_ns() { eval echo "\$NS_$1"; }
lbadm_lb() { "$LBADM" -n "$LB" "$@"; }

# Namespaces are made in the test's own shell: check runs steps in subshells.
namespaces_up() {
	local s

	ns_add C client && ns_add R router && ns_add LB lb || return 1
	for s in "${SERVERS[@]}"; do
		ns_add "NS_$s" "$s" || return 1
	done
}

topology_up() {
	local i s ns

	# A MAC of its own: a bridge otherwise takes its ports' lowest, so a
	# port added or deleted later (dsr.sh's second link) could change the
	# router's MAC under the servers' neighbour entries, and replies would
	# be lost until they resolve it again.
	ip -n "$R" link add br0 address 02:00:00:00:0a:01 type bridge &&
	ip -n "$R" link set br0 up &&
	ip link add eth0 netns "$C" type veth peer name c0 netns "$R" || return 1
	ip -n "$R" link set c0 up
	nsx "$R" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	ip -n "$R" addr add 198.51.100.1/24 dev c0
	ip -n "$R" addr add 2001:db8:c::1/64 dev c0 nodad
	ip -n "$R" addr add 10.0.0.1/24 dev br0
	ip -n "$R" addr add 2001:db8:a::1/64 dev br0 nodad
	ip -n "$R" route add $VIP4/32 via 10.0.0.2
	ip -n "$R" route add $VIP6/128 via 2001:db8:a::2

	ip -n "$C" link set eth0 up
	ip -n "$C" addr add 198.51.100.2/24 dev eth0
	ip -n "$C" addr add 2001:db8:c::2/64 dev eth0 nodad
	ip -n "$C" route add default via 198.51.100.1
	ip -n "$C" route add default via 2001:db8:c::1

	lan_host "$LB" 2 lb || return 1
	i=11
	for s in "${SERVERS[@]}"; do
		ns=$(eval echo "\$NS_$s")
		lan_host "$ns" "$i" "$s" || return 1
		nsx "$ns" sysctl -qw net.ipv4.conf.all.arp_ignore=1 \
			net.ipv4.conf.all.arp_announce=2 net.ipv4.conf.all.rp_filter=0 \
			net.ipv4.conf.eth0.rp_filter=0
		i=$((i + 1))
	done
}

# lan_host NETNS N NAME: eth0 on br0 as 10.0.0.N and 2001:db8:a::N, the VIPs
# on lo, default routes via the router, and a server (server_start)
# answering as NAME.
lan_host() {
	local ns=$1 n=$2 name=$3

	ip link add eth0 netns "$ns" type veth peer name "p-$name" netns "$R" || return 1
	ip -n "$R" link set "p-$name" master br0 up
	ip -n "$ns" link set lo up
	ip -n "$ns" link set eth0 up
	ip -n "$ns" addr add "10.0.0.$n/24" dev eth0
	ip -n "$ns" addr add "2001:db8:a::$n/64" dev eth0 nodad
	ip -n "$ns" addr add $VIP4/32 dev lo
	ip -n "$ns" addr add $VIP6/128 dev lo nodad
	ip -n "$ns" route add default via 10.0.0.1
	ip -n "$ns" route add default via 2001:db8:a::1
	server_start "$ns" "$name"
}

# server_start NETNS NAME: start what answers on port 80 of a LAN host,
# and wait until it listens: dsr_peer, unless the test defines its own
# server_start after sourcing this file.
server_start() {
	# Its output must not hold the test's pipes open.
	nsx "$1" python3 "$PEER" serve "$2" 80 $VIP4 $VIP6 >/dev/null 2>&1 &
	wait_for 20 listening "$1" 80
}

services_up() {
	local vip s n

	for vip in $VIP4 "[$VIP6]"; do
		for proto in tcp udp; do
			lbadm_lb service add "$proto" "$vip:80" || return 1
			n=11
			for s in "${SERVERS[@]}"; do
				if [ "$vip" = $VIP4 ]; then
					lbadm_lb server add "$proto" "$vip:80" "10.0.0.$n" || return 1
				else
					lbadm_lb server add "$proto" "$vip:80" "2001:db8:a::$n" || return 1
				fi
				n=$((n + 1))
			done
		done
	done
}

# Count, on the balancer, packets to and from port 80, before lbdr's hook.
# Anonymous counters told apart by comment: named ones need nft_objref.
counters_up() {
	nsx "$LB" nft -f - <<-'NFT'
	table inet lbdrtest {
		chain pre {
			type filter hook prerouting priority -500;
			meta l4proto { tcp, udp } th dport 80 counter comment "requests"
			meta l4proto { tcp, udp } th sport 80 counter comment "replies"
		}
	}
	NFT
}

# nft_packets COMMENT [NETNS]: the packets of the rule with that comment in
# chain inet lbdrtest pre, on the balancer unless NETNS is given.
nft_packets() {
	nsx "${2:-$LB}" nft -j list chain inet lbdrtest pre | python3 -c '
import json, sys
for o in json.load(sys.stdin)["nftables"]:
    r = o.get("rule")
    if r and r.get("comment") == sys.argv[1]:
        print([e["counter"]["packets"] for e in r["expr"] if "counter" in e][0])
' "$1"
}

