#!/usr/bin/env bash
# Snapshot runner: every request under testdata/ is linted and the exact
# output (with source excerpts) plus the exit status is compared with the
# file beside it.
#   testdata/good/*.json|txt, testdata/bad/*/silent*.json|txt: no findings (only the
#   summary line "no problems in 1 file"), exit 0
#   (.txt files hold requests in the query-string form)
#   testdata/bad/*/fire*.json (or fire*.gen, a generator's arguments for
#   inputs too big to keep in git): output must equal fire*.expected
#   testdata/terraform/good*|silent*.tf.json, good*|silent*|provider-docs*|quickstart*.tf
#   (Terraform's JSON and native syntax): no findings; fire*.tf.json, fire*.tf: as above
#   testdata/aliyun/good*|silent*.sh|md (aliyun dts command lines): no output;
#   fire*.sh|md: as above
#   X.args (optional): extra command-line arguments for case X
# UPDATE=1 rewrites the .expected files for review in the diff.
# Usage: snapshot.sh DTSLINT SOURCE_ROOT
set -u
dtslint=$1
root=$2
cd "$root" || exit 2
export LC_ALL=C
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run_case NAME: prints dtslint's stdout then "exit: N"
run_case() {
	local name=$1 base=${1%.*} args=()
	if [ -f "$base.args" ]; then
		read -r -a args < "$base.args"
	fi
	if [ "${name##*.}" = gen ]; then
		read -r -a gen < "$name"
		python3 tools/gen_request.py "${gen[@]}" |
			"$dtslint" --show-source "${args[@]}" --stdin-filename "$base.json" -
	else
		"$dtslint" --show-source "${args[@]}" "$name"
	fi
	echo "exit: $?"
}

check() {
	local name=$1 expected=$2 actual=$tmp/actual
	run_case "$name" > "$actual" 2>&1
	if [ "${UPDATE:-0}" = 1 ] && [ "$expected" != - ]; then
		cp "$actual" "$expected"
	fi
	if [ "$expected" = - ]; then
		# (a suppression or a baseline says what it hid after a ';')
		printf 'no problems in 1 file%s\nexit: 0\n' "$(sed -n '1s/^no problems in 1 file\(; not shown: .*\)$/\1/p' "$actual")" > "$tmp/expected"
		expected=$tmp/expected
	fi
	if [ ! -f "$expected" ]; then
		echo "FAIL $name: no $expected (run with UPDATE=1 and review)"
		failed=$((failed + 1))
	elif diff -u "$expected" "$actual" > "$tmp/diff"; then
		passed=$((passed + 1))
	else
		echo "FAIL $name"
		cat "$tmp/diff"
		failed=$((failed + 1))
	fi
}

for f in testdata/good/*.json testdata/good/*.txt testdata/bad/*/silent*.json testdata/bad/*/silent*.txt \
	testdata/terraform/good*.json testdata/terraform/silent*.json testdata/terraform/good*.tf \
	testdata/terraform/silent*.tf testdata/terraform/provider-docs-dts_*job.tf \
	testdata/terraform/quickstart-*.tf \
	testdata/aliyun/good*.sh testdata/aliyun/good*.md testdata/aliyun/silent*.sh; do
	[ -e "$f" ] || continue
	check "$f" -
done
for f in testdata/bad/*/fire*.json testdata/bad/*/fire*.txt testdata/bad/*/fire*.gen testdata/cli/*.json \
	testdata/terraform/fire*.json testdata/terraform/fire*.tf testdata/aliyun/fire*.sh testdata/aliyun/fire*.md; do
	[ -e "$f" ] || continue
	check "$f" "${f%.*}.expected"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
