#!/usr/bin/env bash
# The bash completion (completion/dtslint.bash) in the real bash: each case
# is a command line with the cursor at its end, split into COMP_WORDS as
# readline splits it, and the exact COMPREPLY the completion function
# gives (order aside: readline sorts it).  The cases run in a plain bash;
# then those of files again with the bash-completion package loaded (its
# _filedir completes files: the rest of the script does not use the
# package), which is how the installed file is used; and the package's
# loader must find the file under the name meson installs it as.
# Usage: completion.sh DTSLINT SOURCE_ROOT
set -u
dtslint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") # the cases run in another folder
root=$(cd "$2" && pwd)
script=$root/completion/dtslint.bash
bash_completion=/usr/share/bash-completion/bash_completion
export LC_ALL=C
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL [$mode] $*"; failed=$((failed + 1)); }

# compopt works only inside a real completion: record what is asked.
compopt() { printf '%s\n' "$*" >> "$tmp/compopt"; }

# split LINE: COMP_WORDS and COMP_CWORD as readline makes them with the
# cursor at the end of LINE: blanks separate words, and each run of the
# other COMP_WORDBREAKS characters ('=' and ':') is a word of its own.
split() {
	local line=$1 word='' kind='' c k i
	COMP_WORDS=()
	for ((i = 0; i < ${#line}; i++)); do
		c=${line:i:1}
		if [[ $c == [[:blank:]] ]]; then
			[[ $word ]] && COMP_WORDS+=("$word")
			word='' kind=''
			continue
		fi
		if [[ $c == [=:] && $COMP_WORDBREAKS == *"$c"* ]]; then k=break; else k=text; fi
		if [[ $word && $k != "$kind" ]]; then
			COMP_WORDS+=("$word")
			word=''
		fi
		word+=$c kind=$k
	done
	COMP_WORDS+=("$word")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE=$line COMP_POINT=${#line}
}

# expect LINE WANT...: completing LINE ("dtslint ..." with word 0 the
# binary under test) gives exactly the words WANT.
expect() {
	local line=$1
	shift
	split "$line"
	COMP_WORDS[0]=$dtslint
	: > "$tmp/compopt"
	COMPREPLY=()
	_dtslint dtslint "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" 2> "$tmp/stderr"
	local got want
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort)
	want=$(printf '%s\n' "$@" | sort)
	if [ "$got" = "$want" ]; then
		passed=$((passed + 1))
	else
		fail "'$line': got [$(echo $got)], want [$(echo $want)]"
	fi
	[ ! -s "$tmp/stderr" ] && passed=$((passed + 1)) || { fail "'$line' printed on stderr:"; sed 's/^/  | /' "$tmp/stderr"; }
}

# What the tests compare with, read from the binary another way than the
# completion reads it: the text listing of the rules.
"$dtslint" --list-rules > "$tmp/rules" || { echo "FAIL: dtslint --list-rules"; exit 1; }
rules_with() { awk -v p="$1" 'index($1, p) == 1 {print $1} index($3, p) == 1 {print $3}' "$tmp/rules"; }
mapfile -t options < <("$dtslint" --help | grep -oE '^ +(-[A-Za-z], )?--[a-z0-9-]+' | grep -oE -- '-[-a-zA-Z0-9]+')

# A folder to complete files in, and rules whose names are not plain names.
work=$tmp/work
mkdir -p "$work/sub"
touch "$work/a.json" "$work/b.txt" "$work/-n.json"
cp -r "$root/rules" "$tmp/renamed"
sed -i 's/StartDtsJob/StartDtsTask/g' "$tmp/renamed"/*.json
cp -r "$root/rules" "$tmp/hostile"
# shellcheck disable=SC2016 # the text is the attack: it must stay text
sed -i -e 's/StartDtsJob/Start$(touch${IFS}pwned)/g' -e 's/"json-syntax"/"json-$(touch${IFS}pwned2)"/' \
	"$tmp/hostile"/*.json
"$dtslint" --rules "$tmp/hostile" --list-operations | grep -qF 'Start$(touch' ||
	{ echo "FAIL: the hostile rules folder is not loaded as the test expects"; exit 1; }

cases() {
	cd "$work" || exit 1
	# Options, from --help.
	expect "dtslint --fo" --format
	expect "dtslint --list-" --list-rules --list-operations --list-parameters
	expect "dtslint -" "${options[@]}"
	expect "dtslint --fix --dry" --dry-run
	# Formats, operations, rules.
	expect "dtslint --format " text json sarif github gitlab junit
	expect "dtslint -f s" sarif
	expect "dtslint --format=g" github gitlab
	expect "dtslint --format x" # none
	expect "dtslint --operation Cre" CreateDtsInstance
	expect "dtslint --print-json-schema Configure" ConfigureDtsJob ConfigureSubscription
	expect "dtslint --print-json-schema=Start" StartDtsJob
	expect "dtslint --explain json-s" json-syntax
	expect "dtslint --explain DTS00" $(rules_with DTS00)
	expect "dtslint --explain DTS2" $(rules_with DTS2)
	# Parameters and nested keys too, from --list-parameters.
	expect "dtslint --explain DtsJobN" DtsJobName
	expect "dtslint --explain SourceEndpointO" SourceEndpointOracleSID SourceEndpointOwnerID
	expect "dtslint --explain Checkp" Checkpoint
	expect "dtslint --disable unknown-p" unknown-parameter
	expect "dtslint --disable DTS101,json-s" DTS101,json-syntax
	expect "dtslint --enable=DTS003,DTS00" $(rules_with DTS00 | sed 's/^/DTS003,/')
	# --severity ID=LEVEL: the ID with '=' and no space, then the level
	# after '=' (a word break: readline replaces what follows it).
	expect "dtslint --severity DTS201" DTS201=
	grep -qx -- '-o nospace' "$tmp/compopt" && passed=$((passed + 1)) || fail "--severity ID: no '-o nospace'"
	expect "dtslint --severity duplicate-k" duplicate-key=
	expect "dtslint --severity DTS201=w" warning
	expect "dtslint --severity=DTS201=" off note warning error
	expect "dtslint --severity=duplicate-key=n" note
	local breaks=$COMP_WORDBREAKS
	COMP_WORDBREAKS=${COMP_WORDBREAKS//=/}
	expect "dtslint --severity DTS201=n" DTS201=note
	COMP_WORDBREAKS=$breaks
	# Fixed words.
	expect "dtslint --fail-on n" note none
	expect "dtslint --fail-on=" error warning note none
	expect "dtslint --input " json markdown query shell terraform
	expect "dtslint --color a" auto always
	expect "dtslint --column-unit u" utf16
	# --rules DIR on the line: its rules are asked, not the built-in ones.
	expect "dtslint --rules $tmp/renamed --operation Start" StartDtsTask
	expect "dtslint --rules=$tmp/renamed --print-json-schema Sta" StartDtsTask
	expect "dtslint --rules $tmp/no-such-folder --operation Start" # none
	# Names that are not plain names never reach the shell or the line.
	expect "dtslint --rules $tmp/hostile --operation Start" # none
	expect "dtslint --rules $tmp/hostile --explain json-" json-encoded-twice
	[ ! -e pwned ] && [ ! -e pwned2 ] && passed=$((passed + 1)) || fail "a name from the rules was run as a command"
	# A command that cannot be run completes nothing, quietly.
	local real=$dtslint
	dtslint=$tmp/no-such-dtslint
	expect "dtslint --format " # none
	dtslint=$real
}

# Files and folders.
file_cases() {
	cd "$work" || exit 1
	expect "dtslint " -n.json a.json b.txt sub
	expect "dtslint --fix a.json " -n.json a.json b.txt sub
	expect "dtslint --output b" b.txt
	expect "dtslint -o " -n.json a.json b.txt sub
	expect "dtslint --config=a" a.json
	expect "dtslint --rules " sub
	expect "dtslint -- -" -n.json
	expect "dtslint -- --fo" # a file name now, and there is none
}

if [ ! -f "$bash_completion" ]; then
	echo "SKIP: $bash_completion is missing (Debian: apt-get install bash-completion; .ci/run installs it)"
	exit 77
fi

mode=plain
# shellcheck source=../completion/dtslint.bash
source "$script"
[ "$(complete -p dtslint)" = "complete -F _dtslint dtslint" ] && passed=$((passed + 1)) ||
	fail "the script does not register _dtslint for dtslint"
cases
file_cases

mode=bash-completion
complete -r dtslint
unset -f _dtslint
# bash-completion's loader finds the file as meson installs it:
# DATADIR/bash-completion/completions/dtslint, DATADIR from XDG_DATA_DIRS.
mkdir -p "$tmp/share/bash-completion/completions"
cp "$script" "$tmp/share/bash-completion/completions/dtslint"
export XDG_DATA_DIRS=$tmp/share
# shellcheck source=/dev/null
source "$bash_completion"
declare -F _filedir > /dev/null || { echo "FAIL: $bash_completion defines no _filedir"; exit 1; }
__load_completion dtslint && [ "$(complete -p dtslint)" = "complete -F _dtslint dtslint" ] &&
	passed=$((passed + 1)) || fail "bash-completion does not load share/bash-completion/completions/dtslint"
file_cases

echo "completion: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
