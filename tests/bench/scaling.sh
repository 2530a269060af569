# SPDX-License-Identifier: GPL-2.0
#
# Measure 4: lbdr's own per-packet cost (measure 1's forwarding of 1000
# established flows) with the connection table holding N entries more.
# For each N: fresh namespaces, lbdr up, N new flows (pg_newflows) fill the
# table, then forwarding runs of lbdr alternated with the tc floor (which
# redirects before netfilter, so lbdr's table stays as it is). The fill is
# recorded too: new flows per second into a large table, and the memory
# the entries took (lbdr's bytes per connection at N).

# scaling_one N RUNS COUNT
scaling_one() {
	local size=$1 runs=$2 count=$3 r mode out sent usec before after n m0 m1 o0 b0 o1 b1 rc=0
	local cmax=$(($1 * 2 + 65536))

	[ "$cmax" -le $((1 << 26)) ] || cmax=$((1 << 26))
	bench_topology_up "sc$size" && pg_init && mode_up lbdr || { bench_topology_down; return 1; }
	# Entries must outlive the runs (UDP's default is 300 s).
	lbadm_lb timeout set udp 3600 >/dev/null && lbadm_lb config set conn-max "$cmax" >/dev/null ||
		{ bench_topology_down; return 1; }
	sync; echo 1 > /proc/sys/vm/drop_caches
	read -r o0 b0 <<<"$(slab_bytes lbdr_conn)"
	m0=$(memfree_bytes)
	pg_newflows "$size" && before=$(delivered) && out=$(pg_run) && after=$(delivered) ||
		{ bench_topology_down; return 1; }
	# The rhashtable grows in a worker: let it finish before measuring.
	sleep 2
	read -r o1 b1 <<<"$(slab_bytes lbdr_conn)"
	m1=$(memfree_bytes)
	n=$(conn_count) || n=0
	read -r sent usec <<<"$out"
	emit "{\"measure\":\"scaling_fill\",\"target\":$size,\"entries\":${n:-0},\"sent\":$sent,\"delivered\":$((after - before)),\"usec\":$usec,\"slab_bytes\":$((b1 - b0)),\"memfree_drop\":$((m0 - m1))}"
	# The measured flows: established first, as in measure 1.
	pg_udp 2000 198.51.100.2 198.51.100.2 10000 11000 && pg_run >/dev/null &&
	pg_udp "$count" 198.51.100.2 198.51.100.2 10000 11000 || { bench_topology_down; return 1; }
	for r in $(seq 1 "$runs"); do
		for mode in floor lbdr; do
			[ "$mode" = lbdr ] || mode_up floor || { rc=1; continue; }
			before=$(delivered)
			out=$(pg_run) || rc=1
			after=$(delivered)
			[ "$mode" = lbdr ] || mode_down floor
			read -r sent usec <<<"$out"
			emit "{\"measure\":\"scaling\",\"mode\":\"$mode\",\"entries\":${n:-0},\"run\":$r,\"sent\":${sent:-0},\"delivered\":$((after - before)),\"usec\":${usec:-0}}"
		done
	done
	n=$(conn_count) || n=0
	emit "{\"measure\":\"scaling_after\",\"target\":$size,\"entries\":${n:-0}}"
	bench_topology_down
	wait_for 120 sh -c "[ \$(cut -d' ' -f1 /sys/kernel/slab/lbdr_conn/objects) -le $((o0 + 1000)) ]" ||
		echo "lbdr_conn still holds entries after the namespace went" >&2
	return $rc
}

# scaling_bench RUNS COUNT "N...": from the smallest table to the largest.
scaling_bench() {
	local runs=$1 count=$2 n rc=0

	for n in $3; do
		scaling_one "$n" "$runs" "$count" || rc=1
	done
	return $rc
}
