# SPDX-License-Identifier: GPL-2.0
#
# Measure 4: lbdr's own per-packet cost (measure 1's forwarding of 1000
# established flows) with the connection table holding N entries more.
# One table, grown from the smallest N to the largest: lbdr up in fresh
# namespaces, then for each N the entries missing to N added as new flows
# (pg_newflows' tuples, a source port range of their own per step, so no
# step repeats another's), then forwarding runs of lbdr alternated with the
# tc floor (which redirects before netfilter, so lbdr's table stays as it
# is). Each step's fill is recorded too: new flows per second into a table
# of the previous size growing to N, and the memory the added entries took
# (lbdr's bytes per connection). Growing one table, rather than filling a
# fresh one per N, saves refilling the smaller sizes: minutes under
# emulation.

# scaling_step N PREV STEP RUNS COUNT: grow the table from the PREV entries
# it holds to N (fill ports 10000 + 1000 * STEP and on), then the rounds.
scaling_step() {
	local size=$1 prev=$2 step=$3 runs=$4 count=$5 r mode out sent usec delivered n m0 m1 o0 b0 o1 b1 rc=0
	local cmax=$(($1 * 2 + 65536)) port=$((10000 + 1000 * $3))

	[ "$cmax" -le $((1 << 26)) ] || cmax=$((1 << 26))
	lbadm_lb config set conn-max "$cmax" >/dev/null || return 1
	sync; echo 1 > /proc/sys/vm/drop_caches
	read -r o0 b0 <<<"$(slab_bytes lbdr_conn)"
	m0=$(memfree_bytes)
	out=$(pg_measure 0 $((size - prev)) 16.0.0.0 16.15.255.255 "$port" $((port + 5))) || return 1
	# The rhashtable grows in a worker: let it finish before measuring.
	sleep 2
	read -r o1 b1 <<<"$(slab_bytes lbdr_conn)"
	m1=$(memfree_bytes)
	n=$(conn_count) || n=0
	read -r sent usec delivered <<<"$out"
	# The measured flows: established after the first fill (through lbdr),
	# as in measure 1; later fills count them among the N.
	[ "$step" != 0 ] || pg_measure 0 2000 198.51.100.2 198.51.100.2 10000 11000 >/dev/null || return 1
	emit "{\"measure\":\"scaling_fill\",\"target\":$size,\"from\":$prev,\"entries\":${n:-0},\"sent\":$sent,\"delivered\":$delivered,\"usec\":$usec,\"slab_bytes\":$((b1 - b0)),\"memfree_drop\":$((m0 - m1))}"
	for r in $(seq 1 "$runs"); do
		for mode in floor lbdr; do
			[ "$mode" = lbdr ] || mode_up floor || { rc=1; continue; }
			out=$(pg_measure 0 "$count" 198.51.100.2 198.51.100.2 10000 11000) || { rc=1; out=; }
			[ "$mode" = lbdr ] || mode_down floor
			sent=0 usec=0 delivered=0
			[ -z "$out" ] || read -r sent usec delivered <<<"$out"
			emit "{\"measure\":\"scaling\",\"mode\":\"$mode\",\"entries\":${n:-0},\"run\":$r,\"sent\":$sent,\"delivered\":$delivered,\"usec\":$usec}"
		done
	done
	n=$(conn_count) || n=0
	emit "{\"measure\":\"scaling_after\",\"target\":$size,\"entries\":${n:-0}}"
	return $rc
}

# scaling_bench RUNS COUNT "N...": from the smallest table to the largest.
scaling_bench() {
	local runs=$1 count=$2 n prev=0 step=0 rc=0

	NF_BASE_lbdr=$(slab_objects lbdr_conn)
	NF_BASE_ipvs=$(slab_objects ip_vs_conn)
	bench_topology_up sc && pg_init && mode_up lbdr &&
	# Entries must outlive the runs (UDP's default is 300 s).
	lbadm_lb timeout set udp 3600 >/dev/null || { bench_topology_down; return 1; }
	for n in $(printf '%s\n' $3 | sort -n); do
		scaling_step "$n" "$prev" "$step" "$runs" "$count" || { rc=1; break; }
		prev=$(conn_count) step=$((step + 1))
	done
	bench_topology_down
	# Freed in the background: the next measure starts with them gone.
	wait_drained
	return $rc
}
