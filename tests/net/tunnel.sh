#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tunnel DSR: real servers on another network than the balancer's, reached
# over IPIP or GUE, IPv4 and IPv6 and mixed. Servers decapsulate with the
# kernel's own devices and reply to the client directly.
#
#                     requests                     tunnelled requests
#   client ---------> router <========= balancer    (router -> s1..s3)
#   (c0)              |  ^  lbnet 10.1.0.0/24,
#                     |  |  2001:db8:1::/64
#                     v  |
#              srvnet br0 10.2.0.0/24, 2001:db8:2::/64
#                 s1 .11     s2 .12     s3 .13
#                 tunl0, sit0, ip6tnl (any), fou 6080 gue (IPv4 and IPv6)
#                 every VIP on lo; replies: server -> router -> client
#
#   client 198.51.100.2 / 2001:db8:c::2; router .1 / ::1 everywhere
#   balancer 10.1.0.2 / 2001:db8:1::2, and .99 / ::99 (services') and
#   .98 / ::98 (the namespace's default) as tunnel sources
#
# One VIP per way of tunnelling, each a TCP and a UDP service on port 80
# with s1..s3 (VIP: method, endpoint family, inner family):
#   192.0.2.10 ipip v4           2001:db8:f::10 ipip v6 (ip6ip6)
#   192.0.2.11 gue v4            2001:db8:f::11 gue v6
#   192.0.2.12 gue v4, csum on   2001:db8:f::12 gue v6, csum on
#   192.0.2.13 ipip v6 (4in6)    2001:db8:f::13 ipip v4 (6in4, sit)
#   192.0.2.14 gue v6            2001:db8:f::14 gue v4
. "$(dirname "$0")/lib.sh"
# nsx, server_ns, lbadm_lb, namespaces_up (C, R, LB, s1..s3), nft_packets
# and PEER; its topology, counters and VIPs are not used here.
. "$(dirname "$0")/lib_dsr.sh"
# VIP METHOD ENDPOINT-FAMILY CSUM OVERHEAD
WAYS=(
	"192.0.2.10 ipip 4 off 20"	"2001:db8:f::10 ipip 6 off 40"
	"192.0.2.11 gue 4 off 32"	"2001:db8:f::11 gue 6 off 52"
	"192.0.2.12 gue 4 on 32"	"2001:db8:f::12 gue 6 on 52"
	"192.0.2.13 ipip 6 off 40"	"2001:db8:f::13 ipip 4 off 20"
	"192.0.2.14 gue 6 off 52"	"2001:db8:f::14 gue 4 off 32"
)
VIPS=()
for w in "${WAYS[@]}"; do VIPS+=("${w%% *}"); done

svc() { case "$1" in *:*) echo "[$1]:80" ;; *) echo "$1:80" ;; esac; }
client_addr() { case "$1" in *:*) echo 2001:db8:c::2 ;; *) echo 198.51.100.2 ;; esac; }
# endpoint FAMILY N: server N's address on srvnet.
endpoint() { [ "$1" = 6 ] && echo "2001:db8:2::$2" || echo "10.2.0.$2"; }

# veth_pair NETNS-A NAME-A NETNS-B NAME-B
veth_pair() {
	ip link add "$2" netns "$1" type veth peer name "$4" netns "$3" &&
		ip -n "$1" link set "$2" up && ip -n "$3" link set "$4" up
}

# addrs NETNS DEV V4/LEN V6/LEN
addrs() {
	ip -n "$1" addr add "$3" dev "$2" && ip -n "$1" addr add "$4" dev "$2" nodad
}

routes_default() {
	ip -n "$1" route add default via "$2" && ip -n "$1" route add default via "$3"
}

# extra_src N: 10.1.0.N and 2001:db8:1::N on the balancer, tunnel sources
# when asked for, never routing's own choice (an IPv4 secondary, a
# deprecated IPv6 address), so "none" is told apart.
extra_src() {
	ip -n "$LB" addr add "10.1.0.$1/24" dev eth0 &&
		ip -n "$LB" addr add "2001:db8:1::$1/64" dev eth0 nodad preferred_lft 0
}

