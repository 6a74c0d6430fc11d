#!/usr/bin/env bash
# The user's control, as a user tries it: real folders made in a temp
# dir, the real binary, exact expected output (stdout, then stderr, then
# the exit status).  Configuration, overrides, locked rules, suppressions,
# baselines, folder walks, empty inputs.  Usage: config.sh DTSLINT SOURCE_ROOT
set -u
dtslint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$2" && pwd)
export LC_ALL=C
unset NO_COLOR FORCE_COLOR CLICOLOR_FORCE
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# check NAME: compares "$tmp/got" with the expectation on stdin
check() {
	if diff -u - "$tmp/got" > "$tmp/diff"; then
		passed=$((passed + 1))
	else
		echo "FAIL $1"
		sed 's/^/  | /' "$tmp/diff"
		failed=$((failed + 1))
	fi
}

# run ARGS...: dtslint's stdout, "--- stderr", its stderr, "exit: N"
# (run through "${runner[@]}" when a test sets it)
runner=()
run() {
	"${runner[@]}" "$dtslint" --no-show-source "$@" > "$tmp/out" 2> "$tmp/err"
	local code=$?
	{ cat "$tmp/out"; echo "--- stderr"; cat "$tmp/err"; echo "exit: $code"; } > "$tmp/got"
}

# A repository: two requests, a legacy one, a package.json, fixtures.
repo=$tmp/repo
mkdir -p "$repo/requests/legacy" "$repo/requests/fixtures" "$repo/.hidden" "$repo/node"
cd "$repo" || exit 2
git init -q . 2>/dev/null || mkdir .git
cp "$root/testdata/bad/DTS104/fire.json" requests/sync.json          # DTS104 note
cp "$root/testdata/bad/DTS101/fire.json" requests/legacy/old.json    # DTS101 error
cp "$root/testdata/bad/DTS101/fire.json" requests/fixtures/broken.json
cp "$root/testdata/bad/DTS101/fire.json" .hidden/x.json
printf '{"name": "app", "version": "1.0.0", "private": true}\n' > package.json
printf '{"compilerOptions": {"strict": true},}\n' > node/tsconfig.json

# ---- folders
run .
check "a folder: requests checked, package.json and broken non-requests skipped" <<'X'
requests/fixtures/broken.json:5:3: error: 'DtsJobID' is not a parameter of ConfigureDtsJob; did you mean 'DtsJobId'? [DTS101]
requests/legacy/old.json:5:3: error: 'DtsJobID' is not a parameter of ConfigureDtsJob; did you mean 'DtsJobId'? [DTS101]
requests/sync.json:5:14: note: 'JobType' is 'sync'; the documented spelling is 'SYNC' [DTS104]
--- stderr
dtslint: node/tsconfig.json: skipped: not a DTS request (no Action and no parameter of any operation); give --operation to check it anyway
dtslint: package.json: skipped: not a DTS request (no Action and no parameter of any operation); give --operation to check it anyway
3 problems (2 errors, 1 note) in 3 of 3 files; 2 files skipped as not requests
exit: 1
X
run -q .
check "--quiet: the findings only, no notes on skipped files, no summary" <<'X'
requests/fixtures/broken.json:5:3: error: 'DtsJobID' is not a parameter of ConfigureDtsJob; did you mean 'DtsJobId'? [DTS101]
requests/legacy/old.json:5:3: error: 'DtsJobID' is not a parameter of ConfigureDtsJob; did you mean 'DtsJobId'? [DTS101]
requests/sync.json:5:14: note: 'JobType' is 'sync'; the documented spelling is 'SYNC' [DTS104]
--- stderr
exit: 1
X
# Query-string requests (.txt) and workflows (a JSON array) are requests
# too; a .txt that is not a query string is skipped like package.json.
mkdir -p "$tmp/plans"
cp "$root/testdata/bad/DTS605/fire-query.txt" "$tmp/plans/plan.txt"
cp "$root/testdata/good/workflow-one-request.json" "$tmp/plans/flow.json"
printf 'Remember to buy the instance first.\n' > "$tmp/plans/notes.txt"
(cd "$tmp/plans" && run .)
check "a folder: query-string .txt and workflow files checked, other .txt skipped" <<'X'
plan.txt:33:34: warning: StartDtsJob after request 2 (ConfigureDtsJob), which starts the task's modules by itself: remove this call, or set autoStartModulesAfterConfig to "none" (AutoStart to false) there [DTS605]
--- stderr
dtslint: notes.txt: skipped: not a DTS request (no Action and no parameter of any operation); give --operation to check it anyway
1 problem (1 warning) in 1 of 2 files; 1 file skipped as not requests
exit: 0
X
# Terraform (.tf): files that declare a DTS resource are requests, a
# broken one that names one is checked (its syntax error), other
# Terraform is skipped as such.
mkdir -p "$tmp/tf/mod"
cp "$root/testdata/terraform/fire-hcl-dblist-key.tf" "$tmp/tf/main.tf"
printf 'resource "alicloud_vpc" "x" {\n  cidr_block = "10.0.0.0/8"\n}\n' > "$tmp/tf/mod/network.tf"
printf 'resource "alicloud_dts_migration_job" "x" {\n  db_list = [\n}\n' > "$tmp/tf/mod/broken.tf"
cp "$root/testdata/terraform/fire-plan-checkpoint-milliseconds.json" "$tmp/tf/plan.json"
# (a DTS resource commented out is none: the first look without a parse
# must not take it for one)
printf '/*\nresource "alicloud_dts_migration_job" "x" {\n}\n*/\n# resource "alicloud_dts_migration_job" "y" {}\n' \
	> "$tmp/tf/mod/commented.tf"
