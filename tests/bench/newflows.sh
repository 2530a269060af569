# SPDX-License-Identifier: GPL-2.0
#
# Measures 2 and 3 in one pass: every packet a new UDP tuple (sources
# 16.0.0.0/12 stepped one by one: up to 1,048,576 distinct tuples), so every
# packet creates a connection entry: delivered packets per second is new
# flows per second; the memory the kernel holds afterwards, over the
# entries, is bytes per connection. Each run gets fresh namespaces: deleting
# the namespace is the only way to flush IPVS's connections at once.

# slab_bytes CACHE: objects and bytes in slabs of a cache, "OBJECTS BYTES".
# /sys/kernel/slab/CACHE may be an alias of a merged cache (lbdr_conn's 64
# bytes may share kmalloc-64's slabs): the deltas are still this run's.
slab_bytes() {
	local d=/sys/kernel/slab/$1 objs slabs order
	[ -e "$d" ] || { echo "0 0"; return; }
	objs=$(cut -d' ' -f1 "$d/objects")
	slabs=$(cut -d' ' -f1 "$d/slabs")
	order=$(cat "$d/order")
	echo "$objs $((slabs * 4096 << order))"
}

# In bytes, as an integer: awk prints a large product as 3.0e+09, and
# mawk's %d stops at 2^31 - 1.
memfree_bytes() { awk '/^MemFree:/ { printf "%.0f\n", $2 * 1024 }' /proc/meminfo; }

# pg_newflows COUNT: COUNT packets, each a new tuple: sources step through
# 16.0.0.0/12 and source ports through 5 values at once; 5 is prime to
# 2^20, so the pairs repeat only after 5 x 2^20 (5.2M) packets.
pg_newflows() { pg_udp "$1" 16.0.0.0 16.15.255.255 10000 10005; }

# slab_objects CACHE: objects in the cache now (no fork: this is polled).
slab_objects() {
	local o=0
	[ -e "/sys/kernel/slab/$1/objects" ] && read -r o _ < "/sys/kernel/slab/$1/objects"
	echo "$o"
}

# drained: the entries of earlier runs are freed (both caches back to
# NF_BASE_*, taken before the first run, within 1000 objects).
drained() {
	[ "$(slab_objects lbdr_conn)" -le $((NF_BASE_lbdr + 1000)) ] &&
	[ "$(slab_objects ip_vs_conn)" -le $((NF_BASE_ipvs + 1000)) ]
}

# wait_drained: a deleted namespace frees its entries in the background
# (netns cleanup work): wait for it, so that every run starts from the
# same memory and no freeing competes with a timed run.
wait_drained() {
	wait_for 180 drained ||
		echo "entries of an earlier run still held: lbdr_conn $(slab_objects lbdr_conn), ip_vs_conn $(slab_objects ip_vs_conn)" >&2
}

# conn_count: lbdr's entries in the balancer's namespace now, from the
# first line of `lbadm stats` (a python start costs a second here).
conn_count() {
	local s
	s=$(lbadm_lb stats) && [[ $s =~ conn_count\ ([0-9]+) ]] || return 1
	echo "${BASH_REMATCH[1]}"
}

# entries MODE: the balancer's connection entries now. IPVS: connections
# created in its (fresh) namespace, from /proc/net/ip_vs_stats (hex); none
# expires within a run (UDP: 300 s), and reading /proc/net/ip_vs_conn's
# million lines would take minutes under emulation.
entries() {
	case $1 in
	lbdr) conn_count ;;
	ipvs) printf '%d\n' "0x$(nsx "$LB" awk 'NR == 3 { print $1 }' /proc/net/ip_vs_stats)" ;;
	esac
}

# newflows_one MODE RUN COUNT
newflows_one() {
	local mode=$1 run=$2 count=$3 cache before after sent usec out
	local o0 b0 o1 b1 m0 m1 objsize n t0=$SECONDS t1 t2

	case $mode in
	lbdr) cache=lbdr_conn ;;
	ipvs) cache=ip_vs_conn ;;
	esac
	# pktgen is per namespace too: the new one gets in0 added afresh.
	# Set up while the previous run's namespaces are still being freed
	# (nothing is timed yet), then wait for that to finish.
	bench_topology_up "nf$run$mode" && pg_init || return 1
	mode_up "$mode" || { bench_topology_down; return 1; }
	[ "$mode" != lbdr ] || lbadm_lb config set conn-max $((count * 2)) >/dev/null ||
		echo "conn-max $((count * 2)) refused; default kept" >&2
	wait_drained
	# Unused memory settles before the first reading.
	sync; echo 1 > /proc/sys/vm/drop_caches
	read -r o0 b0 <<<"$(slab_bytes $cache)"
	m0=$(memfree_bytes)
	pg_newflows "$count" || { bench_topology_down; return 1; }
	before=$(delivered)
	t1=$SECONDS
	out=$(pg_run) || { bench_topology_down; return 1; }
	after=$(delivered)
	t2=$SECONDS
	sleep 1
	read -r o1 b1 <<<"$(slab_bytes $cache)"
	m1=$(memfree_bytes)
	objsize=$(cat /sys/kernel/slab/$cache/slab_size 2>/dev/null || echo 0)
	n=$(entries "$mode") || n=0
	read -r sent usec <<<"$out"
	emit "{\"measure\":\"newflows\",\"mode\":\"$mode\",\"run\":$run,\"sent\":$sent,\"delivered\":$((after - before)),\"usec\":$usec,\"entries\":${n:-0},\"slab_objects\":$((o1 - o0)),\"slab_bytes\":$((b1 - b0)),\"slab_size\":$objsize,\"memfree_drop\":$((m0 - m1))}"
	# Freed in the background: the next run (or newflows_bench) waits.
	bench_topology_down
	echo "# newflows $mode run $run: setup and drain $((t1 - t0)) s, flows $((t2 - t1)) s, after $((SECONDS - t2)) s" >&2
}

# newflows_bench RUNS COUNT: lbdr and IPVS alternated.
newflows_bench() {
	local runs=$1 count=$2 r mode rc=0

	NF_BASE_lbdr=$(slab_objects lbdr_conn)
	NF_BASE_ipvs=$(slab_objects ip_vs_conn)
	for r in $(seq 1 "$runs"); do
		for mode in ipvs lbdr; do
			newflows_one "$mode" "$r" "$count" || rc=1
		done
	done
	# The next measure starts with the entries gone.
	wait_drained
	return $rc
}
