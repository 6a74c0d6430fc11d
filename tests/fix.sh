#!/usr/bin/env bash
# dtslint --fix: every bad case whose finding carries a fix is fixed by it
# (the rule no longer fires), a second --fix changes nothing, --dry-run
# prints an exact diff and writes nothing, a key inside string-encoded
# JSON is re-escaped, and a file that cannot be rewritten is an error
# (exit 2) that leaves it as it was.  Usage: fix.sh DTSLINT SOURCE_ROOT
set -u
dtslint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$2" || exit 2
export LC_ALL=C
passed=0
failed=0
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT

ok() { passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

# has_fix ID FILE ARGS...: does a finding of rule ID carry a fix?  (The
# JSON report has one finding per line.)  The cases without arguments are
# checked in one run (this test also runs under valgrind).
plain=()
for case in testdata/bad/*/fire*.json testdata/bad/*/fire*.txt; do
	[ -f "${case%.*}.args" ] || plain+=("$case")
done
"$dtslint" -f json "${plain[@]}" > "$tmp/all.json"
has_fix() {
	local id=$1 f=$2
	shift 2
	if [ $# -eq 0 ]; then
		grep -q "^{\"file\":\"$f\",.*\"rule\":\"$id\".*\"fixes\":" "$tmp/all.json"
	else
		"$dtslint" -f json "$@" "$f" | grep -q "\"rule\":\"$id\".*\"fixes\":"
	fi
}

fixed_rules=""
fixed_cases=0
for case in testdata/bad/*/fire*.json testdata/bad/*/fire*.txt; do
	[ -f "$case" ] || continue
	id=$(basename "$(dirname "$case")")
	args=()
	[ -f "${case%.*}.args" ] && read -r -a args < "${case%.*}.args"
	has_fix "$id" "$case" "${args[@]}" || continue
	work="$tmp/$(basename "$case")"
	cp "$case" "$work"
	"$dtslint" --fix "${args[@]}" "$work" > /dev/null 2> "$tmp/err"
	if [ $? -eq 2 ]; then
		fail "$case: --fix exit 2: $(cat "$tmp/err")"
		continue
	fi
	if "$dtslint" -f json "${args[@]}" "$work" | grep -q "\"rule\":\"$id\""; then
		fail "$case: $id still fires after --fix"
	else
		ok
	fi
	cp "$work" "$tmp/once"
	"$dtslint" --fix "${args[@]}" "$work" > /dev/null 2>&1
	if cmp -s "$work" "$tmp/once"; then ok; else fail "$case: a second --fix changed the file"; fi
	fixed_rules="$fixed_rules $id"
	fixed_cases=$((fixed_cases + 1))
	printf '%s\t%s\n' "$case" "$work" >> "$tmp/fixed-list"
done
# A fix never breaks JSON: every fixed request that was JSON still is
# ("JobCode": 1 becomes "01" with its quotes, not 01).
if python3 - "$tmp/fixed-list" <<'PY'; then ok; else fail "a fix broke the JSON of a request"; fi
import json, sys
bad = 0
for line in open(sys.argv[1]):
    before, after = line.rstrip("\n").split("\t")
    try:
        json.load(open(before, encoding="utf-8"))
    except ValueError:
        continue
    try:
        json.load(open(after, encoding="utf-8"))
    except ValueError as e:
        print("  %s: %s" % (before, e))
        bad += 1
sys.exit(1 if bad else 0)
PY
echo "fix: $fixed_cases cases fixed:$fixed_rules"
# The cases that must have a fix: a test that fixes nothing proves nothing.
for id in DTS008 DTS009 DTS101 DTS103 DTS104 DTS107 DTS301; do
	case " $fixed_rules " in
	*" $id "*) ok ;;
	*) fail "no testdata/bad/$id case was fixed" ;;
	esac
done