(cd "$tmp/tf" && run .)
check "a folder: .tf files with DTS resources and plans checked, other Terraform skipped" <<'X'
main.tf:32:7: error: 'nmae' is not a DbList key, so the service would silently ignore it; write the documented spelling; did you mean 'name'? [DTS301]
mod/broken.tf:3:1: error: expected an expression, found '}' [DTS001]
plan.json:96:25: error: 'checkpoint' is '1700000000000', a UNIX time in milliseconds; the service expects seconds (10 digits): drop the last three digits [DTS107]
--- stderr
dtslint: mod/commented.tf: skipped: Terraform without an alicloud_dts_* resource dtslint knows
dtslint: mod/network.tf: skipped: Terraform without an alicloud_dts_* resource dtslint knows
3 problems (3 errors) in 3 of 3 files; 2 files skipped as not requests
exit: 1
X
(cd "$tmp/tf" && run mod/network.tf)
check "a named .tf without a DTS resource is skipped" <<'X'
--- stderr
dtslint: mod/network.tf: skipped: Terraform without an alicloud_dts_* resource dtslint knows
no requests checked; 1 file skipped as not requests
exit: 0
X
(cd "$tmp/tf" && run mod/commented.tf main.tf)
check "named .tf files: a commented-out DTS resource is none, a real one is checked" <<'X'
main.tf:32:7: error: 'nmae' is not a DbList key, so the service would silently ignore it; write the documented spelling; did you mean 'name'? [DTS301]
--- stderr
dtslint: mod/commented.tf: skipped: Terraform without an alicloud_dts_* resource dtslint knows
1 problem (1 error) in 1 of 1 file; 1 file skipped as not requests
exit: 1
X
(cd "$tmp/tf" && run --input terraform - < main.tf)
check "--input terraform reads the native syntax from stdin" <<'X'
<stdin>:32:7: error: 'nmae' is not a DbList key, so the service would silently ignore it; write the documented spelling; did you mean 'name'? [DTS301]
--- stderr
1 problem (1 error) in 1 of 1 file
exit: 1
X
# The report of the last run, in the folder walked, is not an input.
(cd "$tmp/plans" && "$dtslint" -f json -o report.json . 2>/dev/null; run -f json -o report.json .)
check "a folder walk leaves out the --output file" <<'X'
--- stderr
dtslint: notes.txt: skipped: not a DTS request (no Action and no parameter of any operation); give --operation to check it anyway
exit: 0
X
run package.json
check "a named file that is plainly no request is skipped too (pre-commit names every file)" <<'X'
--- stderr
dtslint: package.json: skipped: not a DTS request (no Action and no parameter of any operation, nor a near miss of one); give --operation to check it anyway
no requests checked; 1 file skipped as not requests
exit: 0
X
run --operation ConfigureDtsJob package.json
check "--operation: a named file is checked whatever it holds" <<'X'
package.json:1:1: error: 'DataInitialization' is required by ConfigureDtsJob [DTS106]
package.json:1:1: error: 'DataSynchronization' is required by ConfigureDtsJob [DTS106]
package.json:1:1: error: 'DbList' is required by ConfigureDtsJob [DTS106]
package.json:1:1: error: 'DestinationEndpointInstanceType' is required by ConfigureDtsJob [DTS106]
package.json:1:1: error: 'DtsJobName' is required by ConfigureDtsJob [DTS106]
package.json:1:1: error: 'JobType' is required by ConfigureDtsJob [DTS106]
package.json:1:1: error: 'SourceEndpointInstanceType' is required by ConfigureDtsJob [DTS106]
package.json:1:1: error: 'StructureInitialization' is required by ConfigureDtsJob [DTS106]
package.json:1:2: warning: 'name' is not a parameter of ConfigureDtsJob; the service ignores it [DTS114]
package.json:1:17: error: 'version' is not a parameter of ConfigureDtsJob; did you mean 'Version'? [DTS101]
package.json:1:37: warning: 'private' is not a parameter of ConfigureDtsJob; the service ignores it [DTS114]
--- stderr
11 problems (9 errors, 2 warnings) in 1 of 1 file
exit: 1
X
# Named files in a repository of their own: what pre-commit passes.
named=$tmp/named
mkdir -p "$named/fixtures" && (cd "$named" && git init -q . 2>/dev/null || mkdir .git)
printf '{"exclude": ["fixtures/**"]}\n' > "$named/.dtslint.json"
cp "$root/testdata/bad/DTS101/fire.json" "$named/fixtures/broken.json"
printf '{"SourceEndpointInstanceTyp": "RDS", "JobTyp": "SYNC"}\n' > "$named/typos.json"
printf '{"}\n' > "$named/broken.json"
(cd "$named" && run fixtures/broken.json)
check "a named file under a config's exclude is skipped (as ruff's --force-exclude)" <<'X'
--- stderr
dtslint: fixtures/broken.json: skipped: excluded by a .dtslint.json
no requests checked; 1 file skipped as not requests
exit: 0
X
(cd "$named" && run typos.json)
check "a named request where nothing is spelled right is still a request (near misses count)" <<'X'
typos.json:1:1: error: 'DataInitialization' is required by ConfigureDtsJob [DTS106]
typos.json:1:1: error: 'DataSynchronization' is required by ConfigureDtsJob [DTS106]
typos.json:1:1: error: 'DbList' is required by ConfigureDtsJob [DTS106]
typos.json:1:1: error: 'DestinationEndpointInstanceType' is required by ConfigureDtsJob [DTS106]
typos.json:1:1: error: 'DtsJobName' is required by ConfigureDtsJob [DTS106]
typos.json:1:1: error: 'StructureInitialization' is required by ConfigureDtsJob [DTS106]
typos.json:1:2: error: 'SourceEndpointInstanceTyp' is not a parameter of ConfigureDtsJob; did you mean 'SourceEndpointInstanceType'? (it is required by ConfigureDtsJob) [DTS101]
typos.json:1:38: error: 'JobTyp' is not a parameter of ConfigureDtsJob; did you mean 'JobType'? (it is required by ConfigureDtsJob) [DTS101]
--- stderr
8 problems (8 errors) in 1 of 1 file
exit: 1
X
(cd "$named" && run .)
check "a folder: a request where nothing is spelled right is checked too" <<'X'
typos.json:1:1: error: 'DataInitialization' is required by ConfigureDtsJob [DTS106]
typos.json:1:1: error: 'DataSynchronization' is required by ConfigureDtsJob [DTS106]
typos.json:1:1: error: 'DbList' is required by ConfigureDtsJob [DTS106]
typos.json:1:1: error: 'DestinationEndpointInstanceType' is required by ConfigureDtsJob [DTS106]
typos.json:1:1: error: 'DtsJobName' is required by ConfigureDtsJob [DTS106]
typos.json:1:1: error: 'StructureInitialization' is required by ConfigureDtsJob [DTS106]
typos.json:1:2: error: 'SourceEndpointInstanceTyp' is not a parameter of ConfigureDtsJob; did you mean 'SourceEndpointInstanceType'? (it is required by ConfigureDtsJob) [DTS101]
typos.json:1:38: error: 'JobTyp' is not a parameter of ConfigureDtsJob; did you mean 'JobType'? (it is required by ConfigureDtsJob) [DTS101]
--- stderr
dtslint: broken.json: skipped: not a DTS request (no Action and no parameter of any operation); give --operation to check it anyway
8 problems (8 errors) in 1 of 1 file; 1 file skipped as not requests
exit: 1
X
(cd "$named" && run .dtslint.json)
check "dtslint's own configuration, named, is no request" <<'X'
--- stderr
dtslint: .dtslint.json: skipped: dtslint's configuration, not a request; give --operation to check it anyway
no requests checked; 1 file skipped as not requests
exit: 0
X
(cd "$named" && run broken.json)
check "a named file that does not parse is checked: its errors are the finding" <<'X'
broken.json:1:4: error: unescaped line break in a string: is a closing '"' missing? [DTS001]
--- stderr
1 problem (1 error) in 1 of 1 file
exit: 1
X
mkdir -p "$tmp/empty"
run "$tmp/empty"
check "an empty folder: nothing to check, exit 0" <<'X'
--- stderr
dtslint: nothing to check: no request files in the folder given
exit: 0
X
# A folder that cannot be read is an input error in its place; the rest is
# checked.  Root reads any folder whatever its mode (the capabilities
# CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH), so as root dtslint runs with
# those two dropped by setpriv(1) (util-linux): still root and the
# folder's owner, whose mode bits, 000, now refuse it.
mkdir -p "$tmp/locked/.git" "$tmp/locked/a" "$tmp/locked/b" "$tmp/locked/c"
cp "$root/testdata/bad/DTS104/fire.json" "$tmp/locked/a/x.json"
cp "$root/testdata/bad/DTS104/fire.json" "$tmp/locked/b/hidden-from-us.json"
cp "$root/testdata/bad/DTS101/fire.json" "$tmp/locked/c/y.json"
chmod 000 "$tmp/locked/b"
[ "$(id -u)" = 0 ] && runner=(setpriv --bounding-set -dac_override,-dac_read_search)
if "${runner[@]}" ls "$tmp/locked/b" > /dev/null 2>&1; then
	echo "SKIP an unreadable folder: cannot make one here (root without setpriv or CAP_SETPCAP)"
