#!/usr/bin/env bash
# The files a run writes (the report, the baseline) are never one of its
# inputs (requests named or walked, configuration files, the --baseline
# file) and never one file between them, by any name: the same path,
# ./x, a symbolic link, a hard link, a path that does not exist yet.
# Such a run is a usage error (exit 3) that writes nothing.  Every output
# is written whole through a temporary file that fits the folder's
# NAME_MAX.  (--fix, which writes its own inputs, is in fix.sh.)
# Usage: outputs.sh DTSLINT SOURCE_ROOT
set -u
dtslint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$2" || exit 2
export LC_ALL=C
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=$PWD/testdata/bad/DTS201/fire.json
good=$PWD/testdata/good/seed-reference.json

# expect_exit CODE DESCRIPTION -- COMMAND...  (in $tmp/w)
expect_exit() {
	local want=$1 what=$2
	shift 3
	# keep the previous command's output for checks that run as commands
	[ -f "$tmp/out" ] && cp "$tmp/out" "$tmp/prev"
	(cd "$tmp/w" && "$@") > "$tmp/out" 2> "$tmp/err"
	local got=$?
	if [ "$got" -eq "$want" ]; then
		passed=$((passed + 1))
	else
		echo "FAIL $what: exit $got, want $want"
		sed 's/^/  | /' "$tmp/out" "$tmp/err" | head -20
		failed=$((failed + 1))
	fi
}

# expect_err TEXT DESCRIPTION: stderr holds TEXT (fixed string)
expect_err() {
	if grep -qF -- "$1" "$tmp/err"; then
		passed=$((passed + 1))
	else
		echo "FAIL $2: no '$1' on stderr"
		sed 's/^/  | /' "$tmp/err" | head -10
		failed=$((failed + 1))
	fi
}

# unharmed FILE ORIGINAL DESCRIPTION: FILE (in $tmp/w) is byte-identical
unharmed() {
	if cmp -s "$tmp/w/$1" "$2"; then
		passed=$((passed + 1))
	else
		echo "FAIL $3: $1 was changed"
		failed=$((failed + 1))
	fi
}

expect_no_err() {
	if grep -qF -- "$1" "$tmp/err"; then
		echo "FAIL $2: '$1' on stderr"
		failed=$((failed + 1))
	else
		passed=$((passed + 1))
	fi
}

# no_temp DESCRIPTION: no temporary file left in $tmp/w
no_temp() {
	if ls -A "$tmp/w" | grep -q dtslint-; then
		echo "FAIL $1: a temporary file was left"
		failed=$((failed + 1))
	else
		passed=$((passed + 1))
	fi
}

# absent FILE DESCRIPTION: nothing at FILE (in $tmp/w), no temporary file
absent() {
	if [ ! -e "$tmp/w/$1" ] && [ ! -L "$tmp/w/$1" ]; then
		passed=$((passed + 1))
	else
		echo "FAIL $2: $1 was written"
		failed=$((failed + 1))
	fi
	no_temp "$2"
}

# A clean folder (its own repository root: no configuration from above).
fresh() {
	rm -rf "$tmp/w"
	mkdir -p "$tmp/w/.git" "$tmp/w/sub" "$tmp/w/req"
	cp "$bad" "$tmp/w/x.json"
	ln -s x.json "$tmp/w/x-link.json"
	ln "$tmp/w/x.json" "$tmp/w/x-hard.json"
}

# ---- --write-baseline on a request, by every name
fresh
for alias in x.json ./x.json sub/../x.json x-link.json x-hard.json "$tmp/w/x.json"; do
	expect_exit 3 "--write-baseline $alias x.json" -- "$dtslint" --write-baseline "$alias" x.json
	expect_err "--write-baseline '$alias' is also an input ('x.json')" "baseline on the input ($alias)"
	unharmed x.json "$bad" "--write-baseline $alias"
done
expect_exit 3 "--write-baseline on one input of several" -- \
	"$dtslint" --write-baseline x-link.json "$good" x-hard.json
