#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The lbdr netlink family under fuzz_netlink.py: random and mutated requests
# for LBDR_FUZZ_SECONDS (60, split below) in four settings, then the kernel
# must be alive, lbadm must still work, a known configuration must be the
# same as before, the kernel log clean, and (debug kernel) kmemleak must find
# nothing once the module is unloaded.
#
# Where the fuzzer runs, and why the known configuration cannot legitimately
# change:
#
#   netns K (known)   service, servers, settings made with lbadm; saved
#                     before (lbadm save) and compared after.
#     1. fuzzer as uid 65534 in K (1/6 of the time): no CAP_NET_ADMIN,
#        so every request that changes state must be refused (EPERM)
#        whatever it carries; read-only ones (INFO, CONFIG_GET, dumps,
#        STATS_GET) run for real on the known configuration. The fuzzer
#        fails on any state-changing request accepted (--expect-eperm).
#     2. fuzzer as root of a new user namespace in K (1/12): the same
#        (K belongs to the initial user namespace).
#   netns F (fuzz)    root, CAP_NET_ADMIN (2/3 of the time): everything,
#     3.              valid requests included, so services, servers,
#                     restores, flushes really happen -- in F only, as
#                     lbdr keeps its state per namespace. A client
#                     namespace sends UDP and TCP SYNs to F's VIPs all the
#                     while, so the connection table and the packet path
#                     work under the changes. Here the fuzzer itself checks,
#                     for a sample of the refused requests that change
#                     state, that F's configuration did not move and no
#                     event was sent (a refused request changes nothing).
#   new user and network namespace (1/12): root of both, a container's
#     4.              view; the namespace dies with the fuzzer, with
#                     whatever configuration it had.
#
# A root fuzzer in K itself could not tell a refused request from a valid
# one that changed K by right (a mutation can stay valid), so root never
# fuzzes K: K's comparison checks that nothing crosses namespaces (3, 4)
# and that privilege holds (1, 2).
#
# Runs in make check on the debug kernel (KASAN, lockdep, kmemleak): keep
# it short. LBDR_FUZZ_SECONDS=600
# for a long run, LBDR_FUZZ_SEED=N to repeat one (the seed of each phase is
# printed). On a failure the fuzzer's reproducer (replay it with
# "fuzz_netlink.py replay FILE") and summaries are kept in LBDR_FUZZ_OUT,
# by default the VM's out share (the --keep directory of tests/vm/run,
# e.g. build/check/debug/fuzz/).
. "$(dirname "$0")/lib.sh"

FUZZ=$LBDR_TOP/tests/net/fuzz_netlink.py
TOTAL=${LBDR_FUZZ_SECONDS:-60}
SEED=${LBDR_FUZZ_SEED:-$(( (RANDOM << 15 | RANDOM) + 1 ))}
KMEMLEAK=/sys/kernel/debug/kmemleak
if [ -z "${LBDR_FUZZ_OUT:-}" ] && [ -w /run/lbdr-out ]; then
	LBDR_FUZZ_OUT=/run/lbdr-out/fuzz-${LBDR_VM_KERNEL:-vm}
fi
OUT=${LBDR_FUZZ_OUT:-}
TMP=$(mktemp -d)
chmod 0755 "$TMP"
mkdir -m 1777 "$TMP/logs"
LOGS=(--log-dir "$TMP/logs")
trap 'keep_logs; rm -rf "$TMP"; cleanup' EXIT
exec 3>&1

# Phase lengths in seconds (at least 3 each).
secs() { local s=$((TOTAL * $1 / $2)); echo $((s < 3 ? 3 : s)); }