# --dry-run: the exact diff, nothing written, exit 1.
cp testdata/bad/DTS101/fire.json "$tmp/typo.json"
(cd "$tmp" && "$dtslint" --fix --dry-run typo.json > out 2> err)
rc=$?
cat > "$tmp/want" <<'DIFF'
--- a/typo.json
+++ b/typo.json
@@ -2,7 +2,7 @@
   "Action": "ConfigureDtsJob",
   "RegionId": "cn-hangzhou",
   "DtsJobName": "orders_rds_to_rds",
-  "DtsJobID": "k2gm967v16f1234",
+  "DtsJobId": "k2gm967v16f1234",
   "JobType": "SYNC",
   "SourceEndpointInstanceType": "RDS",
   "SourceEndpointInstanceID": "rm-bp1imrtn6fq7h1234",
DIFF
if [ $rc -eq 1 ] && cmp -s "$tmp/out" "$tmp/want" &&
	[ "$(cat "$tmp/err")" = "would fix 1 problem in 1 of 1 file" ]; then ok; else
	fail "--dry-run: exit $rc, stderr $(cat "$tmp/err"), diff:"; diff "$tmp/want" "$tmp/out" | head; fi
if cmp -s "$tmp/typo.json" testdata/bad/DTS101/fire.json; then ok; else fail "--dry-run wrote the file"; fi
# The diff applies with patch and gives what --fix writes.
if command -v patch > /dev/null; then
	cp "$tmp/typo.json" "$tmp/patched.json"
	patch -s "$tmp/patched.json" < "$tmp/out"
	"$dtslint" --fix "$tmp/typo.json" > /dev/null
	if cmp -s "$tmp/typo.json" "$tmp/patched.json"; then ok; else fail "--dry-run diff differs from --fix"; fi
fi
"$dtslint" --fix --dry-run testdata/good/seed-reference.json > "$tmp/out"
if [ $? -eq 0 ] && [ ! -s "$tmp/out" ]; then ok; else fail "--dry-run on a clean file: output or exit"; fi

# A key inside a string-encoded DbList: renamed with its escaped quotes.
sed 's/"DbList": .*/"DbList": "{\\"orders\\":{\\"nmae\\":\\"orders\\",\\"all\\":true}}",/' \
	testdata/good/seed-reference.json > "$tmp/nested.json"
grep -qF '\"nmae\"' "$tmp/nested.json" || fail "nested case not built"
sed 's/nmae/name/' "$tmp/nested.json" > "$tmp/want"
"$dtslint" --fix "$tmp/nested.json" > "$tmp/out"
if grep -qF '"DbList": "{\"orders\":{\"name\":\"orders\",\"all\":true}}",' "$tmp/nested.json" &&
	cmp -s "$tmp/nested.json" "$tmp/want"; then ok; else
	fail "nested key: $(grep DbList "$tmp/nested.json")"; fi
if "$dtslint" "$tmp/nested.json" > /dev/null; then ok; else fail "nested key: still findings after --fix"; fi

# Terraform JSON: a value and a DbList key are rewritten inside the
# attribute's JSON string, quotes and escapes kept; a top-level attribute
# is never renamed to the API's parameter name.
for case in fire-checkpoint-milliseconds fire-dblist-key; do
	cp "testdata/terraform/$case.tf.json" "$tmp/$case.tf.json"
	"$dtslint" --fix "$tmp/$case.tf.json" > /dev/null
	if python3 -m json.tool "$tmp/$case.tf.json" > /dev/null && "$dtslint" "$tmp/$case.tf.json" > /dev/null; then ok; else
		fail "terraform $case: not fixed: $(diff "testdata/terraform/$case.tf.json" "$tmp/$case.tf.json")"; fi
done
grep -qF '"checkpoint": "1700000000",' "$tmp/fire-checkpoint-milliseconds.tf.json" && ok ||
	fail "terraform checkpoint: $(grep checkpoint "$tmp/fire-checkpoint-milliseconds.tf.json")"
