# SPDX-License-Identifier: GPL-2.0
# bash completion for lbadm(8). Keep in step with lbadm.c (commands),
# options.c (global options), config.c and timeout.c (keywords), service.c
# and server.c (actions, service keys), svcopt.c (service and server
# options) and stats.c.

# Names from "ip netns list" ("NAME" or "NAME (id: N)") starting with $1.
_lbadm_netns()
{
	local name _

	ip netns list 2>/dev/null | while read -r name _; do
		[[ -n $name && $name == "$1"* ]] && printf '%s\n' "$name"
	done
}

# COMPREPLY from the words of $1 that start with $cur.
_lbadm_reply()
{
	mapfile -t COMPREPLY < <(compgen -W "$1" -- "$cur")
}

# "OPTION VALUE" pairs in words[i..]: after an option comes its value,
# else an option not given yet. $1: the options; $2: OPTION=A|B... for
# the options whose value is a keyword (for the others, a number, nothing
# is offered); $3: words also offered where an option may come.
_lbadm_pairs()
{
	local opts=$1 values=$2 extra=${3-} left='' o v j used
	local n=$((${#words[@]} - i))

	if ((n % 2 == 1)); then
		for v in $values; do
			if [[ ${v%%=*} == "${words[${#words[@]} - 1]}" ]]; then
				v=${v#*=}
				_lbadm_reply "${v//|/ }"
				break
			fi
		done
		return 0
	fi
	for o in $opts; do
		used=0
		for ((j = i; j < ${#words[@]}; j += 2)); do
			[[ ${words[j]} == "$o" ]] && used=1 && break
		done
		((used)) || left+=" $o"
	done
	_lbadm_reply "$extra$left"
}

# lbadm service|server ACTION SERVICE ...: $1 is the command; words holds
# the words after it, up to (not including) the current one.
_lbadm_service()
{
	local cmd=$1 action extra=''
	local i n=${#words[@]}

	if ((n == 0)); then
		_lbadm_reply "add replace change del show"
		return 0
	fi
	action=${words[0]}
	case $action in
	add | replace | change | del | show) ;;
	*) return 0 ;;
	esac

	# SERVICE := { tcp | udp } VIP:PORT | fwmark MARK [family inet|inet6]
	if ((n == 1)); then
		_lbadm_reply "tcp udp fwmark"
		return 0
	fi
	case ${words[1]} in
	tcp | udp)
		((n == 2)) && return 0	# VIP:PORT
		i=3
		;;
	fwmark)
		((n == 2)) && return 0	# MARK
		i=3
		if ((n == 3)); then
			extra=family
		elif [[ ${words[3]} == family ]]; then
			((n == 4)) && _lbadm_reply "inet inet6"
			((n == 4)) && return 0
			i=5
		fi
		;;
	*) return 0 ;;
	esac

	[[ $action == show ]] && {
		[[ -n $extra ]] && _lbadm_reply "$extra"
		return 0
	}

	if [[ $cmd == service ]]; then
		[[ $action == del ]] && {
			[[ -n $extra ]] && _lbadm_reply "$extra"
			return 0
		}
		# mask goes with persist: offered once persist is given.
		local opts="sched table hash persist sloppy on-remove" j
		for ((j = i; j < n; j += 2)); do
			[[ ${words[j]} == persist ]] && opts+=" mask" && break
		done
		_lbadm_pairs "$opts" \
			"sched=maglev|wrr|wlc|sh hash=5tuple|saddr sloppy=on|off on-remove=reschedule|drop" \
			"${extra:+$extra }"
		return 0
	fi

	# server: RIP, then its options.
	if ((n == i)); then
		[[ -n $extra ]] && _lbadm_reply "$extra"
		return 0	# the real server's address
	fi
	((i++))
	[[ $action == del ]] && return 0
	_lbadm_pairs "weight method uthreshold lthreshold" "method=dr"
	return 0
}

_lbadm()
{
	local -a words=() args=()
	local cur i word cmd='' in_opts=1 expect_netns=0 cword
	local IFS=$' \t\n'

	COMPREPLY=()

	# The words of the line up to the cursor, split at blanks only:
	# COMP_WORDS is also split at the characters of COMP_WORDBREAKS, ":"
	# among them, which would cut VIP:PORT in three.
	if [[ -n ${COMP_LINE-} ]]; then
		local line=${COMP_LINE:0:${COMP_POINT:-${#COMP_LINE}}}

		read -r -a words <<< "$line"
		[[ -z $line || $line == *[[:blank:]] ]] && words+=('')
		cword=$((${#words[@]} - 1))
	else
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	fi
	cur=${words[cword]}

	# Global options, then the command; words after it are its arguments.
	for ((i = 1; i < cword; i++)); do
		word=${words[i]}
		if [[ -n $cmd ]]; then
			args+=("$word")
		elif ((expect_netns)); then
			expect_netns=0
		elif ((in_opts)) && [[ $word == -?* ]]; then
			case $word in
			--) in_opts=0 ;;
			-n | --netns) expect_netns=1 ;;
			-V | --version) cmd=version ;;
			esac
		else
			cmd=$word
		fi
	done

	if [[ -z $cmd ]]; then
		if ((expect_netns)); then
			mapfile -t COMPREPLY < <(_lbadm_netns "$cur")
		elif ((in_opts)) && [[ $cur == -* ]]; then
			_lbadm_reply "-j --json -p --pretty -s --stats -n --netns
				-h --help -V --version"
		else
			_lbadm_reply "service server flush stats version info
				config timeout help"
		fi
		return 0
	fi

	local keywords
	case $cmd in
	service | server)
		words=("${args[@]}")
		_lbadm_service "$cmd"
		return 0
		;;
	stats)
		((${#args[@]} == 0)) && _lbadm_reply "show"
		return 0
		;;
	config) keywords="conn-max" ;;
	timeout) keywords="tcp tcpsyn tcpfin tcpclose udp" ;;
	*) return 0 ;;	# version, info, flush, help: no arguments
	esac

	if ((${#args[@]} == 0)); then
		_lbadm_reply "show set"
		return 0
	fi
	[[ ${args[0]} == set ]] || return 0

	# set KEYWORD N [KEYWORD N]...: after a keyword comes its number,
	# which is not completed; keywords already given are not offered.
	local n=$((${#args[@]} - 1))
	((n % 2 == 1)) && return 0

	local -a left=()
	local k used
	for k in $keywords; do
		used=0
		for ((i = 1; i < ${#args[@]}; i += 2)); do
			[[ ${args[i]} == "$k" ]] && used=1 && break
		done
		((used)) || left+=("$k")
	done
	((${#left[@]})) && _lbadm_reply "${left[*]}"
	return 0
}

complete -F _lbadm lbadm
