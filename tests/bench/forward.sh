# SPDX-License-Identifier: GPL-2.0
#
# Measure 1: forwarding of established flows. 64-byte UDP over 1000 flows
# (one client address, source ports 10000-10999) to the VIP, in the four
# modes of topology.sh, alternated mode by mode within each round so that
# drift of the shared machine hits every mode alike.

# emit JSON: one result record on stdout, picked up by the host's report.
emit() { echo "BENCH $1"; }

# forward_one MODE RUN COUNT: one measured run; the mode's flows are made
# established first by a warm-up pass over all 1000 tuples. The record's
# measure is FWD_MEASURE (default forward), the tunnel modes' is tunnel,
# and the floor's FWD_FLOOR_AS when set (one floor run for both when
# measure 1's and the tunnel modes alternate in the same rounds).
forward_one() {
	local mode=$1 run=$2 count=$3 sent usec delivered out name names

	mode_up "$mode" || { echo "mode $mode: setup failed" >&2; mode_down "$mode"; return 1; }
	out=$(pg_measure 2000 "$count" 198.51.100.2 198.51.100.2 10000 11000) ||
		{ mode_down "$mode"; return 1; }
	mode_down "$mode"
	read -r sent usec delivered <<<"$out"
	names=${FWD_MEASURE:-forward}
	case $mode in
	floor) names=${FWD_FLOOR_AS:-$names} ;;
	ipvs-* | lbdr-*) names=tunnel ;;
	esac
	for name in $names; do
		emit "{\"measure\":\"$name\",\"mode\":\"$mode\",\"run\":$run,\"sent\":$sent,\"delivered\":$delivered,\"usec\":$usec}"
	done
}

# forward_bench RUNS COUNT [MODE...]: a discarded warm-up round (a fifth
# of COUNT packets per mode: enough for the code paths to be translated and
# the caches warm), then RUNS rounds, of MODES or the modes given.
forward_bench() {
	local runs=$1 count=$2 r mode rc=0
	local modes=("${@:3}")

	[ ${#modes[@]} -gt 0 ] || modes=("${MODES[@]}")
	for mode in "${modes[@]}"; do
		forward_one "$mode" 0 $((count / 5)) >/dev/null || rc=1
	done
	for r in $(seq 1 "$runs"); do
		for mode in "${modes[@]}"; do
			forward_one "$mode" "$r" "$count" || rc=1
		done
	done
	return $rc
}
