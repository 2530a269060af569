#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lbadm save, restore (atomic, --dry-run), conn show|del|flush, stats
# (per service, zero) and monitor, on the topology of lib_dsr.sh:
#
#   client ---- router ==== br0 (LAN) ====+============+=======+=======+
#                 |                        |            |       |       |
#           routes the VIP            balancer (lbdr)   s1      s2      s3
#           to the balancer           + a second one, lb2, for restores
#                                       into an empty namespace
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_dsr.sh"

VIP=$VIP4:80
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"; cleanup' EXIT

lb2() { "$LBADM" -n "$LB2" "$@"; }

# pycheck ARG... <<PY: Python assertions over r[0], r[1]... (JSON where
# they parse as JSON).
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

# A configuration with every option in use, on top of services_up.
rich_config() {
	lbadm_lb config set conn-max 50000 &&
	lbadm_lb timeout set tcp 901 tcpsyn 61 tcpfin 121 tcpclose 11 udp 301 &&
	lbadm_lb service add tcp $VIP4:443 sched wrr table 251 hash saddr persist 300 mask 24 \
		sloppy on on-remove drop &&
	lbadm_lb server add tcp $VIP4:443 10.0.0.12 weight 0 uthreshold 100 lthreshold 50 &&
	lbadm_lb server add tcp $VIP4:443 10.0.0.11 weight 7 &&
	lbadm_lb service add udp $VIP4:0 sched sh table 509 &&
	lbadm_lb server add udp $VIP4:0 10.0.0.13 &&
	lbadm_lb service add tcp "[$VIP6]:8443" sched wlc persist 0 mask 64 &&
	lbadm_lb server add tcp "[$VIP6]:8443" 2001:db8:a::12 uthreshold 9 &&
	lbadm_lb service add fwmark 7 &&
	lbadm_lb server add fwmark 7 10.0.0.11 &&
	lbadm_lb service add fwmark 3 family inet6 hash saddr persist 60 &&
	lbadm_lb server add fwmark 3 family inet6 2001:db8:a::13
}

# lbadm save: settings first, every option on every line, servers after
# their service, services in order.
save_format() {
	local s

	s=$(lbadm_lb save) || return 1
	echo "$s"
	pycheck "$s" <<-'PY'
	lines = r[0].splitlines()
	assert lines[0] == "config set conn-max 50000 tun-src4 none tun-src6 none", lines[0]
	assert lines[1] == "timeout set tcp 901 tcpsyn 61 tcpfin 121 tcpclose 11 udp 301", lines[1]
	svcs = [l for l in lines if l.startswith("service add ")]
	srvs = [l for l in lines if l.startswith("server add ")]
	assert len(svcs) == 9 and len(srvs) == 18, (len(svcs), len(srvs))
	for l in svcs:
	    for w in (" sched ", " table ", " hash ", " persist ", " mask ", " sloppy ", " on-remove "):
	        assert w in l, "%r lacks%s" % (l, w)
	for l in srvs:
	    for w in (" weight ", " method ", " uthreshold ", " lthreshold "):
	        assert w in l, "%r lacks%s" % (l, w)
	# inet before inet6, address services before fwmark ones, tcp before udp.
	keys = [l.split()[2:4] for l in svcs]
	assert keys[0] == ["tcp", "192.0.2.10:80"] and keys[1] == ["tcp", "192.0.2.10:443"], keys
	assert keys[4] == ["fwmark", "7"] and keys[-1] == ["fwmark", "3"], keys
	assert "service add tcp 192.0.2.10:443 sched wrr table 251 hash saddr persist 300 mask 24 sloppy on on-remove drop" in lines
	assert "server add tcp 192.0.2.10:443 10.0.0.12 weight 0 method dr uthreshold 100 lthreshold 50" in lines
	# Each server line right after its service's lines.
	cur = None
	for l in lines[2:]:
	    w = l.split()
	    key = w[2:6] if w[2] == "fwmark" else w[2:4]
	    if w[0] == "service":
	        cur = key
	    else:
	        assert key == cur, "%r not under its service" % l
	PY
}

