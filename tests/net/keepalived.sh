#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A VRRP pair of balancers run by the real keepalived (Debian's), as
# docs/keepalived.md sets it up: its keepalived.conf, lbdr-apply and
# lbdr-check are read out of that page, only their paths moved to a
# directory of this test. keepalived runs VRRP only (-P), one daemon in
# each balancer's namespace; its scripts configure lbdr with lbadm.
#
#   client ---- router ==== br0 (LAN) ====+============+==========+=======+=======+
#                 |                        |            |          |       |       |
#           VIP/32 on-link: ARPs     lb1 (lbdr +    lb2 (lbdr +    s1      s2      s3
#           for it, the MASTER       keepalived)    keepalived)    VIP on lo, arp_ignore=1,
#           answers                  10.0.0.2       10.0.0.3       arp_announce=2, default
#                                    VRRP (unicast) between them   route via the router
#
#   client 198.51.100.2, router .1 on both sides, LAN 10.0.0.0/24,
#   s1..s3 10.0.0.11-13, VIP 192.0.2.10 port 80 (TCP), held by keepalived
#   on the MASTER's eth0 only.
#
# Timing. The VM is emulated and shares its host: a process start can take
# seconds, and the whole VM can stall for tens of seconds. So the guide's
# time limits (script interval and timeout, the check's connect timeout,
# VRRP's advert_int) are stretched by SLOW (LBDR_KA_SLOW, 3 by default),
# every wait polls against a generous deadline, and nothing sleeps for a
# fixed time. A timed-out check counts as a failure in keepalived and
# changes nothing in lbdr: too short limits show as servers that never
# rise, or drain on one node only.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_dsr.sh"

# LBDR_KA_DOC: another copy of the page (to check that the test can fail).
DOC=${LBDR_KA_DOC:-$LBDR_TOP/docs/keepalived.md}
KEEPALIVED=${KEEPALIVED:-/usr/sbin/keepalived}
SVC="tcp $VIP4:80"
SLOW=${LBDR_KA_SLOW:-3}
# Per node: the guide's files, keepalived's pid files and log, and what the
# guide puts in /run/lbdr and /etc/lbdr.
D=$(mktemp -d)
trap 'cleanup; rm -rf "$D"' EXIT

# doc_block NAME: the code block after "<!-- keepalived.sh: NAME -->".
doc_block() {
	awk -v m="<!-- keepalived.sh: $1 -->" '
		$0 == m { f = 1; next }
		f == 1 && /^```/ { f = 2; next }
		f == 2 && /^```/ { found = 1; exit }
		f == 2 { print }
		END { exit !found }' "$DOC"
}

# stretch: the time limits of a guide's file times SLOW (see Timing).
stretch() {
	awk -v k="$SLOW" '
		/^ *(interval|timeout|advert_int) [0-9]+$/ { sub(/[0-9]+$/, $2 * k) }
		/^\ttimeout [0-9]+ bash -c / { sub(/timeout [0-9]+/, "timeout " $2 * k) }
		{ print }'
}

# node_files NODE: the guide's three files for NODE (lb1, lb2), the paths
# moved under $D/NODE, the time limits stretched; lbadm is the one under
# test.
node_files() {
	local dir=$D/$1 f

	mkdir -p "$dir" || return 1
	for f in keepalived.conf lbdr-apply lbdr-check; do
		doc_block $f | sed -e "s|/etc/keepalived/|$dir/|g" \
			-e "s|/usr/sbin/lbadm|$LBADM|g" -e "s|/run/lbdr|$dir/run|g" \
			-e "s|/etc/lbdr|$dir/etc|g" | stretch > "$dir/$f" || return 1
	done
	chmod 0755 "$dir/lbdr-apply" "$dir/lbdr-check"
	# The stretch must have found what it stretches (the guide may change).
	[ "$(grep -cE "^ *(interval|timeout|advert_int) " "$dir/keepalived.conf")" = 8 ] &&
		grep -q "^	timeout $((2 * SLOW)) bash -c " "$dir/lbdr-check"
}