else
	(cd "$tmp/locked" && run .)
	check "an unreadable folder: reported in its place, the others checked, exit 2" <<'X'
a/x.json:5:14: note: 'JobType' is 'sync'; the documented spelling is 'SYNC' [DTS104]
c/y.json:5:3: error: 'DtsJobID' is not a parameter of ConfigureDtsJob; did you mean 'DtsJobId'? [DTS101]
--- stderr
dtslint: b: cannot read the folder: Permission denied; its files were not checked
2 problems (1 error, 1 note) in 2 of 2 files
exit: 2
X
	(cd "$tmp/locked" && run -f json .)
	check "an unreadable folder in JSON: an input-error entry" <<'X'
[
{"file":"a/x.json","line":5,"column":14,"endLine":5,"endColumn":20,"rule":"DTS104","name":"non-canonical-case","severity":"note","message":"'JobType' is 'sync'; the documented spelling is 'SYNC'","pointer":"/JobType","suggestion":"write \"SYNC\"","fixes":[{"start":113,"end":117,"replacement":"SYNC"}]},
{"file":"b","kind":"input-error","severity":"error","message":"cannot read the folder: Permission denied; its files were not checked"},
{"file":"c/y.json","line":5,"column":3,"endLine":5,"endColumn":13,"rule":"DTS101","name":"unknown-parameter","severity":"error","message":"'DtsJobID' is not a parameter of ConfigureDtsJob; did you mean 'DtsJobId'?","pointer":"/DtsJobID","suggestion":"rename 'DtsJobID' to 'DtsJobId'","fixes":[{"start":102,"end":110,"replacement":"DtsJobId"}]}
]
--- stderr
dtslint: b: cannot read the folder: Permission denied; its files were not checked
exit: 2
X
	(cd "$tmp/locked" && run -f sarif .)
	python3 -c '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
print(len(run["results"]), "results")
for inv in run["invocations"]:
    print("executionSuccessful:", inv["executionSuccessful"])
    for n in inv["toolExecutionNotifications"]:
        print(n["level"], n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], n["message"]["text"])
' "$tmp/out" > "$tmp/sarif" 2>&1
	{ cat "$tmp/sarif"; sed -n '/^--- stderr/,$p' "$tmp/got"; } > "$tmp/got2" && mv "$tmp/got2" "$tmp/got"
	check "an unreadable folder in SARIF: a tool execution notification" <<'X'
