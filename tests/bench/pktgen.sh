# SPDX-License-Identifier: GPL-2.0
#
# pktgen in xmit_mode netif_receive: packets enter in0's receive path in the
# balancer's namespace as if a NIC had received them, no sender, no wire.
# pktgen is per netns; its thread runs the whole receive path (tc ingress,
# PRE_ROUTING, forwarding, veth xmit) synchronously for each packet.

# pg_write FILE CMD: one pktgen command, failing when pktgen refuses it.
pg_write() {
	nsx "$LB" sh -c "echo '$2' > /proc/net/pktgen/$1" || return 1
	nsx "$LB" grep -q '^Result: OK' "/proc/net/pktgen/$1" 2>/dev/null ||
		{ echo "pktgen refused '$2' on $1:" >&2; nsx "$LB" cat "/proc/net/pktgen/$1" >&2; return 1; }
}

# pg_init: in0 to the namespace's pktgen thread of CPU PG_CPU (default 0;
# two untimed jobs running at once use a CPU each).
pg_init() {
	modprobe pktgen || return 1
	pg_write kpktgend_0 rem_device_all
	pg_write kpktgend_1 rem_device_all 2>/dev/null
	pg_write "kpktgend_${PG_CPU:-0}" "add_device in0"
}

# pg_udp COUNT SRC_MIN SRC_MAX SPORT_MIN SPORT_END: configure COUNT 64-byte
# UDP packets to VIP:80. Sources and source ports step one by one through
# their ranges (SPORT_END exclusive, as pktgen's sequential mode has it), so
# the set of tuples is exact: e.g. 1000 ports and one address = 1000 flows.
pg_udp() {
	# One process for all the writes: every exec costs a lot under
	# emulation. A refused command fails its write, and so the sh.
	nsx "$LB" sh -ec 'for c; do echo "$c" > /proc/net/pktgen/in0; done' sh \
		"count $1" "pkt_size 64" "burst 1" "delay 0" \
		"xmit_mode netif_receive" "dst_mac $IN0_MAC" \
		"dst $VIP" "src_min $2" "src_max $3" \
		"udp_dst_min 80" "udp_dst_max 80" \
		"udp_src_min $4" "udp_src_max $5" "flag !UDPSRC_RND" "flag !IPSRC_RND" ||
		{ echo "pktgen refused a setting:" >&2; nsx "$LB" cat /proc/net/pktgen/in0 >&2; return 1; }
}

# pg_run: send what pg_udp set up; prints "SENT USEC": packets and pktgen's
# own elapsed time for them.
pg_run() {
	local r
	nsx "$LB" sh -c 'echo start > /proc/net/pktgen/pgctrl' || return 1
	r=$(nsx "$LB" sed -n 's/^Result: OK: \([0-9]*\)(c[0-9]*+d[0-9]*) usec, \([0-9]*\) .*/\2 \1/p' \
		/proc/net/pktgen/in0)
	[ -n "$r" ] || { echo "pktgen: no result:" >&2; nsx "$LB" cat /proc/net/pktgen/in0 >&2; return 1; }
	echo "$r"
}

# pg_measure WARMUP COUNT SRC_MIN SRC_MAX SPORT_MIN SPORT_END: WARMUP packets
# (not counted: they make the flows established), then COUNT measured ones,
# as pg_udp sets them up; prints "SENT USEC DELIVERED". All in one process
# in the namespace: under emulation each `ip netns exec` costs about a
# tenth of a second, as much as a fifth of a measured run's overhead.
pg_measure() {
	nsx "$LB" env MAC="$IN0_MAC" VIP="$VIP" sh -ec '
	pg=/proc/net/pktgen/in0
	set_up() {
		for c in "count $1" "pkt_size 64" "burst 1" "delay 0" \
			"xmit_mode netif_receive" "dst_mac $MAC" "dst $VIP" \
			"src_min $2" "src_max $3" "udp_dst_min 80" "udp_dst_max 80" \
			"udp_src_min $4" "udp_src_max $5" "flag !UDPSRC_RND" "flag !IPSRC_RND"; do
			echo "$c" > $pg || { echo "pktgen refused $c:" >&2; cat $pg >&2; exit 1; }
		done
	}
	warm=$1 count=$2
	shift 2
	if [ "$warm" -gt 0 ]; then
		set_up "$warm" "$@"
		echo start > /proc/net/pktgen/pgctrl
	fi
	set_up "$count" "$@"
	read -r b < /sys/class/net/out0/statistics/tx_packets
	echo start > /proc/net/pktgen/pgctrl
	read -r a < /sys/class/net/out0/statistics/tx_packets
	while read -r line; do
		case $line in
		"Result: OK: "*)
			r=${line#Result: OK: }
			usec=${r%%[(]*}
			r=${r#*usec, }
			echo "${r%% *} $usec $((a - b))"
			exit 0 ;;
		esac
	done < $pg
	echo "pktgen: no result:" >&2
	cat $pg >&2
	exit 1' sh "$@"
}
