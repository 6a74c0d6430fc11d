# bash completion for dtslint                              -*- shell-script -*-
#
# Installed as share/bash-completion/completions/dtslint (bash-completion
# loads it on the first TAB after "dtslint"); or source this file.
#
# Every list comes from the dtslint being completed, the command word as
# typed (./build/src/dtslint completes from itself), asked at each TAB so
# that it cannot go stale; with --rules DIR on the line, from DIR's rules:
#   options              dtslint --help (each line that starts with '-')
#   formats              the FORMAT line of dtslint --help
#   rule IDs and names   dtslint --list-rules --format json
#   operations           dtslint --list-operations
#   parameters and keys  dtslint --list-parameters (for --explain, beside rules)
# Only the fixed words of the command line are written here: levels,
# --input forms, --color and --column-unit values.
#
# Words from dtslint are kept only when they are plain names
# ([A-Za-z0-9_.-]+) and are matched without compgen -W, which would expand
# them: a rules folder is data from anywhere, and none of it may reach the
# shell as code.

# _dtslint_add PREFIX CUR WORD...: add PREFIX+WORD to COMPREPLY for each
# WORD that starts with CUR (compared as text, not as a pattern).
_dtslint_add()
{
	local prefix=$1 cur=$2 w
	shift 2
	for w; do
		[[ $w == "$cur"* ]] && COMPREPLY+=("$prefix$w")
	done
}

# _dtslint_ask ARG...: run the dtslint being completed, with the line's
# --rules DIR (from the caller's dtslint_cmd and dtslint_rules), quietly.
_dtslint_ask()
{
	"$dtslint_cmd" "${dtslint_rules[@]}" "$@" 2>/dev/null </dev/null
}

# _dtslint_names < TEXT: the lines that are plain names, one a line.
_dtslint_names()
{
	local line
	while IFS= read -r line; do
		[[ $line =~ ^[A-Za-z0-9_.-]+$ ]] && printf '%s\n' "$line"
	done
}

_dtslint_options()
{
	local line re='^ *(-[A-Za-z], )?(--[a-z0-9-]+)'
	while IFS= read -r line; do
		[[ $line =~ $re ]] || continue
		[[ ${BASH_REMATCH[1]} ]] && printf '%s\n' "${BASH_REMATCH[1]%, }"
		printf '%s\n' "${BASH_REMATCH[2]}"
	done < <(_dtslint_ask --help)
}

# "  -f, --format FORMAT       text, json, sarif, github, gitlab or junit (the first ...)"
_dtslint_formats()
{
	local line words w re='^ *-f, --format FORMAT +([^(]*)'
	while IFS= read -r line; do
		[[ $line =~ $re ]] || continue
		read -ra words <<<"${BASH_REMATCH[1]//,/ }"
		for w in "${words[@]}"; do
			[[ $w != or ]] && printf '%s\n' "$w"
		done
	done < <(_dtslint_ask --help) | _dtslint_names
}

# The "id" and "name" members of the pretty-printed JSON list.
_dtslint_rules()
{
	local line re='^ *"(id|name)": "([A-Za-z0-9_.-]+)"'
	while IFS= read -r line; do
		[[ $line =~ $re ]] && printf '%s\n' "${BASH_REMATCH[2]}"
	done < <(_dtslint_ask --list-rules --format json)
}

_dtslint_parameters()
{
	_dtslint_ask --list-parameters | _dtslint_names
}

_dtslint_operations()
{
	_dtslint_ask --list-operations | _dtslint_names
}

# _dtslint_files [-d]: files (or folders) for the caller's cur.
_dtslint_files()
{
	if declare -F _filedir >/dev/null; then
		_filedir "$@" # bash-completion: quoting, ~, folders marked
		return
	fi
	compopt -o filenames 2>/dev/null
	local IFS=$'\n'
	if [[ ${1-} == -d ]]; then
		COMPREPLY+=($(compgen -d -- "$cur"))
	else
		COMPREPLY+=($(compgen -f -- "$cur"))
	fi
}

# The part of cur that readline keeps when it completes after SEP: none
# when SEP is a word break (readline then replaces only what follows it),
# else everything up to the last SEP.
_dtslint_kept()
{
	local sep=$1
	if [[ $cur != *"$sep"* || $COMP_WORDBREAKS == *"$sep"* ]]; then
		printf ''
	else
		printf '%s' "${cur%"$sep"*}$sep"
	fi
}

_dtslint()
{
	COMPREPLY=()
	local cword=$COMP_CWORD i
	local -a words=("${COMP_WORDS[@]}")
	# bash splits at COMP_WORDBREAKS, so "--severity=DTS201=w" arrives as
	# five words; join each '=' with its neighbours again.
	local cur=${words[cword]-} at=$cword
	while ((at > 1)); do
		if [[ ${words[at - 1]} == = || $cur == =* ]]; then
			cur=${words[at - 1]}$cur
			((at--))
		else
			break
		fi
	done
	local prev=${words[at - 1]-}
	if [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		cur=${cur#*=}
	fi

	local dtslint_cmd=${words[0]} end_of_options=
	local -a dtslint_rules=()
	[[ $dtslint_cmd == "~/"* ]] && dtslint_cmd=$HOME/${dtslint_cmd#"~/"}
	for ((i = 1; i < at; i++)); do
		case ${words[i]} in
			--) end_of_options=1 ;;
			--rules)
				local dir=${words[i + 1]-}
				[[ $dir == = ]] && dir=${words[i + 2]-}
				[[ $dir ]] && dtslint_rules=(--rules "${dir/#\~\//$HOME/}")
				;;
		esac
	done
	if [[ $end_of_options ]]; then
		_dtslint_files
		return
	fi

	local kept
	local -a names
	case $prev in
		-f | --format)
			mapfile -t names < <(_dtslint_formats)
			_dtslint_add "" "$cur" "${names[@]}"
			;;
		--operation | --print-json-schema)
			mapfile -t names < <(_dtslint_operations)
			_dtslint_add "" "$cur" "${names[@]}"
			;;
		--explain)
			mapfile -t names < <(_dtslint_rules; _dtslint_parameters)
			_dtslint_add "" "$cur" "${names[@]}"
			;;
		--disable | --enable) # ID[,ID]...
			kept=$(_dtslint_kept ,)
			mapfile -t names < <(_dtslint_rules)
			_dtslint_add "$kept" "${cur##*,}" "${names[@]}"
			;;
		--severity) # ID=LEVEL
			if [[ $cur == *=* ]]; then
				kept=$(_dtslint_kept =)
				_dtslint_add "$kept" "${cur#*=}" off note warning error
			else
				mapfile -t names < <(_dtslint_rules)
				_dtslint_add "" "$cur" "${names[@]/%/=}"
				compopt -o nospace 2>/dev/null
			fi
			;;
		--fail-on) _dtslint_add "" "$cur" error warning note none ;;
		--input) _dtslint_add "" "$cur" json query terraform shell markdown ;;
		--color) _dtslint_add "" "$cur" auto always never ;;
		--column-unit) _dtslint_add "" "$cur" codepoint utf16 byte ;;
		--rules) _dtslint_files -d ;;
		-o | --output | --config | --print-config | --baseline | --write-baseline | \
			--stdin-filename | '>' | '>>' | '<' | '2>') _dtslint_files ;;
		*)
			if [[ $cur == -* ]]; then
				mapfile -t names < <(_dtslint_options)
				_dtslint_add "" "$cur" "${names[@]}"
			else
				_dtslint_files
			fi
			;;
	esac
}

complete -F _dtslint dtslint