2 results
executionSuccessful: False
error b b: cannot read the folder: Permission denied; its files were not checked
--- stderr
dtslint: b: cannot read the folder: Permission denied; its files were not checked
exit: 2
X
fi
runner=()
chmod 755 "$tmp/locked/b"
# The same as any user: an entry that cannot be examined (a link that
# points at itself) is reported, the rest checked.
ln -s loop.json "$tmp/locked/c/loop.json"
(cd "$tmp/locked" && run .)
check "a walked link that loops: an input error in its place, exit 2" <<'X'
a/x.json:5:14: note: 'JobType' is 'sync'; the documented spelling is 'SYNC' [DTS104]
b/hidden-from-us.json:5:14: note: 'JobType' is 'sync'; the documented spelling is 'SYNC' [DTS104]
c/y.json:5:3: error: 'DtsJobID' is not a parameter of ConfigureDtsJob; did you mean 'DtsJobId'? [DTS101]
--- stderr
dtslint: c/loop.json: Too many levels of symbolic links
3 problems (1 error, 2 notes) in 3 of 3 files
exit: 2
X
# A tree deeper than PATH_MAX (4,096 bytes): 25 folders of 200 letters,
# made one level at a time (no single path is too long for mkdir or cd).
# Its file is checked, with the .dtslint.json beside it, not skipped.
mkdir -p "$tmp/deep/.git"
seg=$(printf 'd%.0s' $(seq 200))
(cd "$tmp/deep" && for _ in $(seq 25); do mkdir "$seg" && cd "$seg" || exit 1; done &&
	cp "$root/testdata/bad/DTS104/fire.json" x.json &&
	printf '{"rules": {"DTS104": "warning"}}\n' > .dtslint.json)
long=$(for _ in $(seq 25); do printf '%s/' "$seg"; done)x.json
(cd "$tmp/deep" && run .)
check "a file deeper than PATH_MAX: reached, with its folder's configuration" <<X
$long:5:14: warning: 'JobType' is 'sync'; the documented spelling is 'SYNC' [DTS104]
--- stderr
1 problem (1 warning) in 1 of 1 file
exit: 0
X
"$dtslint" < /dev/null > "$tmp/out" 2> "$tmp/err"
{ cat "$tmp/out"; echo "--- stderr"; cat "$tmp/err"; echo "exit: $?"; } > "$tmp/got"
check "no file and an empty stdin (xargs with nothing): exit 0 with a note" <<'X'
--- stderr
dtslint: nothing to check: no file was given and stdin is empty
exit: 0
X

# ---- configuration: a rule off, an override per path, fail-on, exclude
cat > .dtslint.json <<'X'
{
  "rules": {"DTS104": "off"},
  "exclude": ["**/fixtures/**"],
  "overrides": [
    {"files": "requests/legacy/**", "rules": {"unknown-parameter": "warning"}}
  ]
}
X
run .
check "DTS104 off, DTS101 a warning under legacy/, fixtures excluded" <<'X'
requests/legacy/old.json:5:3: warning: 'DtsJobID' is not a parameter of ConfigureDtsJob; did you mean 'DtsJobId'? [DTS101]
--- stderr
dtslint: node/tsconfig.json: skipped: not a DTS request (no Action and no parameter of any operation); give --operation to check it anyway
dtslint: package.json: skipped: not a DTS request (no Action and no parameter of any operation); give --operation to check it anyway
1 problem (1 warning) in 1 of 2 files; 2 files skipped as not requests
exit: 0
X
# Lists add up: an empty config nearer the fixtures leaves the outer
# exclude in force.
printf '{}\n' > requests/.dtslint.json
run .
check "an empty nearer config keeps the outer exclude" <<'X'
requests/legacy/old.json:5:3: warning: 'DtsJobID' is not a parameter of ConfigureDtsJob; did you mean 'DtsJobId'? [DTS101]
--- stderr
dtslint: node/tsconfig.json: skipped: not a DTS request (no Action and no parameter of any operation); give --operation to check it anyway
dtslint: package.json: skipped: not a DTS request (no Action and no parameter of any operation); give --operation to check it anyway
1 problem (1 warning) in 1 of 2 files; 2 files skipped as not requests
exit: 0
X
rm requests/.dtslint.json
run --severity DTS104=error --fail-on warning requests
check "the command line wins over the file" <<'X'
requests/legacy/old.json:5:3: warning: 'DtsJobID' is not a parameter of ConfigureDtsJob; did you mean 'DtsJobId'? [DTS101]
requests/sync.json:5:14: error: 'JobType' is 'sync'; the documented spelling is 'SYNC' [DTS104]
--- stderr
2 problems (1 error, 1 warning) in 2 of 2 files
exit: 1
X
run --no-config requests/sync.json
check "--no-config" <<'X'
requests/sync.json:5:14: note: 'JobType' is 'sync'; the documented spelling is 'SYNC' [DTS104]
--- stderr
1 problem (1 note) in 1 of 1 file
exit: 0
X
(cd requests/legacy && "$dtslint" --no-show-source old.json > "$tmp/out" 2> "$tmp/err"
 echo "exit: $?" > "$tmp/code")
{ cat "$tmp/out"; echo "--- stderr"; cat "$tmp/err"; cat "$tmp/code"; } > "$tmp/got"
check "the config is found from the file's folder upward" <<'X'
old.json:5:3: warning: 'DtsJobID' is not a parameter of ConfigureDtsJob; did you mean 'DtsJobId'? [DTS101]
--- stderr
1 problem (1 warning) in 1 of 1 file
exit: 0
X
run --print-config requests/legacy/old.json
check "--print-config" <<'X'
{
  "config-files": [
    ".dtslint.json"
  ],
  "rules": {
    "DTS101": "warning",
    "DTS104": "off"
  },
  "fail-on": "error",
  "files": [
    "**/*.json",
    "**/*.txt",
    "**/*.sh",
    "**/*.bash",
    "**/*.md",
    "**/*.markdown",
    "**/*.tf"
  ],
  "exclude": [
    "**/fixtures/**"
  ],
  "suppressions": [],
  "locked": {}
}
--- stderr
exit: 0
X