topology_up() {
	local s n=11 ns

	nsx "$R" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 &&
	veth_pair "$C" eth0 "$R" c0 && veth_pair "$LB" eth0 "$R" l0 &&
	addrs "$R" c0 198.51.100.1/24 2001:db8:c::1/64 &&
	addrs "$C" eth0 198.51.100.2/24 2001:db8:c::2/64 &&
	routes_default "$C" 198.51.100.1 2001:db8:c::1 &&
	addrs "$R" l0 10.1.0.1/24 2001:db8:1::1/64 &&
	addrs "$LB" eth0 10.1.0.2/24 2001:db8:1::2/64 &&
	extra_src 99 && extra_src 98 &&
	routes_default "$LB" 10.1.0.1 2001:db8:1::1 &&
	ip -n "$R" route add 192.0.2.0/24 via 10.1.0.2 &&
	ip -n "$R" route add 2001:db8:f::/64 via 2001:db8:1::2 &&
	# A MAC of its own, not its ports' lowest (see lib_dsr.sh).
	ip -n "$R" link add br0 address 02:00:00:00:0a:02 type bridge &&
	ip -n "$R" link set br0 up &&
	addrs "$R" br0 10.2.0.1/24 2001:db8:2::1/64 || return 1
	for s in "${SERVERS[@]}"; do
		ns=$(server_ns "$s")
		veth_pair "$ns" eth0 "$R" "p-$s" &&
		ip -n "$R" link set "p-$s" master br0 &&
		addrs "$ns" eth0 "10.2.0.$n/24" "2001:db8:2::$n/64" &&
		routes_default "$ns" 10.2.0.1 2001:db8:2::1 &&
		decap_up "$ns" "$n" "$s" || return 1
		n=$((n + 1))
	done
}

# decap_up NETNS N NAME: a real server as the man page says to set one up.
decap_up() {
	local ns=$1 vip

	ip -n "$ns" link set lo up
	for vip in "${VIPS[@]}"; do
		case $vip in
		*:*) ip -n "$ns" addr add "$vip/128" dev lo nodad ;;
		*) ip -n "$ns" addr add "$vip/32" dev lo ;;
		esac || return 1
	done
	# tunl0 takes IPv4 in IPv4, sit0 IPv6 in IPv4; ip6tnl "any" both in
	# IPv6. GUE hands what it carries to the same devices.
	ip -n "$ns" link set tunl0 up && ip -n "$ns" link set sit0 up &&
	ip -n "$ns" link add t6 type ip6tnl mode any local "2001:db8:2::$2" remote any &&
	ip -n "$ns" link set t6 up &&
	ip -n "$ns" fou add port 6080 gue && ip -n "$ns" fou add port 6080 gue -6 &&
	nsx "$ns" sysctl -qw net.ipv4.conf.all.rp_filter=0 \
		net.ipv4.conf.default.rp_filter=0 net.ipv4.conf.tunl0.rp_filter=0 \
		net.ipv4.conf.sit0.rp_filter=0 net.ipv4.conf.t6.rp_filter=0 || return 1
	nsx "$ns" python3 "$PEER" serve "$3" 80 "${VIPS[@]}" >/dev/null 2>&1 &
	wait_for 20 listening "$ns" 80
}

services_up() {
	local w vip method fam csum ovh proto n opts

	for w in "${WAYS[@]}"; do
		read -r vip method fam csum ovh <<< "$w"
		opts="method $method"
		[ "$method" = gue ] && opts="$opts csum $csum"
		for proto in tcp udp; do
			lbadm_lb service add $proto "$(svc "$vip")" || return 1
			for n in 11 12 13; do
				lbadm_lb server add $proto "$(svc "$vip")" \
					"$(endpoint "$fam" $n)" $opts || return 1
			done
		done
	done
	lbadm_lb service show
}

# Count on the balancer what it sees of replies (source port 80): nothing,
# if the servers answer the client directly.
counters_up() {
	local s

	nsx "$LB" nft -f - <<-'NFT' || return 1
	table inet lbdrtest {
		chain pre {
			type filter hook prerouting priority -500;
			meta l4proto { tcp, udp } th sport 80 counter comment "replies"
		}
	}
	NFT
	for s in "${SERVERS[@]}"; do
		nsx "$(server_ns "$s")" nft -f - <<-'NFT' || return 1
		table inet lbdrtest {
			set sports { typeof udp sport; size 65535; flags dynamic; }
			set labels { typeof ip6 flowlabel; size 65535; flags dynamic; }
			chain pre {
				type filter hook prerouting priority -500;
				udp dport 6080 add @sports { udp sport }
				ip6 nexthdr { 4, 41 } add @labels { ip6 flowlabel }
				ip saddr 10.1.0.99 counter comment "from-src4"
				ip6 saddr 2001:db8:1::99 counter comment "from-src6"
				ip saddr 10.1.0.98 counter comment "from-dflt4"
				ip6 saddr 2001:db8:1::98 counter comment "from-dflt6"
				icmp type destination-unreachable icmp code frag-needed counter comment "frag-needed"
				icmpv6 type packet-too-big counter comment "too-big"
			}
		}
		NFT
	done
}

