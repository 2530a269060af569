#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The connection table end to end: flows keep their server through drain,
# additions and deletions, persistence, the schedulers, thresholds, sloppy
# mode, timeouts and GC, conn-max, and the counters. The topology of
# lib_dsr.sh, with a 4th server, a standby balancer and more client
# addresses:
#
#   client ---- router ==== br0 (LAN) ===+==========+==========+=====+=====+=====+
#                 |                       |          |          |     |     |     |
#           routes the VIP to        balancer    standby       s1    s2    s3    s4
#           the balancer (to the     (lbdr),     balancer      VIP on lo, arp_ignore=1,
#           standby for one check)   VIP on lo   (lbdr)        arp_announce=2, default
#                                                              route via the router
#
#   client 198.51.100.2, and .3-.6 (the same /24) for persistence masks
#   LAN 10.0.0.0/24: router .1, balancer .2, standby .3, s1..s4 .11-.14
#   VIP 192.0.2.10 port 80, TCP and UDP
#
# Each check starts from an empty balancer with the default settings
# (fresh), configures the services it needs, and reads what the servers
# answered (dsr_peer.py names the server in every answer) and the counters
# of lbadm -j stats / service show / server show.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_dsr.sh"

SERVERS=(s1 s2 s3 s4)
VIP=$VIP4:80
CLIENT_EXTRA=(198.51.100.3 198.51.100.4 198.51.100.5 198.51.100.6)
TIMEOUTS_DEFAULT=(tcp 900 tcpsyn 60 tcpfin 120 tcpclose 10 udp 300)

# --- helpers -------------------------------------------------------------

# rip NAME: the address of server sN.
rip() { echo "10.0.0.$((10 + ${1#s}))"; }

# pycheck ARG... <<PY: Python assertions over r[0], r[1]... (the
# arguments, parsed as JSON where they are JSON: "s1" stays a string); a
# failed assert prints its message.
pycheck() {
	python3 -c "import json, sys
def arg(a):
    try:
        return json.loads(a)
    except ValueError:
        return a
r = [arg(a) for a in sys.argv[1:]]
$(cat)" "$@"
}

# No services, no entries, default timeouts and conn-max.
fresh() {
	lbadm_lb flush && lbadm_lb config set conn-max "$CONN_MAX_DEFAULT" &&
		lbadm_lb timeout set "${TIMEOUTS_DEFAULT[@]}"
}

# svc PROTO [OPTION VALUE]...: the service on the VIP with the options,
# and s1..s3 (weight 1).
svc() {
	local proto=$1 s

	shift
	lbadm_lb service add "$proto" $VIP "$@" || return 1
	for s in s1 s2 s3; do
		lbadm_lb server add "$proto" $VIP "$(rip $s)" || return 1
	done
}

# talk PROTO COUNT [SRC [SPORT]]: COUNT exchanges; prints talk's JSON.
talk() {
	nsx "$C" python3 "$PEER" talk "$1" $VIP4 80 "$2" 1000 "${@:3}"
}

# flows FIRST COUNT: a UDP datagram from each of COUNT fixed source ports;
# prints the JSON with "flows": {port: server or null}.
flows() {
	nsx "$C" python3 "$PEER" flows $VIP4 80 "$1" "$2"
}

# hold_start COUNT [TIMEOUT]: COUNT TCP connections, established and
# half sent, left open until hold_finish. A check that returns before
# hold_finish ends them (check runs each step in a subshell: its own trap).
hold_start() {
	HOLD_DIR=$(mktemp -d)
	nsx "$C" python3 "$PEER" hold $VIP4 80 "$1" 20000 "$HOLD_DIR" ${2:+"$2"} \
		> "$HOLD_DIR/result" 2> "$HOLD_DIR/err" &
	HOLD_PID=$!
	trap hold_abort EXIT
	wait_for 60 hold_ready && test -e "$HOLD_DIR/ready"
}
hold_ready() { test -e "$HOLD_DIR/ready" || ! kill -0 "$HOLD_PID" 2>/dev/null; }
hold_abort() {
	kill "$HOLD_PID" 2>/dev/null
	cat "$HOLD_DIR/err" >&2
	rm -rf "$HOLD_DIR"
}

# hold_finish: send the rest; hold's JSON in HELD. Not in $(...): the
# connections belong to this shell.
hold_finish() {
	touch "$HOLD_DIR/go"
	wait "$HOLD_PID"
	trap - EXIT
	HELD=$(cat "$HOLD_DIR/result")
	cat "$HOLD_DIR/err" >&2
	rm -rf "$HOLD_DIR"
}