save_json() {
	local j

	j=$(lbadm_lb -j save) || return 1
	pycheck "$j" <<-'PY'
	j = r[0]
	assert j["config"]["conn_max"] == 50000 and j["config"]["timeout"]["udp"] == 301
	assert len(j["services"]) == 9
	s = [x for x in j["services"] if x.get("port") == 443][0]
	assert s["sched"] == "wrr" and s["persist_mask"] == 24 and s["on_remove"] == "drop"
	assert [x["address"] for x in s["servers"]] == ["10.0.0.11", "10.0.0.12"]
	assert "stats" not in s
	PY
}

# save | restore | save: the same bytes, in this namespace and in an
# empty one; a dry run of the saved file changes nothing.
round_trip() {
	local out

	lbadm_lb save > "$TMP/s1" && lbadm_lb restore < "$TMP/s1" &&
		lbadm_lb save > "$TMP/s2" || return 1
	cmp "$TMP/s1" "$TMP/s2" || { diff "$TMP/s1" "$TMP/s2"; return 1; }
	lb2 restore -f "$TMP/s1" && lb2 save > "$TMP/s3" || return 1
	cmp "$TMP/s1" "$TMP/s3" || { diff "$TMP/s1" "$TMP/s3"; return 1; }
	out=$(lbadm_lb restore --dry-run -f "$TMP/s1") && [ -z "$out" ]
}

# restore_refused FILE LINE REASON [--dry-run]: lbadm restore of FILE
# exits 2 with "lbadm: line LINE: REASON..." and prints nothing else, and
# the configuration is still the saved one ($TMP/s1).
restore_refused() {
	local file=$1 line=$2 reason=$3 out rc

	out=$(lbadm_lb restore $4 -f "$file" 2> "$TMP/err")
	rc=$?
	echo "rc $rc: $(cat "$TMP/err") $out"
	[ $rc = 2 ] && [ -z "$out" ] && [ "$(wc -l < "$TMP/err")" = 1 ] &&
		grep -q "^lbadm: line $line: $reason" "$TMP/err" || return 1
	lbadm_lb save | cmp - "$TMP/s1"
}

# A file that changes the settings, drops a service, changes another and
# adds two, but whose server on line N is off the LAN: the kernel refuses
# that line, so nothing of the rest happens either. The transaction is
# gone with it: the next one opens.
refused_line() {
	local n out

	{ echo "config set conn-max 40000"; echo "timeout set udp 99"
	  tail -n +3 "$TMP/s1" | grep -v "udp $VIP4:80 " |
		sed "s|^service add tcp $VIP4:80 .*|service add tcp $VIP4:80 sched wrr sloppy off|"
	  echo "service add tcp $VIP4:9999"
	  echo "server add tcp $VIP4:9999 10.0.0.13"; } > "$TMP/bad"
	n=$(($(wc -l < "$TMP/bad") + 1))
	{ echo "server add tcp $VIP4:443 198.51.100.77"
	  echo "service add udp $VIP4:9999"; } >> "$TMP/bad"
	cat "$TMP/bad"
	# Without that line, the file is good and changes a lot.
	grep -v 198.51.100.77 "$TMP/bad" > "$TMP/good"
	[ "$(lbadm_lb restore --dry-run -f "$TMP/good" | grep -c '^[-+] ')" -gt 10 ] || return 1
	restore_refused "$TMP/bad" $n "real server not on a directly connected network" &&
		out=$(lbadm_lb restore --dry-run -f "$TMP/s1") && [ -z "$out" ]
}

# More servers with a weight than the table has slots: refused on the
# line of the first one too many (the servers go in address order).
refused_slots() {
	local i

	{ cat "$TMP/s1"; echo "service add tcp $VIP4:7000 sched wrr table 251"
	  for i in $(seq 3 254); do echo "server add tcp $VIP4:7000 10.0.0.$i"; done
	} > "$TMP/slots"
	restore_refused "$TMP/slots" "$(wc -l < "$TMP/slots")" "more real servers than table slots"
}

# restore --dry-run is refused as the restore would be: exit 2 and the
# line, nothing printed, nothing changed.
dry_run_refused() {
	restore_refused "$TMP/bad" "$(grep -n 198.51.100.77 "$TMP/bad" | cut -d: -f1)" \
		"real server not on a directly connected network" --dry-run &&
	restore_refused "$TMP/slots" "$(wc -l < "$TMP/slots")" \
		"more real servers than table slots" --dry-run
}