files_and_config_test() {
	node_files lb1 && node_files lb2 || return 1
	# keepalived -t checks the interfaces too: in each node's namespace.
	nsx "$LB" "$KEEPALIVED" -t -i lb1 -f "$D/lb1/keepalived.conf" &&
		nsx "$LB2" "$KEEPALIVED" -t -i lb2 -f "$D/lb2/keepalived.conf"
}

pair_up() {
	local ns

	topology_up && lan_host "$LB2" 3 lb2 || return 1
	# The VIP only where keepalived puts it; the router ARPs for it.
	for ns in "$LB" "$LB2"; do
		ip -n "$ns" addr del $VIP4/32 dev lo || return 1
	done
	ip -n "$R" route replace $VIP4/32 dev br0
}

# poll SECONDS CMD...: lib.sh's wait_for, at a slower pace: each poll here
# starts lbadm, and the checks need the CPU more than the test does.
poll() {
	local limit=$1 start=$SECONDS

	shift
	until "$@" > /dev/null 2>&1; do
		[ $((SECONDS - start)) -lt "$limit" ] || return 1
		sleep 0.5
	done
}

# ka_start NODE NETNS: keepalived, VRRP only, in the foreground of a
# background job, logging to $D/NODE/log.
ka_start() {
	local dir=$D/$1

	nsx "$2" "$KEEPALIVED" -P -n -l -D -G -i "$1" -f "$dir/keepalived.conf" \
		-p "$dir/keepalived.pid" -r "$dir/vrrp.pid" -c "$dir/checkers.pid" \
		> "$dir/log" 2>&1 < /dev/null &
}

# vrrp_state NODE: what the node's last notify script recorded.
vrrp_state() { cat "$D/$1/run/vrrp-state" 2>/dev/null; }
state_is() { [ "$(vrrp_state "$1")" = "$2" ]; }
vip_on() { ip -n "$1" -br addr show dev eth0 | grep -q " $VIP4/32"; }

# weight_is NETNS RIP WEIGHT: the weight of real server RIP of the service
# (polled: grep, not a python per poll; other keys may come between).
weight_is() {
	"$LBADM" -n "$1" -j server show $SVC |
		grep -Eq "\"address\":\"$2\"[^{}]*\"weight\":$3[,}]"
}

all_up() {
	local n

	for n in 11 12 13; do
		weight_is "$1" 10.0.0.$n 1 || return 1
	done
}

# lb2 starts once lb1 is MASTER, as the second node of a running pair
# does: started together, lb2 can time out before lb1's first
# advertisement, be MASTER for an instant and run notify_master and
# notify_backup at once, which may record in either order (the guide's
# lbdr-apply).
master_up() {
	local out

	ka_start lb1 "$LB" || return 1
	poll 120 state_is lb1 MASTER
	echo "lb1: $(vrrp_state lb1)"
	state_is lb1 MASTER && vip_on "$LB" && ka_start lb2 "$LB2" || return 1
	out=$("$LBADM" -n "$LB" service show) || return 1
	echo "$out"
	[ "$(grep -c " server 10.0.0.1[123] " <<< "$out")" = 3 ]
}

# The servers start drained (lbdr-apply adds them at weight 0) until their
# check has passed RISE times.
checks_raise() {
	# RISE (2) checks SLOW * 2 s apart, from keepalived's start.
	poll 180 all_up "$LB" && poll 180 all_up "$LB2"
	"$LBADM" -n "$LB" server show
	"$LBADM" -n "$LB2" server show
	all_up "$LB" && all_up "$LB2"
}

# same_config: the same "lbadm service show" on both balancers.
same_config() {
	[ "$("$LBADM" -n "$LB" service show)" = "$("$LBADM" -n "$LB2" service show)" ]
}

