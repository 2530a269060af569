# SPDX-License-Identifier: GPL-2.0
# Shared by the VM harness scripts: where kernels are cached and which ones we use.
# Kernels live outside the repository, keyed so that a changed input rebuilds them.

LBDR_CACHE=${LBDR_CACHE:-/var/cache/lbdr}
LBDR_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

die() { echo "lbdr-vm: $*" >&2; exit 1; }
log() { echo "lbdr-vm: $*" >&2; }

# The Debian package a metapackage currently points at, e.g.
# linux-headers-amd64 -> linux-headers-6.1.0-56-amd64. Resolved at set-up
# time so that an ABI bump in the archive needs no change here.
resolve_meta() {
	apt-cache depends "$1" 2>/dev/null |
		awk -v p="$2" '$1 == "Depends:" && index($2, p) == 1 { print $2; exit }'
}

# Kernel releases the module is built against: the stock 6.1 ABI first.
stock_release() {
	local pkg
	pkg=$(resolve_meta linux-headers-amd64 linux-headers-6.1)
	[ -n "$pkg" ] || pkg=$(dpkg-query -W -f '${Package}\n' 'linux-headers-6.1.*-amd64' 2>/dev/null | sort -V | tail -n 1)
	echo "${pkg#linux-headers-}"
}

backport_release() {
	local pkg
	pkg=$(resolve_meta linux-headers-6.12-amd64 linux-headers-6.12)
	[ -n "$pkg" ] || pkg=$(dpkg-query -W -f '${Package}\n' 'linux-headers-6.12.*-amd64' 2>/dev/null | sort -V | tail -n 1)
	echo "${pkg#linux-headers-}"
}

stock_dir() { echo "$LBDR_CACHE/kernels/stock-$1"; }

# Bump when build-debug-kernel changes what it produces.
DEBUG_RECIPE=1

debug_key() {
	local srcver
	srcver=$(dpkg-query -W -f '${Version}' linux-source-6.1 2>/dev/null)
	{ echo "$srcver $DEBUG_RECIPE"; cat "$LBDR_TOP/tests/vm/debug.config"; } |
		sha256sum | cut -c1-16
}

debug_dir() { echo "$LBDR_CACHE/kernels/debug-$(debug_key)"; }
