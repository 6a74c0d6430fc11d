#!/usr/bin/env bash
# aliyun dts command lines end to end: --fix inside each quoting (and bash
# reads the fixed words as meant), --fix --dry-run, the positions every
# output format gives, credentials never shown, and which scripts and
# runbooks are read (names, shebangs, --input, folder walks, quiet skips).
# Usage: aliyun.sh DTSLINT SOURCE_ROOT
set -u
dtslint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$2" || exit 2
export LC_ALL=C
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
seed=$PWD/testdata/aliyun/good-seed-buy-first.sh

ok() { passed=$((passed + 1)); }
fail() {
	echo "FAIL $1"
	shift
	[ $# -gt 0 ] && sed 's/^/  | /' "$@" | head -30
	failed=$((failed + 1))
}

# run NAME ARGS...: stdout in $tmp/NAME.out, stderr in $tmp/NAME.err, exit in $rc
run() {
	local name=$1
	shift
	(cd "$tmp" && "$dtslint" "$@") > "$tmp/$name.out" 2> "$tmp/$name.err"
	rc=$?
}

# expect_line FILE LINE DESCRIPTION: FILE holds LINE exactly
expect_line() {
	if grep -qxF -- "$2" "$1"; then ok; else fail "$3: no line '$2'" "$1"; fi
}

# The words bash passes for the argument list of the one command of a line.
words() { bash -c "printf '%s\n' $1"; }

# ---- fixes inside each quoting ------------------------------------------
# single quotes: a Checkpoint value, a key inside a single-quoted DbList
sed -e "s/  --JobType MIGRATION \\\\/  --JobType MIGRATION --Checkpoint '1700000000000' \\\\/" \
    -e 's/,"all":"true"}}}}'"'"'/,"al":"true"}}}}'"'"'/' "$seed" > "$tmp/single.sh"
# double quotes: the value after '=', a key between \" escapes, a Python literal made JSON
sed -e 's/  --JobType MIGRATION \\/  --JobType MIGRATION --Checkpoint="1700000000000" \\/' \
    -e "s/--Reserve '[^']*'/--Reserve \"{\\\\\"targetTableMod\\\\\":\\\\\"0\\\\\",\\\\\"autoStartModulesAfterConfig\\\\\":\\\\\"none\\\\\"}\"/" \
    -e "s/--DbList '[^']*'/--DbList \"{'dtsdb': {'name': 'dtsdb_1', 'all': True}}\"/" "$seed" > "$tmp/double.sh"
# bare: a value, and a flag renamed after its dashes
sed -e 's/  --JobType MIGRATION \\/  --JobType MIGRATION --Checkpoint 1700000000000 \\/' \
    -e 's/--SourceRegion cn-hangzhou/--SourceRegionId cn-hangzhou/' "$seed" > "$tmp/bare.sh"
cp "$tmp/single.sh" "$tmp/single.orig"

run dry --fix --dry-run single.sh
if cmp -s "$tmp/single.sh" "$tmp/single.orig"; then ok; else fail "--fix --dry-run wrote the file"; fi
expect_line "$tmp/dry.out" "+  --JobType MIGRATION --Checkpoint '1700000000' \\" "--fix --dry-run (single quotes)"
expect_line "$tmp/dry.out" "-  --JobType MIGRATION --Checkpoint '1700000000000' \\" "--fix --dry-run (single quotes, old line)"

for f in single double bare; do
	run "fix-$f" --fix "$f.sh"
	run "after-$f" "$f.sh"
	if [ "$rc" -eq 0 ]; then ok; else fail "$f.sh is not clean after --fix (exit $rc)" "$tmp/after-$f.out"; fi
done
expect_line "$tmp/single.sh" "  --JobType MIGRATION --Checkpoint '1700000000' \\" "single-quoted value fixed"
expect_line "$tmp/single.sh" "  --DbList '{\"dtsdb\":{\"name\":\"dtsdb_1\",\"all\":\"false\",\"Table\":{\"person\":{\"name\":\"person\",\"all\":\"true\"}}}}' \\" "key in a single-quoted DbList fixed"
expect_line "$tmp/double.sh" '  --JobType MIGRATION --Checkpoint="1700000000" \' "double-quoted value fixed"
expect_line "$tmp/bare.sh" '  --JobType MIGRATION --Checkpoint 1700000000 \' "bare value fixed"
expect_line "$tmp/bare.sh" '  --SourceRegion cn-hangzhou --DestinationRegion cn-hangzhou \' "flag renamed"
# what bash passes once fixed: the JSON the fixes meant
line=$(grep -o -- "--Reserve \"[^|]*\"" "$tmp/double.sh")
if [ "$(words "$line" | sed -n 2p)" = '{"targetTableMode":"0","autoStartModulesAfterConfig":"none"}' ]; then ok
else fail "double-quoted Reserve key: bash reads $(words "$line" | sed -n 2p)"; fi
line=$(grep -o -- "--DbList \"[^|]*\" " "$tmp/double.sh")
if [ "$(words "$line" | sed -n 2p)" = '{"dtsdb": {"name": "dtsdb_1", "all": true}}' ]; then ok
else fail "double-quoted DbList made JSON: bash reads $(words "$line" | sed -n 2p)"; fi

# ---- positions in every format ------------------------------------------
fault=$PWD/testdata/aliyun/fire-jobtype-migrate.sh
run github --format github "$fault"
expect_line "$tmp/github.out" "::error file=$fault,line=19,col=13,endLine=19,endColumn=19,title=DTS103::'--JobType' is 'MIGRATE', which is not a valid value; expected one of MIGRATION, SYNC, CHECK" "github format"
run sarif --format sarif "$fault"
region=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["runs"][0]["results"]; print(len(r), r[0]["ruleId"], r[0]["locations"][0]["physicalLocation"]["region"])' "$tmp/sarif.out")
if [ "$region" = "1 DTS103 {'startLine': 19, 'startColumn': 13, 'endLine': 19, 'endColumn': 20}" ]; then ok
else fail "sarif region: $region"; fi
run gitlab --format gitlab "$fault"
lines=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(len(r), r[0]["location"]["lines"]["begin"])' "$tmp/gitlab.out")
if [ "$lines" = "1 19" ]; then ok; else fail "gitlab lines: $lines"; fi
run runbook --format json "$PWD/testdata/aliyun/fire-jobtype-runbook.md"
pos=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(len(r), r[0]["line"], r[0]["column"], r[0]["pointer"])' "$tmp/runbook.out")
if [ "$pos" = "1 20 49 /1/JobType" ]; then ok; else fail "runbook json position: $pos"; fi

# ---- credentials are never shown ----------------------------------------
missing=$PWD/testdata/aliyun/fire-missing-dblist.sh
for fmt in text json sarif github gitlab junit; do
	run "secret-$fmt" --show-source --format "$fmt" "$missing"
	if grep -q -e LTAI5tExample000 -e kS3cr3t "$tmp/secret-$fmt.out" "$tmp/secret-$fmt.err"; then
		fail "a credential shown by --format $fmt" "$tmp/secret-$fmt.out"
	else ok; fi
done
cp "$missing" "$tmp/creds.sh"
sed -i 's/  --JobType MIGRATION \\/  --JobType MIGRATION --Checkpoint 1700000000000 \\/' "$tmp/creds.sh"
run secret-dry --fix --dry-run creds.sh
if grep -q -e LTAI5tExample000 -e kS3cr3t "$tmp/secret-dry.out" "$tmp/secret-dry.err"; then
	fail "a credential shown by --fix --dry-run" "$tmp/secret-dry.out"
else ok; fi

# ---- which files are read -----------------------------------------------
mkdir -p "$tmp/walk/docs" "$tmp/walk/bin"
printf '# Build\n\n```sh\nmake && make install\n```\n' > "$tmp/walk/docs/README.md"
printf '#!/bin/sh\nset -e\nmeson compile -C build\n' > "$tmp/walk/bin/build.sh"
sed 's/--JobType MIGRATION/--JobType MIGRATE/' "$seed" > "$tmp/walk/bin/deploy.bash"
printf '{"name": "x", "version": "1"}\n' > "$tmp/walk/package.json"
run walk walk
if [ "$rc" -eq 1 ] && [ "$(grep -c DTS103 "$tmp/walk.out")" -eq 1 ] && ! grep -q -e README.md -e build.sh "$tmp/walk.err"; then ok
else fail "folder walk: exit $rc" "$tmp/walk.out" "$tmp/walk.err"; fi
run named "$PWD/README.md" "$tmp/walk/bin/build.sh"
if [ "$rc" -eq 0 ] && ! grep -q DTS "$tmp/named.out" && ! grep -q ': skipped' "$tmp/named.out" "$tmp/named.err"; then ok
else fail "named README.md and build.sh: exit $rc" "$tmp/named.out" "$tmp/named.err"; fi
# a shebang names a script; --input forces a form whatever the name
sed -n '2,$p' "$tmp/walk/bin/deploy.bash" | { echo '#!/usr/bin/env bash'; cat; } > "$tmp/deploy"
cp "$tmp/walk/bin/deploy.bash" "$tmp/deploy.txt"
cp "$PWD/testdata/aliyun/fire-jobtype-runbook.md" "$tmp/runbook.txt"
run shebang deploy
run forced-shell --input shell deploy.txt
run forced-markdown --input markdown runbook.txt
for c in shebang forced-shell forced-markdown; do
	if [ "$(grep -c DTS103 "$tmp/$c.out")" -eq 1 ]; then ok; else fail "$c: no DTS103" "$tmp/$c.out" "$tmp/$c.err"; fi
done
# a runbook read as a script would be read otherwise: as Markdown it is fences only
run md-as-md "$PWD/testdata/aliyun/good-seed-runbook.md"
if [ "$rc" -eq 0 ]; then ok; else fail "the seed runbook as Markdown: exit $rc" "$tmp/md-as-md.out"; fi
run nothing --input shell walk/bin/build.sh
if [ "$rc" -eq 0 ] && ! grep -q DTS "$tmp/nothing.out"; then ok; else fail "--input shell on a script without a command: exit $rc" "$tmp/nothing.out"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