backup_ready() {
	poll 60 same_config
	echo "lb2: $(vrrp_state lb2)"
	"$LBADM" -n "$LB2" service show
	state_is lb2 BACKUP && ! vip_on "$LB2" && same_config
}

# served BALANCER COUNT [SERVERS]: COUNT TCP exchanges through the VIP,
# all intact, and the servers that answered exactly SERVERS (all three by
# default); and the balancer's service counted them.
served() {
	local before after out

	before=$(json_get "$("$LBADM" -n "$1" -s -j service show $SVC)" 'j[0]["stats"]["conns"]') || return 1
	out=$(nsx "$C" python3 "$PEER" talk tcp $VIP4 80 "$2" 2000) || return 1
	echo "$out"
	after=$(json_get "$("$LBADM" -n "$1" -s -j service show $SVC)" 'j[0]["stats"]["conns"]') || return 1
	echo "connections counted by the balancer: $before -> $after"
	"$LBADM" -n "$1" server show $SVC
	grep -q "\"ok\": $2, \"bad\": 0" <<< "$out" &&
		[ "$(json_get "$out" 'sorted(j["servers"])')" = "${3:-['s1', 's2', 's3']}" ] &&
		[ $((after - before)) -ge "$2" ]
}

s1_peer_stop() { ip netns pids "$NS_s1" | xargs -r kill; }
s1_peer_start() {
	nsx "$NS_s1" python3 "$PEER" serve s1 80 $VIP4 $VIP6 > /dev/null 2>&1 &
	poll 60 listening "$NS_s1" 80
}

# s1's service stops: the checks of both balancers drain it (FALL
# failures in a row); the MASTER's new connections avoid it.
drained() {
	s1_peer_stop || return 1
	poll 180 weight_is "$LB" 10.0.0.11 0 && poll 180 weight_is "$LB2" 10.0.0.11 0
	"$LBADM" -n "$LB" server show $SVC
	"$LBADM" -n "$LB2" server show $SVC
	weight_is "$LB" 10.0.0.11 0 && weight_is "$LB2" 10.0.0.11 0 &&
		served "$LB" 60 "['s2', 's3']"
}

# lb1 dies with 30 TCP connections half sent through it: keepalived
# killed at once (no priority 0 advertisement, the VIP left behind) and
# its LAN link cut. lb2 must notice the missing advertisements, take the
# VIP, and carry on the connections it never saw from their middle: with
# s1 still drained, which its notify_master (lbdr-apply) must leave so,
# or flows would be scheduled over another set of servers than lb1 used.
failover() {
	local d=$D/hold pid t0 out rc=0 config

	mkdir "$d" || return 1
	# A pair that agrees: the same servers and weights on both (a check
	# that failed on one node only would move flows on failover).
	if ! poll 60 same_config; then
		echo "lb1 and lb2 disagree:"
		"$LBADM" -n "$LB" server show $SVC
		"$LBADM" -n "$LB2" server show $SVC
		return 1
	fi
	config=$("$LBADM" -n "$LB" service show) || return 1
	# Up to 60 s for the answers once released: a stalled VM is not a
	# broken connection.
	nsx "$C" python3 "$PEER" hold $VIP4 80 30 20000 "$d" 60 > "$d/result" 2>&1 &
	pid=$!
	poll 120 eval '[ -e "$d/ready" ] || ! kill -0 $pid'
	[ -e "$d/ready" ] || { cat "$d/result"; return 1; }
	kill -KILL "$(cat "$D/lb1/keepalived.pid")" "$(cat "$D/lb1/vrrp.pid")" || return 1
	ip -n "$R" link set p-lb down
	t0=$SECONDS
	# Three missed advertisements (SLOW s apart) and the skew.
	poll 120 vip_on "$LB2" || { echo "lb2 did not take the VIP"; touch "$d/go"; return 1; }
	poll 60 state_is lb2 MASTER
	echo "lb2 $(vrrp_state lb2) within $((SECONDS - t0)) s"
	weight_is "$LB2" 10.0.0.11 0 || { echo "lb2 became MASTER with s1 not drained"; rc=1; }
	if [ "$("$LBADM" -n "$LB2" service show)" != "$config" ]; then
		echo "lb2's configuration is not the one lb1 had:" "$config"
		"$LBADM" -n "$LB2" service show
		rc=1
	fi
	touch "$d/go"
	t0=$SECONDS
	wait "$pid"
	out=$(cat "$d/result")
	echo "$out (answers in $((SECONDS - t0)) s)"
	grep -q '"ok": 30, "bad": 0' <<< "$out" && state_is lb2 MASTER && [ $rc = 0 ] ||
		{ failover_diag; return 1; }
}

