# SPDX-License-Identifier: GPL-2.0
#
# Measure 1: forwarding of established flows. 64-byte UDP over 1000 flows
# (one client address, source ports 10000-10999) to the VIP, in the four
# modes of topology.sh, alternated mode by mode within each round so that
# drift of the shared machine hits every mode alike.

# emit JSON: one result record on stdout, picked up by the host's report.
emit() { echo "BENCH $1"; }

# forward_one MODE RUN COUNT: one measured run; the mode's flows are made
# established first by a warm-up pass over all 1000 tuples.
forward_one() {
	local mode=$1 run=$2 count=$3 before after sent usec out

	mode_up "$mode" || { echo "mode $mode: setup failed" >&2; mode_down "$mode"; return 1; }
	pg_udp 2000 198.51.100.2 198.51.100.2 10000 11000 && pg_run >/dev/null &&
	pg_udp "$count" 198.51.100.2 198.51.100.2 10000 11000 || { mode_down "$mode"; return 1; }
	before=$(delivered)
	out=$(pg_run) || { mode_down "$mode"; return 1; }
	after=$(delivered)
	mode_down "$mode"
	read -r sent usec <<<"$out"
	emit "{\"measure\":\"${FWD_MEASURE:-forward}\",\"mode\":\"$mode\",\"run\":$run,\"sent\":$sent,\"delivered\":$((after - before)),\"usec\":$usec}"
}

# forward_bench RUNS COUNT [MODE...]: a discarded warm-up round, then RUNS
# rounds, of MODES or the modes given.
forward_bench() {
	local runs=$1 count=$2 r mode rc=0
	local modes=("${@:3}")

	[ ${#modes[@]} -gt 0 ] || modes=("${MODES[@]}")
	for mode in "${modes[@]}"; do
		forward_one "$mode" 0 "$count" >/dev/null || rc=1
	done
	for r in $(seq 1 "$runs"); do
		for mode in "${modes[@]}"; do
			forward_one "$mode" "$r" "$count" || rc=1
		done
	done
	return $rc
}
