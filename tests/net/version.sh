#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lbadm and the module agree on the version, "info" reports the limits, and
# without the module lbadm says so and exits 3.
. "$(dirname "$0")/lib.sh"

module_version=$(modinfo -F version "$LBDR_KO")

version_matches() {
	local out

	out=$("$LBADM" version) || return 1
	grep -qxF "lbdr module $module_version" <<< "$out" &&
		grep -qxF "lbadm $module_version" <<< "$out" &&
		[ "$(cat /sys/module/lbdr/version)" = "$module_version" ]
}

version_json() {
	local j

	j=$("$LBADM" -j version) || return 1
	[ "$(json_get "$j" 'j["module"]')" = "$module_version" ] &&
		[ "$(json_get "$j" 'j["tool"]')" = "$module_version" ]
}

info_json() {
	local j

	j=$("$LBADM" -j info) || return 1
	[ "$(json_get "$j" 'j["version"]')" = "$module_version" ] &&
		[ "$(json_get "$j" 'j["limits"]["conn_max"]')" = 67108864 ] &&
		[ "$(json_get "$j" 'j["limits"]["timeout_max"]')" = 2592000 ] &&
		[ "$(json_get "$j" 'j["limits"]["conn_max_default"] >= 65536')" = True ]
}

# Without the module: one line on stderr, exit 3.
not_loaded() {
	local err rc

	err=$("$LBADM" info 2>&1 >/dev/null)
	rc=$?
	[ "$rc" = 3 ] && [ "$err" = "lbadm: lbdr module is not loaded" ]
}

check "lbadm without the module: exit 3 and one clear line" not_loaded
check "module loads" module_load
check "lbadm version matches modinfo and /sys/module" version_matches
check "lbadm -j version" version_json
check "lbadm -j info: version and limits" info_json
check "lbadm -p info is valid JSON" \
	python3 -c 'import json, sys; json.loads(sys.stdin.read())' < <("$LBADM" -p info)
finish