# What the router and lb2 saw, when the connections broke.
failover_diag() {
	echo "router's neighbours:"
	ip -n "$R" neigh show dev br0
	echo "lb2:"
	ip -n "$LB2" link show dev eth0
	"$LBADM" -n "$LB2" -s server show $SVC
	"$LBADM" -n "$LB2" stats
	"$LBADM" -n "$LB2" conn show | head -n 40
	echo "client:"
	nsx "$C" ss -tni dst $VIP4
	nsx "$C" nstat -az TcpRetransSegs TcpExtTCPTimeouts
}

restored() {
	s1_peer_start || return 1
	poll 180 weight_is "$LB2" 10.0.0.11 1
	"$LBADM" -n "$LB2" server show $SVC
	weight_is "$LB2" 10.0.0.11 1 && served "$LB2" 60
}

no_ipvs() {
	[ ! -d /sys/module/ip_vs ] || { echo "ip_vs is loaded"; return 1; }
}

# On the first failure, what keepalived and the checks said (the VM's
# timeout would lose anything printed later).
ka_logs() {
	local n

	[ -z "${KA_LOGGED:-}" ] || return 0
	KA_LOGGED=1
	for n in lb1 lb2; do
		[ -f "$D/$n/log" ] || continue
		diag "keepalived $n at $SECONDS s, last lines:" "$(tail -n 30 "$D/$n/log")" \
			"checks:" "$(grep -H . "$D/$n/run/check/"* 2>/dev/null)"
	done
}

# kcheck: check, then the logs on the first failure.
kcheck() {
	check "$@"
	[ "$nfail" = 0 ] || ka_logs
}

ipvs_before=$([ -d /sys/module/ip_vs ] && echo loaded)
kcheck "module loads" module_load
namespaces_up && ns_add LB2 lb2 || { fail "namespaces created"; finish; exit 1; }
kcheck "topology: client, router, balancers lb1 and lb2, 3 servers, the VIP on-link" pair_up
kcheck "the guide's files; keepalived -t accepts the configuration of each node" \
	files_and_config_test
kcheck "lb1 becomes MASTER: notify_master ran, the VIP on its eth0, lbdr configured" master_up
kcheck "the health checks raise every server to weight 1, on both balancers" checks_raise
kcheck "lb2 is BACKUP, without the VIP, with the same lbdr configuration" backup_ready
kcheck "150 TCP connections through lb1, intact, spread over 3 servers" served "$LB" 150
kcheck "s1's service stops: both checks drain it (weight 0), new connections avoid it" drained
kcheck "lb1 dies: lb2 takes the VIP, s1 still drained, 30 connections opened through lb1 complete intact" \
	failover
kcheck "new connections through lb2, intact, to s2 and s3" served "$LB2" 60 "['s2', 's3']"
kcheck "s1 recovers: lb2's check sets weight 1 again, new connections reach it" restored
if [ -n "$ipvs_before" ]; then
	skip "keepalived loaded no IPVS (ip_vs never loaded)" "ip_vs was loaded before the test"
else
	check "keepalived loaded no IPVS (ip_vs never loaded)" no_ipvs
fi
finish
