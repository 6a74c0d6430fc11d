#!/usr/bin/env bash
# Hostile inputs (testdata/hostile/): files built to break a parser.  Each
# is linted with a time limit and a memory cap; the only acceptable
# outcome is the exit status and the exact first line of output that
# NAME.expected holds (exit 1 with a diagnostic, exit 2 with a path
# error, exit 0 only where accepting the input is the documented
# behaviour); further lines "also: LINE" name lines the output must hold
# too.  A signal, a sanitizer report, a timeout or a silent pass is a
# failure.
#   NAME.json, NAME.bin   inputs kept in git (written by make.py small)
#   NAME.gen              a big input, made at test time: `make.py big
#                         $(cat NAME.gen)`, linted as NAME.json
#   rules-NAME/           a --rules folder (fuzz_rules crashers), with
#                         which the clean bom.json is linted
#   path-*.expected       paths that are not files (made below)
#   sarif-many-findings   100,000 findings to SARIF under a 300 MB cap (below)
#   secrets-*             also linted to every format and to a baseline file:
#                         the password they plant must reach no output
#                         (secret_leaks below)
#   NAME.xfail            a known bug not fixed yet (its text says where):
#                         reported as XFAIL, and as a failure once it passes
# UPDATE=1 rewrites the .expected files for review in the diff.
# HOSTILE_TIMEOUT (seconds, default 20) and HOSTILE_MEMORY_KB (default
# 1 GiB) set the limits; under a sanitizer or valgrind the memory cap is
# off (they reserve terabytes of address space) and the time limit x10.
# Usage: hostile.sh DTSLINT SOURCE_ROOT [NAME...]
set -u
dtslint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$2
shift 2
cd "$root/testdata/hostile" || exit 2
export LC_ALL=C
here=$PWD
time_limit=${HOSTILE_TIMEOUT:-20}
mem_limit=${HOSTILE_MEMORY_KB:-1048576}
if [ "$(head -c 4 "$dtslint" | tr -d '\0')" != $'\x7fELF' ] || grep -qa __asan_init "$dtslint"; then
	mem_limit=unlimited
	time_limit=$((time_limit * 10))
fi
passed=0
failed=0
skipped=0
xfailed=0
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'chmod -R u+rwx "$tmp"; rm -rf "$tmp"' EXIT
mkdir "$tmp/gen" "$tmp/paths"

# lint DIR ARGS...: dtslint in DIR under the limits; sets $status and
# leaves stdout in $tmp/out, stderr in $tmp/err.
lint() {
	local dir=$1
	shift
	(cd "$dir" && ulimit -v "$mem_limit" &&
		exec timeout -k 5 "$time_limit" "$dtslint" --show-source "$@") \
		> "$tmp/out" 2> "$tmp/err" < /dev/null
	status=$?
	return "$status"
}

