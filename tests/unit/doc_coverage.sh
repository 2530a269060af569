#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every word lbadm accepts on its command line appears in the man page
# (userspace/lbadm.8) and in the bash completion
# (userspace/completion/lbadm.bash). The words come from the code itself:
#
#   - the command table of lbadm.c ({ "NAME", cmd_... }),
#   - every literal compared with strcmp() (global options, actions,
#     keywords, service and server options, filters, restore options),
#   - the keyword tables the parsers match with parse_keyword() and
#     opt_keyword() (actions, schedulers, hashes, families, on/off, ...),
#   - the settings tables of settings.c ({ "WORD", LBDR_CONFIG_A_... }).
#
# Output is TAP, run by "make -C tests/unit run" (so by make check). A word
# the code gains without documentation makes it fail, naming the word.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
src=${LBDR_DOC_SRC:-$top/userspace}
man=${LBDR_DOC_MAN:-$src/lbadm.8}
comp=${LBDR_DOC_COMP:-$src/completion/lbadm.bash}

# The names of the tables passed to parse_keyword() and opt_keyword().
tables=$(grep -ohE '(parse|opt)_keyword\([^,]+, *[A-Za-z_][A-Za-z0-9_]*' "$src"/*.c |
	sed -E 's/.*, *//' | sort -u)

words=$(
	# Commands.
	grep -ohE '^[[:space:]]*\{ "[a-z][a-z0-9-]*", cmd_' "$src/lbadm.c" |
		sed -E 's/.*"(.*)".*/\1/'
	# Literals compared with strcmp().
	grep -ohE 'strcmp\([^,()]+, *"[^"]*"\)' "$src"/*.c | sed -E 's/.*"(.*)".*/\1/'
	# The keyword tables: the string literals of their definitions.
	for t in $tables; do
		awk -v t="$t" '
			$0 ~ "char \\*const " t "\\[[^]]*\\] = \\{" { on = 1 }
			on { print }
			on && /\};/ { on = 0 }' "$src"/*.c |
			grep -oE '"[^"]*"' | tr -d '"'
	done
	# The settings.
	grep -ohE '\{ "[a-z][a-z0-9-]*", LBDR_CONFIG_A_' "$src"/*.c |
		sed -E 's/.*"(.*)".*/\1/'
)
# Words only: not "-" or "--", not formats.
words=$(printf '%s\n' $words | grep -E '^-{0,2}[A-Za-z0-9][A-Za-z0-9-]*$' | sort -u)

# The man page as text, without its comments: \- is -, font changes and
# \~ go. The completion without its comment lines: what it offers.
man_text=$(sed -e '/^\.\\"/d' -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\~/ /g' \
	-e 's/\\&//g' -e 's/\\c//g' "$man")
comp_text=$(grep -vE '^[[:space:]]*#' "$comp")

# missing TEXT: the words not in TEXT as a whole word.
missing() {
	local w out=''

	for w in $words; do
		grep -qE -- "(^|[^A-Za-z0-9_-])$w([^A-Za-z0-9_-]|\$)" <<< "$1" || out+=" $w"
	done
	echo "${out# }"
}

n=0
fails=0
result() {	# result OK|FAIL DESCRIPTION [DIAGNOSTIC]
	n=$((n + 1))
	if [ "$1" = ok ]; then
		echo "ok $n - doc coverage: $2"
	else
		fails=$((fails + 1))
		echo "not ok $n - doc coverage: $2"
		[ -z "${3:-}" ] || echo "#   $3"
	fi
}

count=$(wc -w <<< "$words")
# The extraction itself: all the commands and a word of each kind.
want="service server flush stats conn save restore monitor version info config
	timeout help -j --json -n show add del zero -w --dry-run -f sched maglev
	5tuple inet6 on-remove reschedule weight dr uthreshold conn-max tcpsyn
	udp client"
lost=''
for w in $want; do
	grep -qx -- "$w" <<< "$words" || lost+=" $w"
done
if [ -z "$lost" ] && [ "$count" -ge 60 ]; then
	result ok "$count words found in the code tables of userspace/"
else
	result fail "$count words found in the code tables of userspace/" "not found:$lost"
fi
m=$(missing "$man_text")
if [ -z "$m" ]; then
	result ok "every command, option and keyword is in lbadm.8"
else
	result fail "every command, option and keyword is in lbadm.8" "missing: $m"
fi
m=$(missing "$comp_text")
if [ -z "$m" ]; then
	result ok "every command, option and keyword is in completion/lbadm.bash"
else
	result fail "every command, option and keyword is in completion/lbadm.bash" "missing: $m"
fi
echo "1..$n"
[ "$fails" = 0 ]