# ---- malformed configurations: exit 2 with file:line:column
printf '{\n  "rules": {"DTS104": "of"}\n}\n' > .dtslint.json
run requests/sync.json
check "a bad level" <<'X'
--- stderr
dtslint: .dtslint.json:2:23: a rule level 'of' is not valid; did you mean 'off'?
exit: 2
X
printf '{\n  "rules": {"DTS104": "off"},\n  "exlcude": []\n}\n' > .dtslint.json
run requests/sync.json
check "an unknown key gets did-you-mean" <<'X'
--- stderr
dtslint: .dtslint.json:3:3: unknown key 'exlcude' in the configuration; did you mean 'exclude'?
exit: 2
X
printf '{"rules": {"non-canonical-cas": "off"}}\n' > .dtslint.json
run requests/sync.json
check "an unknown rule name gets did-you-mean" <<'X'
--- stderr
dtslint: .dtslint.json:1:12: no rule 'non-canonical-cas'; did you mean 'non-canonical-case'?
exit: 2
X
printf '{"rules": {"DTS104": "off"},}\n' > .dtslint.json
run requests/sync.json
check "a syntax error" <<'X'
--- stderr
dtslint: .dtslint.json:1:28: trailing comma before '}': remove this ','
exit: 2
X
run --disable DTS5O6 requests/sync.json
check "--disable with a typo is a usage error" <<'X'
--- stderr
dtslint: --disable: no rule 'DTS5O6'; did you mean 'DTS506'?
Try 'dtslint --help' for more information.
exit: 3
X
"$dtslint" --explain locked-rule | head -1 > "$tmp/got"
check "--explain takes a rule name too" <<'X'
# DTS902: locked-rule
X

# ---- suppressions, unused suppressions, locked rules
cat > .dtslint.json <<'X'
{
  "locked": ["DTS101"],
  "suppressions": [
    {"files": "requests/legacy/*.json", "rule": "DTS101", "pointer": "/DtsJobID",
     "reason": "legacy job, migrated in Q3"},
    {"files": "requests/*.json", "rule": "DTS104", "pointer": "/DbList",
     "reason": "written by the old generator"}
  ]
}
X
run requests/legacy/old.json requests/sync.json
check "a suppression hides its finding; an unused one is reported" <<'X'
requests/sync.json:5:14: note: 'JobType' is 'sync'; the documented spelling is 'SYNC' [DTS104]
.dtslint.json:6:5: warning: this suppression of DTS104 at /DbList matched no finding in the files checked; remove it [DTS901]
--- stderr
2 problems (1 warning, 1 note) in 2 of 3 files; not shown: 1 suppressed
exit: 0
X
run requests/legacy/old.json
check "a suppression whose files were not checked is not reported" <<'X'
--- stderr
no problems in 1 file; not shown: 1 suppressed
exit: 0
X
"$dtslint" --no-show-source --stdin-filename requests/legacy/old.json < requests/legacy/old.json > "$tmp/got" 2>&1
echo "exit: $?" >> "$tmp/got"
check "an editor's buffer on stdin is configured as the file --stdin-filename names" <<'X'
no problems in 1 file; not shown: 1 suppressed
exit: 0
X
"$dtslint" --format sarif requests/legacy/old.json > "$tmp/sarif"
python3 - "$tmp/sarif" > "$tmp/got" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))['runs'][0]['results']
print(len(r), r[0]['ruleId'], json.dumps(r[0]['suppressions']))
PY
check "SARIF keeps a suppressed result with suppressions" <<'X'
1 DTS101 [{"kind": "external", "status": "accepted", "justification": "legacy job, migrated in Q3"}]
X
mkdir -p team && cp "$root/testdata/bad/DTS101/fire.json" team/job.json
cat > team/.dtslint.json <<'X'
{
  "rules": {"DTS101": "off"},
  "suppressions": [{"rule": "unknown-parameter", "reason": "we know"}]
}
X
run team
check "a nearer config cannot turn off or suppress a locked rule" <<'X'
team/job.json:5:3: error: 'DtsJobID' is not a parameter of ConfigureDtsJob; did you mean 'DtsJobId'? [DTS101]
team/.dtslint.json:2:13: warning: DTS101 (unknown-parameter) is locked by .dtslint.json:2:14; nothing applied after the lock can change it, so this is ignored [DTS902]
team/.dtslint.json:3:20: warning: DTS101 (unknown-parameter) is locked by .dtslint.json:2:14; nothing applied after the lock can suppress it, so this is ignored [DTS902]
--- stderr
3 problems (1 error, 2 warnings) in 2 of 2 files
exit: 1
X
rm team/.dtslint.json
run --disable unknown-parameter team/job.json
check "nor can the command line" <<'X'
team/job.json:5:3: error: 'DtsJobID' is not a parameter of ConfigureDtsJob; did you mean 'DtsJobId'? [DTS101]
--- stderr
dtslint: --disable unknown-parameter is ignored: DTS101 is locked by .dtslint.json
1 problem (1 error) in 1 of 1 file
exit: 1
X
printf '{"suppressions": [{"rule": "DTS101", "pointer": "/DtsJobID"}]}\n' > team/.dtslint.json
run team/job.json
check "a suppression without a reason is an error" <<'X'
--- stderr
dtslint: team/.dtslint.json:1:19: a suppression needs 'reason': say why this finding is accepted
exit: 2
X
rm -r team .dtslint.json

# A suppression's pointer covers itself and what is below it, never a
# sibling whose name it begins; a file's overrides win over its own rules.
mkdir -p near
cp "$root/testdata/bad/DTS301/fire.json" near/dblist.json
sed 's/"DtsJobID"/"DtsJobIDs"/' "$root/testdata/bad/DTS101/fire.json" > near/ids.json
cat > near/.dtslint.json <<'X'
{
  "rules": {"DTS306": "note"},
  "overrides": [{"files": "dblist.json", "rules": {"DTS306": "warning"}}],
  "suppressions": [
    {"rule": "DTS301", "pointer": "/DbList/orders", "reason": "the old generator's spelling"},
    {"rule": "DTS101", "pointer": "/DtsJobID", "reason": "legacy job"}
  ]
}
X
run near
check "suppression pointers cover what is below them only; overrides win" <<'X'
near/dblist.json:24:7: warning: 'all' is false and nothing is listed under 'Table', so nothing of this database would be migrated [DTS306]
near/ids.json:5:3: error: 'DtsJobIDs' is not a parameter of ConfigureDtsJob; did you mean 'DtsJobId'? [DTS101]
near/.dtslint.json:6:5: warning: this suppression of DTS101 at /DtsJobID matched no finding in the files checked; remove it [DTS901]
--- stderr
3 problems (1 error, 2 warnings) in 3 of 3 files; not shown: 1 suppressed
exit: 1
X
rm -r near

