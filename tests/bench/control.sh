# SPDX-License-Identifier: GPL-2.0
#
# Measure 5: the control plane. N services x 10 servers loaded from one file
# with `lbadm restore` and with `ipvsadm -R`, then dumped with
# `lbadm -j service show` and `ipvsadm -Ln`, alternated, each in a namespace
# of its own. Both use the weighted round-robin scheduler: lbdr's default,
# Maglev, would add a 65537-slot table build per service that IPVS's wrr
# does not do (Maglev build time is measure 6).

# control_files DIR N: DIR/lbdr.N and DIR/ipvs.N, the same configuration in
# each tool's own format (lbadm's is what `lbadm save` prints).
control_files() {
	python3 - "$1" "$2" <<-'PY'
	import sys
	d, n = sys.argv[1], int(sys.argv[2])
	with open(f"{d}/lbdr.{n}", "w") as l, open(f"{d}/ipvs.{n}", "w") as v:
	    for i in range(1, n + 1):
	        vip = f"172.{16 + i // 65536}.{i // 256 % 256}.{i % 256}:80"
	        l.write(f"service add tcp {vip} sched wrr\n")
	        v.write(f"-A -t {vip} -s wrr\n")
	        for s in range(10):
	            rip = f"10.1.{s}.{i % 250 + 1}"
	            l.write(f"server add tcp {vip} {rip} weight 1 method dr\n")
	            v.write(f"-a -t {vip} -r {rip}:80 -g -w 1\n")
	PY
}

# seconds CMD...: the command's wall time in seconds; fails if it fails.
seconds() {
	local t0 t1
	t0=$(date +%s%N)
	"$@" || return 1
	t1=$(date +%s%N)
	echo "$(((t1 - t0) / 1000))e-6"
}

# control_one TOOL RUN N DIR
control_one() {
	local tool=$1 run=$2 n=$3 dir=$4 ns load dump lines

	ns_add ns "cp$tool$n$run" || return 1
	# Both refuse a real server they have no route to (IPVS: "address not
	# unicast"): the servers' network 10.1.0.0/16 is on a dummy link.
	printf 'link add d0 type dummy\nlink set d0 up\naddr add 10.1.255.254/16 dev d0\n' |
		ip -n "$ns" -batch - || return 1
	case $tool in
	lbdr)
		load=$(seconds "$LBADM" -n "$ns" restore -f "$dir/lbdr.$n") &&
		dump=$(seconds sh -c "ip netns exec $ns $LBADM -j service show > $dir/dump") &&
		lines=$(python3 -c 'import json,sys; j = json.load(open(sys.argv[1])); print(len(j), sum(len(s["servers"]) for s in j))' "$dir/dump")
		;;
	ipvs)
		# ipvsadm -R goes on after a refused line: its errors are the failure.
		load=$(seconds sh -c "ip netns exec $ns ipvsadm -R < $dir/ipvs.$n 2> $dir/err") &&
		[ ! -s "$dir/err" ] || { head -3 "$dir/err" >&2; false; } &&
		dump=$(seconds sh -c "ip netns exec $ns ipvsadm -Ln > $dir/dump") &&
		lines="$(grep -c '^TCP' "$dir/dump") $(grep -c '^  -> [0-9]' "$dir/dump")"
		;;
	esac || { ip netns del "$ns"; return 1; }
	ip netns del "$ns"
	# The dump must hold everything loaded: services, then servers.
	[ "$lines" = "$n $((n * 10))" ] || { echo "$tool: dumped $lines, loaded $n $((n * 10))" >&2; return 1; }
	emit "{\"measure\":\"control\",\"mode\":\"$tool\",\"run\":$run,\"services\":$n,\"servers_per_service\":10,\"restore_s\":$load,\"dump_s\":$dump}"
}

# control_bench RUNS N...: for each size, IPVS and lbdr alternated. Sizes
# of CP_BIG (10,000) services or more get at most CP_BIG_RUNS rounds: one
# ipvsadm -R of 10,000 services takes about a minute under emulation, and
# the run has to fit the issue's 20 minutes (the report says so).
control_bench() {
	local runs=$1 n r tool rc=0 dir rounds
	shift
	dir=$(mktemp -d)
	for n in "$@"; do
		control_files "$dir" "$n"
		rounds=$runs
		[ "$n" -lt "${CP_BIG:-10000}" ] || [ "$rounds" -le "${CP_BIG_RUNS:-3}" ] ||
			rounds=${CP_BIG_RUNS:-3}
		for r in $(seq 1 "$rounds"); do
			for tool in ipvs lbdr; do
				control_one "$tool" "$r" "$n" "$dir" || rc=1
			done
		done
	done
	rm -rf "$dir"
	return $rc
}