unharmed x.json "$bad" "--write-baseline on one input of several"
expect_exit 3 "--write-baseline on stdin's file" -- bash -c "'$dtslint' --write-baseline x.json - < x.json"
expect_err "--write-baseline 'x.json' is also an input (stdin)" "stdin named"
unharmed x.json "$bad" "--write-baseline on stdin's file"

# ---- --output and --write-baseline on one file
for pair in "r.json r.json" "r.json ./r.json" "r.json sub/../r.json" "$tmp/w/r.json r.json"; do
	set -- $pair
	expect_exit 3 "-o $1 --write-baseline $2 (new file)" -- \
		"$dtslint" -o "$1" --write-baseline "$2" x.json
	expect_err "--output '$1' and --write-baseline '$2' are one file" "both options named ($pair)"
	absent r.json "-o $1 --write-baseline $2"
done
printf 'old report\n' > "$tmp/old"
cp "$tmp/old" "$tmp/w/r.json"
ln -s r.json "$tmp/w/r-link.json"
ln "$tmp/w/r.json" "$tmp/w/r-hard.json"
for alias in r.json r-link.json r-hard.json; do
	expect_exit 3 "-o r.json --write-baseline $alias (existing file)" -- \
		"$dtslint" -o r.json --write-baseline "$alias" x.json
	expect_err "--output 'r.json' and --write-baseline '$alias' are one file" "both named ($alias)"
	unharmed r.json "$tmp/old" "-o r.json --write-baseline $alias"
done
# a dangling link is replaced, not followed: it and its target are two files
ln -s gone.json "$tmp/w/dangling.json"
expect_exit 0 "-o gone.json --write-baseline dangling.json" -- \
	"$dtslint" -o gone.json --write-baseline dangling.json x.json
expect_exit 0 "the dangling link became the baseline" -- bash -c \
	"[ ! -L dangling.json ] && grep -q '\"version\": 1' dangling.json"
expect_exit 0 "the report went to its own file" -- bash -c "[ -f gone.json ] && ! grep -q version gone.json"

# ---- --output on the other inputs: the --baseline file, a configuration
fresh
(cd "$tmp/w" && "$dtslint" --write-baseline b.json x.json 2> /dev/null)
cp "$tmp/w/b.json" "$tmp/baseline"
expect_exit 3 "-o on the --baseline file" -- "$dtslint" --baseline b.json -o ./b.json x.json
expect_err "--output './b.json' is also an input ('b.json', the --baseline file)" "--baseline named"
unharmed b.json "$tmp/baseline" "-o on the --baseline file"
printf '{"rules": {"DTS201": "warning"}}\n' > "$tmp/w/.dtslint.json"
cp "$tmp/w/.dtslint.json" "$tmp/config"
expect_exit 3 "-o on the configuration found" -- "$dtslint" -o .dtslint.json x.json
expect_err "is also an input ('.dtslint.json', a configuration file)" "configuration named"
unharmed .dtslint.json "$tmp/config" "-o on the configuration found"
expect_exit 3 "--write-baseline on the --config file" -- \
	"$dtslint" --config .dtslint.json --write-baseline .dtslint.json x.json
unharmed .dtslint.json "$tmp/config" "--write-baseline on the --config file"

# ---- folders: a walked request is an input; last run's outputs are not
fresh
cp "$bad" "$tmp/w/req/a.json"
expect_exit 3 "--write-baseline on a walked request" -- "$dtslint" --write-baseline req/a.json req
unharmed req/a.json "$bad" "--write-baseline on a walked request"
expect_exit 3 "-o on a walked request" -- "$dtslint" -o req/a.json req
unharmed req/a.json "$bad" "-o on a walked request"
expect_exit 0 "--write-baseline into the walked folder" -- \
	"$dtslint" --write-baseline req/baseline.json req
expect_err "recorded 1 finding in req/baseline.json" "one finding recorded"
cp "$tmp/w/req/baseline.json" "$tmp/baseline"
expect_exit 0 "again: last run's baseline is left out of the walk" -- \
	"$dtslint" --write-baseline req/baseline.json req