# A line lbadm itself refuses: exit 1 naming it, nothing sent.
parse_error_line() {
	local err rc

	{ head -n 5 "$TMP/s1"; echo "service add tcp $VIP4:444 sched nope"; } > "$TMP/bad2"
	err=$(lbadm_lb restore -f "$TMP/bad2" 2>&1)
	rc=$?
	echo "rc $rc: $err"
	[ $rc = 1 ] && [ "$err" = 'lbadm: line 6: sched is maglev, wrr, wlc or sh' ] || return 1
	err=$(lbadm_lb restore --dry-run -f "$TMP/bad2" 2>&1)
	rc=$?
	echo "dry run: rc $rc: $err"
	[ $rc = 1 ] && [ "$err" = 'lbadm: line 6: sched is maglev, wrr, wlc or sh' ] || return 1
	lbadm_lb save | cmp - "$TMP/s1"
}

# usage_error ARG...: lbadm restore ARG... exits 1 with one line on
# stderr, nothing on stdout.
usage_error() {
	local out rc

	out=$(lbadm_lb restore "$@" 2> "$TMP/err" < /dev/null)
	rc=$?
	echo "restore $*: rc $rc: $(cat "$TMP/err")$out"
	[ $rc = 1 ] && [ -z "$out" ] && [ "$(wc -l < "$TMP/err")" = 1 ]
}

# Usage errors exit 1, with the configuration untouched.
restore_usage() {
	usage_error -f "$TMP/none" && usage_error -f && usage_error foo &&
		lbadm_lb save | cmp - "$TMP/s1"
}

# hold_restore DIR: in the balancer's namespace, open a restore, stage
# conn-max 12345 in it, write DIR/open, and once DIR/go exists exit
# without committing (as an lbadm killed half-way would).
hold_restore() {
	PYTHONDONTWRITEBYTECODE=1 nsx "$LB" python3 - "$1" "$(dirname "$NLCRAFT")" <<-'PY'
	import os, sys, time
	sys.path.insert(0, sys.argv[2])
	from nlcraft import Genl, attr, nest, u32, A_CONFIG, CFG_CONN_MAX
	RESTORE_BEGIN, A_STAGE = 16, 8	# include/uapi/linux/lbdr.h
	g = Genl()
	fam = g.family()
	assert g.request(fam, RESTORE_BEGIN)[0] == 0
	err = g.request(fam, 3, nest(A_CONFIG, u32(CFG_CONN_MAX, 12345)) + attr(A_STAGE, b""))
	assert err[0] == 0, err
	open(os.path.join(sys.argv[1], "open"), "w").close()
	while not os.path.exists(os.path.join(sys.argv[1], "go")):
	    time.sleep(0.05)
	PY
}

# One restore at a time: while another socket has one open, restore is
# refused (exit 2, "restore: ..."); when that socket closes without
# committing, its transaction goes, and nothing of it was applied.
restore_abandoned() {
	local d pid err rc

	d=$(mktemp -d)
	hold_restore "$d" &
	pid=$!
	wait_for 20 test -e "$d/open" || { kill $pid; return 1; }
	err=$(lbadm_lb restore -f "$TMP/s1" 2>&1)
	rc=$?
	echo "rc $rc: $err"
	touch "$d/go"
	wait $pid || return 1
	rm -rf "$d"
	[ $rc = 2 ] && [ "$err" = "lbadm: restore: another restore is open in this namespace (Device or resource busy)" ] || return 1
	wait_for 10 lbadm_lb restore --dry-run -f "$TMP/s1" || return 1
	lbadm_lb save | cmp - "$TMP/s1" && lbadm_lb restore -f "$TMP/s1"
}