# ---- baseline: survives ten inserted lines, catches one new typo
run --write-baseline baseline.json requests
check "--write-baseline records and exits 0" <<'X'
--- stderr
dtslint: recorded 3 findings in baseline.json
exit: 0
X
cp baseline.json "$tmp/got"
check "the baseline file" <<'X'
{"version": 1, "findings": [
  {"file": "requests/fixtures/broken.json", "rule": "DTS101", "pointer": "/DtsJobID"},
  {"file": "requests/legacy/old.json", "rule": "DTS101", "pointer": "/DtsJobID"},
  {"file": "requests/sync.json", "rule": "DTS104", "pointer": "/JobType"}
]}
X
python3 - requests/legacy/old.json <<'PY'
import sys
p = sys.argv[1]
lines = open(p).read().split('\n')
extra = ['  "Tag%d": "x",' % i for i in range(10)]
extra[0] = '  "DtsJobNmae": "typo",'
extra[1:] = ['  "Reserve": "{}",'] + ['  '] * 8
open(p, 'w').write('\n'.join(lines[:1] + extra + lines[1:]))
PY
run --baseline baseline.json requests
check "ten lines inserted above: only the new typo is reported" <<'X'
requests/legacy/old.json:2:3: error: 'DtsJobNmae' is not a parameter of ConfigureDtsJob; did you mean 'DtsJobName'? [DTS101]
--- stderr
1 problem (1 error) in 1 of 3 files; not shown: 3 in the baseline
exit: 1
X
cp "$root/testdata/bad/DTS104/silent.json" requests/sync.json
rm requests/fixtures/broken.json
run --baseline baseline.json requests
check "fixed findings are counted" <<'X'
requests/legacy/old.json:2:3: error: 'DtsJobNmae' is not a parameter of ConfigureDtsJob; did you mean 'DtsJobName'? [DTS101]
--- stderr
dtslint: 1 baseline entry no longer occurs: run --write-baseline to drop it
1 problem (1 error) in 1 of 2 files; not shown: 1 in the baseline
exit: 1
X
(cd requests && "$dtslint" --no-show-source --baseline ../baseline.json legacy/old.json > "$tmp/out" 2> "$tmp/err"
 echo "exit: $?" > "$tmp/code")
{ cat "$tmp/out"; echo "--- stderr"; cat "$tmp/err"; cat "$tmp/code"; } > "$tmp/got"
check "baseline keys do not depend on the working folder" <<'X'
legacy/old.json:2:3: error: 'DtsJobNmae' is not a parameter of ConfigureDtsJob; did you mean 'DtsJobName'? [DTS101]
--- stderr
1 problem (1 error) in 1 of 1 file; not shown: 1 in the baseline
exit: 1
X
# An entry names one pointer, not a prefix: the entry for /DtsJobID neither
# hides a new finding at /DtsJobIDs nor still counts as occurring.
sed -i 's/"DtsJobID"/"DtsJobIDs"/' requests/legacy/old.json
run --baseline baseline.json requests/legacy/old.json
check "a baseline entry matches its pointer exactly, not as a prefix" <<'X'
requests/legacy/old.json:2:3: error: 'DtsJobNmae' is not a parameter of ConfigureDtsJob; did you mean 'DtsJobName'? [DTS101]
requests/legacy/old.json:15:3: error: 'DtsJobIDs' is not a parameter of ConfigureDtsJob; did you mean 'DtsJobId'? [DTS101]
--- stderr
dtslint: 1 baseline entry no longer occurs: run --write-baseline to drop it
2 problems (2 errors) in 1 of 1 file
exit: 1
X

# ---- CI formats, field by field
mkdir -p "$tmp/ci" && cd "$tmp/ci" || exit 2
cp "$root/testdata/bad/DTS101/fire.json" 'odd,name:100%.json'
cp "$root/testdata/bad/DTS104/fire.json" sync.json
cp "$root/testdata/bad/DTS101/fire.json" twice.json
sed -i 's/"JobType": "SYNC",/"JobType": "SYNC", "DtsJobID": "a", "DtsJobID": "b",/' twice.json
run --format github . missing.json
check "--format github: workflow commands, escaped properties and messages" <<'X'
::error file=odd%2Cname%3A100%25.json,line=5,col=3,endLine=5,endColumn=12,title=DTS101::'DtsJobID' is not a parameter of ConfigureDtsJob; did you mean 'DtsJobId'?%0Ahelp: rename 'DtsJobID' to 'DtsJobId'
::notice file=sync.json,line=5,col=14,endLine=5,endColumn=19,title=DTS104::'JobType' is 'sync'; the documented spelling is 'SYNC'%0Ahelp: write "SYNC"
::error file=twice.json,line=5,col=3,endLine=5,endColumn=12,title=DTS101::'DtsJobID' is not a parameter of ConfigureDtsJob; did you mean 'DtsJobId'?%0Ahelp: rename 'DtsJobID' to 'DtsJobId'
::error file=twice.json,line=6,col=22,endLine=6,endColumn=31,title=DTS003::'DtsJobID' is given twice in the same object; remove one of them%0Ahelp: keep one of the two members
::error file=twice.json,line=6,col=39,endLine=6,endColumn=48,title=DTS003::'DtsJobID' is given twice in the same object; remove one of them%0Ahelp: keep one of the two members
::error file=missing.json,title=dtslint::No such file or directory
--- stderr
dtslint: missing.json: No such file or directory
exit: 2
X
"$dtslint" --format gitlab sync.json twice.json > "$tmp/gl1"
sed -i '1i\
\
\
' twice.json
"$dtslint" --format gitlab sync.json twice.json > "$tmp/gl2"
python3 - "$tmp/gl1" "$tmp/gl2" > "$tmp/got" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
fields = ['description', 'check_name', 'fingerprint', 'severity', 'location']
for issue in a:
    assert list(issue) == fields, list(issue)
    assert list(issue['location']) == ['path', 'lines'] and list(issue['location']['lines']) == ['begin']
    assert issue['severity'] in ('info', 'minor', 'major', 'critical', 'blocker')
    print(issue['check_name'], issue['severity'], issue['location']['path'],
          issue['location']['lines']['begin'], issue['description'])
