# SPDX-License-Identifier: GPL-2.0
#
# The benchmark topology and its four forwarding modes (run as root in the VM;
# source after tests/net/lib.sh). Smaller than lib_dsr.sh's on purpose: one
# ingress link and one server link, no bridge, so that every mode shares the
# exact same injection and delivery costs and only the balancer step differs.
#
#   client (c0) ---- in0  [ lb ]  out0 ---- eth0 (srv)
#                    pktgen injects      RIPs 10.0.1.11-13 all on srv's eth0;
#                    into in0's receive  tc ingress drops everything there, so
#                    path (netif_receive) delivery costs the same in every mode
#
# Count of what reached the server side: out0's tx_packets (veth counts the
# peer's rx there). VIP 192.0.2.10:80 UDP; clients 198.51.100.0/24 and, for
# new flows, 16.0.0.0/12 (a million source addresses).

VIP=192.0.2.10
RIPS=(10.0.1.11 10.0.1.12 10.0.1.13)
MODES=(floor fwd ipvs lbdr)
TUN_MODES=(ipvs-ipip lbdr-ipip ipvs-gue lbdr-gue)

nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
lbadm_lb() { "$LBADM" -n "$LB" "$@"; }

# bench_topology_up [TAG]: namespaces CL, LB, SRV (names stored by ns_add,
# TAG tells a second set apart) and their links. Call in the caller's own
# shell (ns_add records names for the cleanup).
bench_topology_up() {
	local rip tag=${1:-}

	ns_add CL "client$tag" && ns_add LB "lb$tag" && ns_add SRV "srv$tag" || return 1
	# A batch per namespace: under emulation every ip/tc process costs
	# about a tenth of a second, and this runs for every fresh table.
	ip -batch - <<-EOF || return 1
	link add c0 netns $CL type veth peer name in0 netns $LB
	link add out0 netns $LB type veth peer name eth0 netns $SRV
	EOF
	ip -n "$CL" link set c0 up || return 1
	# The new-flow sources must pass rp_filter in every mode: route them back.
	ip -n "$LB" -batch - <<-EOF || return 1
	link set lo up
	link set in0 up
	link set out0 up
	addr add 198.51.100.1/24 dev in0
	addr add 10.0.1.1/24 dev out0
	route add 16.0.0.0/12 via 198.51.100.2 dev in0 onlink
	EOF
	nsx "$LB" sysctl -qw net.ipv4.conf.all.rp_filter=0 \
		net.ipv4.conf.default.rp_filter=0 net.ipv4.conf.in0.rp_filter=0 \
		net.ipv4.conf.out0.rp_filter=0 net.ipv4.ip_forward=0 \
		net.ipv4.conf.all.send_redirects=0
	{
		echo "link set lo up"
		echo "link set eth0 up"
		for rip in "${RIPS[@]}"; do
			echo "addr add $rip/24 dev eth0"
		done
	} | ip -n "$SRV" -batch - || return 1
	# No ARP during a run: the server's MAC is known for every RIP.
	SRV_MAC=$(nsx "$SRV" cat /sys/class/net/eth0/address)
	IN0_MAC=$(nsx "$LB" cat /sys/class/net/in0/address)
	for rip in "${RIPS[@]}"; do
		echo "neigh replace $rip lladdr $SRV_MAC dev out0 nud permanent"
	done | ip -n "$LB" -batch - || return 1
	# Delivery: counted by veth, then dropped at once in every mode.
	tc -n "$SRV" -batch - <<-EOF
	qdisc add dev eth0 clsact
	filter add dev eth0 ingress matchall action drop
	EOF
}

# delivered: packets that have reached the server side so far.
delivered() { nsx "$LB" cat /sys/class/net/out0/statistics/tx_packets; }

# mode_up MODE / mode_down MODE: configure one way of getting VIP traffic to
# the servers, and remove it again leaving the namespace as before.
mode_up() {
	local rip

	case $1 in
	floor)
		# The least any balancer can do: set the server's MAC, redirect.
		tc -n "$LB" qdisc add dev in0 clsact &&
		tc -n "$LB" filter add dev in0 ingress protocol ip flower dst_ip $VIP \
			action pedit ex munge eth dst set "$SRV_MAC" pipe \
			action mirred egress redirect dev out0
		;;
	fwd)
		ip -n "$LB" route add $VIP/32 via "${RIPS[0]}" dev out0 &&
		nsx "$LB" sysctl -qw net.ipv4.ip_forward=1
		;;
	ipvs)
		# DR needs the VIP local (IPVS works at LOCAL_IN). conntrack stays
		# off: net.ipv4.vs.conntrack=0 is the default and nothing else in
		# the namespace asks for conntrack.
		# One process in the namespace: each `ip netns exec` costs about
		# a tenth of a second under emulation.
		nsx "$LB" sh -ec "ip addr add $VIP/32 dev lo
			sysctl -qw net.ipv4.vs.conntrack=0
			ipvsadm -A -u $VIP:80 -s rr
			for rip in ${RIPS[*]}; do ipvsadm -a -u $VIP:80 -r \$rip:80 -g -w 1; done"
		;;
	lbdr)
		ip -n "$LB" addr add $VIP/32 dev lo &&
		lbadm_lb service add udp $VIP:80 || return 1
		for rip in "${RIPS[@]}"; do
			lbadm_lb server add udp $VIP:80 "$rip" || return 1
		done
		;;
	ipvs-ipip | ipvs-gue)
		# Tunnel modes (TUN_MODES): the same servers, reached through
		# IPIP or GUE (no UDP checksum) instead of a new L2 destination.
		local how="-i"

		[ "$1" = ipvs-gue ] && how="-i --tun-type gue --tun-port 6080"
		nsx "$LB" sh -ec "ip addr add $VIP/32 dev lo
			sysctl -qw net.ipv4.vs.conntrack=0
			ipvsadm -A -u $VIP:80 -s rr
			for rip in ${RIPS[*]}; do ipvsadm -a -u $VIP:80 -r \$rip:80 $how -w 1; done"
		;;
	lbdr-ipip | lbdr-gue)
		ip -n "$LB" addr add $VIP/32 dev lo &&
		lbadm_lb service add udp $VIP:80 || return 1
		for rip in "${RIPS[@]}"; do
			lbadm_lb server add udp $VIP:80 "$rip" method "${1#lbdr-}" || return 1
		done
		;;
	*) return 1 ;;
	esac
}

mode_down() {
	case $1 in
	floor) tc -n "$LB" qdisc del dev in0 clsact ;;
	fwd)
		nsx "$LB" sysctl -qw net.ipv4.ip_forward=0
		ip -n "$LB" route del $VIP/32
		;;
	ipvs | ipvs-ipip | ipvs-gue)
		nsx "$LB" sh -c "ipvsadm -C; ip addr del $VIP/32 dev lo"
		;;
	lbdr | lbdr-ipip | lbdr-gue)
		lbadm_lb flush
		ip -n "$LB" addr del $VIP/32 dev lo
		;;
	esac
}

# bench_topology_down: delete the current namespaces now (a netns exit is
# also what flushes IPVS's connections, which no ipvsadm command removes).
bench_topology_down() {
	printf 'netns del %s\n' "$CL" "$LB" "$SRV" | ip -force -batch -
}