# verdict NAME: compare $status and the first line of output (stdout, or
# stderr when stdout is empty) with NAME.expected.
verdict() {
	local name=$1 expected=$here/${1%.*}.expected first why=
	first=$(head -n 1 "$tmp/out")
	[ -n "$first" ] || first=$(head -n 1 "$tmp/err")
	printf 'exit: %s\n%s\n' "$status" "$first" > "$tmp/actual"
	: > "$tmp/also"
	[ -f "$expected" ] && grep '^also: ' "$expected" > "$tmp/also"
	if [ "${UPDATE:-0}" = 1 ] && [ "$status" -lt 124 ]; then
		cat "$tmp/actual" "$tmp/also" > "$expected"
	fi
	if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
		why="timed out after ${time_limit}s"
	elif [ "$status" -eq 126 ] || [ "$status" -eq 127 ]; then
		why="could not run $dtslint (exit $status)"
	elif [ "$status" -ge 124 ]; then
		why="killed by a signal or crashed (exit $status)"
	elif grep -q 'Sanitizer\|runtime error:' "$tmp/err"; then
		why="sanitizer report"
	elif [ "$status" -eq 1 ] && [ ! -s "$tmp/out" ]; then
		why="exit 1 without a diagnostic"
	elif [ "$status" -eq 2 ] && [ ! -s "$tmp/err" ]; then
		why="exit 2 without an error message"
	elif [ ! -f "$expected" ]; then
		why="no $expected (run with UPDATE=1 and review)"
	elif ! head -n 2 "$expected" | diff -u - "$tmp/actual" > "$tmp/diff"; then
		why="unexpected result:
$(cat "$tmp/diff")"
	else
		while IFS= read -r line; do
			grep -Fxq -- "${line#also: }" "$tmp/out" "$tmp/err" || why="$why
  missing line: ${line#also: }"
		done < "$tmp/also"
	fi
	if [ -f "$here/${1%.*}.xfail" ]; then
		if [ -z "$why" ]; then
			echo "XPASS $name: it works now; delete ${1%.*}.xfail"
			failed=$((failed + 1))
		else
			echo "XFAIL $name: $(head -n 1 "$here/${1%.*}.xfail")"
			xfailed=$((xfailed + 1))
		fi
	elif [ -z "$why" ]; then
		passed=$((passed + 1))
	else
		echo "FAIL $name: $why"
		head -n 5 "$tmp/err" | sed 's/^/  | /'
		failed=$((failed + 1))
	fi
}

# secret_leaks FILE: secrets-* inputs plant the password "hunter2", whole
# or split where a lenient reader could lose track of it ("hun"ter2",
# hun&ter2); linted with excerpts in every format, and to a baseline
# file, no output may hold it whole, its tail "ter2", either spaced out
# (UTF-16 shown with '?' between letters) or its first letter quoted by a
# message ('h').
secret_leaks() {
	local fmt files leak='h.?u.?n.?t.?e.?r.?2|t.?e.?r.?2|'"'h'"
	for fmt in text json sarif github gitlab junit baseline; do
		files=("$tmp/out" "$tmp/err")
		if [ "$fmt" = baseline ]; then
			rm -f "$tmp/baseline.json"
			files+=("$tmp/baseline.json")
			lint "$here" --write-baseline "$tmp/baseline.json" "$1"
		else
			lint "$here" --format "$fmt" "$1"
		fi
		# SARIF carries each rule's page as its help: the same text for
		# every input ("after 2020" is no leak), so those lines are not read.
		if [ "$fmt" = sarif ]; then
			grep -a -v -E '^ *"(text|markdown)": "(# )?DTS[0-9]+: [a-z0-9-]+\\n' "$tmp/out" > "$tmp/out.nohelp"
			files[0]=$tmp/out.nohelp
		fi
		if [ "$status" -ge 124 ]; then
			echo "FAIL $1 ($fmt): exit $status"
			failed=$((failed + 1))
		elif [ "$fmt" = baseline ] && [ ! -s "$tmp/baseline.json" ]; then
			echo "FAIL $1: --write-baseline wrote no baseline"
			failed=$((failed + 1))
		elif grep -a -q -E "$leak" "${files[@]}"; then
			echo "FAIL $1: the password reaches the $fmt output"
			grep -a -h -E "$leak" "${files[@]}" | head -n 3 | cut -c 1-200 | sed 's/^/  | /'
			failed=$((failed + 1))
		else
			passed=$((passed + 1))
		fi
	done
}

wanted() {
	[ "${#selected[@]}" -eq 0 ] && return 0
	local s
	for s in "${selected[@]}"; do
		[ "$s" = "$1" ] && return 0
	done
	return 1
}
selected=("$@")

# ---- inputs kept in git
for f in *; do
	[ -f "$f" ] || continue
	case $f in
	*.expected | *.gen | *.xfail | *.py | *.md) continue ;;
	esac
	wanted "${f%.*}" || continue
	lint "$here" "$f"
	verdict "$f"
	case $f in secrets-*) secret_leaks "$f" ;; esac
done

# ---- big inputs, made now
for g in *.gen; do
	name=${g%.gen}
	wanted "$name" || continue
	python3 make.py big "$(cat "$g")" > "$tmp/gen/$name.json" || {
		echo "FAIL $name: make.py big $(cat "$g") failed"
		failed=$((failed + 1))
		continue
	}
	lint "$tmp/gen" "$name.json"
	verdict "$g"
	rm -f "$tmp/gen/$name.json"
