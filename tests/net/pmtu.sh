#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Path MTU discovery through the balancer, IPv4 and IPv6, on the topology
# of lib_dsr.sh with the balancer's routes to the servers at MTU 1280:
#
#            ICMP frag-needed / packet-too-big, from the balancer
#       <------------------------------------------+
#   client ---- router ==== br0 (LAN) ====+========+===========+=======+=======+
#          1500   |    1500                |  MTU 1280 to s1..s3 |       |       |
#                 |                     balancer (lbdr) ------> s1      s2      s3
#                 |                                             ^
#                 +---------------------------------------------+
#            ICMP error about a reply (VIP:80 -> client:port), sent by the
#            router to the VIP: the balancer hands it to the server that
#            owns the flow
#
#   client 198.51.100.2 / 2001:db8:c::2   router .1 / ::1 on both sides
#   LAN 10.0.0.0/24, 2001:db8:a::/64: router .1, balancer .2, s1..s3 .11-.13
#   VIP 192.0.2.10 and 2001:db8:f::10, port 80
#
# A veth drops what is larger than its receiver's MTU, so the balancer's
# eth0 keeps 1500 (the client's datagrams come in on it) and the lower MTU
# is on its host routes to the servers: the egress of direct routing only.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_dsr.sh"

LOW_MTU=1280
BIG=1400
D=$(mktemp -d) || exit 1
trap 'cleanup; rm -rf "$D"' EXIT

client_addr() { case "$1" in *:*) echo 2001:db8:c::2 ;; *) echo 198.51.100.2 ;; esac; }
# server_addr VIP NAME: the address of server NAME in the VIP's family.
server_addr() {
	local n=$((10 + ${2#s}))

	case "$1" in *:*) echo "2001:db8:a::$n" ;; *) echo "10.0.0.$n" ;; esac
}
service_of() { case "$1" in *:*) echo "[$1]:80" ;; *) echo "$1:80" ;; esac; }

# The balancer's routes to the servers, not its link, get the lower MTU.
server_routes_lowered() {
	local s

	for s in "${SERVERS[@]}"; do
		ip -n "$LB" route add "$(server_addr $VIP4 "$s")/32" dev eth0 mtu $LOW_MTU &&
			ip -n "$LB" -6 route add "$(server_addr $VIP6 "$s")/128" dev eth0 mtu $LOW_MTU ||
			return 1
	done
	ip -n "$LB" route get "$(server_addr $VIP4 s1)" | grep "mtu $LOW_MTU" &&
		ip -n "$LB" -6 route get "$(server_addr $VIP6 s1)" | grep "mtu $LOW_MTU"
}

# The client forgets the path MTUs it learned: each step starts afresh.
forget_pmtu() {
	ip -n "$C" route flush cache && ip -n "$C" -6 route flush cache
}

mtu_drops() {
	local j

	j=$(lbadm_lb -j stats) || return 1
	json_get "$j" 'j["drops"]["mtu"]'
}

# too_big_answered VIP: a DF datagram too big for the servers' link comes
# back as ICMP: the client's socket learns MTU 1280, no server answers,
# the balancer counts the drop.
too_big_answered() {
	local vip=$1 before after out

	forget_pmtu || return 1
	before=$(mtu_drops) || return 1
	out=$(nsx "$C" python3 "$PEER" pmtu "$vip" 80 $BIG) || return 1
	after=$(mtu_drops) || return 1
	echo "client socket: $out"
	echo "balancer drops.mtu: $before -> $after"
	nsx "$C" ip route get "$vip"
	[ "$(json_get "$out" '(j["before"], j["mtu"], j["answers"])')" = "(1500, $LOW_MTU, 0)" ] &&
		[ "$after" -gt "$before" ]
}

# fits_through VIP: DF datagrams of 1200 bytes still reach the servers.
fits_through() {
	local out

	out=$(nsx "$C" python3 "$PEER" talk udp "$1" 80 20 1200) || return 1
	echo "$out"
	grep -q '"ok": 20, "bad": 0' <<< "$out"
}

# tcp_discovers VIP: TCP transfers larger than the lower MTU complete, the
# client having learned MTU 1280 from the balancer (its MSS says 1460).
tcp_discovers() {
	local out

	forget_pmtu || return 1
	out=$(nsx "$C" python3 "$PEER" talk tcp "$1" 80 10 20000) || return 1
	echo "$out"
	nsx "$C" ip route get "$1"
	grep -q '"ok": 10, "bad": 0' <<< "$out" &&
		nsx "$C" ip route get "$1" | grep -q "mtu $LOW_MTU"
}

# On each server, before anything else, count the ICMP errors that arrive.
server_counters_up() {
	local s

	for s in "${SERVERS[@]}"; do
		nsx "$(server_ns "$s")" nft -f - <<-'NFT' || return 1
		table inet lbdrtest {
			chain pre {
				type filter hook prerouting priority -500;
				icmp type destination-unreachable icmp code frag-needed counter comment "frag-needed"
				icmpv6 type packet-too-big counter comment "too-big"
			}
		}
		NFT
	done
}

