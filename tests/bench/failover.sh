# SPDX-License-Identifier: GPL-2.0
#
# Measure 7: failover. Flows established through an active balancer (its
# flow map), then the same flows sent, mid-flow, to a standby that has the
# same servers and none of the entries: the share that reaches the same
# server is the share the standby continues. The standby is the same VM
# after the balancer's module was unloaded and loaded again (a new module
# instance: new random secrets, as on another machine), configured with
# the servers in the same order and in reverse order. lbdr (maglev)
# against IPVS (mh, no sync daemon). The flows are UDP (pktgen has no TCP):
# for TCP a standby also needs to accept a mid-flow segment (lbdr: service
# option sloppy, IPVS: sloppy_tcp); the server it picks is the same.

# reload MODE: a fresh instance of the balancer's module; fails when the
# old one cannot go (deleted namespaces are freed in the background: wait).
reload() {
	local m mods=(lbdr)

	[ "$1" = lbdr ] || mods=(ip_vs_mh ip_vs_rr ip_vs_wrr ip_vs)
	for m in "${mods[@]}"; do
		[ ! -d "/sys/module/$m" ] ||
			wait_for 30 rmmod "$m" 2>/dev/null || { echo "reload: $m stays loaded" >&2; return 1; }
	done
	case $1 in
	lbdr) module_load ;;
	ipvs) modprobe ip_vs ;;
	esac
}

# failover_one MODE FLOWS N DIR: the active map, then both standbys.
failover_one() {
	local mode=$1 flows=$2 n=$3 dir=$4 order cmp rc=0 reloaded

	flowmap_run "$mode" "$dir/same" "$flows" "$dir/active.$mode" "foa$mode" || return 1
	for order in same reversed; do
		# Whether the module really went: if not, say so in the record.
		reloaded=true
		reload "$mode" || reloaded=false
		flowmap_run "$mode" "$dir/$order" "$flows" "$dir/standby.$mode" "fos$mode$order" &&
		cmp=$("$HERE/flowmap.py" compare "$dir/active.$mode" "$dir/standby.$mode") || { rc=1; continue; }
		emit "{\"measure\":\"failover\",\"mode\":\"$mode\",\"order\":\"$order\",\"servers\":$n,\"module_reloaded\":$reloaded,$cmp}"
	done
	return $rc
}

# failover_bench FLOWS N: IPVS and lbdr at the same time, a CPU each:
# nothing here is timed, the maps are deterministic, and each reloads only
# its own modules.
failover_bench() {
	local flows=$1 n=$2 dir rc=0 pid

	dir=$(mktemp -d)
	rips "$n" > "$dir/same"
	tac "$dir/same" > "$dir/reversed"
	PG_CPU=0 failover_one ipvs "$flows" "$n" "$dir" > "$dir/rec.ipvs" &
	pid=$!
	PG_CPU=1 failover_one lbdr "$flows" "$n" "$dir" > "$dir/rec.lbdr" || rc=1
	wait "$pid" || rc=1
	cat "$dir/rec.ipvs" "$dir/rec.lbdr"
	rm -rf "$dir"
	return $rc
}
