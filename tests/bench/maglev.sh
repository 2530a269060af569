# SPDX-License-Identifier: GPL-2.0
#
# Measure 6 in the VM (the slot-level figures come from the host, see
# maglev_host.c): what the kernel really does with traffic.
#  - build time: `lbadm restore` of one service with N servers, Maglev with
#    M slots against wrr (which builds no Maglev table), alternated; the
#    difference is the Maglev build, in the guest's emulated time.
#  - flows moved when one server goes: the same new flows through a balancer
#    with N servers and then through one with N - 1 (the middle server
#    removed), flow by flow from the connection tables; lbdr (maglev)
#    against IPVS (mh, its consistent hash).
# Flow maps (flowmap_run) are shared with measure 7 (failover.sh).

# rip I: the I-th server address (0-based); ascending with I, as lbdr sorts.
rip() { echo "10.2.$(($1 / 250)).$(($1 % 250 + 1))"; }
# rips N: the first N, one a line (one awk: a fork per line is slow here).
rips() { awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "10.2.%d.%d\n", i / 250, i % 250 + 1 }'; }

# servers_prepare LIST: the balancer reaches the servers of file LIST on
# out0 without ARP: one ip -batch, as a command per server costs seconds
# under emulation.
servers_prepare() {
	{
		echo "addr add 10.2.255.254/16 dev out0"
		sed "s|.*|neigh replace & lladdr $SRV_MAC dev out0 nud permanent|" "$1"
	} | ip -n "$LB" -batch -
}

# balancer_up MODE LIST: UDP VIP:80 with the servers of file LIST, added
# in its order; lbdr with maglev, IPVS with mh; both loaded from a file.
balancer_up() {
	local mode=$1 list=$2 f

	f=$(mktemp)
	ip -n "$LB" addr add $VIP/32 dev lo || return 1
	case $mode in
	lbdr)
		{ echo "service add udp $VIP:80 sched maglev"
		  sed "s|.*|server add udp $VIP:80 & weight 1 method dr|" "$list"; } > "$f"
		lbadm_lb restore -f "$f" >/dev/null
		;;
	ipvs)
		{ echo "-A -u $VIP:80 -s mh"
		  sed "s|.*|-a -u $VIP:80 -r &:80 -g -w 1|" "$list"; } > "$f"
		nsx "$LB" sysctl -qw net.ipv4.vs.conntrack=0 &&
		nsx "$LB" ipvsadm -R < "$f" 2>"$f.err" && [ ! -s "$f.err" ] ||
			{ cat "$f.err" >&2; false; }
		;;
	esac
	local rc=$?
	rm -f "$f" "$f.err"
	return $rc
}

# flowmap_run MODE LIST FLOWS OUT TAG: FLOWS new UDP flows (pg_newflows'
# tuples) through a fresh balancer set up with LIST; OUT gets its
# "CLIENT:PORT SERVER" map. Fresh namespaces each time: the only way to
# empty IPVS's connection table.
flowmap_run() {
	local mode=$1 list=$2 flows=$3 out=$4 tag=$5 before after rc=0

	bench_topology_up "$tag" && pg_init && servers_prepare "$list" &&
	balancer_up "$mode" "$list" || { bench_topology_down; return 1; }
	[ "$mode" != lbdr ] || lbadm_lb config set conn-max $((flows * 2 + 65536)) >/dev/null
	pg_newflows "$flows" && before=$(delivered) && pg_run >/dev/null && after=$(delivered) || rc=1
	echo "flowmap $mode $tag: $((after - before)) of $flows delivered" >&2
	case $mode in
	lbdr) lbadm_lb -j conn show | "$HERE/flowmap.py" lbdr > "$out" || rc=1 ;;
	ipvs) nsx "$LB" cat /proc/net/ip_vs_conn | "$HERE/flowmap.py" ipvs > "$out" || rc=1 ;;
	esac
	bench_topology_down
	[ "$rc" = 0 ] || return 1
	# Every flow must have its entry; a packet lost on the way to the
	# server (veth backlog) is not what is measured here.
	[ "$(wc -l < "$out")" = "$flows" ] ||
		{ echo "flowmap $mode: $flows flows sent, $(wc -l < "$out") in the table" >&2; return 1; }
}