grep -qF '"db_list": "{\"tf-testacc\":{\"name\":\"tf-test\",' "$tmp/fire-dblist-key.tf.json" && ok ||
	fail "terraform db_list: $(grep db_list "$tmp/fire-dblist-key.tf.json")"

# Two levels down (Reserve holds dataCheckConfigure as a string): a Python
# literal with quotes in its values becomes JSON escaped twice, exactly.
python3 - "$tmp/deep.json" <<'PY'
import json, sys
req = json.load(open("testdata/good/seed-reference.json"))
inner = str({"fullDataCheck": True, "fullCheckModel": 1, "fullCheckRatio": 20,
             "checkMaximumHourEnable": 1, "checkMaximumHour": 6, "fullCheckErrorNotice": True,
             "fullCheckValidFailNotice": True, "fullCheckNoticeValue": 8,
             "incrementalDataCheck": False, "dataCheckNoticePhone": "it's \"x\""})
req["Reserve"] = json.dumps({"targetTableMode": "0", "dataCheckConfigure": inner})
open(sys.argv[1], "w").write(json.dumps(req, indent=2) + "\n")
PY
"$dtslint" --fix "$tmp/deep.json" > "$tmp/out"
if [ $? -eq 0 ] && python3 - "$tmp/deep.json" <<'PY'; then ok; else fail "two levels down: $(grep Reserve "$tmp/deep.json")"; fi
import json, sys
check = json.loads(json.loads(json.load(open(sys.argv[1]))["Reserve"])["dataCheckConfigure"])
assert check["dataCheckNoticePhone"] == "it's \"x\"" and check["fullDataCheck"] is True, check
PY

# Twice encoded: one level of escapes less.
cp testdata/bad/DTS008/fire.json "$tmp/twice.json"
"$dtslint" --fix "$tmp/twice.json" > /dev/null
if grep -qF '"DbList": "{\"orders\":{\"name\":\"orders\",\"all\":true}}"' "$tmp/twice.json"; then ok; else
	fail "DTS008: $(grep DbList "$tmp/twice.json")"; fi

# Only the fix's bytes change: the rest of the file, CRLF line ends included.
sed 's/$/\r/' testdata/bad/DTS104/fire.json > "$tmp/crlf.json"
sed 's/"JobType": "sync"/"JobType": "SYNC"/' "$tmp/crlf.json" > "$tmp/want"
"$dtslint" --fix "$tmp/crlf.json" > /dev/null
if cmp -s "$tmp/crlf.json" "$tmp/want" && ! cmp -s "$tmp/want" testdata/bad/DTS104/fire.json; then ok; else
	fail "CRLF file: more than the fix changed"; fi

# A byte order mark stays, and offsets count it.
{ printf '\357\273\277'; cat testdata/bad/DTS104/fire.json; } > "$tmp/bom.json"
{ printf '\357\273\277'; sed 's/"JobType": "sync"/"JobType": "SYNC"/' testdata/bad/DTS104/fire.json; } > "$tmp/want"
"$dtslint" --fix "$tmp/bom.json" > /dev/null
if cmp -s "$tmp/bom.json" "$tmp/want"; then ok; else fail "file with a byte order mark"; fi

# Two near misses of one key: only the first is renamed (no duplicate key).
sed 's/"DtsJobID": "k2gm967v16f1234",/"DtsJobID": "k2gm967v16f1234", "DtsJobld": "x",/' \
	testdata/bad/DTS101/fire.json > "$tmp/two.json"
"$dtslint" --fix "$tmp/two.json" > /dev/null
if grep -qF '"DtsJobId": "k2gm967v16f1234", "DtsJobld": "x",' "$tmp/two.json"; then ok; else
	fail "two typos of one key: $(grep DtsJob "$tmp/two.json")"; fi