# set_size NAME: elements of set NAME, over all servers.
set_size() {
	local s n=0 k

	for s in "${SERVERS[@]}"; do
		k=$(nsx "$(server_ns "$s")" nft -j list set inet lbdrtest "$1" | python3 -c '
import json, sys
for o in json.load(sys.stdin)["nftables"]:
    if "set" in o:
        print(len(o["set"].get("elem", [])))')
		n=$((n + k))
	done
	echo $n
}

sets_flushed() {
	local s

	for s in "${SERVERS[@]}"; do
		nsx "$(server_ns "$s")" nft flush set inet lbdrtest sports &&
			nsx "$(server_ns "$s")" nft flush set inet lbdrtest labels || return 1
	done
}

# talk_ok PROTO VIP COUNT SIZE: every exchange answered intact, and more
# than one server answered (of more than one exchange).
talk_ok() {
	local out

	out=$(nsx "$C" python3 "$PEER" talk "$1" "$2" 80 "$3" "$4") || return 1
	echo "$out"
	[ "$(json_get "$out" "j['ok'], j['bad'], len(j['servers']) > 1 or $3 == 1")" = "($3, 0, True)" ]
}

# traffic VIP: TCP and UDP to VIP, bytes intact, spread over the servers.
traffic() {
	talk_ok tcp "$1" 20 5000 && talk_ok udp "$1" 20 700 && return 0
	where_lost
	return 1
}

# Where packets went missing: the balancer's drops, the servers' tunnel
# devices and the stack's discard counters.
where_lost() {
	local s ns

	lbadm_lb stats | head -n 3
	for s in "${SERVERS[@]}"; do
		ns=$(server_ns "$s")
		echo "$s:"
		ip -n "$ns" -s link show | grep -A5 -E "^[0-9]+: (tunl0|sit0|t6)[@:]" |
			grep -E "^[0-9]+:|^ +[0-9]"
		nsx "$ns" nstat -az | grep -iE "discard|error|noroute|drop|filter|noport" |
			awk '$2 != 0'
	done
}

# The client forgets the path MTUs it learned (TCP's already found them).
forget_pmtu() { ip -n "$C" route flush cache && ip -n "$C" -6 route flush cache; }

# client_learns VIP MTU: a DF datagram 20 bytes over MTU, from a client
# that forgot its path MTUs, gets no answer but an ICMP error: the
# client's socket then says MTU.
client_learns() {
	local vip=$1 want=$2 size out

	forget_pmtu || return 1
	case $vip in *:*) size=$((want - 48 + 20)) ;; *) size=$((want - 28 + 20)) ;; esac
	out=$(nsx "$C" python3 "$PEER" pmtu "$vip" 80 $size) || return 1
	echo "$out"
	[ "$(json_get "$out" '(j["before"], j["mtu"], j["answers"])')" = "(1500, $want, 0)" ]
}

# too_big VIP OVERHEAD: too big for the tunnel: frag-needed /
# packet-too-big with the link MTU less the tunnel's overhead.
too_big() { client_learns "$1" $((1500 - $2)); }

# The servers' network narrows to MTU 1400 beyond the router.
narrow_path() {
	local s

	for s in "${SERVERS[@]}"; do
		ip -n "$R" link set "p-$s" mtu 1400 &&
			ip -n "$(server_ns "$s")" link set eth0 mtu 1400 || return 1
	done
	ip -n "$R" link set br0 mtu 1400
}

# too_big_remote VIP OVERHEAD: a DF datagram that fits the balancer's link
# but not the narrower path: the router's ICMP error about the tunnel
# packet teaches the balancer, whose error teaches the client 1400 less
# the overhead.
too_big_remote() { client_learns "$1" $((1400 - $2)); }

# fragments VIP: 3000-byte datagrams, fragmented by the client, arrive
# whole (the balancer reassembles, the tunnel's fragments are reassembled
# by the server).
fragments() { talk_ok udp "$1" 10 3000; }

no_replies_seen() {
	local n

	n=$(nft_packets replies "$LB")
	echo "replies seen by the balancer: $n"
	[ "$n" = 0 ]
}

