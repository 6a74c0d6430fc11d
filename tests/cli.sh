#!/usr/bin/env bash
# Command-line contract: exit codes, options, formats, the report file
# and write errors, escapes in what is printed, and that no secret value
# ever reaches any output.  Usage: cli.sh DTSLINT SOURCE_ROOT
# With a third argument, the path of the failmalloc library
# (tests/failmalloc.c), it runs the out-of-memory tests instead.
set -u
dtslint=$1
failmalloc=${3:-}
cd "$2" || exit 2
export LC_ALL=C
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
good=testdata/good/seed-reference.json
bad=testdata/bad/DTS201/fire.json

# expect_exit CODE DESCRIPTION -- COMMAND...
expect_exit() {
	local want=$1 what=$2
	shift 3
	# keep the previous command's output for checks that run as commands
	[ -f "$tmp/out" ] && cp "$tmp/out" "$tmp/prev"
	"$@" > "$tmp/out" 2> "$tmp/err"
	local got=$?
	if [ "$got" -eq "$want" ]; then
		passed=$((passed + 1))
	else
		echo "FAIL $what: exit $got, want $want"
		sed 's/^/  | /' "$tmp/out" "$tmp/err" | head -20
		failed=$((failed + 1))
	fi
}

# expect_grep PATTERN FILE DESCRIPTION (PATTERN must match)
expect_grep() {
	if grep -q -- "$1" "$2"; then
		passed=$((passed + 1))
	else
		echo "FAIL $3: no '$1' in output"
		sed 's/^/  | /' "$2" | head -20
		failed=$((failed + 1))
	fi
}

expect_no_grep() {
	if grep -q -- "$1" "$2"; then
		echo "FAIL $3: '$1' must not appear"
		failed=$((failed + 1))
	else
		passed=$((passed + 1))
	fi
}

