#!/usr/bin/env bash
# Checking several inputs on threads (--jobs, src/cli/pool.c) gives the
# report of one thread, byte for byte, in every format, with the same
# notes on stderr and the same exit status: over the whole of testdata/
# (walked, and every file named), a generated folder of many files (some
# unreadable, some not requests, a config that excludes and suppresses),
# a big request among small ones, baselines, --quiet, stdin among the
# files.  DTSLINT_FORCE_THREADS=1 lowers the threshold (POOL_MIN_INPUTS)
# so that a few files take the threaded path too.  --fix and --workflow
# take one input at a time whatever --jobs says: held to that here.
# PARALLEL_QUICK=1 (the ThreadSanitizer run of .ci/run): JSON only, the
# generated folder and a part of testdata/.  The full run also lints each
# file of testdata/ alone with the secret scan beside the checks forced.
# Usage: parallel.sh DTSLINT SOURCE_ROOT
set -u
dtslint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$2" || exit 2
export LC_ALL=C
passed=0
failed=0
tmp=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "parallel: keeping $tmp"
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
quick=${PARALLEL_QUICK:-0}

# same DESCRIPTION ARGS...: -j1 and -j3 (threads forced) agree on stdout,
# stderr and the exit status, and so does -j2 at the default threshold.
same() {
	local what=$1
	shift
	(cd "$tmp/w" && "$dtslint" -j1 "$@") > "$tmp/out1" 2> "$tmp/err1" < "$tmp/stdin"
	local rc1=$?
	local run
	for run in "3 1" "2 0"; do
		local jobs=${run% *} force=${run#* }
		(cd "$tmp/w" && DTSLINT_FORCE_THREADS=$force "$dtslint" -j"$jobs" "$@") \
			> "$tmp/outN" 2> "$tmp/errN" < "$tmp/stdin"
		local rcN=$?
		if [ "$rc1" -eq "$rcN" ] && cmp -s "$tmp/out1" "$tmp/outN" && cmp -s "$tmp/err1" "$tmp/errN"; then
			passed=$((passed + 1))
		else
			echo "FAIL $what (-j$jobs, forced $force): exit $rcN, -j1 $rc1"
			diff "$tmp/out1" "$tmp/outN" | head -10 | sed 's/^/  out| /'
			diff "$tmp/err1" "$tmp/errN" | head -10 | sed 's/^/  err| /'
			failed=$((failed + 1))
		fi
	done
}

mkdir -p "$tmp/w"
: > "$tmp/stdin"
cp -R testdata "$tmp/w/testdata"

# A generated folder: many requests, each a little different, among
# files that are not requests, one that cannot be read, one excluded, and
# a config that suppresses a rule in part of it.
gen=$tmp/w/many
mkdir -p "$gen/sub" "$gen/skip"
bad=(testdata/bad/*/fire*.json)
for i in $(seq 0 119); do
	src=${bad[$((i * 7 % ${#bad[@]}))]}
	cp "$src" "$gen/$(printf 'r%03d' "$i").json"
	[ $((i % 5)) -eq 0 ] && cp "$src" "$gen/sub/$(printf 's%03d' "$i").json"
done
printf '{"Action": "ConfigureDtsJob", "DtsJobName": "x", "SourceEndpointPassword": "hunter2-secret"}' > "$gen/secret.json"
printf '{"name": "not a request"}' > "$gen/other.json"
printf '# notes\n' > "$gen/readme.md"
printf '{"Action": "ConfigureDtsJob"}' > "$gen/skip/excluded.json"
printf '{"Action": "ConfigureDtsJob"}' > "$gen/unreadable.json"
chmod 000 "$gen/unreadable.json"
printf '{"exclude": ["skip/**"], "suppressions": [{"rule": "DTS201", "files": "sub/*.json", "reason": "test"}, {"rule": "DTS101", "files": "none/*.json", "reason": "unused"}]}\n' > "$gen/.dtslint.json"
# A big request (a DbList of about 1.5 MB, secrets in it) among the small.
python3 - "$gen/big.json" <<'EOF'
import json, sys
tables = {'t%05d' % i: {'name': 'T%05d' % i, 'all': True} for i in range(20000)}
db = {'db': {'name': 'db', 'all': False, 'Table': tables, 'password': 'hunter2'}}
req = {'Action': 'ConfigureDtsJob', 'DtsJobName': 'big', 'DbList': json.dumps(db),
       'SourceEndpointPassword': 'sEcReT-value'}
open(sys.argv[1], 'w').write(json.dumps(req, indent=1))
EOF
if [ "$(id -u)" -eq 0 ]; then
	rm -f "$gen/unreadable.json" # root reads it anyway
	mkdir "$gen/unreadable.json" # a folder named like a request: an input error
fi

# One big request alone: its secret scan splits the DbList's databases
# over two threads (DTSLINT_FORCE_THREADS=1 at any size).  Secrets spread
# across the DbList, in its object form and as a JSON string: passwords
# in nested strings, columns whose names look secret, a database whose
# key is secret (masked whole), strings that do not parse, findings
# that quote values near them.
python3 - "$tmp/w/spread-object.json" "$tmp/w/spread-string.json" "$tmp/w/spread-wide.json" <<'EOF'
import json, sys
dbs = {}
for d in range(24):
    tables = {}
    for t in range(40):
        cols = {'id': {'name': 'id'}, 'dbPasswrd%d' % t: {'name': 'x'}}
        table = {'name': 'T%d_%d' % (d, t), 'all': t % 3 != 0, 'columns': cols}
        if t % 7 == 0:
            table['dml_op'] = json.dumps({'password': 'hunter2-%d-%d' % (d, t), 'op': 'insert'})
        if t % 11 == 0:
            table['filter'] = '{"SecretKey": "sEcReT-%d", "broken' % t
        if t % 13 == 0:
            table['AccessKeySecre'] = 'sEcReT-value-%d' % t
        tables['t%02d_%02d' % (d, t)] = table
    dbs['db%02d' % d] = {'name': 'DB%d' % d, 'all': False, 'Table': tables}
dbs['password_db'] = {'name': 'hunter2-whole', 'all': True}
base = {'Action': 'ConfigureDtsJob', 'DtsJobName': 'spread', 'JobType': 'NOPE',
        'SourceEndpointPassword': 'sEcReT-top', 'Reserve': '{"srcPasword": "hunter2-reserve"}'}
open(sys.argv[1], 'w').write(json.dumps(dict(base, DbList=dbs), indent=1))
open(sys.argv[2], 'w').write(json.dumps(dict(base, DbList=json.dumps(dbs)), indent=1))
# One database of more tables than the split weighs (split by count).
wide = {'t%05d' % t: {'name': 'T%d' % t, 'all': True, 'colums': {'dbPasswrd': 'x'}} for t in range(4500)}
for t in range(0, 4500, 97):
    wide['t%05d' % t]['filter'] = '{"password": "hunter2-wide-%d", "broken' % t
open(sys.argv[3], 'w').write(json.dumps(dict(base, DbList={'db': {'name': 'db', 'Table': wide}}), indent=1))
EOF
spread() {
	local f
	for f in "$@"; do
		same "spread secrets, object, $f" --format "$f" --show-source spread-object.json
		same "spread secrets, string, $f" --format "$f" --show-source spread-string.json
		same "spread secrets, many tables, $f" --format "$f" --show-source spread-wide.json
	done
}

if [ "$quick" = 1 ]; then
	spread json text
	same "many, json" --format json many
	same "many named, json" --format json many/*.json
	same "testdata/bad/DTS2*, json" --format json testdata/bad/DTS2*
	echo "parallel: $passed passed, $failed failed (quick)"
	[ "$failed" -eq 0 ]
	exit
fi
for f in text json sarif github gitlab junit; do
	same "many, $f" --format "$f" many
	same "many named, $f" --format "$f" many/*.json many/sub/*.json
	same "testdata, $f" --format "$f" testdata
	same "testdata named, $f" --format "$f" $(cd "$tmp/w" && find testdata -type f -name '*.json' | sort)
done
spread text json sarif github gitlab junit
# Every file of testdata/ alone, its secret scan beside its checks
# (forced at any size): the -j1 report, excerpts included, and the same
# exit status.  Checked together, the files would go to --jobs workers,
# which never start that thread.
alone=0
while IFS= read -r f; do
	one=$(cd "$tmp/w" && "$dtslint" -j1 --format json --show-source "$f" 2>&1)
	rc1=$?
	two=$(cd "$tmp/w" && DTSLINT_FORCE_THREADS=1 "$dtslint" --format json --show-source "$f" 2>&1)
	rc2=$?
	if [ "$one" != "$two" ] || [ "$rc1" -ne "$rc2" ]; then
		echo "FAIL $f alone: the scan beside the checks differs from -j1 (exit $rc2, -j1 $rc1)"
		alone=$((alone + 1))
	fi
done < <(cd "$tmp/w" && find testdata -type f | sort)
if [ "$alone" -eq 0 ]; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
fi
same "quiet" --quiet many
same "two files, one big (threads by size)" many/big.json many/r000.json
same "fail-on warning" --fail-on warning --show-source many
same "a rule off, another re-levelled" --disable DTS201 --severity DTS101=note many
same "no config" --no-config many
printf '{"Action": "ConfigureDtsJob", "Reserve": "{"}' > "$tmp/stdin"
same "stdin among files" many/r000.json - many/r001.json many/r002.json
: > "$tmp/stdin"

# Baselines: the one written is the same file; checking against it too.
(cd "$tmp/w" && "$dtslint" -j1 --write-baseline b1.json many) > /dev/null 2>&1
(cd "$tmp/w" && DTSLINT_FORCE_THREADS=1 "$dtslint" -j3 --write-baseline b3.json many) > /dev/null 2>&1
if cmp -s "$tmp/w/b1.json" "$tmp/w/b3.json" && [ -s "$tmp/w/b1.json" ]; then
	passed=$((passed + 1))
else
	echo "FAIL --write-baseline: the baselines differ"
	failed=$((failed + 1))
fi
same "baseline" --baseline b1.json many testdata/bad/DTS201

# --fix (dry run: nothing written) and --workflow: one at a time.
same "fix dry run" --fix --dry-run many
same "workflow" --workflow testdata/workflow/*.json

# A report that cannot be written stops the run early: what the workers
# did and the main thread did not take is freed (leak checkers), the
# same message and status as one thread.
if [ -w /dev/full ]; then
	for j in 1 3; do
		(cd "$tmp/w" && DTSLINT_FORCE_THREADS=1 "$dtslint" -j$j --format json many) > /dev/full 2> "$tmp/full$j"
		echo "exit $?" >> "$tmp/full$j"
	done
	if cmp -s "$tmp/full1" "$tmp/full3" && grep -q "exit 2" "$tmp/full1"; then
		passed=$((passed + 1))
	else
		echo "FAIL a report to a full disk:"
		diff "$tmp/full1" "$tmp/full3" | head -5 | sed 's/^/  | /'
		failed=$((failed + 1))
	fi
fi

# A secret is never echoed, threads or not.
if (cd "$tmp/w" && for a in many spread-object.json spread-string.json spread-wide.json; do
	DTSLINT_FORCE_THREADS=1 "$dtslint" -j3 --format json --show-source "$a" 2>&1; done) |
	grep -qE 'hunter2|sEcReT'; then
	echo "FAIL a secret was echoed"
	failed=$((failed + 1))
else
	passed=$((passed + 1))
fi

# -j1 is one thread: the secret scan beside the checks (forced here, at
# any size) starts none.  Threads (clones with CLONE_THREAD) counted by
# strace; skipped where strace is missing or cannot trace (some
# containers), and under a sanitizer, whose runtime starts threads of its
# own.  The forced run without -j1 must start three: the scan of the tree,
# and one for each nested tree as the checks parse it (DbList, Reserve);
# else the count proves nothing, or a nested tree waits for the checks.
clones() {
	(cd "$tmp/w" && DTSLINT_FORCE_THREADS=1 strace -f -qq -e trace=clone,clone3 -o "$tmp/trace" \
		"$dtslint" "$@" --format json spread-string.json) > /dev/null 2>&1
	grep -c 'CLONE_THREAD' "$tmp/trace"
}
if grep -qaE '__(asan|tsan)_init' "$dtslint"; then
	echo "parallel: a sanitizer's build: the -j1 thread count is not checked"
elif command -v strace > /dev/null && strace -qq -o /dev/null true 2> /dev/null; then
	with=$(clones) without=$(clones -j1)
	if [ "$with" -eq 3 ] && [ "$without" -eq 0 ]; then
		passed=$((passed + 1))
	else
		echo "FAIL threads started: $with with the scan beside the checks forced, $without with -j1 (want 3, 0)"
		failed=$((failed + 1))
	fi
else
	echo "parallel: strace cannot run here: the -j1 thread count is not checked"
fi

# --jobs itself: a usage error names the option.
for bad_n in 0 -1 x 257 ''; do
	(cd "$tmp/w" && "$dtslint" --jobs="$bad_n" many) > /dev/null 2> "$tmp/err"
	rc=$?
	if [ "$rc" -eq 3 ] && grep -qF -- "--jobs must be a number from 1 to 256, not '$bad_n'" "$tmp/err"; then
		passed=$((passed + 1))
	else
		echo "FAIL --jobs='$bad_n': exit $rc"
		sed 's/^/  | /' "$tmp/err"
		failed=$((failed + 1))
	fi
done

echo "parallel: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