done

# ---- rule folders
for d in rules-*/; do
	[ -d "$d" ] || continue
	name=${d%/}
	wanted "$name" || continue
	lint "$here" --rules "$name" bom.json
	verdict "$name"
done

# ---- paths that are not regular files
p=$tmp/paths
if wanted path-directory; then
	mkdir "$p/dir.json"
	lint "$p" dir.json
	verdict path-directory
fi
if wanted path-missing; then
	lint "$p" missing.json
	verdict path-missing
fi
if wanted path-empty-name; then
	lint "$p" ""
	verdict path-empty-name
fi
if wanted path-unreadable; then
	cp bom.json "$p/unreadable.json"
	chmod 000 "$p/unreadable.json"
	if [ "$(id -u)" -ne 0 ]; then
		lint "$p" unreadable.json
		verdict path-unreadable
	elif command -v setpriv > /dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups \
		test -x "$dtslint" 2> /dev/null; then
		# root reads anything: drop to nobody for this one
		(cd "$p" && ulimit -v "$mem_limit" && exec setpriv --reuid=65534 --regid=65534 \
			--clear-groups timeout -k 5 "$time_limit" "$dtslint" unreadable.json) \
			> "$tmp/out" 2> "$tmp/err" < /dev/null
		status=$?
		verdict path-unreadable
	else
		echo "SKIP path-unreadable: running as root without setpriv (or nobody cannot run $dtslint)"
		skipped=$((skipped + 1))
	fi
fi
if wanted path-fifo-no-writer; then
	# nothing will ever write: opening it must not wait for a writer
	mkfifo "$p/fifo.json"
	lint "$p" fifo.json
	verdict path-fifo-no-writer
	rm -f "$p/fifo.json"
fi
if wanted path-pipe-writer; then
	# a pipe whose writer is still at work when dtslint opens it, as
	# `dtslint <(command)` gives: read to its end, then linted
	(cd "$p" && ulimit -v "$mem_limit" &&
		exec timeout -k 5 "$time_limit" "$dtslint" /dev/fd/3 \
		3< <(sleep 0.2; cat "$here/duplicate-key.json")) > "$tmp/out" 2> "$tmp/err" < /dev/null
	status=$?
	verdict path-pipe-writer
fi
if wanted path-dev-zero; then
	# an endless input stops at the size limit
	lint "$p" /dev/zero
	verdict path-dev-zero
fi
if wanted path-over-size-limit; then
	truncate -s 65M "$p/huge.json"
	lint "$p" huge.json
	verdict path-over-size-limit
	rm -f "$p/huge.json"
fi
if wanted path-stdin-over-size-limit; then
	(ulimit -v "$mem_limit" && head -c 70000000 /dev/zero |
		timeout -k 5 "$time_limit" "$dtslint" -) > "$tmp/out" 2> "$tmp/err"
	status=$?
	verdict path-stdin-over-size-limit
fi

# ---- SARIF is a stream: 100,000 findings (100 MB of SARIF) in 300 MB of
# address space; building the log in memory took 1 GB (11 KB a finding).
# The run's last lines are kept (the end of the log).
# The cap is the test: skipped where there is none (sanitizers, valgrind).
if wanted sarif-many-findings && [ "$mem_limit" = unlimited ]; then
	echo "SKIP sarif-many-findings: no memory cap under a sanitizer or valgrind"
	skipped=$((skipped + 1))
elif wanted sarif-many-findings; then
	cap=307200
	python3 make.py big many-unknown-one-line > "$tmp/gen/sarif-many-findings.json"
	(cd "$tmp/gen" && ulimit -v "$cap" &&
		exec timeout -k 5 "$time_limit" "$dtslint" --format sarif sarif-many-findings.json) \
		2> "$tmp/err" < /dev/null | tail -n 3 > "$tmp/out"
	status=${PIPESTATUS[0]}
	verdict sarif-many-findings
	rm -f "$tmp/gen/sarif-many-findings.json"
fi

echo "$passed passed, $failed failed, $skipped skipped, $xfailed known bugs (xfail)"
[ "$failed" -eq 0 ]
