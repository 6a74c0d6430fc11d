#!/usr/bin/env bash
# Command-line contract: exit codes, options, formats, and that no secret
# value ever reaches any output.  Usage: cli.sh DTSLINT SOURCE_ROOT
set -u
dtslint=$1
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

expect_exit 0 "clean file" -- "$dtslint" "$good"
expect_exit 1 "findings" -- "$dtslint" "$bad"
expect_exit 0 "warning below --fail-on error" -- "$dtslint" testdata/bad/DTS202/fire.json
expect_exit 1 "warning with --fail-on warning" -- "$dtslint" --fail-on warning testdata/bad/DTS202/fire.json
expect_exit 1 "note with --fail-on note" -- "$dtslint" --fail-on note testdata/bad/DTS104/fire.json
expect_exit 0 "--fail-on none" -- "$dtslint" --fail-on none "$bad"
expect_exit 2 "missing file" -- "$dtslint" testdata/no-such-file.json
expect_grep "no-such-file.json: " "$tmp/err" "missing file is named on stderr"
expect_exit 0 "a folder is walked" -- "$dtslint" testdata/good
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
expect_exit 0 "--help" -- "$dtslint" --help
expect_grep "Exit status" "$tmp/out" "--help documents exit codes"
expect_exit 0 "--list-rules" -- "$dtslint" --list-rules
expect_grep "^DTS201 " "$tmp/out" "--list-rules lists DTS201"
expect_exit 0 "--list-rules --format json" -- "$dtslint" --list-rules --format json
expect_exit 0 "--list-rules json parses" -- python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))) > 30' "$tmp/prev"
expect_exit 0 "--explain" -- "$dtslint" --explain DTS201
expect_grep "^# DTS201: endpoint-ip-required" "$tmp/out" "--explain prints the rule page"
expect_exit 3 "--explain unknown" -- "$dtslint" --explain DTS999

# stdin, named and unnamed
expect_exit 1 "stdin" -- bash -c "'$dtslint' --stdin-filename req.json < $bad"
expect_grep "^req.json:1:1: error:" "$tmp/out" "--stdin-filename names stdin"
expect_exit 1 "stdin as -" -- bash -c "'$dtslint' - < $bad"
expect_grep "^<stdin>:1:1:" "$tmp/out" "stdin is <stdin> by default"

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
assert d[0]["rule"] == "DTS201" and d[0]["line"] == 1 and d[0]["pointer"] == "/SourceEndpointIP", d
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
reg = r[1]["locations"][0]["physicalLocation"]["region"]
assert (reg["startLine"], reg["startColumn"]) == (21, 54), reg
assert r[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "testdata/bad/DTS005/fire-cjk.json"
assert all(x["partialFingerprints"] for x in r)
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

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