print('unique fingerprints:', len({i['fingerprint'] for i in a}) == len(a))
print('same fingerprints after 3 lines inserted:',
      [i['fingerprint'] for i in a] == [i['fingerprint'] for i in b],
      [i['location']['lines']['begin'] for i in b])
PY
check "--format gitlab: Code Quality fields, unique and line-independent fingerprints" <<'X'
DTS104 info sync.json 5 'JobType' is 'sync'; the documented spelling is 'SYNC'
DTS101 major twice.json 5 'DtsJobID' is not a parameter of ConfigureDtsJob; did you mean 'DtsJobId'?
DTS003 major twice.json 6 'DtsJobID' is given twice in the same object; remove one of them
DTS003 major twice.json 6 'DtsJobID' is given twice in the same object; remove one of them
unique fingerprints: True
same fingerprints after 3 lines inserted: True [5, 8, 9, 9]
X
# SARIF: every field of the results, regions ending where the span ends
# (endColumn is exclusive, unlike the github format's) over several lines,
# a fix in bytes, a related location; the rule catalogue is not compared.
cp "$root/testdata/bad/DTS104/silent.json" span.json
sed -i -e 's/"DtsJobName": "orders_rds_to_rds",/"DtsJobName": [\n    "orders"\n  ],/' \
	-e 's/"JobType": "SYNC",/"JobType": "sync", "RegionId": "cn-hangzhou",/' span.json
"$dtslint" --format sarif span.json > "$tmp/sarif"
python3 - "$tmp/sarif" > "$tmp/got" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))['runs'][0]
rules = run.pop('tool')['driver']['rules']
for r in run['results']:
    assert rules[r.pop('ruleIndex')]['id'] == r['ruleId'], r
print(json.dumps(run, indent=1))
PY
check "--format sarif: the results, field by field" <<'X'
{
 "results": [
  {
   "ruleId": "DTS102",
   "level": "error",
   "message": {
    "text": "'DtsJobName' must be a string, not an array"
   },
   "locations": [
    {
     "physicalLocation": {
      "artifactLocation": {
       "uri": "span.json",
       "uriBaseId": "%SRCROOT%"
      },
      "region": {
       "startLine": 4,
       "startColumn": 17,
       "endLine": 6,
       "endColumn": 4
      }
     },
     "logicalLocations": [
      {
       "fullyQualifiedName": "/DtsJobName",
       "kind": "member"
      }
     ]
    }
   ],
   "partialFingerprints": {
    "dtslint/v1": "0046ae3a0b14f2fd"
   },
   "properties": {
    "jsonPointer": "/DtsJobName"
   }
  },
  {
   "ruleId": "DTS104",
   "level": "note",
   "message": {
    "text": "'JobType' is 'sync'; the documented spelling is 'SYNC'"
   },
   "locations": [
    {
     "physicalLocation": {
      "artifactLocation": {
       "uri": "span.json",
       "uriBaseId": "%SRCROOT%"
      },
      "region": {
       "startLine": 7,
       "startColumn": 14,
       "endLine": 7,
       "endColumn": 20
      }
     },
     "logicalLocations": [
      {
       "fullyQualifiedName": "/JobType",
       "kind": "member"
      }
     ]
    }
   ],
   "fixes": [
    {
     "description": {
      "text": "write \"SYNC\""
     },
     "artifactChanges": [
      {
       "artifactLocation": {
        "uri": "span.json",
        "uriBaseId": "%SRCROOT%"
       },
       "replacements": [
        {
         "deletedRegion": {
          "byteOffset": 112,
          "byteLength": 4
         },
         "insertedContent": {
          "text": "SYNC"
         }
        }
       ]
      }
     ]
    }
   ],
   "partialFingerprints": {
    "dtslint/v1": "72c56725e1beb5a7"
   },
   "properties": {
    "jsonPointer": "/JobType",
    "suggestion": "write \"SYNC\""
   }
  },
  {
   "ruleId": "DTS003",
   "level": "error",
   "message": {
    "text": "'RegionId' is given twice in the same object; remove one of them"
   },
   "locations": [
    {
     "physicalLocation": {
      "artifactLocation": {
       "uri": "span.json",
       "uriBaseId": "%SRCROOT%"
      },
      "region": {
       "startLine": 7,
       "startColumn": 22,
       "endLine": 7,
       "endColumn": 32
      }
     },
     "logicalLocations": [
      {
       "fullyQualifiedName": "/RegionId",
       "kind": "member"
      }
     ]
    }
   ],
   "relatedLocations": [
    {
     "id": 1,
     "physicalLocation": {
      "artifactLocation": {
       "uri": "span.json",
       "uriBaseId": "%SRCROOT%"
      },
      "region": {
       "startLine": 3,
       "startColumn": 3,
       "endLine": 3,
       "endColumn": 13
      }
     },
     "message": {
      "text": "first given here"
     }
    }
   ],
   "partialFingerprints": {
    "dtslint/v1": "c891073c215eb6ab"
   },
   "properties": {
    "jsonPointer": "/RegionId",
    "suggestion": "keep one of the two members"
   }
  }
 ],
 "columnKind": "unicodeCodePoints",
 "invocations": [
  {
   "executionSuccessful": true
  }
 ]
}
X
"$dtslint" --format gitlab "$tmp/empty" > "$tmp/got" 2>/dev/null
check "--format gitlab with nothing to check is an empty report" <<'X'
[]
X

cp "$root/testdata/bad/DTS201/fire.json" need.json
run --format junit sync.json need.json "$root/testdata/good/seed-guide-1.json" nope.json
python3 - "$tmp/out" > "$tmp/got" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
print(root.tag, root.get('tests'), root.get('failures'), root.get('errors'))
for suite in root:
    print(' ', suite.get('name').split('/')[-1], suite.get('tests'), suite.get('failures'), suite.get('errors'))
    for case in suite:
        kids = [(k.tag, k.get('type'), (k.text or k.get('message'))[:40]) for k in case]
        print('   ', case.get('name'), kids)