# The file replaces the configuration: a service left out goes, a new one
# comes, one present with other options keeps its connections. 20 TCP
# connections held open through the restore, which turns their service
# into wrr with sloppy off (a lost entry would drop their next segment as
# no_conn), gives one of its servers another weight and adds one (no
# host: nothing new is sent there), complete on their servers.
replaces() {
	local d pid out s

	d=$(mktemp -d)
	grep -v "udp $VIP4:80 " "$TMP/s1" |
		sed -e "s|^service add tcp $VIP4:80 .*|service add tcp $VIP4:80 sched wrr sloppy off|" \
		    -e "s|^\(server add tcp $VIP4:80 10.0.0.11\) weight 1 |\1 weight 3 |" > "$TMP/new"
	echo "server add tcp $VIP4:80 10.0.0.20 weight 2" >> "$TMP/new"
	echo "service add tcp $VIP4:8080" >> "$TMP/new"
	echo "server add tcp $VIP4:8080 10.0.0.13 weight 5" >> "$TMP/new"
	nsx "$C" python3 "$PEER" hold $VIP4 80 20 20000 "$d" > "$d/result" &
	pid=$!
	wait_for 60 test -e "$d/ready" || { kill $pid; return 1; }
	lbadm_lb restore -f "$TMP/new" || { kill $pid; return 1; }
	touch "$d/go"
	wait "$pid"
	out=$(cat "$d/result")
	s=$(lbadm_lb save)
	echo "held: $out"
	echo "$s"
	rm -rf "$d"
	pycheck "$out" "$s" <<-'PY'
	h, s = r
	assert h["ok"] == 20 and h["bad"] == 0, "held connections broken"
	lines = s.splitlines()
	assert not [l for l in lines if "udp 192.0.2.10:80 " in l], "left-out service still there"
	assert "service add tcp 192.0.2.10:80 sched wrr table 65537 hash 5tuple persist 0 mask 32 sloppy off on-remove reschedule" in lines
	assert "server add tcp 192.0.2.10:8080 10.0.0.13 weight 5 method dr uthreshold 0 lthreshold 0" in lines
	assert "server add tcp 192.0.2.10:80 10.0.0.11 weight 3 method dr uthreshold 0 lthreshold 0" in lines
	assert "server add tcp 192.0.2.10:80 10.0.0.20 weight 2 method dr uthreshold 0 lthreshold 0" in lines
	PY
}

# --dry-run: the differences as - and + lines, nothing changed.
dry_run() {
	local out before

	before=$(lbadm_lb save) || return 1
	lbadm_lb save | grep -v "10.0.0.12 " |
		sed "s|^server add tcp $VIP4:8080 10.0.0.13 weight 5|server add tcp $VIP4:8080 10.0.0.13 weight 6|" \
		> "$TMP/dry"
	echo "service add udp [$VIP6]:5353" >> "$TMP/dry"
	out=$(lbadm_lb restore --dry-run -f "$TMP/dry") || return 1
	echo "$out"
	[ "$(lbadm_lb save)" = "$before" ] || { echo "dry run changed something"; return 1; }
	pycheck "$out" "$(lbadm_lb -j restore --dry-run -f "$TMP/dry")" <<-'PY'
	out, j = r
	lines = out.splitlines()
	assert all(l[:2] in ("- ", "+ ") for l in lines), lines
	minus = [l[2:] for l in lines if l[0] == "-"]
	plus = [l[2:] for l in lines if l[0] == "+"]
	assert minus and all(" 10.0.0.12 " in l or "8080 10.0.0.13 weight 5" in l for l in minus), minus
	assert plus == ["server add tcp 192.0.2.10:8080 10.0.0.13 weight 6 method dr uthreshold 0 lthreshold 0",
	                "service add udp [2001:db8:f::10]:5353 sched maglev table 65537 hash 5tuple persist 0 mask 128 sloppy on on-remove reschedule"], plus
	assert sorted(j["add"]) == sorted(plus) and sorted(j["remove"]) == sorted(minus), j
	PY
}

# Entries: 60 UDP flows and 30 TCP connections over 3 servers.
conn_setup() {
	lbadm_lb flush && services_up &&
		lbadm_lb timeout set tcp 900 tcpfin 300 tcpclose 300 udp 300 || return 1
	nsx "$C" python3 "$PEER" flows $VIP4 80 30000 60 > /dev/null &&
		nsx "$C" python3 "$PEER" talk tcp $VIP4 80 30 100 > /dev/null
}

conn_show() {
	local t j

	t=$(lbadm_lb conn show) && j=$(lbadm_lb -j conn) || return 1
	echo "$t" | head -n 5
	pycheck "$t" "$j" <<-'PY'
	import re
	t, j = r
	lines = t.splitlines()
	assert len(lines) == 90 and len(j) == 90, (len(lines), len(j))
	pat = re.compile(r"^(tcp|udp) 198\.51\.100\.2:\d+ -> 192\.0\.2\.10:80 server 10\.0\.0\.1[123] "
	                 r"(UDP|SYN_RECV|ESTABLISHED|FIN_WAIT|TIME_WAIT|CLOSE) expires \d+$")
	for l in lines:
	    assert pat.match(l), l
	keys = {"proto", "family", "client", "cport", "vip", "vport", "server", "state", "expires"}
	for e in j:
	    assert set(e) == keys, e
	    assert e["family"] == "inet" and e["vip"] == "192.0.2.10" and e["vport"] == 80
	assert sum(e["state"] == "udp" for e in j) == 60
	assert all(e["proto"] == "tcp" and e["state"] in ("established", "fin_wait", "time_wait", "close")
	           for e in j if e["state"] != "udp"), [e["state"] for e in j]
	PY
}

