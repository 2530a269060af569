#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Prints lbdr's version: the .version file of a source release (DKMS), else
# "git describe" of the checkout, else the base version with the commit.
dir=$(cd "$(dirname "$0")/.." && pwd)
base=0.1.0
if [ -f "$dir/.version" ]; then
	cat "$dir/.version"
elif v=$(git -C "$dir" describe --tags --match 'v[0-9]*' --dirty 2>/dev/null); then
	echo "${v#v}"
elif h=$(git -C "$dir" describe --always --dirty 2>/dev/null); then
	echo "$base-g$h"
else
	echo "$base"
fi