# A read-only file: exit 2, a message, the file as it was, no temporary left.
cp testdata/bad/DTS101/fire.json "$tmp/ro.json"
chmod 444 "$tmp/ro.json"
"$dtslint" --fix "$tmp/ro.json" > /dev/null 2> "$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q "ro.json: cannot fix: the file is read-only" "$tmp/err"; then ok; else
	fail "read-only: exit $rc: $(cat "$tmp/err")"; fi
if cmp -s "$tmp/ro.json" testdata/bad/DTS101/fire.json; then ok; else fail "read-only file changed"; fi
if ls -a "$tmp" | grep -q dtslint-; then fail "a temporary file was left"; else ok; fi

# A file that vanished (a dangling link): exit 2 with a message.
ln -s "$tmp/gone.json" "$tmp/vanished.json"
"$dtslint" --fix "$tmp/vanished.json" > /dev/null 2> "$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q "vanished.json: " "$tmp/err"; then ok; else fail "vanished: exit $rc"; fi

# Through a symbolic link the file it names is fixed, and the link stays.
cp testdata/bad/DTS104/fire.json "$tmp/target.json"
ln -s target.json "$tmp/link.json"
"$dtslint" --fix "$tmp/link.json" > /dev/null
if [ -L "$tmp/link.json" ] && ! cmp -s "$tmp/target.json" testdata/bad/DTS104/fire.json; then ok; else
	fail "symbolic link replaced, or its target not fixed"; fi

# A file with two names (a hard link): both names see the fix, and stay
# one file.
cp testdata/bad/DTS104/fire.json "$tmp/shared.json"
ln "$tmp/shared.json" "$tmp/other-name.json"
sed 's/"JobType": "sync"/"JobType": "SYNC"/' testdata/bad/DTS104/fire.json > "$tmp/want"
"$dtslint" --fix "$tmp/other-name.json" > /dev/null 2> "$tmp/err"
rc=$?
if [ $rc -eq 0 ] && [ "$(stat -c %h "$tmp/shared.json")" = 2 ] &&
	[ "$(stat -c %i "$tmp/shared.json")" = "$(stat -c %i "$tmp/other-name.json")" ]; then ok; else
	fail "hard link: exit $rc, $(stat -c '%h links' "$tmp/shared.json"): $(cat "$tmp/err")"; fi
if cmp -s "$tmp/shared.json" "$tmp/want" && cmp -s "$tmp/other-name.json" "$tmp/want"; then ok; else
	fail "hard link: a name does not see the fix"; fi
if ls -a "$tmp" | grep -q dtslint-; then fail "hard link: a temporary file was left"; else ok; fi

# A name of 250 bytes: the temporary file beside it must still fit NAME_MAX.
long=$tmp/$(printf 'n%.0s' $(seq 245)).json
cp testdata/bad/DTS104/fire.json "$long"
"$dtslint" --fix "$long" > /dev/null 2> "$tmp/err"
rc=$?
if [ $rc -eq 0 ] && cmp -s "$long" "$tmp/want"; then ok; else
	fail "250-byte name: exit $rc: $(cat "$tmp/err")"; fi
if ls -a "$tmp" | grep -q dtslint-; then fail "250-byte name: a temporary file was left"; else ok; fi

# The report is never written over a file being fixed.
cp testdata/bad/DTS104/fire.json "$tmp/fixme.json"
"$dtslint" --fix -o "$tmp/fixme.json" "$tmp/fixme.json" > /dev/null 2> "$tmp/err"
rc=$?
if [ $rc -eq 3 ] && cmp -s "$tmp/fixme.json" testdata/bad/DTS104/fire.json; then ok; else
	fail "--fix -o on the input: exit $rc: $(cat "$tmp/err")"; fi