# maglev_moved_one MODE N FLOWS DIR GONE: the flow maps of MODE with all N
# servers and without GONE; prints the maglev_flows record.
maglev_moved_one() {
	local mode=$1 n=$2 flows=$3 dir=$4 gone=$5 cmp

	flowmap_run "$mode" "$dir/all" "$flows" "$dir/a.$mode" "mga$mode$n" &&
	flowmap_run "$mode" "$dir/less" "$flows" "$dir/b.$mode" "mgb$mode$n" &&
	cmp=$("$HERE/flowmap.py" compare "$dir/a.$mode" "$dir/b.$mode" "$gone") || return 1
	emit "{\"measure\":\"maglev_flows\",\"mode\":\"$mode\",\"servers\":$n,$cmp}"
}

# maglev_moved N FLOWS DIR: flows moved for lbdr and IPVS when server N/2
# of N goes. Deterministic (fixed hashes, same flows): one run each. Nothing
# here is timed, so IPVS's maps and lbdr's are taken at the same time, each
# with a CPU of its own (pktgen's thread and the table dumps).
maglev_moved() {
	local n=$1 flows=$2 dir=$3 gone rc=0 pid

	rips "$n" > "$dir/all"
	gone=$(rip $((n / 2)))
	grep -vx "$gone" "$dir/all" > "$dir/less"
	PG_CPU=0 maglev_moved_one ipvs "$n" "$flows" "$dir" "$gone" > "$dir/rec.ipvs" &
	pid=$!
	PG_CPU=1 maglev_moved_one lbdr "$n" "$flows" "$dir" "$gone" > "$dir/rec.lbdr" || rc=1
	wait "$pid" || rc=1
	# The records in a fixed order, whichever finished first.
	cat "$dir/rec.ipvs" "$dir/rec.lbdr"
	return $rc
}

# maglev_build_one SCHED N M RUN DIR: one timed restore in a fresh netns.
maglev_build_one() {
	local sched=$1 n=$2 m=$3 run=$4 dir=$5 ns t

	ns_add ns "mb$sched$n$m$run" || return 1
	printf 'link add d0 type dummy\nlink set d0 up\naddr add 10.2.255.254/16 dev d0\n' |
		ip -n "$ns" -batch - &&
	t=$(seconds "$LBADM" -n "$ns" restore -f "$dir/$sched.$n.$m") || { ip netns del "$ns"; return 1; }
	ip netns del "$ns"
	emit "{\"measure\":\"maglev_build\",\"sched\":\"$sched\",\"run\":$run,\"services\":$MG_BUILD_SERVICES,\"servers\":$n,\"slots\":$m,\"restore_s\":$t}"
}

# maglev_bench RUNS FLOWS "N..." "M...": build times, then flows moved.
# Each restore holds MG_BUILD_SERVICES services of N servers: one lbadm
# process start (a large part of a restore under emulation) spread over
# that many table builds.
maglev_bench() {
	local runs=$1 flows=$2 sizes=$3 slots=$4 n m r k sched dir rc=0

	dir=$(mktemp -d)
	for n in $sizes; do
		for m in $slots; do
			for sched in maglev wrr; do
				for k in $(seq 1 "$MG_BUILD_SERVICES"); do
					if [ "$sched" = wrr ]; then
						echo "service add udp 192.0.2.$k:80 sched wrr"
					else
						echo "service add udp 192.0.2.$k:80 sched maglev table $m"
					fi
					rips "$n" | sed "s|.*|server add udp 192.0.2.$k:80 & weight 1 method dr|"
				done > "$dir/$sched.$n.$m"
			done
			for r in $(seq 1 "$runs"); do
				for sched in maglev wrr; do
					maglev_build_one "$sched" "$n" "$m" "$r" "$dir" || rc=1
				done
			done
		done
	done
	for n in $sizes; do
		maglev_moved "$n" "$flows" "$dir" || rc=1
	done
	rm -rf "$dir"
	return $rc
}