conn_filters() {
	local all u s c v

	all=$(lbadm_lb -j conn show) &&
	u=$(lbadm_lb -j conn show udp) &&
	v=$(lbadm_lb -j conn show tcp $VIP) &&
	s=$(lbadm_lb -j conn show server 10.0.0.11) &&
	c=$(lbadm_lb -j conn show udp $VIP4 client 198.51.100.2 server 10.0.0.12) || return 1
	pycheck "$all" "$u" "$v" "$s" "$c" "$(lbadm_lb -j conn show client 198.51.100.99)" <<-'PY'
	a, u, v, s, c, none = r
	assert len(u) == 60 and all(e["proto"] == "udp" for e in u)
	assert len(v) == 30 and all(e["proto"] == "tcp" for e in v)
	assert len(s) == sum(e["server"] == "10.0.0.11" for e in a) > 0
	assert all(e["server"] == "10.0.0.11" for e in s)
	assert len(c) == sum(e["server"] == "10.0.0.12" and e["proto"] == "udp" for e in a) > 0
	assert none == []
	PY
}

conn_del_flush() {
	local n out err rc

	n=$(json_get "$(lbadm_lb -j conn show server 10.0.0.11)" 'len(j)') || return 1
	out=$(lbadm_lb conn del server 10.0.0.11) || return 1
	[ "$out" = "removed $n" ] || { echo "del said: $out (want $n)"; return 1; }
	[ "$(lbadm_lb -j conn show server 10.0.0.11)" = "[]" ] || return 1
	err=$(lbadm_lb conn del server 10.0.0.11 2>&1)
	rc=$?
	[ $rc = 2 ] && [ "$err" = "lbadm: no matching connection" ] || { echo "rc $rc: $err"; return 1; }
	[ "$(lbadm_lb -j conn flush client 198.51.100.99)" = '{"removed":0}' ] || return 1
	out=$(lbadm_lb conn flush udp) && echo "$out" && [ "$(lbadm_lb -j conn show udp)" = "[]" ] || return 1
	lbadm_lb conn flush > /dev/null && [ "$(lbadm_lb -j conn show)" = "[]" ]
}

# A persistence template: "persist" in the text, state "template".
conn_template() {
	local t j

	lbadm_lb flush && lbadm_lb service add tcp $VIP persist 60 mask 24 &&
		lbadm_lb server add tcp $VIP 10.0.0.11 || return 1
	nsx "$C" python3 "$PEER" talk tcp $VIP4 80 2 100 > /dev/null || return 1
	t=$(lbadm_lb conn show) && j=$(lbadm_lb -j conn show) || return 1
	echo "$t"
	grep -Eq '^tcp 198\.51\.100\.0 -> 192\.0\.2\.10:80 server 10\.0\.0\.11 persist expires [0-9]+$' <<< "$t" &&
		[ "$(json_get "$j" 'sum(e["state"] == "template" and e["cport"] == 0 for e in j)')" = 1 ]
}

# Per service and per server counters, with the rates, in text and JSON.
stats_services() {
	local t j

	lbadm_lb flush && services_up || return 1
	nsx "$C" python3 "$PEER" talk tcp $VIP4 80 30 100 > /dev/null || return 1
	t=$(lbadm_lb stats) && j=$(lbadm_lb -j stats) || return 1
	echo "$t"
	pycheck "$t" "$j" "$(lbadm_lb -j stats tcp $VIP)" <<-'PY'
	t, j, one = r
	lines = t.splitlines()
	assert lines[0].startswith("conns ") and " cps " in lines[0] and lines[1].startswith("drops ")
	assert any(l.startswith("tcp 192.0.2.10:80 conns 30 ") for l in lines), lines
	assert sum(l.startswith("  server ") for l in lines) == 12
	assert len(j["services"]) == 4
	s = [x for x in j["services"] if x.get("proto") == "tcp" and x.get("vip") == "192.0.2.10"][0]
	for k in ("conns", "packets", "bytes", "active", "inactive", "cps", "pps", "bps"):
	    assert k in s and all(k in x for x in s["servers"]), k
	assert s["conns"] == 30 == sum(x["conns"] for x in s["servers"])
	assert len(one["services"]) == 1 and one["services"][0]["conns"] == 30
	for k in ("conns", "packets", "bytes", "conn_count", "cps", "pps", "bps", "drops"):
	    assert k in j, k
	PY
}

