# SPDX-License-Identifier: GPL-2.0
# bash completion for lbadm(8). Keep in step with lbadm.c (commands),
# options.c (global options), settings.c (config and timeout keywords),
# svcopt.c (actions, service keys, service and server options, tunnels), stats.c,
# conn.c and connfmt.c (filters), restore.c; tests/unit/doc_coverage.sh
# checks that every word of the code is here.

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
		# tun-src ADDR: once per family, so twice.
		local opts="sched table hash persist sloppy on-remove" j tun=0
		for ((j = i; j < n; j += 2)); do
			[[ ${words[j]} == persist ]] && opts+=" mask"
			[[ ${words[j]} == tun-src ]] && ((tun++))
		done
		((tun < 2)) && extra+="${extra:+ }tun-src"
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
	# port and csum belong to method gue (a change may keep it).
	local sopts="weight method uthreshold lthreshold" method='' j
	for ((j = i; j + 1 < n; j += 2)); do
		[[ ${words[j]} == method ]] && method=${words[j + 1]}
	done
	[[ $method == gue || (-z $method && $action == change) ]] &&
		sopts+=" port csum"
	_lbadm_pairs "$sopts" "method=dr|ipip|gue csum=on|off"
	return 0
}

# A SERVICE key in args[i..]: 0 when complete (i after it), else 1 with
# COMPREPLY set for the word under completion.
_lbadm_svc_key()
{
	local n=${#args[@]}

	if ((i == n)); then
		_lbadm_reply "tcp udp fwmark"
		return 1
	fi
	case ${args[i]} in
	tcp | udp)
		((i + 1 == n)) && return 1	# VIP:PORT
		i=$((i + 2))
		;;
	fwmark)
		((i + 1 == n)) && return 1	# MARK
		i=$((i + 2))
		if ((i == n)); then
			_lbadm_reply "family"
			return 1
		fi
		if [[ ${args[i]} == family ]]; then
			((i + 1 == n)) && _lbadm_reply "inet inet6"
			((i + 1 == n)) && return 1
			i=$((i + 2))
		fi
		;;
	*) return 1 ;;
	esac
	return 0
}

# lbadm stats [show] [-w [SECONDS]] [SERVICE] | watch [SECONDS] [SERVICE]
# | zero
_lbadm_stats()
{
	local i=0 n=${#args[@]} watch=0 key='tcp udp fwmark'

	if ((n == 0)); then
		_lbadm_reply "show watch zero -w --watch tcp udp fwmark"
		return 0
	fi
	case ${args[0]} in
	zero) return 0 ;;
	show) i=1 ;;
	watch) i=1 watch=1 ;;
	esac
	while ((i < n)); do
		case ${args[i]} in
		-w | --watch) watch=1 ;;
		[0-9]*) ;;
		tcp | udp | fwmark)
			_lbadm_svc_key || return 0
			key=''
			continue
			;;
		esac
		i=$((i + 1))
	done
	((watch)) || key="-w --watch $key"
	_lbadm_reply "$key"
	return 0
}

# lbadm conn [show|del|flush] [tcp|udp [VIP[:PORT]]] [server RIP]
# [client ADDR]: the filter words not given yet.
_lbadm_conn()
{
	local i=0 n=${#args[@]} w k left="" used

	if ((n == 0)); then
		_lbadm_reply "show del flush tcp udp server client"
		return 0
	fi
	case ${args[0]} in
	show | del | flush) i=1 ;;
	esac
	# After server or client comes an address; after tcp|udp, maybe a VIP.
	case ${args[n - 1]} in
	server | client) ((n - 1 >= i)) && return 0 ;;
	esac
	for w in tcp server client; do
		used=0
		for ((k = i; k < n; k++)); do
			[[ ${args[k]} == "$w" || ($w == tcp && ${args[k]} == udp) ]] && used=1
		done
		((used)) || left+=" $w"
	done
	[[ $left == *tcp* ]] && left+=" udp"
	_lbadm_reply "$left"
	return 0
}

# lbadm restore [-f FILE] [--dry-run]
_lbadm_restore()
{
	local n=${#args[@]}

	if ((n > 0)) && [[ ${args[n - 1]} == -f || ${args[n - 1]} == --file ]]; then
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return 0
	fi
	_lbadm_reply "-f --file --dry-run"
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
			_lbadm_reply "service server flush stats conn save restore
				monitor version info config timeout help"
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
		_lbadm_stats
		return 0
		;;
	conn)
		_lbadm_conn
		return 0
		;;
	restore)
		_lbadm_restore
		return 0
		;;
	config) keywords="conn-max tun-src4 tun-src6" ;;
	timeout) keywords="tcp tcpsyn tcpfin tcpclose udp" ;;
	*) return 0 ;;	# version, info, flush, save, monitor, help: none
	esac

	if ((${#args[@]} == 0)); then
		_lbadm_reply "show set"
		return 0
	fi
	[[ ${args[0]} == set ]] || return 0

	# set KEYWORD N [KEYWORD N]...: after a keyword comes its number,
	# which is not completed (but for a tunnel source: none); keywords
	# already given are not offered.
	local n=$((${#args[@]} - 1))
	if ((n % 2 == 1)); then
		case ${args[n]} in
		tun-src4 | tun-src6) _lbadm_reply "none" ;;
		esac
		return 0
	fi

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