PY
check "--format junit: failures for errors, output for notes, errors for unreadable files" <<'X'
testsuites 4 1 1
  sync.json 1 0 0
    DTS104 /JobType [('system-out', None, "sync.json:5:14: note: 'JobType' is 'sync")]
  need.json 1 1 0
    DTS201 /SourceEndpointIP [('failure', 'DTS201', "need.json:6:33: error: 'SourceEndpointIP")]
  seed-guide-1.json 1 0 0
    dtslint []
  nope.json 1 0 1
    dtslint [('error', None, 'No such file or directory')]
X

# ---- columns, colour, the summary line
printf '{"Action": "ConfigureDtsJob", "DtsJobName": "\xe8\xa1\xa8\xf0\x9f\x98\x80", "Foo": 1}\n' > wide.json
for unit in codepoint utf16 byte; do
	"$dtslint" --no-show-source --column-unit "$unit" wide.json | grep Foo
done > "$tmp/got"
check "--column-unit: a CJK character and an emoji before the key" <<'X'
wide.json:1:51: warning: 'Foo' is not a parameter of ConfigureDtsJob; the service ignores it [DTS114]
wide.json:1:52: warning: 'Foo' is not a parameter of ConfigureDtsJob; the service ignores it [DTS114]
wide.json:1:56: warning: 'Foo' is not a parameter of ConfigureDtsJob; the service ignores it [DTS114]
X
"$dtslint" --format sarif --column-unit utf16 wide.json | grep -c '"columnKind": "utf16CodeUnits"' > "$tmp/got"
check "SARIF says utf16CodeUnits" <<'X'
1
X
run --format sarif --column-unit byte wide.json
check "SARIF has no byte columns" <<'X'
--- stderr
dtslint: --column-unit byte: SARIF counts columns in codepoint or utf16
Try 'dtslint --help' for more information.
exit: 3
X
run --color always sync.json
cat -v "$tmp/got" > "$tmp/got.v" && mv "$tmp/got.v" "$tmp/got"
check "--color always; the summary uncoloured on stderr" <<'X'
^[[1msync.json:5:14:^[[0m ^[[1;36mnote:^[[0m 'JobType' is 'sync'; the documented spelling is 'SYNC' [DTS104]
--- stderr
1 problem (1 note) in 1 of 1 file
exit: 0
X
FORCE_COLOR=1 run sync.json
cat -v "$tmp/got" > "$tmp/got.v" && mv "$tmp/got.v" "$tmp/got"
check "FORCE_COLOR: colour though stdout is no terminal" <<'X'
^[[1msync.json:5:14:^[[0m ^[[1;36mnote:^[[0m 'JobType' is 'sync'; the documented spelling is 'SYNC' [DTS104]
--- stderr
1 problem (1 note) in 1 of 1 file
exit: 0
X
CLICOLOR_FORCE=0 run sync.json
check "CLICOLOR_FORCE=0 forces nothing" <<'X'
sync.json:5:14: note: 'JobType' is 'sync'; the documented spelling is 'SYNC' [DTS104]
--- stderr
1 problem (1 note) in 1 of 1 file
exit: 0
X
NO_COLOR=1 FORCE_COLOR=1 run sync.json
check "NO_COLOR beats FORCE_COLOR" <<'X'
sync.json:5:14: note: 'JobType' is 'sync'; the documented spelling is 'SYNC' [DTS104]
--- stderr
1 problem (1 note) in 1 of 1 file
exit: 0
X
if script -qec true /dev/null > /dev/null 2>&1; then
	# On a terminal: colour by default, NO_COLOR and --color never turn it
	# off, the summary line comes last on stderr.
	script -qec "'$dtslint' --no-show-source sync.json wide.json" /dev/null | tr -d '\r' | cat -v > "$tmp/got"
	check "on a terminal: colour and the summary line" <<'X'
^[[1msync.json:5:14:^[[0m ^[[1;36mnote:^[[0m 'JobType' is 'sync'; the documented spelling is 'SYNC' [DTS104]
^[[1mwide.json:1:1:^[[0m ^[[1;31merror:^[[0m 'DataInitialization' is required by ConfigureDtsJob [DTS106]
^[[1mwide.json:1:1:^[[0m ^[[1;31merror:^[[0m 'DataSynchronization' is required by ConfigureDtsJob [DTS106]
^[[1mwide.json:1:1:^[[0m ^[[1;31merror:^[[0m 'DbList' is required by ConfigureDtsJob [DTS106]
^[[1mwide.json:1:1:^[[0m ^[[1;31merror:^[[0m 'DestinationEndpointInstanceType' is required by ConfigureDtsJob [DTS106]
^[[1mwide.json:1:1:^[[0m ^[[1;31merror:^[[0m 'JobType' is required by ConfigureDtsJob [DTS106]
^[[1mwide.json:1:1:^[[0m ^[[1;31merror:^[[0m 'SourceEndpointInstanceType' is required by ConfigureDtsJob [DTS106]
^[[1mwide.json:1:1:^[[0m ^[[1;31merror:^[[0m 'StructureInitialization' is required by ConfigureDtsJob [DTS106]
^[[1mwide.json:1:51:^[[0m ^[[1;35mwarning:^[[0m 'Foo' is not a parameter of ConfigureDtsJob; the service ignores it [DTS114]
9 problems (7 errors, 1 warning, 1 note) in 2 of 2 files
X
	script -qec "NO_COLOR=1 '$dtslint' --no-show-source sync.json; '$dtslint' --color never --no-show-source sync.json" /dev/null | tr -d '\r' > "$tmp/got"
	check "NO_COLOR and --color never" <<'X'
sync.json:5:14: note: 'JobType' is 'sync'; the documented spelling is 'SYNC' [DTS104]
1 problem (1 note) in 1 of 1 file
sync.json:5:14: note: 'JobType' is 'sync'; the documented spelling is 'SYNC' [DTS104]
1 problem (1 note) in 1 of 1 file
X
else
	echo "SKIP terminal checks: no script(1)"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
