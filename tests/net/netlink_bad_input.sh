#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Malformed and unprivileged requests to the lbdr family are refused with an
# error (and an extack message wherever the kernel can give one), nothing
# crashes, and the configuration is exactly what it was before.
. "$(dirname "$0")/lib.sh"

# refused SCENARIO ERRNO-NAME-REGEX [MESSAGE-REGEX]: nlcraft's answer matches.
refused() {
	local out name msg

	out=$(python3 "$NLCRAFT" "$1") || return 1
	name=$(json_get "$out" 'j["name"]')
	msg=$(json_get "$out" 'j["msg"]')
	echo "$out"
	[[ $name =~ ^($2)$ ]] || return 1
	[ -z "${3:-}" ] || grep -qE "$3" <<< "$msg"
}

config_now() { "$LBADM" -j config show; }

as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

nobody_set_refused() { as_nobody python3 "$NLCRAFT" set-udp-77 | grep -q '"EPERM"'; }

lbadm_nobody_refused() {
	local err

	err=$(as_nobody "$LBADM" timeout set udp 77 2>&1)
	[ $? = 2 ] && grep -q 'Operation not permitted' <<< "$err"
}

userns_host_netns_refused() { unshare -U -r python3 "$NLCRAFT" set-udp-77 | grep -q '"EPERM"'; }

userns_own_netns_allowed() { unshare -U -r -n python3 "$NLCRAFT" set-udp-77 | grep -q '"errno": 0'; }

check "module loads" module_load
before=$(config_now)
check "configuration readable before the test" test -n "$before"

check "well-formed info request accepted" refused info OK
check "unknown command: EOPNOTSUPP" refused unknown-cmd 'EOPNOTSUPP|ENOTSUP'
check "attribute on a command that takes none: EINVAL + message" \
	refused info-with-attr EINVAL .
check "config set without its nest: EINVAL, 'missing attribute'" \
	refused set-missing-attr EINVAL 'missing attribute'
check "unknown attribute inside the nest: EINVAL + message" \
	refused set-unknown-attr EINVAL .
check "unknown top-level attribute: EINVAL + message" \
	refused set-unknown-top-attr EINVAL .
check "u32 attribute of 2 bytes: EINVAL, 'invalid attribute length'" \
	refused set-wrong-len EINVAL 'length'
check "conn-max 0: ERANGE + message" refused set-out-of-range ERANGE .
check "nest attribute that is not nested: EINVAL + message" \
	refused set-not-nested EINVAL .
check "attribute longer than the message: EINVAL" \
	refused set-truncated-attr EINVAL
check "valid attribute followed by a bad one: ERANGE" \
	refused set-valid-then-bad ERANGE .
check "configuration unchanged by refused requests" \
	test "$(config_now)" = "$before"

# CAP_NET_ADMIN is checked against the user namespace owning the netns.
check "unprivileged uid: info allowed" as_nobody "$LBADM" info
check "unprivileged uid: set refused with EPERM" nobody_set_refused
check "lbadm as unprivileged uid: exit 2, Operation not permitted" lbadm_nobody_refused
check "root of a new user namespace: set in the host netns refused (EPERM)" \
	userns_host_netns_refused
check "root of a new user namespace: set in its own netns allowed" \
	userns_own_netns_allowed
check "configuration unchanged after unprivileged attempts" \
	test "$(config_now)" = "$before"
check "module still loaded and answering" "$LBADM" info
finish