# Everything the fuzzers left, where the host sees it, when something failed.
keep_logs() {
	[ -n "$OUT" ] && [ "$nfail" != 0 ] || return 0
	rm -rf "$OUT" && mkdir -p "$OUT" && cp -r "$TMP"/logs "$TMP"/*.json "$OUT"/ 2>/dev/null
	diag "fuzzer logs and reproducers kept in $OUT"
}

# The known configuration, in K: one of each kind, every option used.
known_up() {
	ip -n "$K" -batch - <<-EOF &&
	link add d0 type dummy
	link set d0 up
	addr add 10.98.0.1/24 dev d0
	addr add 2001:db8:98::1/64 dev d0 nodad
	EOF
	"$LBADM" -n "$K" config set conn-max 5000 &&
	"$LBADM" -n "$K" timeout set tcp 901 udp 31 &&
	"$LBADM" -n "$K" service add tcp 198.51.100.10:80 sched wrr table 251 \
		hash saddr persist 60 mask 24 sloppy on on-remove drop &&
	"$LBADM" -n "$K" server add tcp 198.51.100.10:80 10.98.0.2 weight 3 \
		uthreshold 100 lthreshold 50 &&
	"$LBADM" -n "$K" server add tcp 198.51.100.10:80 10.98.0.3 weight 0 &&
	"$LBADM" -n "$K" service add udp "[2001:db8:98::10]:53" sched sh table 509 &&
	"$LBADM" -n "$K" server add udp "[2001:db8:98::10]:53" 2001:db8:98::2 &&
	"$LBADM" -n "$K" service add fwmark 7 family inet6 &&
	"$LBADM" -n "$K" server add fwmark 7 family inet6 2001:db8:98::3
}

# lbadm save where it exists, else the JSON of service show and config show.
known_now() {
	local out

	if out=$("$LBADM" -n "$K" save 2>/dev/null); then
		echo "$out"
	else
		"$LBADM" -n "$K" -j service show && "$LBADM" -n "$K" -j config show
	fi
}

# F: 10.99.0.1/24 and 2001:db8:99::1/64 to the client namespace CL, which
# also holds the real servers' addresses (.2-.5, ::2-::5, so neighbour
# resolution works) and routes the VIPs (192.0.2.0/24, 2001:db8:2::/64)
# to F.
fuzz_ns_up() {
	local i

	ip link add fz0 netns "$F" type veth peer name cl0 netns "$CL" &&
	ip -n "$F" -batch - <<-EOF &&
	link set lo up
	link set fz0 up
	addr add 10.99.0.1/24 dev fz0
	addr add 2001:db8:99::1/64 dev fz0 nodad
	EOF
	ip -n "$CL" -batch - <<-EOF
	link set lo up
	link set cl0 up
	addr add 10.99.0.100/24 dev cl0
	addr add 2001:db8:99::100/64 dev cl0 nodad
	$(for i in 2 3 4 5; do
		echo "addr add 10.99.0.$i/24 dev cl0"
		echo "addr add 2001:db8:99::$i/64 dev cl0 nodad"
	done)
	route add 192.0.2.0/24 via 10.99.0.1
	route add 2001:db8:2::/64 via 2001:db8:99::1
	EOF
}

# summary FILE: a phase's JSON summary (the fuzzer's last line) as text;
# fails when it is missing or the phase proved nothing: no request reached
# lbdr; unprivileged, no request refused for privilege (EPERM); as root,
# nothing accepted or no refusal checked against a snapshot.
summary() {
	python3 - "$1" <<-'PY'
	import json, sys
	try:
	    s = json.load(open(sys.argv[1]))
	except ValueError:
	    sys.exit("no summary from the fuzzer")
	print("%(mode)s, seed %(seed)s: %(result)s; %(seconds)s s, %(ops)s ops, "
	      "%(sends)s sends, %(messages)s requests, %(processed)s processed "
	      "(%(accepted)s accepted, %(refused)s refused), %(dump_parts)s dump "
	      "parts, %(events)s events, %(restores_begun)s restores begun "
	      "(%(restores_committed)s committed), %(checks)s refusals checked"
	      % s)
	for cmd, errs in sorted(s["errno_by_cmd"].items()):
	    print("  %-20s %s" % (cmd, " ".join("%s=%d" % kv for kv in sorted(errs.items()))))
	if s.get("repro"):
	    print("reproducer: " + s["repro"])
	eperm = sum(e.get("EPERM", 0) for e in s["errno_by_cmd"].values())
	if s["processed"] == 0:
	    sys.exit("no request processed: the phase tested nothing")
	if s["mode"] == "expect-eperm" and eperm == 0:
	    sys.exit("no request refused with EPERM: privilege not exercised")
	if s["mode"] == "admin" and (s["accepted"] == 0 or s["checks"] == 0):
	    sys.exit("nothing accepted or no refusal checked: the phase tested nothing")
	PY
}

# fuzz NAME CMD...: run a fuzzer phase, keep its summary in $TMP/NAME.json
# and show it as TAP comments on fd 3 (check shows the output of its
# command only on failure); fails if the fuzzer or its summary does.
fuzz() {
	local name=$1 rc
	shift
	"$@" > "$TMP/$name.out" 2> "$TMP/$name.err"
	rc=$?
	tail -n 1 "$TMP/$name.out" > "$TMP/$name.json"
	if ! summary "$TMP/$name.json" > "$TMP/$name.sum" 2>&1; then
		[ "$rc" != 0 ] || rc=1
		tail -n 5 "$TMP/$name.out" | cut -c 1-400 >> "$TMP/$name.sum"
	fi
	{
		cat "$TMP/$name.sum"
		head -n 20 "$TMP/$name.err"
		[ "$rc" != 124 ] || echo "killed ${HANG}s after its time: stuck in the kernel?"
	} | sed "s/^/# $name: /" >&3
	return $rc
}

# A phase that outlives its time by HANG seconds is stuck in the kernel
# (a request is processed in the sender's send()).
HANG=120
limit() { timeout -k 5 $(($1 + HANG)) "${@:2}"; }

fuzz_nobody() {
	limit "$(secs 1 6)" ip netns exec "$K" setpriv --reuid=65534 --regid=65534 --clear-groups \
		python3 "$FUZZ" fuzz --seconds "$(secs 1 6)" --seed "$SEED" --expect-eperm "${LOGS[@]}"
}

fuzz_userns() {
	limit "$(secs 1 12)" ip netns exec "$K" unshare -U -r \
		python3 "$FUZZ" fuzz --seconds "$(secs 1 12)" --seed $((SEED + 1)) --expect-eperm "${LOGS[@]}"
}

fuzz_root() {
	local s rc

	s=$(secs 2 3)
	limit "$s" ip netns exec "$CL" python3 "$FUZZ" traffic --seconds "$s" --seed "$SEED" \
		> "$TMP/traffic.out" 2>&1 &
	limit "$s" ip netns exec "$F" python3 "$FUZZ" fuzz --seconds "$s" --seed $((SEED + 2)) "${LOGS[@]}"
	rc=$?
	wait
	return $rc
}

fuzz_own_netns() {
	limit "$(secs 1 12)" unshare -U -r -n sh -c 'ip link set lo up && exec "$@"' sh \
		python3 "$FUZZ" fuzz --seconds "$(secs 1 12)" --seed $((SEED + 3)) "${LOGS[@]}"
}

# What the kernel logged since the fuzzing began, as the VM harness scans it.
kernel_log_clean() {
	local report

	dmesg | sed -n "/lbdr-fuzz: start $$/,\$p" > "$TMP/dmesg"
	[ -s "$TMP/dmesg" ] || { echo "start marker not in the kernel log"; return 1; }
	report=$("$LBDR_TOP/tests/vm/scan-kernel-log" "$TMP/dmesg")
	[ -z "$report" ] || { echo "$report" | head -n 60; return 1; }
}

lbadm_still_works() {
	"$LBADM" -n "$F" flush &&
	"$LBADM" -n "$F" config set conn-max 1000 tun-src4 none tun-src6 none &&
	"$LBADM" -n "$F" timeout set tcp 900 tcpsyn 60 tcpfin 120 tcpclose 10 udp 300 &&
	"$LBADM" -n "$F" service add tcp 192.0.2.9:80 table 251 &&
	"$LBADM" -n "$F" server add tcp 192.0.2.9:80 10.99.0.2 weight 2 &&
	[ "$("$LBADM" -n "$F" save)" = "config set conn-max 1000 tun-src4 none tun-src6 none
timeout set tcp 900 tcpsyn 60 tcpfin 120 tcpclose 10 udp 300
service add tcp 192.0.2.9:80 sched maglev table 251 hash 5tuple persist 0 mask 32 sloppy on on-remove reschedule
server add tcp 192.0.2.9:80 10.99.0.2 weight 2 method dr uthreshold 0 lthreshold 0" ] &&
	"$LBADM" -n "$F" -j conn show > /dev/null &&
	"$LBADM" -n "$F" -j stats > /dev/null
}

drop_namespaces() {
	local ns

	for ns in "${NETNS_LIST[@]}"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$ns" || return 1
	done
	NETNS_LIST=()
}

# As leak.sh: kmemleak reports objects at least 5 s old, from its second scan.
no_leaks() {
	local report

	sleep 5
	echo scan > "$KMEMLEAK"
	echo scan > "$KMEMLEAK"
	report=$(cat "$KMEMLEAK")
	[ -z "$report" ] || { echo "$report" | head -n 40; return 1; }
}

# Each check, timed (TAP comments): the run must stay short.
T0=$SECONDS
timed() { local t=$SECONDS; check "$@"; diag "$((SECONDS - t)) s (at $((SECONDS - T0)) s)"; }

[ -w "$KMEMLEAK" ] && echo clear > "$KMEMLEAK"
diag "seed $SEED, $TOTAL s of fuzzing (LBDR_FUZZ_SECONDS, LBDR_FUZZ_SEED)"
timed "module loads" module_load
ns_add K known && ns_add F fuzz && ns_add CL client || fail "namespaces"
timed "known configuration made with lbadm in its namespace" known_up
before=$(known_now)
timed "known configuration readable" test -n "$before"
timed "fuzz namespace and its client set up" fuzz_ns_up
echo "lbdr-fuzz: start $$" > /dev/kmsg

timed "fuzzer as an unprivileged uid in the known namespace: no change accepted" \
	fuzz nobody fuzz_nobody
timed "fuzzer as root of a user namespace in the known namespace: no change accepted" \
	fuzz userns fuzz_userns
timed "fuzzer as root in its own namespace, with traffic: replies well-formed, refusals change nothing" \
	fuzz root fuzz_root
timed "fuzzer as root of a new user and network namespace" \
	fuzz own_netns fuzz_own_netns

timed "kernel alive: module answers" "$LBADM" info
timed "known configuration unchanged" test "$(known_now)" = "$before"
timed "lbadm still works in the fuzzed namespace" lbadm_still_works
timed "kernel log clean while fuzzing (no WARN, BUG, KASAN, lockdep...)" kernel_log_clean
timed "namespaces deleted with their configuration" drop_namespaces
timed "module unloads" rmmod lbdr
if [ -w "$KMEMLEAK" ]; then
	timed "kmemleak finds nothing after unload" no_leaks
else
	skip "kmemleak finds nothing after unload" "kernel without kmemleak"
fi
finish
