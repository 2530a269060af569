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

# failover_bench FLOWS N
failover_bench() {
	local flows=$1 n=$2 mode order cmp dir rc=0 reloaded

	dir=$(mktemp -d)
	rips "$n" > "$dir/same"
	tac "$dir/same" > "$dir/reversed"
	for mode in ipvs lbdr; do
		flowmap_run "$mode" "$dir/same" "$flows" "$dir/active" "foa$mode" || { rc=1; continue; }
		for order in same reversed; do
			# Whether the module really went: if not, say so in the record.
			reloaded=true
			reload "$mode" || reloaded=false
			flowmap_run "$mode" "$dir/$order" "$flows" "$dir/standby" "fos$mode$order" &&
			cmp=$("$HERE/flowmap.py" compare "$dir/active" "$dir/standby") || { rc=1; continue; }
			emit "{\"measure\":\"failover\",\"mode\":\"$mode\",\"order\":\"$order\",\"servers\":$n,\"module_reloaded\":$reloaded,$cmp}"
		done
	done
	rm -rf "$dir"
	return $rc
}
