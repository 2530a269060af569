#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Per-namespace settings through lbadm: defaults, partial updates, refusals
# that name the allowed range, and isolation between namespaces.
#
#   init netns          netns A            netns B
#   (defaults)          (changed here)     (must keep defaults)
. "$(dirname "$0")/lib.sh"

timeout_of() { json_get "$("$LBADM" ${2:+-n "$2"} -j timeout show)" "j[\"$1\"]"; }

defaults_are_ipvs() {
	[ "$(timeout_of tcp)" = 900 ] && [ "$(timeout_of tcpsyn)" = 60 ] &&
		[ "$(timeout_of tcpfin)" = 120 ] && [ "$(timeout_of tcpclose)" = 10 ] &&
		[ "$(timeout_of udp)" = 300 ]
}

conn_max_is_default() {
	local cfg info

	cfg=$("$LBADM" -j config show) && info=$("$LBADM" -j info) &&
		[ "$(json_get "$cfg" 'j["conn_max"]')" = \
		  "$(json_get "$info" 'j["limits"]["conn_max_default"]')" ]
}

partial_update() {
	"$LBADM" -n "$A" timeout set udp 30 tcpfin 20 &&
		[ "$(timeout_of udp "$A")" = 30 ] && [ "$(timeout_of tcpfin "$A")" = 20 ] &&
		[ "$(timeout_of tcp "$A")" = 900 ]
}

set_is_idempotent() {
	"$LBADM" -n "$A" timeout set udp 30 && "$LBADM" -n "$A" timeout set udp 30 &&
		[ "$(timeout_of udp "$A")" = 30 ]
}

isolated() {
	[ "$(timeout_of udp "$B")" = 300 ] && [ "$(timeout_of udp)" = 300 ]
}

# refusal_names_range CMD...: exit 2 and the kernel's range in the message.
refusal_names_range() {
	local err rc

	err=$("$LBADM" -n "$A" "$@" 2>&1)
	rc=$?
	echo "$err"
	[ "$rc" = 2 ] && grep -q 'allowed 1\.\.' <<< "$err" && [ "$(wc -l <<< "$err")" = 1 ]
}

usage_error() { "$LBADM" "$@" >/dev/null 2>&1; [ $? = 1 ]; }

check "module loads" module_load
ns_add A a
ns_add B b
check "timeouts default to IPVS's" defaults_are_ipvs
check "conn-max defaults to the RAM-scaled value info reports" conn_max_is_default
check "timeout set changes only what it names" partial_update
check "setting the same value twice succeeds" set_is_idempotent
check "other namespaces keep their settings" isolated
check "config set conn-max 5000 in a namespace" \
	bash -c "'$LBADM' -n '$A' config set conn-max 5000 && '$LBADM' -n '$A' config show | grep -qx 'conn-max 5000 tun-src4 none tun-src6 none'"
check "timeout 0 refused with the allowed range" refusal_names_range timeout set tcp 0
check "conn-max too large refused with the allowed range" \
	refusal_names_range config set conn-max 4000000000
check "timeout in A unchanged by the refusals" test "$(timeout_of tcp "$A")" = 900
check "usage error: unknown keyword exits 1" usage_error timeout set bogus 5
check "usage error: missing value exits 1" usage_error timeout set tcp
check "usage error: non-number exits 1" usage_error timeout set tcp 5s
check "usage error: unknown netns exits 1" usage_error -n no-such-ns info
finish
