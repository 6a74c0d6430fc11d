#!/usr/bin/env bash
# --workflow: several files, in the order named, checked as one workflow.
#   testdata/workflow/fire/*.json  a workflow with a mistake across files:
#                                  the text output (excerpts) must equal
#                                  testdata/workflow/fire.expected; the JSON
#                                  and SARIF reports name the other file
#   testdata/workflow/silent/*.json a correct one: no output, exit 0
# UPDATE=1 rewrites fire.expected for review in the diff.
# Usage: workflow.sh DTSLINT SOURCE_ROOT
set -u
dtslint=$1
cd "$2/testdata/workflow" || exit 2
export LC_ALL=C
passed=0
failed=0
check() {
	if [ "$2" = "$3" ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		printf 'FAIL %s\n--- want\n%s\n--- got\n%s\n' "$1" "$2" "$3"
	fi
}

out=$(cd fire && "$dtslint" --show-source --workflow ./*.json; echo "exit: $?")
if [ "${UPDATE:-0}" = 1 ]; then
	printf '%s\n' "$out" > fire.expected
fi
check "fire: text" "$(cat fire.expected)" "$out"

# The related location is in another file: JSON says which.
related=$(cd fire && "$dtslint" --format json --workflow ./*.json |
	python3 -c 'import json,sys; d=[x for x in json.load(sys.stdin) if x["rule"]=="DTS601"][0]; print(d["file"], d["related"]["file"], d["related"]["line"])')
check "fire: json related file" "./5-StartDtsJob.json ./2-StartDtsJob.json 3" "$related"
# SARIF: the related location's artifact is the other file.
uri=$(cd fire && "$dtslint" --format sarif --workflow ./*.json |
	python3 -c 'import json,sys; r=[x for x in json.load(sys.stdin)["runs"][0]["results"] if x["ruleId"]=="DTS601"][0]; print(r["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"])')
check "fire: sarif related uri" "2-StartDtsJob.json" "$uri"
# Without --workflow each file is checked alone: nothing across files.
alone=$(cd fire && "$dtslint" ./*.json; echo "exit: $?")
check "fire: files alone" "exit: 0" "$alone"

silent=$(cd silent && "$dtslint" --workflow ./*.json; echo "exit: $?")
check "silent" "exit: 0" "$silent"
# The same workflow, out of order: the start before the configuration.
order=$(cd silent && "$dtslint" --workflow 2-StartDtsJob.json 1-ConfigureDtsJob.json | grep -o '\[DTS[0-9]*\]' | sort -u | tr '\n' ' ')
check "silent, out of order" "[DTS602] " "$order"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