expect_err "recorded 1 finding in req/baseline.json" "the old baseline recorded nothing"
expect_no_err "baseline.json: skipped" "the old baseline was not even read as an input"
unharmed req/baseline.json "$tmp/baseline" "the baseline written again"
expect_exit 1 "-o into the walked folder" -- "$dtslint" -f json -o req/r.json req
expect_exit 1 "-o into the walked folder, again" -- "$dtslint" -f json -o req/r.json req
expect_no_err "r.json: skipped" "last run's report was not read as an input"
expect_exit 0 "last run's report is left out of the walk" -- \
	python3 -c 'import json, sys; assert len(json.load(open(sys.argv[1]))) == 1' "$tmp/w/req/r.json"

# ---- '-o -' is stdout, stdin is read once
fresh
expect_exit 1 "-o - writes to stdout" -- "$dtslint" -o - x.json
expect_exit 0 "-o - reports on stdout" -- grep -q DTS201 "$tmp/prev"
absent - "-o - makes no file named '-'"
expect_exit 3 "stdin twice" -- bash -c "'$dtslint' - - < x.json"

# ---- the baseline is written like the report: whole, through a link,
# with the old file's mode; a write error is exit 2
fresh
printf 'old baseline\n' > "$tmp/w/b.json"
chmod 640 "$tmp/w/b.json"
ln -s b.json "$tmp/w/b-link.json"
expect_exit 0 "--write-baseline through a link" -- "$dtslint" --write-baseline b-link.json x.json
expect_exit 0 "the link stays a link" -- test -L "$tmp/w/b-link.json"
expect_exit 0 "the baseline reaches the link's target" -- grep -q DTS201 "$tmp/w/b.json"
expect_exit 0 "the baseline keeps its mode" -- test "$(stat -c %a "$tmp/w/b.json")" = 640
no_temp "--write-baseline through a link"
if [ -w /dev/full ]; then
	expect_exit 2 "--write-baseline /dev/full" -- "$dtslint" --write-baseline /dev/full x.json
	expect_err "cannot write the baseline to /dev/full" "baseline write error named"
fi

# ---- names of 250 bytes: their temporary names must fit NAME_MAX too
fresh
long=$(printf 'r%.0s' $(seq 245)).json
expect_exit 1 "-o a 250-byte name" -- "$dtslint" -o "$long" x.json
expect_exit 0 "the report has its 250-byte name" -- grep -q DTS201 "$tmp/w/$long"
expect_exit 0 "--write-baseline a 250-byte name" -- "$dtslint" --write-baseline "$long" x.json
expect_exit 0 "the baseline has its 250-byte name" -- grep -q DTS201 "$tmp/w/$long"
no_temp "250-byte names"
# While the report is open (the input, a FIFO, holds the run), its
# temporary name is there to see: at most 255 bytes, and a UTF-8 name cut
# between characters (125 two-byte e-acutes and ".json": 255 bytes).
if [ "$(head -c 4 "$dtslint" | tr -d '\0')" = $'\x7fELF' ]; then
	utf=$(printf '\303\251%.0s' $(seq 125)).json
	mkfifo "$tmp/w/slow.fifo"
	# A writer first (read-write: the open never blocks), so that dtslint
	# finds one however fast it starts, and waits for the input's end.
	exec 7<> "$tmp/w/slow.fifo"
	(cd "$tmp/w" && exec "$dtslint" -o "$utf" slow.fifo 2> /dev/null) &
	pid=$!
	for _ in $(seq 300); do ls -A "$tmp/w" | grep -q dtslint- && break; sleep 0.1; done
	name=$(ls -A "$tmp/w" | grep dtslint-)
	kill -TERM "$pid" 2> /dev/null
	wait "$pid"
	exec 7>&-
	expect_exit 0 "temporary name of a 255-byte name: '$name'" -- python3 -c '
import sys
name = sys.argv[1].encode("utf-8", "surrogateescape")
assert 0 < len(name) <= 255, len(name)
text = name.decode("utf-8")  # raises on a character cut in half
assert text.startswith(".\u00e9") and text[-15:-6] == ".dtslint-", text
' "$name"
	absent "$utf" "a signal leaves no report and no temporary file"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