# One flow keeps one GUE source port; many flows use many, as RSS needs.
gue_ports_spread() {
	local one many

	sets_flushed && talk_ok tcp 192.0.2.11 1 200000 >/dev/null || return 1
	one=$(set_size sports)
	sets_flushed && talk_ok udp 192.0.2.11 40 100 >/dev/null || return 1
	many=$(set_size sports)
	echo "GUE source ports: one TCP flow $one, 40 UDP flows $many"
	[ "$one" = 1 ] && [ "$many" -ge 20 ]
}

labels_spread() {
	local one many

	sets_flushed && talk_ok tcp 2001:db8:f::10 1 200000 >/dev/null || return 1
	one=$(set_size labels)
	sets_flushed && talk_ok udp 2001:db8:f::10 40 100 >/dev/null || return 1
	many=$(set_size labels)
	echo "IPv6 flow labels: one TCP flow $one, 40 UDP flows $many"
	[ "$one" = 1 ] && [ "$many" -ge 20 ]
}

sum_packets() {
	local s n=0

	for s in "${SERVERS[@]}"; do
		n=$((n + $(nft_packets "$1" "$(server_ns "$s")")))
	done
	echo $n
}

# outer_source VIP SRC COUNTER: with tun-src SRC, the servers see the
# tunnel come from SRC.
outer_source() {
	local vip=$1 before after

	lbadm_lb service change udp "$(svc "$vip")" tun-src "$2" || return 1
	before=$(sum_packets "$3")
	talk_ok udp "$vip" 10 100 || return 1
	after=$(sum_packets "$3")
	echo "packets from $2 at the servers: $before -> $after"
	[ "$after" -ge $((before + 10)) ]
}

# from_source VIP COUNTER: UDP to VIP reaches the servers from the source
# COUNTER counts (or, with "not", not from it).
from_source() {
	local not=0 before after

	[ "$1" = not ] && { not=1; shift; }
	before=$(sum_packets "$2")
	talk_ok udp "$1" 10 100 >/dev/null || return 1
	after=$(sum_packets "$2")
	echo "$2 at the servers: $before -> $after"
	if [ $not = 1 ]; then
		[ "$after" = "$before" ]
	else
		[ "$after" -ge $((before + 10)) ]
	fi
}

# default_source: the namespace's tun-src4/tun-src6 for services without
# their own; a service's own wins; "none" gives routing's choice back.
default_source() {
	lbadm_lb config set tun-src4 10.1.0.98 tun-src6 2001:db8:1::98 &&
	lbadm_lb config show &&
	from_source 192.0.2.11 from-dflt4 && from_source 2001:db8:f::11 from-dflt6 &&
	from_source 192.0.2.13 from-dflt6 && from_source 2001:db8:f::13 from-dflt4 &&
	from_source 192.0.2.10 from-src4 && from_source not 192.0.2.10 from-dflt4 &&
	lbadm_lb config set tun-src4 none tun-src6 none &&
	from_source not 192.0.2.11 from-dflt4 &&
	from_source not 2001:db8:f::11 from-dflt6 &&
	lbadm_lb config set tun-src4 10.1.0.98
}

# refused EXPECTED-MESSAGE LBADM-ARGS...: exit 2 and the kernel's reason.
refused() {
	local want=$1 out rc

	shift
	out=$(lbadm_lb "$@" 2>&1)
	rc=$?
	echo "exit $rc: $out"
	[ $rc = 2 ] && grep -qF "$want" <<< "$out"
}

# icmp_to_owner VIP: an ICMP error about a reply of a flow reaches, through
# the tunnel, the server that owns the flow.
icmp_to_owner() {
	local vip=$1 kind owner before after

	case $vip in *:*) kind=too-big ;; *) kind=frag-needed ;; esac
	owner=$(nsx "$C" python3 "$PEER" ask "$vip" 80 40123) || return 1
	before=$(nft_packets "$kind" "$(server_ns "$owner")")
	nsx "$R" python3 "$PEER" icmp "$vip" 80 "$(client_addr "$vip")" 40123 1000 || return 1
	wait_for 20 eval '[ "$(nft_packets "$kind" "$(server_ns "$owner")")" -gt "$before" ]'
	after=$(nft_packets "$kind" "$(server_ns "$owner")")
	echo "$owner, owner of the flow from port 40123: $kind $before -> $after"
	[ "$after" -gt "$before" ]
}