stats_zero() {
	lbadm_lb stats zero || return 1
	pycheck "$(lbadm_lb -j stats)" <<-'PY'
	j = r[0]
	assert j["conns"] == 0 and j["packets"] == 0 and sum(j["drops"].values()) == 0, j
	for s in j["services"]:
	    assert s["conns"] == s["packets"] == 0, s
	    assert all(x["conns"] == 0 for x in s["servers"]), s
	PY
}

stats_watch() {
	local out

	out=$(timeout -s INT 3.5 "$LBADM" -n "$LB" -j stats -w 1 tcp $VIP)
	echo "$out"
	pycheck "$out" <<-'PY'
	docs = [json.loads(l) for l in r[0].splitlines()]
	assert len(docs) >= 3, len(docs)
	assert all("time" in d and len(d["services"]) == 1 for d in docs)
	PY
}

# monitor_hears FILE PATTERN: a "stats zero" made now shows in the output
# of a monitor (FILE): it is listening.
monitor_hears() {
	lbadm_lb stats zero && grep -q "$2" "$1"
}

# monitor_start FILE [-j]: a monitor of the balancer writing FILE, its pid
# in MON_PID, once it listens. Its output is kept from the first event
# after that.
monitor_start() {
	"$LBADM" -n "$LB" $2 monitor > "$1" &
	MON_PID=$!
	wait_for 10 monitor_hears "$1" 'stats zero' || { kill $MON_PID; return 1; }
}

# monitor_stop FILE PID LAST: once FILE has a line matching LAST, stop the
# monitor; FILE keeps what came after the last "stats zero" of the probe.
monitor_stop() {
	local ok=0

	wait_for 10 grep -q "$3" "$1" || ok=1
	kill -INT "$2"
	wait "$2" || ok=1
	return $ok
}

# The lines of monitor output FILE after the probes of monitor_start.
after_probes() {
	python3 -c '
import sys
lines = open(sys.argv[1]).read().splitlines()
i = 0
while i < len(lines) and "stats zero" in lines[i]:
    i += 1
print("\n".join(lines[i:]))' "$1"
}

# lbadm monitor sees the changes another lbadm makes, one line each.
monitor() {
	local pid jpid

	monitor_start "$TMP/mon" && pid=$MON_PID || return 1
	monitor_start "$TMP/monj" -j && jpid=$MON_PID || { kill $pid; return 1; }
	lbadm_lb service add tcp $VIP4:8081 sched wrr &&
		lbadm_lb server add tcp $VIP4:8081 10.0.0.12 weight 3 &&
		lbadm_lb server del tcp $VIP4:8081 10.0.0.12 &&
		lbadm_lb timeout set udp 77 &&
		lbadm_lb stats zero && lbadm_lb flush || { kill $pid $jpid; return 1; }
	monitor_stop "$TMP/mon" $pid '^flush$' &&
		monitor_stop "$TMP/monj" $jpid '"event":"flush"' || return 1
	cat "$TMP/mon" "$TMP/monj"
	pycheck "$(after_probes "$TMP/mon")" "$(after_probes "$TMP/monj")" <<-'PY'
	t, js = r
	lines = t.splitlines()
	want = ["service add tcp 192.0.2.10:8081 sched wrr table 65537 hash 5tuple persist 0 mask 32 sloppy off on-remove reschedule",
	        "server add tcp 192.0.2.10:8081 10.0.0.12 weight 3 method dr uthreshold 0 lthreshold 0",
	        "server del tcp 192.0.2.10:8081 10.0.0.12",
	        "timeout set udp 77",
	        "stats zero",
	        "flush"]
	assert lines == want, lines
	ev = [json.loads(l) for l in js.splitlines()]
	assert [e["event"] for e in ev] == ["service add", "server add", "server del", "config set", "stats zero", "flush"], ev
	assert ev[1]["service"]["port"] == 8081 and ev[1]["server"]["weight"] == 3
	assert ev[3]["config"]["timeout"]["udp"] == 77
	PY
}