# --fix on stdin (an editor's format-on-save): the fixed text on stdout,
# the report and the summary on stderr; the text as it came when nothing
# applies; --output still takes the report.
sed 's/"JobType": "sync"/"JobType": "SYNC"/' testdata/bad/DTS104/fire.json > "$tmp/want"
"$dtslint" --fix - < testdata/bad/DTS104/fire.json > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ $rc -eq 0 ] && cmp -s "$tmp/out" "$tmp/want" &&
	[ "$(cat "$tmp/err")" = "fixed 1 problem in 1 file; no problems left in 1 file" ]; then ok; else
	fail "--fix on stdin: exit $rc, stderr: $(cat "$tmp/err")"; fi
"$dtslint" --fix - < testdata/good/seed-reference.json > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ $rc -eq 0 ] && cmp -s "$tmp/out" testdata/good/seed-reference.json &&
	[ "$(cat "$tmp/err")" = "no problems in 1 file" ]; then ok; else
	fail "--fix on clean stdin: exit $rc, stderr: $(cat "$tmp/err")"; fi
# A finding without a fix stays in the report (stderr), exit 1.
"$dtslint" --fix --stdin-filename req.json - < testdata/bad/DTS201/fire.json > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ $rc -eq 1 ] && cmp -s "$tmp/out" testdata/bad/DTS201/fire.json && grep -q '^req.json:.*\[DTS201\]$' "$tmp/err" &&
	[ "$(tail -n 1 "$tmp/err")" = "1 problem (1 error) in 1 of 1 file" ]; then ok; else
	fail "--fix on stdin with a finding left: exit $rc, stderr: $(cat "$tmp/err")"; fi
"$dtslint" --fix -q -f json -o "$tmp/report.json" - < testdata/bad/DTS104/fire.json > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ $rc -eq 0 ] && cmp -s "$tmp/out" "$tmp/want" && [ ! -s "$tmp/err" ] && [ "$(cat "$tmp/report.json")" = "[]" ]; then ok; else
	fail "--fix on stdin with --output: exit $rc, stderr: $(cat "$tmp/err")"; fi
# --fix in place says what it fixed and what is left.
cp testdata/bad/DTS101/fire.json "$tmp/count.json"
(cd "$tmp" && "$dtslint" --fix count.json > /dev/null 2> err)
if [ "$(cat "$tmp/err")" = "fixed 1 problem in 1 file; no problems left in 1 file" ]; then ok; else
	fail "--fix summary: $(cat "$tmp/err")"; fi
"$dtslint" --fix --dry-run - < testdata/bad/DTS104/fire.json > "$tmp/out"
if [ $? -eq 1 ] && grep -q '^+  "JobType": "SYNC",' "$tmp/out"; then ok; else fail "--dry-run on stdin"; fi

# The reports carry the same edit: JSON "fixes", SARIF result.fixes.
"$dtslint" -f json testdata/bad/DTS101/fire.json > "$tmp/out"
if grep -qF '"fixes":[{"start":102,"end":110,"replacement":"DtsJobId"}]' "$tmp/out"; then ok; else
	fail "JSON fixes: $(grep -o '"fixes".*' "$tmp/out")"; fi
"$dtslint" -f sarif testdata/bad/DTS101/fire.json > "$tmp/out"
if python3 - "$tmp/out" <<'PY'; then ok; else fail "SARIF fixes"; fi
import json, sys
r = json.load(open(sys.argv[1]))["runs"][0]["results"][0]
ch = r["fixes"][0]["artifactChanges"][0]
assert ch["artifactLocation"]["uri"] == "testdata/bad/DTS101/fire.json", ch
assert ch["replacements"] == [{"deletedRegion": {"byteOffset": 102, "byteLength": 8},
                               "insertedContent": {"text": "DtsJobId"}}], ch
PY

# Usage.
"$dtslint" --dry-run "$tmp/typo.json" > /dev/null 2>&1
if [ $? -eq 3 ]; then ok; else fail "--dry-run without --fix is not a usage error"; fi
"$dtslint" --fix --dry-run -f json "$tmp/typo.json" > /dev/null 2>&1
if [ $? -eq 3 ]; then ok; else fail "--dry-run with --format json is not a usage error"; fi

echo "fix: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