# ---- out of memory (cli.sh DTSLINT ROOT FAILMALLOC): after the rules are
# loaded, make each allocation in turn the first to fail (and every later
# one with it).  The run must end in exit 2 with "out of memory" on
# stderr, never a signal, and leave an existing report as it was, with no
# temporary file beside it; or, when the failed allocation was one it can
# do without, finish normally.  Skipped for a dtslint that is not a plain
# binary (valgrind's shim) or is built with a sanitizer (its allocator
# does not mix with LD_PRELOAD).
if [ -n "$failmalloc" ]; then
	if [ "$(head -c 4 "$dtslint" | tr -d '\0')" != $'\x7fELF' ] || grep -qa __asan_init "$dtslint"; then
		echo "SKIP out-of-memory tests: $dtslint is not a plain binary"
		exit 77
	fi
	fm() { LD_PRELOAD=$failmalloc "$@"; }
	mkdir "$tmp/oom"
	# allocations until the rules are loaded (a usage error right after)
	FAILMALLOC_COUNT=$tmp/n fm "$dtslint" --list-rules --format sarif 2> /dev/null
	start=$(cat "$tmp/n")
	named=0
	# every allocation of a run of dtslint "${args[@]}" failing in turn
	oom_runs() {
		# the run without failures: its status, its report
		FAILMALLOC_COUNT=$tmp/n fm "$dtslint" "${args[@]}" > "$tmp/want" 2> /dev/null
		want=$?
		[ "$out" = file ] && cp "$tmp/oom/report" "$tmp/want"
		end=$(cat "$tmp/n")
		for ((n = start; n <= end; n++)); do
			printf 'old report\n' > "$tmp/oom/report"
			FAILMALLOC_AT=$n fm "$dtslint" "${args[@]}" > "$tmp/out" 2> "$tmp/err"
			got=$?
			[ "$out" = file ] && cp "$tmp/oom/report" "$tmp/out"
			why=
			if grep -q "out of memory" "$tmp/err"; then
				[ "$got" -eq 2 ] || why="exit $got after 'out of memory'"
				[ "$out" = file ] && [ "$(cat "$tmp/oom/report")" != "old report" ] &&
					why="the old report was changed"
				[ "$(grep -c "out of memory" "$tmp/err")" -eq 1 ] || why="$why; 'out of memory' said twice"
				grep -q "^dtslint: $bad: out of memory" "$tmp/err" && named=$((named + 1))
			elif [ "$got" -ne "$want" ]; then
				why="exit $got, want $want or 2 with 'out of memory'"
			elif ! cmp -s "$tmp/want" "$tmp/out"; then
				why="the report differs from a run with memory, and no error said so"
			fi
			ls -A "$tmp/oom" | grep -q dtslint- && why="$why; a temporary file was left"
			rm -f "$tmp/oom/".*dtslint-* 2> /dev/null
			if [ -n "$why" ]; then
				echo "FAIL out of memory at allocation $n ($fmt to $out${threads:+, threads}): $why"
				head -3 "$tmp/err" | sed 's/^/  | /'
				failed=$((failed + 1))
			else
				passed=$((passed + 1))
			fi
		done
	}
	threads=
	for run in text:stdout json:file sarif:file; do
		fmt=${run%:*} out=${run#*:}
		args=(--show-source -f "$fmt" "$bad" nope.json testdata/bad/DTS005/fire-cjk.json)
		[ "$out" = file ] && args=(-o "$tmp/oom/report" "${args[@]}")
		oom_runs
	done
	# the inputs checked on threads (--jobs): whichever thread runs out,
	# the run ends as one thread's does, saying so once
	threads=1 fmt=json out=file
	args=(-j3 -o "$tmp/oom/report" -f json "$bad" nope.json testdata/bad/DTS005/fire-cjk.json "$bad")
	DTSLINT_FORCE_THREADS=1 oom_runs
	# the secret scan's threads beside the checks (forced on a small DbList): once the
	# input is being checked, every message names it, the thread's too
	split=testdata/good/cen-mysql-to-rds.json seen=
	FAILMALLOC_COUNT=$tmp/n DTSLINT_FORCE_THREADS=1 fm "$dtslint" -f json "$split" > /dev/null 2>&1
	for ((n = start; n <= $(cat "$tmp/n"); n++)); do
		DTSLINT_FORCE_THREADS=1 FAILMALLOC_AT=$n fm "$dtslint" -f json "$split" > /dev/null 2> "$tmp/err"
		if grep -q "^dtslint: $split: out of memory" "$tmp/err"; then
			seen=$seen-N
		elif grep -q "out of memory" "$tmp/err"; then
			seen=$seen-u$n
		fi
	done
	if [[ $seen == *N* && ${seen#*N} != *u* ]]; then
		passed=$((passed + 1))
	else
		echo "FAIL out of memory in the secret scan beside the checks: no input named at allocation" \
			"$(printf '%s\n' "${seen#*N}" | tr '-' '\n' | sed -n 's/^u//p' | tr '\n' ' ')"
		failed=$((failed + 1))
	fi
	# while an input is read and checked, the message names it
	if [ "$named" -gt 0 ]; then
		passed=$((passed + 1))
	else
		echo "FAIL no out-of-memory message named the input $bad"
		failed=$((failed + 1))
	fi
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
fi

expect_exit 0 "clean file" -- "$dtslint" "$good"
expect_exit 1 "findings" -- "$dtslint" "$bad"
expect_exit 0 "warning below --fail-on error" -- "$dtslint" testdata/bad/DTS202/fire.json
expect_exit 1 "warning with --fail-on warning" -- "$dtslint" --fail-on warning testdata/bad/DTS202/fire.json
expect_exit 1 "note with --fail-on note" -- "$dtslint" --fail-on note testdata/bad/DTS104/fire.json
expect_exit 0 "--fail-on none" -- "$dtslint" --fail-on none "$bad"
expect_exit 2 "missing file" -- "$dtslint" testdata/no-such-file.json
expect_grep "no-such-file.json: " "$tmp/err" "missing file is named on stderr"
# testdata/good holds requests of other operations that need an .args
# file (--operation): a folder of the ones that need none.
mkdir -p "$tmp/walk/sub"
cp "$good" "$tmp/walk/"
cp testdata/good/minified.json "$tmp/walk/sub/"
expect_exit 0 "a folder is walked" -- "$dtslint" "$tmp/walk"
expect_exit 1 "a folder with findings" -- "$dtslint" testdata/bad/DTS201
expect_grep "DTS201/fire.json:" "$tmp/out" "walked files are reported by path"
expect_exit 2 "missing file among good ones still lints the others" -- "$dtslint" "$bad" nope.json
expect_grep "DTS201" "$tmp/out" "other files are still linted"
expect_exit 3 "unknown option" -- "$dtslint" --frobnicate "$good"
expect_exit 3 "bad format" -- "$dtslint" --format xml "$good"
expect_exit 3 "bad level" -- "$dtslint" --fail-on fatal "$good"
expect_exit 3 "option without value" -- "$dtslint" "$good" --format
expect_exit 3 "unknown --operation" -- "$dtslint" --operation NoSuchOperation "$good"
expect_exit 0 "--version" -- "$dtslint" --version
expect_grep "^dtslint [0-9]" "$tmp/out" "--version prints the version"
expect_exit 0 "-V" -- "$dtslint" -V
expect_grep "^dtslint [0-9]" "$tmp/out" "-V prints the version"
expect_exit 0 "--help" -- "$dtslint" --help
expect_grep "Exit status" "$tmp/out" "--help documents exit codes"
expect_exit 0 "--list-rules" -- "$dtslint" --list-rules
expect_grep "^DTS201 " "$tmp/out" "--list-rules lists DTS201"
expect_exit 0 "--list-rules --format json" -- "$dtslint" --list-rules --format json
expect_exit 0 "--list-rules json parses" -- python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))) > 30' "$tmp/prev"
expect_exit 0 "--explain" -- "$dtslint" --explain DTS201
expect_grep "^# DTS201: endpoint-ip-required" "$tmp/out" "--explain prints the rule page"
expect_exit 3 "--explain unknown" -- "$dtslint" --explain DTS999
# --explain a parameter or a nested key: its page, from the rules
expect_exit 0 "--explain a parameter" -- "$dtslint" --explain DtsJobName
expect_grep '^\*\*`DtsJobName`\*\* · parameter of ConfigureDtsJob$' "$tmp/out" "--explain DtsJobName: its heading"
expect_grep "^The name you give the DTS task" "$tmp/out" "--explain DtsJobName: what it is"
expect_grep "^Required\.$" "$tmp/out" "--explain DtsJobName: required"
expect_grep "^Also a parameter of ConfigureSubscription (add --operation NAME" "$tmp/out" "--explain: other operations named"
expect_exit 0 "--explain a parameter of --operation" -- "$dtslint" --operation StartDtsJob --explain DtsJobId
expect_grep '^\*\*`DtsJobId`\*\* · parameter of StartDtsJob$' "$tmp/out" "--operation picks the operation"
expect_exit 0 "--explain a Reserve key" -- "$dtslint" --explain autoStartModulesAfterConfig
expect_grep '^- `none`: start nothing; call StartDtsJob to start the task$' "$tmp/out" "--explain: a value's meaning"
expect_exit 0 "--explain a number with bounds" -- "$dtslint" --explain DelayRuleTime
expect_grep "^At least 1; recommended at least 10$" "$tmp/out" "--explain: the bounds in words"
expect_exit 3 "--explain a misspelled parameter" -- "$dtslint" --explain Checkpiont
expect_grep "no rule or parameter 'Checkpiont'; did you mean 'Checkpoint'?" "$tmp/err" "--explain: did you mean"
expect_exit 3 "--explain a parameter of another operation" -- "$dtslint" --operation StartDtsJob --explain DbList
expect_grep "'DbList' is not a parameter of StartDtsJob" "$tmp/err" "--explain: not in that operation"
expect_exit 0 "--list-operations" -- "$dtslint" --list-operations
printf '%s\n' ConfigureDtsJob CreateDtsInstance StartDtsJob DescribePreCheckStatus ConfigureSubscription \
	ModifyDtsJob > "$tmp/operations"
expect_exit 0 "--list-operations: the operations, one a line" -- diff -u "$tmp/operations" "$tmp/prev"
expect_exit 0 "--explain a key required by the operation" -- "$dtslint" --explain destTopic
expect_grep '^Required when `DestinationEndpointEngineName` is `KAFKA`[.]$' "$tmp/out" \
	"--explain: a Reserve key required through ConfigureDtsJob's constraint"
expect_exit 1 "--explain: such a key is not 'Optional.'" -- grep -qx 'Optional[.]' "$tmp/prev"
expect_exit 0 "--list-parameters" -- "$dtslint" --list-parameters
cp "$tmp/out" "$tmp/parameters"
expect_grep '^DtsJobName$' "$tmp/parameters" "--list-parameters: a parameter"
expect_grep '^dbName$' "$tmp/parameters" "--list-parameters: a nested key (DbList)"
expect_exit 0 "--list-parameters: sorted, each once" -- env LC_ALL=C sort -c -u "$tmp/parameters"
expect_exit 1 "--list-parameters: no rule names" -- grep -q -e '^DTS' -e '^unknown-parameter$' "$tmp/parameters"

# stdin, named and unnamed
expect_exit 1 "stdin" -- bash -c "'$dtslint' --stdin-filename req.json < $bad"
expect_grep "^req.json:6:33: error:" "$tmp/out" "--stdin-filename names stdin"
expect_exit 1 "stdin as -" -- bash -c "'$dtslint' - < $bad"
expect_grep "^<stdin>:6:33:" "$tmp/out" "stdin is <stdin> by default"

# output file
expect_exit 1 "--output" -- "$dtslint" --output "$tmp/report.txt" "$bad"
expect_grep "DTS201" "$tmp/report.txt" "--output writes the report"
expect_exit 2 "--output into a missing folder" -- "$dtslint" --output /nonexistent/dir/x "$bad"

# --rules: a broken rule folder is exit 2 with file:line:col
mkdir -p "$tmp/rules"
cp rules/*.json "$tmp/rules/"
expect_exit 1 "--rules with a copy of the rules" -- "$dtslint" --rules "$tmp/rules" "$bad"
printf '{"rules": [], "bogus": 1}\n' > "$tmp/rules/99-bad.json"
expect_exit 2 "--rules with a broken file" -- "$dtslint" --rules "$tmp/rules" "$bad"
expect_grep "99-bad.json:1:15: unknown key 'bogus'" "$tmp/err" "rule file error has line:col"
expect_exit 2 "--rules missing folder" -- "$dtslint" --rules "$tmp/none" "$bad"

# --operation applies to requests without Action
expect_exit 1 "--operation ConfigureDtsJob" -- "$dtslint" --operation ConfigureDtsJob testdata/bad/DTS106/fire-no-action.json

# formats
expect_exit 1 "json format" -- "$dtslint" --format json "$bad"
expect_exit 0 "json output parses" -- python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d[0]["rule"] == "DTS201" and d[0]["line"] == 6 and d[0]["pointer"] == "/SourceEndpointIP", d
assert set(d[0]) >= {"file", "line", "column", "endLine", "endColumn", "rule", "severity", "message", "pointer"}
' "$tmp/prev"
expect_exit 0 "json format, clean" -- "$dtslint" --format json "$good"
expect_exit 0 "empty json array" -- python3 -c 'import json,sys; assert json.load(open(sys.argv[1])) == []' "$tmp/prev"
expect_exit 1 "sarif format" -- "$dtslint" --format sarif "$bad" testdata/bad/DTS005/fire-cjk.json
expect_exit 0 "sarif essentials" -- python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
run = s["runs"][0]
drv = run["tool"]["driver"]
assert s["version"] == "2.1.0" and drv["name"] == "dtslint" and drv["rules"]
assert run["columnKind"] == "unicodeCodePoints"
assert run["invocations"][0]["executionSuccessful"] is True
r = run["results"]
assert [x["ruleId"] for x in r] == ["DTS201", "DTS005"], r
assert drv["rules"][r[0]["ruleIndex"]]["id"] == "DTS201"
# the tool lists the rules the results name, in the order first named
# (each carries its whole page: all of them would be most of the log)
assert [x["id"] for x in drv["rules"]] == ["DTS201", "DTS005"], [x["id"] for x in drv["rules"]]
assert all(drv["rules"][x["ruleIndex"]]["id"] == x["ruleId"] for x in r)
reg = r[1]["locations"][0]["physicalLocation"]["region"]
assert (reg["startLine"], reg["startColumn"]) == (21, 53), reg
assert r[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "testdata/bad/DTS005/fire-cjk.json"
assert all(x["partialFingerprints"] for x in r)
# each rule carries its page: help.markdown is docs/rules/ID.md (what
# --explain prints), help.text the same words without Markdown marks
for rule in drv["rules"]:
    page = open("docs/rules/%s.md" % rule["id"], encoding="utf-8").read()
    assert rule["help"]["markdown"] == page, rule["id"]
    text = rule["help"]["text"]
    assert text.startswith("%s: %s\n" % (rule["id"], rule["name"])), text[:60]
    assert "##" not in text and "```" not in text and "`" not in text, rule["id"]
    assert "What it checks" in text and "docs/rules/" not in text.split("\n")[0], rule["id"]
' "$tmp/prev"
# Terraform's native syntax: SARIF regions are the .tf file's, inside a
# quoted string of escaped JSON and inside a heredoc.
expect_exit 1 "sarif of .tf files" -- "$dtslint" --format sarif testdata/terraform/fire-hcl-dblist-escaped-key.tf \
	testdata/terraform/fire-hcl-heredoc-key.tf
expect_exit 0 "sarif regions in .tf files" -- python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["runs"][0]["results"]
got = [(x["ruleId"], x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        x["locations"][0]["physicalLocation"]["region"]) for x in r]
assert [(g[0], g[1]) for g in got] == [("DTS301", "testdata/terraform/fire-hcl-dblist-escaped-key.tf"),
                                       ("DTS301", "testdata/terraform/fire-hcl-heredoc-key.tf")], got
reg = [(g[2]["startLine"], g[2]["startColumn"], g[2]["endLine"], g[2]["endColumn"]) for g in got]
assert reg == [(30, 58, 30, 66), (32, 22, 32, 28)], reg
' "$tmp/prev"
expect_exit 2 "sarif with a missing file" -- "$dtslint" --format sarif nope.json
expect_exit 0 "sarif marks the run unsuccessful" -- python3 -c '
import json, sys
inv = json.load(open(sys.argv[1]))["runs"][0]["invocations"][0]
assert inv["executionSuccessful"] is False and inv["toolExecutionNotifications"]
' "$tmp/prev"

# secrets: a password in a request never reaches any output
secret_case() {
	cat > "$tmp/secret.json" <<'JSON'
{
  "DtsJobName": "x",
  "JobType": "SYNC",
  "SourceEndpointInstanceType": "RDS",
  "DestinationEndpointInstanceType": "RDS",
  "StructureInitialization": true,
  "DataInitialization": "yes",
  "DataSynchronization": false,
  "SourceEndpointPassword": ["Sup3rS3cret!"],
  "DestinationEndpointPassword": "Sup3rS3cret!", "DestinationEndpointUserName": 7,
  "SrcClientPassword": "Sup3rS3cret!",
  "Reserve": "{\"dbPassword\": \"Sup3rS3cret!\", \"x\": }",
  "DbList": {"db": {"name": "db", "all": true, "password": "Sup3rS3cret!"}, "db": 1}
}
JSON
}
secret_case
for fmt in text json sarif; do
	expect_exit 1 "secret request, $fmt" -- "$dtslint" --show-source --format "$fmt" "$tmp/secret.json"
	expect_no_grep "Sup3rS3cret" "$tmp/out" "no secret in $fmt output"
done
"$dtslint" --show-source "$tmp/secret.json" > "$tmp/out"
expect_grep '"SrcClientPassword": "\*\*\*\*\*\*\*\*\*\*\*\*"' "$tmp/out" "secret masked in the excerpt"

# a custom secretKeyPattern that hits PCRE2's match limit on a key cannot
# classify it: the key counts as secret (a short key, which the pattern
# does classify, as not secret: the test can tell the two apart)
mkdir "$tmp/rules-slow"
cp rules/*.json "$tmp/rules-slow/"
sed -i 's/"secretKeyPattern": "[^"]*"/"secretKeyPattern": "(?i)(password|^(a|a)+$)"/' "$tmp/rules-slow/10-common.json"
printf '{\n  "DtsJobName": "x",\n  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab": "hunter2",\n  "aab": "shown"\n}\n' > "$tmp/slow.json"
for fmt in text json sarif; do
	expect_exit 1 "match limit on the secret pattern, $fmt" -- \
		"$dtslint" --rules "$tmp/rules-slow" --show-source --format "$fmt" "$tmp/slow.json"
	expect_no_grep "hunter2" "$tmp/out" "a key the pattern cannot classify is secret ($fmt)"
done
"$dtslint" --rules "$tmp/rules-slow" --show-source "$tmp/slow.json" > "$tmp/out"
expect_grep '"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab": "\*\*\*\*\*\*\*"' "$tmp/out" "masked in the text excerpt"
expect_grep '"aab": "shown"' "$tmp/out" "a key the pattern classifies is not masked"

# ---- the report file and the exit status
cp "$bad" "$tmp/self.json"
ln -s self.json "$tmp/self-link.json"
ln "$tmp/self.json" "$tmp/self-hard.json"
for alias in "$tmp/self.json" "$tmp/./self.json" "$tmp/self-link.json" "$tmp/self-hard.json"; do
	expect_exit 3 "output is the input ($alias)" -- "$dtslint" -o "$alias" "$tmp/self.json"
	expect_grep "is also an input" "$tmp/err" "output that is an input is refused"
	expect_exit 0 "input unharmed ($alias)" -- cmp -s "$bad" "$tmp/self.json"
done
expect_exit 3 "output is the input given as stdin" -- bash -c "'$dtslint' -o '$tmp/self.json' - < '$tmp/self.json'"
expect_exit 0 "input given as stdin unharmed" -- cmp -s "$bad" "$tmp/self.json"
expect_exit 3 "output is one input of several" -- "$dtslint" -o "$tmp/self-link.json" "$good" "$tmp/self-hard.json"
expect_exit 0 "input unharmed (several)" -- cmp -s "$bad" "$tmp/self.json"

# written whole or not at all, with the old report's mode; a link stays a link
printf 'old report\n' > "$tmp/report.txt"
chmod 640 "$tmp/report.txt"
ln -s report.txt "$tmp/report-link.txt"
expect_exit 1 "report through a symlink" -- "$dtslint" -o "$tmp/report-link.txt" "$bad"
expect_exit 0 "the symlink stays a symlink" -- test -L "$tmp/report-link.txt"
expect_grep "DTS201" "$tmp/report.txt" "the report reaches the link's target"
expect_exit 0 "the report keeps its mode" -- bash -c "[ \"\$(stat -c %a '$tmp/report.txt')\" = 640 ]"
expect_exit 0 "no temporary file left" -- bash -c "! ls -A '$tmp' | grep -q dtslint-"
# a run stopped by a signal while the report is open leaves the old one
# (not under valgrind's shim: the signal would stop the shim only)
plain=0
[ "$(head -c 4 "$dtslint" | tr -d '\0')" = $'\x7fELF' ] && plain=1
if [ "$plain" = 1 ]; then
printf 'old report\n' > "$tmp/report.txt"
mkfifo "$tmp/slow.fifo"
"$dtslint" -o "$tmp/report.txt" "$tmp/slow.fifo" 2> /dev/null &
pid=$!
exec 7> "$tmp/slow.fifo" # a writer that writes nothing: dtslint waits
sleep 0.5
kill -TERM "$pid"
wait "$pid"
got=$?
exec 7>&-
expect_exit 0 "killed by SIGTERM (exit $got)" -- test "$got" -eq 143
expect_exit 0 "the old report survives a signal" -- grep -qx "old report" "$tmp/report.txt"
expect_exit 0 "no temporary file left after a signal" -- bash -c "! ls -A '$tmp' | grep -q dtslint-"
fi
expect_exit 1 "a device as --output is written in place" -- "$dtslint" -o /dev/stdout "$bad"
expect_grep "DTS201" "$tmp/out" "report to /dev/stdout"

# write errors are exit 2 with a message, whatever the format
if [ -w /dev/full ]; then
	for fmt in text json sarif; do
		expect_exit 2 "-o /dev/full, $fmt" -- "$dtslint" -f "$fmt" -o /dev/full "$bad"
		expect_grep "cannot write the report to /dev/full" "$tmp/err" "/dev/full named ($fmt)"
		expect_exit 2 "> /dev/full, $fmt" -- bash -c "'$dtslint' -f $fmt '$bad' > /dev/full"
		expect_grep "cannot write the report to stdout" "$tmp/err" "stdout write error named ($fmt)"
		if [ "$(wc -l < "$tmp/err")" -eq 1 ]; then
			passed=$((passed + 1))
		else
			echo "FAIL > /dev/full, $fmt: one message wanted"
			sed 's/^/  | /' "$tmp/err"
			failed=$((failed + 1))
		fi
	done
	expect_exit 2 "--help > /dev/full" -- bash -c "'$dtslint' --help > /dev/full"
	expect_grep "cannot write to stdout" "$tmp/err" "--help write error named"
fi
expect_exit 2 "stdout closed" -- bash -c "'$dtslint' '$bad' >&-"
expect_grep "stdout is closed" "$tmp/err" "closed stdout named"
expect_exit 2 "stdout closed, --version" -- bash -c "'$dtslint' --version >&-"
expect_exit 2 "stdout closed, --list-operations" -- bash -c "'$dtslint' --list-operations >&-"
expect_exit 1 "stdout closed, report to a file" -- bash -c "'$dtslint' -o '$tmp/closed.txt' '$bad' >&-"
expect_grep "DTS201" "$tmp/closed.txt" "report written with stdout closed"
expect_exit 2 "stdin closed" -- bash -c "'$dtslint' - <&-"
expect_grep "stdin is closed" "$tmp/err" "closed stdin named"
# stderr closed: the error message must not land in the report (fd 2).
# Not under valgrind's shim, which cannot start without a stderr.
if [ "$plain" = 1 ]; then
	expect_exit 2 "stderr closed" -- bash -c "'$dtslint' -f sarif -o '$tmp/closed.sarif' '$bad' nope.json 2>&-"
	expect_exit 0 "report intact with stderr closed" -- python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
assert s["runs"][0]["invocations"][0]["executionSuccessful"] is False
' "$tmp/closed.sarif"
fi

# stdin once; unreadable inputs in the machine-readable output
expect_exit 3 "stdin twice" -- bash -c "'$dtslint' - - < '$bad'"
expect_grep "more than once" "$tmp/err" "stdin twice explained"
expect_exit 2 "json with a missing file" -- "$dtslint" -f json "$good" nope.json "$bad"
expect_exit 0 "json lists the missing file" -- python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
errs = [x for x in d if x.get("kind") == "input-error"]
assert len(errs) == 1 and errs[0]["file"] == "nope.json" and errs[0]["severity"] == "error", d
assert errs[0]["message"] and d[-1]["rule"] == "DTS201", d
' "$tmp/prev"

# an unknown option inside a bundle is named, not argv[0]
expect_exit 3 "bundled unknown option" -- "$dtslint" -x.json
expect_grep "unknown option '-x'" "$tmp/err" "bundled unknown option named"
expect_no_grep "$dtslint" "$tmp/err" "not the program's path"
expect_exit 3 "a value to an option that takes none" -- "$dtslint" --show-source=1 "$good"
expect_grep "option '--show-source' takes no value" "$tmp/err" "option with a value named"
expect_exit 3 "a value to --help" -- "$dtslint" --format=json --help=1
expect_grep "option '--help' takes no value" "$tmp/err" "--help with a value named"
expect_exit 3 "--format lists the formats" -- "$dtslint" -f xml "$good"
expect_grep "expected text, json, sarif, github, gitlab or junit" "$tmp/err" "formats listed from the table"

# ---- escapes: nothing printed may drive a terminal
esc=$'\e]8;;http://x\a\e[31m'
# ESC, BEL or CSI as a character (U+009B) or as a raw byte that is not
# UTF-8; a 0x9B inside a well-formed character (a CJK one of a rule page
# that SARIF embeds) is no escape.
has_esc() {
	python3 -c '
import sys
text = open(sys.argv[1], "rb").read().decode("utf-8", "surrogateescape")
sys.exit(0 if any(c in text for c in "\x1b\x07\x9b\udc1b\udc07\udc9b") else 1)' "$1"
}
expect_no_raw() {
	if has_esc "$1"; then
		echo "FAIL $2: raw ESC, BEL or 0x9B byte"
		LC_ALL=C od -c "$1" | head -5
		failed=$((failed + 1))
	else
		passed=$((passed + 1))
	fi
}
expect_exit 2 "file name with escapes" -- "$dtslint" "nope$esc.json"
expect_no_raw "$tmp/err" "file name on stderr"
expect_grep "nope?]8;;http://x??\[31m.json" "$tmp/err" "escapes shown as ?"
expect_exit 3 "--format with escapes" -- "$dtslint" --format "x$esc"
expect_no_raw "$tmp/err" "--format value on stderr"
expect_exit 3 "--explain with escapes" -- "$dtslint" --explain "x$esc"
expect_no_raw "$tmp/err" "--explain value on stderr"
expect_exit 3 "--operation with escapes" -- "$dtslint" --operation "x$esc" "$good"
expect_no_raw "$tmp/err" "--operation value on stderr"
expect_exit 2 "--output with escapes" -- "$dtslint" --output "/nonexistent/x$esc" "$good"
expect_no_raw "$tmp/err" "--output value on stderr"
expect_exit 2 "--stdin-filename with escapes" -- bash -c "'$dtslint' --stdin-filename \"\$1\" - <&-" x "x$esc"
expect_no_raw "$tmp/err" "--stdin-filename on stderr"
mkdir -p "$tmp/esc-rules"
cp rules/*.json "$tmp/esc-rules/"
printf '{"rules": [], "\\u001b]8;;x\\u0007\\u009b": 1}\n' > "$tmp/esc-rules/99-esc.json"
expect_exit 2 "rule file key with escapes" -- "$dtslint" --rules "$tmp/esc-rules" "$bad"
expect_no_raw "$tmp/err" "rule file key on stderr"
# 8-bit CSI (0x9B) and ESC in a file name with findings: text, json, sarif
weird=$tmp/$'x\x9b31m\x1b[0m\xff'.json
cp "$bad" "$weird"
expect_exit 1 "non-UTF-8 file name, text" -- "$dtslint" --show-source "$weird"
expect_no_raw "$tmp/out" "non-UTF-8 file name on text stdout"
expect_exit 1 "non-UTF-8 file name, json" -- "$dtslint" -f json "$weird"
expect_no_raw "$tmp/out" "non-UTF-8 file name on json stdout"
expect_exit 0 "json stays valid UTF-8 JSON" -- python3 -c '
import json, sys
d = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
assert d[0]["file"].endswith("x\ufffd31m\x1b[0m\ufffd.json"), d[0]["file"]
' "$tmp/prev"
expect_exit 2 "non-UTF-8 file name, sarif" -- "$dtslint" -f sarif "$weird" "$weird.missing"
expect_no_raw "$tmp/out" "non-UTF-8 file name in sarif"
expect_exit 0 "sarif stays valid UTF-8 JSON, URI percent-encoded" -- python3 -c '
import json, sys
s = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
uri = s["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
assert uri.endswith("/x%9B31m%1B%5B0m%FF.json"), uri
n = s["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]
assert n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("%FF.json.missing"), n
' "$tmp/prev"
for fmt in github gitlab junit; do
	expect_exit 2 "non-UTF-8 file name, $fmt" -- "$dtslint" -f "$fmt" "$weird" "$weird.missing"
	expect_no_raw "$tmp/out" "non-UTF-8 file name in $fmt"
done
expect_exit 0 "junit stays well-formed XML, escapes shown as ?" -- python3 -c '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
names = [s.get("name") for s in root]
assert names[0].endswith("x?31m?[0m?.json"), names
' "$tmp/prev"
expect_exit 2 "non-UTF-8 file name, gitlab, again" -- "$dtslint" -f gitlab "$weird" "$weird.missing"
expect_exit 0 "gitlab stays valid UTF-8 JSON" -- python3 -c '
import json, sys
d = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
assert d[0]["location"]["path"].endswith("x\ufffd31m\x1b[0m\ufffd.json"), d[0]
' "$tmp/prev"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
