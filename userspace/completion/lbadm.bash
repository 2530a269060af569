# SPDX-License-Identifier: GPL-2.0
# bash completion for lbadm(8). Keep in step with lbadm.c (commands),
# options.c (global options), config.c and timeout.c (keywords).

# Names from "ip netns list" ("NAME" or "NAME (id: N)") starting with $1.
_lbadm_netns()
{
	local name _

	ip netns list 2>/dev/null | while read -r name _; do
		[[ -n $name && $name == "$1"* ]] && printf '%s\n' "$name"
	done
}

_lbadm()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	local -a args=()
	local i word cmd='' in_opts=1 expect_netns=0
	local IFS=$' \t\n'

	COMPREPLY=()

	# Global options, then the command; words after it are its arguments.
	for ((i = 1; i < COMP_CWORD; i++)); do
		word=${COMP_WORDS[i]}
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
			mapfile -t COMPREPLY < <(compgen -W "-j --json -p --pretty
				-n --netns -h --help -V --version" -- "$cur")
		else
			mapfile -t COMPREPLY < <(compgen -W "version info config
				timeout help" -- "$cur")
		fi
		return 0
	fi

	local keywords
	case $cmd in
	config) keywords="conn-max" ;;
	timeout) keywords="tcp tcpsyn tcpfin tcpclose udp" ;;
	*) return 0 ;;	# version, info, help: no arguments
	esac

	if ((${#args[@]} == 0)); then
		mapfile -t COMPREPLY < <(compgen -W "show set" -- "$cur")
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
	((${#left[@]})) &&
		mapfile -t COMPREPLY < <(compgen -W "${left[*]}" -- "$cur")
	return 0
}

complete -F _lbadm lbadm