save_round_trip() {
	local a b

	a=$(lbadm_lb save) && lbadm_lb restore <<< "$a" && b=$(lbadm_lb save) || return 1
	grep -E "method (ipip|gue)" <<< "$a" | head -n 4
	[ "$a" = "$b" ] && grep -q "method gue port 6080 csum on" <<< "$a" &&
		grep -q "tun-src 10.1.0.99" <<< "$a" &&
		grep -q "tun-src4 10.1.0.98 tun-src6 none" <<< "$a"
}

# only_cross_family: the namespace's only service is IPv4, tunnelled over
# IPv6 (4in6). The balancer forgets what it learnt of the narrow path;
# the router's packet-too-big comes over IPv6 and still teaches it.
only_cross_family() {
	local n proto

	lbadm_lb flush || return 1
	for proto in tcp udp; do
		lbadm_lb service add $proto 192.0.2.13:80 || return 1
		for n in 11 12 13; do
			lbadm_lb server add $proto 192.0.2.13:80 \
				"2001:db8:2::$n" method ipip || return 1
		done
	done
	ip -n "$LB" -6 route flush cache
}

modprobe -a ipip sit ip6_tunnel fou fou6 nft_set_hash 2>/dev/null
check "module loads" module_load
namespaces_up || exit 1
check "topology: servers behind a router, kernel decapsulation" topology_up
check "services: every method and family" services_up
check "counters" counters_up
for w in "${WAYS[@]}"; do
	read -r vip method fam csum ovh <<< "$w"
	check "$vip ($method over IPv$fam, csum $csum): TCP and UDP intact" traffic "$vip"
done
for w in "${WAYS[@]}"; do
	read -r vip method fam csum ovh <<< "$w"
	check "$vip ($method over IPv$fam): too big for the tunnel, ICMP says MTU $((1500 - ovh))" \
		too_big "$vip" "$ovh"
	check "$vip: fragmented datagrams arrive whole" fragments "$vip"
done
check "replies went direct: the balancer saw none" no_replies_seen
check "GUE source port from the flow hash" gue_ports_spread
check "IPv6 flow label from the flow hash" labels_spread
for vip in 192.0.2.11 2001:db8:f::13; do
	check "$vip: ICMP error about a reply reaches the flow's owner" icmp_to_owner "$vip"
done
check "outer source 10.1.0.99 (tun-src)" outer_source 192.0.2.10 10.1.0.99 from-src4
check "outer source 2001:db8:1::99 (tun-src)" outer_source 2001:db8:f::10 2001:db8:1::99 from-src6
check "a service created with its tun-src" \
	lbadm_lb service add tcp 192.0.2.20:80 tun-src 10.1.0.99 tun-src 2001:db8:1::99
check "and deleted" lbadm_lb service del tcp 192.0.2.20:80
check "tun-src not local: refused" \
	refused "the tunnel source address is not local" \
	service change udp 192.0.2.10:80 tun-src 10.1.0.77
check "direct routing to a routed server: refused" \
	refused "real server not on a directly connected network" \
	server add tcp 192.0.2.10:80 10.2.0.14 method dr
check "default outer source per namespace (config tun-src4/tun-src6)" default_source
check "default outer source not local: refused" \
	refused "the tunnel source address is not local" \
	config set tun-src6 2001:db8:1::77
check "direct routing to the other family: refused" \
	refused "direct routing needs a server of the service's family" \
	server add tcp 192.0.2.10:80 2001:db8:2::14 method dr
check "the path beyond the router narrows to MTU 1400" narrow_path
for w in "192.0.2.10 ipip 4 off 20" "192.0.2.11 gue 4 off 32" "2001:db8:f::10 ipip 6 off 40"; do
	read -r vip method fam csum ovh <<< "$w"
	check "$vip: the router's ICMP about the tunnel reaches the client as MTU $((1400 - ovh))" \
		too_big_remote "$vip" "$ovh"
	check "$vip: TCP and UDP intact over the narrower path" traffic "$vip"
done
check "save | restore round-trips the tunnel options" save_round_trip
check "replies still went direct" no_replies_seen
check "only an IPv4 service, over IPv6 tunnels; learnt MTUs forgotten" only_cross_family
check "192.0.2.13: the router's packet-too-big reaches the client as MTU 1360" \
	too_big_remote 192.0.2.13 40
check "192.0.2.13: TCP and UDP intact" traffic 192.0.2.13
finish
