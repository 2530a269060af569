# SPDX-License-Identifier: GPL-2.0
#
# Shared by tests/net/*.sh (run as root inside the test VM): TAP output,
# loading the module under test, uniquely named network namespaces that are
# removed on exit, and polling instead of sleeping.

LBDR_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LBADM=${LBADM:-$LBDR_TOP/userspace/lbadm}
LBDR_KO=${LBDR_KO:-$LBDR_TOP/build/$(uname -r)/lbdr.ko}
NLCRAFT=$LBDR_TOP/tests/net/nlcraft.py
TEST=${TEST:-$(basename "$0" .sh)}

ntest=0
nfail=0
NETNS_LIST=()

diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
pass() { ntest=$((ntest + 1)); echo "ok $ntest - $TEST: $*"; }
fail() { ntest=$((ntest + 1)); nfail=$((nfail + 1)); echo "not ok $ntest - $TEST: $*"; }
skip() { ntest=$((ntest + 1)); echo "ok $ntest - $TEST: $1 # SKIP $2"; }

# check DESCRIPTION CMD...: one test point, the command's output shown on failure.
check() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then
		pass "$desc"
	else
		fail "$desc"
		diag "command: $*" "$out"
	fi
}

# wait_for SECONDS CMD...: poll until CMD succeeds; fail after SECONDS.
wait_for() {
	local limit=$1 start=$SECONDS
	shift
	until "$@" >/dev/null 2>&1; do
		[ $((SECONDS - start)) -lt "$limit" ] || return 1
		sleep 0.1
	done
}

# listening NETNS PORT: a socket in NETNS listens on TCP PORT. ss exits 0
# whether or not one matches: its output is what tells.
listening() { [ -n "$(ip netns exec "$1" ss -Hltn "sport = :$2")" ]; }

finish() {
	echo "1..$ntest"
	[ "$nfail" = 0 ]
}

module_loaded() { [ -d /sys/module/lbdr ]; }

# insmod, after what modprobe would load first (nf_defrag_ipv4/6).
module_load() {
	local deps

	module_loaded && return 0
	deps=$(modinfo -F depends "$LBDR_KO" | tr , ' ')
	[ -z "$deps" ] || modprobe -a $deps || return 1
	insmod "$LBDR_KO"
}

module_unload() {
	! module_loaded || rmmod lbdr
}

# ns_add VAR SUFFIX: a network namespace named for this test and process,
# its name stored in VAR and removed on exit. Call it in the test's own
# shell, not in $(...), or the name is lost to the cleanup.
ns_add() {
	# A name of its own, so the caller's VAR may be "ns".
	local __ns_add_name=lbdr-$TEST-$2-$$

	ip netns add "$__ns_add_name" || return 1
	NETNS_LIST+=("$__ns_add_name")
	printf -v "$1" %s "$__ns_add_name"
}

cleanup() {
	local ns

	for ns in "${NETNS_LIST[@]}"; do
		# Processes a test left in the namespace (servers) go with it.
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	module_unload 2>/dev/null
}
trap cleanup EXIT

# json_get JSON PYTHON-EXPR: evaluate EXPR on the parsed document "j".
json_get() {
	python3 -c 'import json, sys; j = json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2"
}