# learn_owners VIP FILE: UDP flows from fixed source ports until 3 servers
# own one each; FILE gets "SPORT OWNER" lines.
learn_owners() {
	local vip=$1 file=$2 sport owner seen=" "

	: > "$file"
	for sport in $(seq 40001 40040); do
		owner=$(nsx "$C" python3 "$PEER" ask "$vip" 80 "$sport") || return 1
		case "$seen" in *" $owner "*) continue ;; esac
		seen="$seen$owner "
		echo "$sport $owner" >> "$file"
		[ "$(wc -l < "$file")" = 3 ] && { cat "$file"; return 0; }
	done
	echo "flows from 40 source ports reached only:$seen"
	return 1
}

icmp_kind() { case "$1" in *:*) echo too-big ;; *) echo frag-needed ;; esac; }

# counter_at_least NAME KIND N
counter_at_least() { [ "$(nft_packets "$2" "$(server_ns "$1")")" -ge "$3" ]; }

# icmp_reaches_owner VIP SPORT OWNER: the router sends the VIP an ICMP error
# about the reply VIP:80 -> client:SPORT; OWNER gets it, and no other
# server does.
icmp_reaches_owner() {
	local vip=$1 sport=$2 owner=$3 kind s n want
	local -A before

	kind=$(icmp_kind "$vip")
	for s in "${SERVERS[@]}"; do
		before[$s]=$(nft_packets "$kind" "$(server_ns "$s")") || return 1
	done
	nsx "$R" python3 "$PEER" icmp "$vip" 80 "$(client_addr "$vip")" "$sport" 1000 || return 1
	if ! wait_for 20 counter_at_least "$owner" "$kind" $((before[$owner] + 1)); then
		echo "flow from port $sport: its owner $owner never got the ICMP error"
		for s in "${SERVERS[@]}"; do
			echo "$s: $(nft_packets "$kind" "$(server_ns "$s")") (was ${before[$s]})"
		done
		return 1
	fi
	for s in "${SERVERS[@]}"; do
		n=$(nft_packets "$kind" "$(server_ns "$s")")
		[ "$s" = "$owner" ] && want=$((before[$s] + 1)) || want=${before[$s]}
		if [ "$n" != "$want" ]; then
			echo "flow from port $sport (owner $owner): $s counted $n, not $want"
			return 1
		fi
	done
	echo "flow from port $sport: the ICMP error reached $owner only"
}

# icmp_to_owners VIP FILE: each flow of FILE in turn.
icmp_to_owners() {
	local sport owner

	[ "$(wc -l < "$2")" = 3 ] || { echo "no flows learned"; return 1; }
	while read -r sport owner; do
		icmp_reaches_owner "$1" "$sport" "$owner" || return 1
	done < "$2"
}

# icmp_to_drained_owner VIP FILE: once the owner of the first flow of FILE
# is drained (weight 0: no slot in the Maglev table, so the scheduler can
# no longer pick it), the ICMP error still reaches it: the connection
# entry decides, not the hash.
icmp_to_drained_owner() {
	local vip=$1 sport owner rip rc

	read -r sport owner < "$2" || { echo "no flows learned"; return 1; }
	rip=$(server_addr "$vip" "$owner")
	lbadm_lb server change udp "$(service_of "$vip")" "$rip" weight 0 || return 1
	lbadm_lb server show udp "$(service_of "$vip")"
	icmp_reaches_owner "$vip" "$sport" "$owner"
	rc=$?
	lbadm_lb server change udp "$(service_of "$vip")" "$rip" weight 1 || return 1
	return $rc
}

check "module loads" module_load
namespaces_up || { fail "namespaces created"; finish; exit 1; }
check "topology: client, router, balancer, 3 servers" topology_up
check "services and servers configured on the balancer" services_up
check "the balancer's routes to the servers have MTU $LOW_MTU" server_routes_lowered
check "UDP/IPv4: a $BIG-byte DF datagram too big for the server link gets ICMP frag-needed back to the client (path MTU $LOW_MTU, no answer, drops.mtu counted)" too_big_answered $VIP4
check "UDP/IPv6: a $BIG-byte datagram too big for the server link gets ICMPv6 packet-too-big back to the client (path MTU $LOW_MTU, no answer, drops.mtu counted)" too_big_answered $VIP6
check "UDP/IPv4: 1200-byte DF datagrams still reach the servers" fits_through $VIP4
check "UDP/IPv6: 1200-byte datagrams still reach the servers" fits_through $VIP6
check "TCP/IPv4: 20000-byte transfers complete by path MTU discovery (client learns $LOW_MTU)" tcp_discovers $VIP4
check "TCP/IPv6: 20000-byte transfers complete by path MTU discovery (client learns $LOW_MTU)" tcp_discovers $VIP6
check "ICMP counters on the servers" server_counters_up
check "UDP/IPv4: 3 flows from fixed source ports, one per server" learn_owners $VIP4 "$D/owners4"
check "an ICMP frag-needed about a reply reaches the server that sent that reply, and no other (3 flows)" icmp_to_owners $VIP4 "$D/owners4"
check "an ICMP frag-needed about a flow of a drained server (weight 0) still reaches that server" icmp_to_drained_owner $VIP4 "$D/owners4"
check "UDP/IPv6: 3 flows from fixed source ports, one per server" learn_owners $VIP6 "$D/owners6"
check "an ICMPv6 packet-too-big about a reply reaches the server that sent that reply, and no other (3 flows)" icmp_to_owners $VIP6 "$D/owners6"
check "an ICMPv6 packet-too-big about a flow of a drained server (weight 0) still reaches that server" icmp_to_drained_owner $VIP6 "$D/owners6"
finish