# A restore is one event, with the count of its services and servers; a
# dry run, a refused restore and the objects staged are none.
monitor_restore() {
	local pid n

	n=$(grep -c '^serv' "$TMP/s1")
	monitor_start "$TMP/mon2" && pid=$MON_PID || return 1
	lbadm_lb restore --dry-run -f "$TMP/s1" > /dev/null &&
		! lbadm_lb restore -f "$TMP/bad" 2> /dev/null &&
		lbadm_lb restore -f "$TMP/s1" || { kill $pid; return 1; }
	monitor_stop "$TMP/mon2" $pid '^restore commit' || return 1
	cat "$TMP/mon2"
	[ "$(after_probes "$TMP/mon2")" = "restore commit $n objects" ]
}

# 10,000 services of 10 servers each (table 251: 10,000 default tables
# would take 1.3 GB), restored in one go, then replaced by the small file.
big_restore() {
	local t0 t1 n

	python3 - > "$TMP/big" <<-'PY'
	for i in range(10000):
	    vip = "203.0.%d.%d:%d" % (113 + i // 2500, i % 250 + 1, 1000 + (i // 250) % 10)
	    print("service add tcp %s table 251" % vip)
	    for k in range(10):
	        print("server add tcp %s 10.0.0.%d" % (vip, 100 + k))
	PY
	wc -l < "$TMP/big"
	t0=$(date +%s.%N)
	lbadm_lb restore -f "$TMP/big" || return 1
	t1=$(date +%s.%N)
	n=$(lbadm_lb save | grep -c '^server add ')
	diag "restore of 10,000 services x 10 servers: $(awk "BEGIN { print $t1 - $t0 }") s; $n servers after"
	t0=$(date +%s.%N)
	lbadm_lb restore -f "$TMP/s1" || return 1
	t1=$(date +%s.%N)
	diag "restore back to $(grep -c '^service' "$TMP/s1") services: $(awk "BEGIN { print $t1 - $t0 }") s"
	[ "$n" = 100000 ] && lbadm_lb save | cmp - "$TMP/s1"
}

setup() { topology_up && lan_host "$LB2" 3 lb2; }
configure() { services_up && rich_config; }

check "module loads" module_load
namespaces_up && ns_add LB2 lb2 || { fail "namespaces created"; finish; exit 1; }
check "topology: client, router, balancer (and a second one), 3 servers" setup
check "services with every option configured" configure
check "save: settings, then each service (every option) followed by its servers, in order" save_format
check "save -j: the same as JSON" save_json
check "save | restore | save: byte for byte, here and into an empty namespace; a dry run of it is empty" round_trip
check "restore refused on line N after lines that change everything: exit 2, the line and the kernel's reason, nothing changed" refused_line
check "restore refused on the server one over the table's slots, naming its line; nothing changed" refused_slots
check "restore --dry-run refused by the kernel as the restore: exit 2 naming the line, nothing changed" dry_run_refused
check "restore with a mistake on line 6: exit 1 naming it, nothing sent (restore and --dry-run)" parse_error_line
check "restore usage errors (no such file, -f without a name, an unknown word): exit 1, nothing changed" restore_usage
check "restore while another socket has one open: exit 2; that socket closing discards its restore" restore_abandoned
check "restore replaces: a service left out goes, a new one comes; 20 held TCP connections of a kept service complete" replaces
check "restore --dry-run: the changes as - and + lines (and -j), nothing changed" dry_run
check "restore of 10,000 services x 10 servers, then back" big_restore
check "conn: entries of 60 UDP flows and 30 TCP connections" conn_setup
check "conn show: one line per entry, and -j" conn_show
check "conn show filters: proto, service, server, client" conn_filters
check "conn del by server, del with no match (exit 2), flush with none (0), flush udp, flush" conn_del_flush
check "conn show: a persistence template" conn_template
check "stats: per service and per server counters and rates, text and JSON, one service" stats_services
check "stats -w 1 -j: a JSON document a second" stats_watch
check "stats zero: every counter 0" stats_zero
check "monitor: another lbadm's changes, one line each, in command syntax, and -j" monitor
check "monitor: restore commit N objects" monitor_restore
finish