stats() { "$LBADM" -n "${1:-$LB}" -j stats; }
stat_of() { json_get "$(stats "${2:-}")" "$1"; }
servers_json() { lbadm_lb -j server show "$1" $VIP; }
conn_count_is() { [ "$(stat_of 'j["conn_count"]')" = "$1" ]; }

# --- checks --------------------------------------------------------------

topology() {
	local a

	topology_up || return 1
	for a in "${CLIENT_EXTRA[@]}"; do
		ip -n "$C" addr add "$a/24" dev eth0 || return 1
	done
	lan_host "$LB2" 3 lb2
}

# Weight 0 on the server holding the most of 30 open connections: they
# all finish intact there, and 100 new connections go to the others.
drain() {
	local j victim held name t h

	fresh && svc tcp && hold_start 30 || return 1
	j=$(servers_json tcp) || return 1
	echo "held: $j"
	read -r victim held < <(json_get "$j" \
		'" ".join(map(str, max((s["stats"]["active"], s["address"]) for s in j)[::-1]))')
	name=s$((${victim##*.} - 10))
	lbadm_lb server change tcp $VIP "$victim" weight 0 || return 1
	t=$(talk tcp 100)
	hold_finish; h=$HELD
	echo "drained $name ($held held); new: $t; held: $h"
	pycheck "$j" "$t" "$h" "$name" "$held" <<-'PY'
	j, t, h, name, held = r
	assert sum(s["stats"]["active"] for s in j) == 30, "30 connections not all ESTABLISHED"
	assert t["ok"] == 100 and name not in t["servers"], "new connections reached the drained server"
	assert h["ok"] == 30 and h["bad"] == 0, "held connections broken"
	assert h["servers"].get(name) == held, "the drained server did not finish its %d" % held
	PY
}

# s4 added while 30 TCP connections are open and 200 UDP flows have
# entries. Right after, the flows keep their servers (entries). Then the
# udp timeout drops to 1 s, which the next datagram of each flow applies
# to its entry (still on its server); once the entries are reaped the
# flows are scheduled again, by the new Maglev table: each moves to s4 or
# stays. Maglev also moves a few slots between the old servers (31 of
# 65537 for s1..s3 -> s1..s4); the flow hash has fixed keys, so these
# 200 flows deterministically hit none of them.
add_server() {
	local a b d c h

	fresh && svc tcp && svc udp && hold_start 30 || return 1
	a=$(flows 20000 200)
	lbadm_lb server add tcp $VIP "$(rip s4)" &&
		lbadm_lb server add udp $VIP "$(rip s4)" || return 1
	b=$(flows 20000 200)
	lbadm_lb timeout set udp 1 || return 1
	d=$(flows 20000 200)
	wait_for 30 conn_count_is 30 || { echo "UDP entries not reaped: $(stats)"; return 1; }
	c=$(flows 20000 200)
	hold_finish; h=$HELD
	echo "before: $a" "right after: $b" "udp 1: $d" "reaped: $c" "held: $h"
	pycheck "$a" "$b" "$d" "$c" "$h" <<-'PY'
	a, b, d, c, h = r
	assert h["ok"] == 30 and h["bad"] == 0, "held TCP connections broken"
	assert a["ok"] == b["ok"] == d["ok"] == c["ok"] == 200, "unanswered flows"
	assert b["flows"] == a["flows"], "a flow with an entry changed server"
	assert d["flows"] == a["flows"], "a flow with an entry changed server (udp 1)"
	moved = [p for p in a["flows"] if c["flows"][p] != a["flows"][p]]
	assert all(c["flows"][p] == "s4" for p in moved), "flows moved between old servers"
	assert moved, "no new flow went to s4"
	print("%d of 200 moved to s4" % len(moved))
	PY
}

# Deleting s1 (on-remove reschedule, the default): its flows' next
# datagrams are answered by s2 or s3, as new connections; the others stay.
delete_reschedule() {
	local a b s

	fresh && svc udp || return 1
	a=$(flows 21000 200)
	lbadm_lb server del udp $VIP "$(rip s1)" || return 1
	b=$(flows 21000 200)
	s=$(lbadm_lb -j service show udp $VIP) || return 1
	echo "before: $a" "after: $b" "service: $s"
	pycheck "$a" "$b" "$s" <<-'PY'
	a, b, s = r
	assert a["ok"] == 200 and b["ok"] == 200, "unanswered flows"
	gone = [p for p in a["flows"] if a["flows"][p] == "s1"]
	assert gone, "no flow on s1"
	for p, srv in a["flows"].items():
	    if srv == "s1":
	        assert b["flows"][p] in ("s2", "s3"), "port %s: %s" % (p, b["flows"][p])
	    else:
	        assert b["flows"][p] == srv, "port %s moved %s -> %s" % (p, srv, b["flows"][p])
	assert s[0]["stats"]["conns"] == 200 + len(gone), "rescheduled flows not counted as new"
	PY
}

# on-remove drop: the next datagram of each of s1's flows is dropped and
# counted as server_gone; the other flows are answered as before.
delete_drop() {
	local a b g0 g1

	fresh && svc udp on-remove drop || return 1
	a=$(flows 22000 200)
	g0=$(stat_of 'j["drops"]["server_gone"]') || return 1
	lbadm_lb server del udp $VIP "$(rip s1)" || return 1
	b=$(flows 22000 200)
	g1=$(stat_of 'j["drops"]["server_gone"]') || return 1
	echo "before: $a" "after: $b" "server_gone: $g0 -> $g1"
	pycheck "$a" "$b" "$g0" "$g1" <<-'PY'
	a, b, g0, g1 = r
	assert a["ok"] == 200, "unanswered flows before"
	gone = [p for p in a["flows"] if a["flows"][p] == "s1"]
	assert gone, "no flow on s1"
	for p, srv in a["flows"].items():
	    want = None if srv == "s1" else srv
	    assert b["flows"][p] == want, "port %s: %s, want %s" % (p, b["flows"][p], want)
	assert g1 - g0 == len(gone), "server_gone +%d for %d flows" % (g1 - g0, len(gone))
	PY
}

# persist 60: 50 connections (50 source ports) on one server; drained,
# the next 50 all on one other server.
persistence() {
	local t1 t2 x

	fresh && svc tcp persist 60 || return 1
	t1=$(talk tcp 50)
	x=$(json_get "$t1" '" ".join(j["servers"])')
	echo "persistent: $t1"
	[ -n "$x" ] && [ "${x// /}" = "$x" ] || { echo "not one server"; return 1; }
	lbadm_lb server change tcp $VIP "$(rip "$x")" weight 0 || return 1
	t2=$(talk tcp 50)
	echo "after draining $x: $t2"
	pycheck "$t1" "$t2" "$x" <<-'PY'
	t1, t2, x = r
	assert t1["ok"] == 50 and t1["servers"] == {x: 50}
	assert t2["ok"] == 50 and len(t2["servers"]) == 1 and x not in t2["servers"]
	PY
}

# persist 2 and a connection held open longer: as in IPVS, the template
# lives as long as the connections it placed, so new ones still follow.
persistence_outlives_timeout() {
	local t

	fresh && svc tcp persist 2 || return 1
	hold_start 1 || return 1
	# Past the persistence timeout on purpose: what is tested is that it
	# does not end the template while a connection is open.
	sleep 4
	t=$(talk tcp 20)
	hold_finish
	echo "held: $HELD, then: $t"
	pycheck "$HELD" "$t" <<-'PY'
	held, t = r
	assert held["ok"] == 1 and t["ok"] == 20, "connections failed"
	assert len(held["servers"]) == 1, "held connection unanswered"
	assert list(t["servers"]) == list(held["servers"]), "not all on the held one's server"
	PY
}

# 10 connections from each of 5 client addresses, under wrr (which
# advances for every scheduling decision, deterministically): per address
# (mask 32) each client keeps one server but the 5 take 3 servers in turn;
# with mask 24 all 50 share one.
per_client() {
	local a out="{"

	for a in 198.51.100.2 "${CLIENT_EXTRA[@]}"; do
		out+="\"$a\": $(talk tcp 10 "$a"),"
	done
	echo "${out%,}}"
}

persistence_mask() {
	local m32 m24

	fresh && svc tcp sched wrr persist 60 || return 1
	m32=$(per_client)
	fresh && svc tcp sched wrr persist 60 mask 24 || return 1
	m24=$(per_client)
	echo "mask 32: $m32" "mask 24: $m24"
	pycheck "$m32" "$m24" <<-'PY'
	m32, m24 = r
	for res in (m32, m24):
	    for c, t in res.items():
	        assert t["ok"] == 10 and len(t["servers"]) == 1, "client %s split: %s" % (c, t)
	assert len({s for t in m32.values() for s in t["servers"]}) == 3, "mask 32: not 3 servers"
	assert len({s for t in m24.values() for s in t["servers"]}) == 1, "mask 24: not one server"
	PY
}

# wrr is a deterministic sequence: the bound only forgives a stray
# scheduling decision or two.
wrr_split() {
	local t

	fresh && lbadm_lb service add tcp $VIP sched wrr &&
		lbadm_lb server add tcp $VIP "$(rip s1)" weight 1 &&
		lbadm_lb server add tcp $VIP "$(rip s2)" weight 2 &&
		lbadm_lb server add tcp $VIP "$(rip s3)" weight 3 || return 1
	t=$(talk tcp 600)
	echo "$t"
	pycheck "$t" <<-'PY'
	t, = r
	assert t["ok"] == 600
	for name, want in (("s1", 100), ("s2", 200), ("s3", 300)):
	    got = t["servers"].get(name, 0)
	    assert abs(got - want) <= want * 0.05, "%s got %d, want %d" % (name, got, want)
	PY
}

# s1 alone takes 10 connections and holds them (overhead 10 * 256);
# s2 and s3 come: 100 short connections (overhead 1 each once closed)
# all go to them.
wlc_least() {
	local t h

	fresh && lbadm_lb service add tcp $VIP sched wlc &&
		lbadm_lb server add tcp $VIP "$(rip s1)" && hold_start 10 || return 1
	lbadm_lb server add tcp $VIP "$(rip s2)" &&
		lbadm_lb server add tcp $VIP "$(rip s3)" || { hold_finish; return 1; }
	t=$(talk tcp 100)
	hold_finish; h=$HELD
	echo "new: $t" "held: $h"
	pycheck "$t" "$h" <<-'PY'
	t, h = r
	assert h["ok"] == 10 and h["servers"] == {"s1": 10}, "held connections"
	assert t["ok"] == 100 and "s1" not in t["servers"], "a new connection went to s1"
	assert set(t["servers"]) == {"s2", "s3"}, "wlc did not alternate"
	PY
}

# sh on the client address: 50 connections, one server; on the 5-tuple
# the same 50 spread over all three.
sh_saddr() {
	local t5 ts

	fresh && svc tcp sched sh || return 1
	t5=$(talk tcp 50)
	fresh && svc tcp sched sh hash saddr || return 1
	ts=$(talk tcp 50)
	echo "5tuple: $t5" "saddr: $ts"
	pycheck "$t5" "$ts" <<-'PY'
	t5, ts = r
	assert t5["ok"] == 50 and len(t5["servers"]) == 3, "5tuple: not spread"
	assert ts["ok"] == 50 and len(ts["servers"]) == 1, "saddr: not one server"
	PY
}

s1_count() { json_get "$(servers_json tcp)" \
	'[s["stats"]["active"] + s["stats"]["inactive"] for s in j if s["address"] == "10.0.0.11"][0]'; }
s1_idle() { [ "$(s1_count)" = 0 ]; }

# s1 (uthreshold 5) alone takes 5 connections and holds them; s2 and s3
# come: 60 new connections avoid s1. Once the 5 closed and their entries
# expired (tcpfin 5), s1 takes new connections again. Not tcpfin 1: a
# client retransmitting its FIN more than a second later (s1's ACK slow
# in a loaded VM) found the entry expired and was scheduled to s2 or s3,
# which reset it; 5 s outlasts the first retransmissions' backoff.
uthreshold() {
	local n t1 h t2

	fresh && lbadm_lb timeout set tcpfin 5 tcpclose 5 &&
		lbadm_lb service add tcp $VIP &&
		lbadm_lb server add tcp $VIP "$(rip s1)" uthreshold 5 &&
		hold_start 5 || return 1
	lbadm_lb server add tcp $VIP "$(rip s2)" &&
		lbadm_lb server add tcp $VIP "$(rip s3)" || { hold_finish; return 1; }
	n=$(s1_count)
	t1=$(talk tcp 60)
	hold_finish; h=$HELD
	wait_for 30 s1_idle || { echo "s1 still counts $(s1_count) connections"; return 1; }
	t2=$(talk tcp 60)
	echo "s1 holds $n; new: $t1" "held: $h" "after they closed: $t2"
	pycheck "$n" "$t1" "$h" "$t2" <<-'PY'
	n, t1, h, t2 = r
	assert n == 5 and h["ok"] == 5 and h["servers"] == {"s1": 5}, "held connections"
	assert t1["ok"] == 60 and "s1" not in t1["servers"], "s1 over uthreshold got new ones"
	assert t2["ok"] == 60 and t2["servers"].get("s1", 0) > 0, "s1 never took new ones again"
	PY
}

# Three connections from one source port, under wrr: each SYN finds the
# entry of the one before in FIN_WAIT, and is scheduled afresh (IPVS
# conn_reuse_mode), so the three go to three servers; were the entry
# kept, all three would go to the first.
syn_reuse() {
	local t

	fresh && svc tcp sched wrr || return 1
	t=$(talk tcp 3 198.51.100.2 30000)
	echo "$t"
	pycheck "$t" <<-'PY'
	t, = r
	assert t["ok"] == 3 and t["servers"] == {"s1": 1, "s2": 1, "s3": 1}
	PY
}

# The failover of dsr.sh, to a standby whose service has sloppy off: it
# drops the mid-stream segments it has no entry for, as no_conn.
sloppy_off() {
	local n0 n1 h rc s

	fresh && svc tcp || return 1
	"$LBADM" -n "$LB2" flush && "$LBADM" -n "$LB2" service add tcp $VIP sloppy off || return 1
	for s in s3 s2 s1; do
		"$LBADM" -n "$LB2" server add tcp $VIP "$(rip $s)" || return 1
	done
	n0=$(stat_of 'j["drops"]["no_conn"]' "$LB2") && hold_start 10 3 || return 1
	ip -n "$R" route replace $VIP4/32 via 10.0.0.3 || { hold_finish; return 1; }
	hold_finish; h=$HELD
	n1=$(stat_of 'j["drops"]["no_conn"]' "$LB2")
	ip -n "$R" route replace $VIP4/32 via 10.0.0.2
	"$LBADM" -n "$LB2" flush
	echo "held through the standby: $h" "standby no_conn: $n0 -> $n1"
	pycheck "$h" "$n0" "$n1" <<-'PY'
	h, n0, n1 = r
	assert h["ok"] == 0 and h["bad"] == 10, "the standby continued connections"
	assert n1 - n0 >= 10, "no_conn +%d for 10 connections" % (n1 - n0)
	PY
}

servers_idle() {
	local p

	for p in tcp udp; do
		[ "$(json_get "$(servers_json $p)" \
			'sum(s["stats"]["active"] + s["stats"]["inactive"] for s in j)')" = 0 ] ||
			return 1
	done
}

# 50 UDP flows make 50 entries (udp 300). Short timeouts then: the
# flows' next datagrams apply udp 1 to their entries, 50 TCP connections
# end in FIN_WAIT (tcpfin 5: uthreshold says why not 1); once traffic
# stops the GC reaps every entry, and the servers' connection counts go
# back to 0.
gc_reaps() {
	local u n u1 t

	fresh && svc tcp && svc udp || return 1
	u=$(flows 23000 50)
	n=$(stats)
	lbadm_lb timeout set tcp 3 tcpsyn 3 tcpfin 5 tcpclose 5 udp 1 || return 1
	u1=$(flows 23000 50)
	t=$(talk tcp 50)
	echo "udp: $u; then: $n; udp 1: $u1; tcp: $t"
	wait_for 20 conn_count_is 0 || { echo "entries left: $(stats)"; return 1; }
	# Counts are given back when the entries are freed, a grace period on.
	wait_for 10 servers_idle || { servers_json tcp; servers_json udp; return 1; }
	pycheck "$u" "$n" "$u1" "$t" <<-'PY'
	u, n, u1, t = r
	assert u["ok"] == 50 and u1["ok"] == 50 and t["ok"] == 50
	# Other checks' stragglers may add TCP entries: count the UDP service.
	udp = [x for x in n["services"] if x["proto"] == "udp"][0]
	assert udp["conns"] == 50, "the UDP flows made %d entries" % udp["conns"]
	assert n["conn_count"] >= 50, "%d entries" % n["conn_count"]
	PY
}

# conn-max 20: 20 of 50 new UDP flows get an entry and an answer, 30 are
# dropped as table_full.
conn_max() {
	local u t0 t1 n

	fresh && lbadm_lb config set conn-max 20 && svc udp || return 1
	t0=$(stat_of 'j["drops"]["table_full"]') || return 1
	u=$(flows 24000 50)
	t1=$(stat_of 'j["drops"]["table_full"]') && n=$(stat_of 'j["conn_count"]') || return 1
	echo "$u" "table_full: $t0 -> $t1, conn_count $n"
	pycheck "$u" "$t0" "$t1" "$n" <<-'PY'
	u, t0, t1, n = r
	assert n <= 20, "conn_count %d" % n
	assert t1 - t0 >= 30, "table_full +%d" % (t1 - t0)
	assert u["ok"] == 50 - (t1 - t0) == n, "answered %d, entries %d" % (u["ok"], n)
	PY
}

# 90 closed connections and 6 open ones: the servers' conns are what the
# client saw of each, they add up to the service's and the namespace's;
# open ones are active, closed ones (FIN_WAIT, tcpfin 120) inactive.
counters() {
	local t held h after sj st

	fresh && svc tcp || return 1
	t=$(talk tcp 90)
	hold_start 6 || return 1
	held=$(servers_json tcp)
	hold_finish; h=$HELD
	after=$(servers_json tcp) && sj=$(lbadm_lb -j service show tcp $VIP) &&
		st=$(stats) || return 1
	echo "talk: $t" "hold: $h" "servers while held: $held" \
		"servers after: $after" "service: $sj" "stats: $st"
	pycheck "$t" "$h" "$held" "$after" "$sj" "$st" <<-'PY'
	t, h, held, done, svc, st = r
	assert t["ok"] == 90 and h["ok"] == 6
	name = lambda s: "s%d" % (int(s["address"].split(".")[-1]) - 10)
	act = lambda l: sum(s["stats"]["active"] for s in l)
	inact = lambda l: sum(s["stats"]["inactive"] for s in l)
	assert (act(held), inact(held)) == (6, 90), "while held: active/inactive"
	assert (act(done), inact(done)) == (0, 96), "after: active/inactive"
	for s in done:
	    want = t["servers"].get(name(s), 0) + h["servers"].get(name(s), 0)
	    assert s["stats"]["conns"] == want, "%s conns %d, want %d" % (name(s), s["stats"]["conns"], want)
	ss = svc[0]["stats"]
	for k in ("conns", "packets", "bytes"):
	    assert ss[k] == sum(s["stats"][k] for s in done), "service %s != sum of servers" % k
	    assert st[k] == ss[k], "stats %s != the only service's" % k
	assert ss["conns"] == 96 and st["conn_count"] == 96
	PY
}

flush_empties() {
	[ "$(stat_of 'j["conn_count"]')" -gt 0 ] || { echo "no entries to flush"; return 1; }
	lbadm_lb flush && conn_count_is 0
}

check "module loads" module_load
namespaces_up && ns_add LB2 lb2 || { fail "namespaces created"; finish; exit 1; }
check "topology: client (5 addresses), router, balancer, standby, 4 servers" topology
CONN_MAX_DEFAULT=$(json_get "$(lbadm_lb -j config)" 'j["conn_max"]')
check "drain: 30 open connections finish on their server at weight 0, 100 new ones avoid it" drain
check "a 4th server: open connections intact, UDP flows keep their servers while their entries live, then only move to s4" add_server
check "server deleted (on-remove reschedule): its UDP flows' next datagrams go to other servers, the rest stay" delete_reschedule
check "server deleted (on-remove drop): its UDP flows' next datagrams are dropped as server_gone, the rest stay" delete_drop
check "persist 60: 50 connections on one server; drained, the next 50 on one other server" persistence
check "persist 2: a connection open past it keeps its template (new ones follow, as IPVS)" persistence_outlives_timeout
check "persist mask 24: 5 clients of a /24 share one server (mask 32: wrr gives them 3)" persistence_mask
check "wrr weights 1,2,3: 600 connections split 100/200/300 (+-5%)" wrr_split
check "wlc: s1 holding 10 connections gets none of 100 new ones" wlc_least
check "sh hash saddr: 50 connections from one client on one server (5tuple: all 3)" sh_saddr
check "uthreshold 5: a server holding 5 gets no new connections, and again once they closed" uthreshold
check "a SYN reusing the ports of a closed connection is scheduled afresh (wrr: 3 from one port, 3 servers)" syn_reuse
check "sloppy off: a standby balancer drops mid-stream connections as no_conn" sloppy_off
check "GC: with short timeouts every entry is reaped once traffic stops, server counts back to 0" gc_reaps
check "conn-max 20: 50 new UDP flows, 20 entries, 30 table_full drops" conn_max
check "counters: server conns match the client's view and sum to the service's; active/inactive follow TCP state" counters
check "flush removes every connection entry at once" flush_empties
finish
