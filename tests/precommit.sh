#!/usr/bin/env bash
# The pre-commit hook of .pre-commit-hooks.yaml, run by the real pre-commit
# through `git commit` in a throw-away repository: a bad request is refused
# with dtslint's message, a good one goes through, prose and a repository's
# other JSON files (package.json, tsconfig.json, dtslint's own) go through, a
# bad query-string .txt is refused, and so are a script and a runbook with a
# bad aliyun dts command.  No network: the hook repository is a local git repository
# holding this checkout's .pre-commit-hooks.yaml.
# Usage: precommit.sh DTSLINT SOURCE_ROOT
set -u
dtslint=$1
root=$2
export LC_ALL=C
if ! command -v pre-commit >/dev/null 2>&1; then
	echo "SKIP: the pre-commit program is not installed (Debian: apt-get install pre-commit; .ci/run installs it)"
	exit 77
fi
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Nothing of the caller's git or pre-commit set-up may leak in (this test
# may itself run from a git hook).
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_CONFIG_PARAMETERS \
	PRE_COMMIT PRE_COMMIT_CONFIG
export HOME=$tmp/home PRE_COMMIT_HOME=$tmp/cache XDG_CACHE_HOME=$tmp/cache \
	GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.com \
	GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.com
mkdir -p "$HOME"
# `dtslint` on PATH is the one under test (language: system).
dtslint_dir=$(cd "$(dirname "$dtslint")" && pwd)
export PATH="$dtslint_dir:$PATH"
[ "$(basename "$dtslint")" = dtslint ] || { echo "FAIL: $dtslint is not named dtslint"; exit 1; }

fail() {
	echo "FAIL $1"
	[ -f "$tmp/out" ] && sed 's/^/  | /' "$tmp/out" | head -30
	failed=$((failed + 1))
}

pre-commit validate-manifest "$root/.pre-commit-hooks.yaml" > "$tmp/out" 2>&1 && passed=$((passed + 1)) ||
	fail "pre-commit validate-manifest refuses .pre-commit-hooks.yaml"

# The hook repository: this checkout's hook definition, committed.
hooks=$tmp/hook-repo
mkdir -p "$hooks"
cp "$root/.pre-commit-hooks.yaml" "$hooks/"
git -C "$hooks" init -q && git -C "$hooks" add .pre-commit-hooks.yaml &&
	git -C "$hooks" commit -q -m hooks || { echo "FAIL: cannot make the hook repository"; exit 1; }
rev=$(git -C "$hooks" rev-parse HEAD)

# The user's repository, configured with the three lines the README shows.
work=$tmp/work
mkdir -p "$work"
cd "$work" || exit 1
git init -q
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: dtslint
YAML
git add .pre-commit-config.yaml
git commit -q -m config || { echo "FAIL: cannot commit the configuration"; exit 1; }
pre-commit install > "$tmp/out" 2>&1 || { fail "pre-commit install"; exit 1; }

# commit_expect WANT_EXIT DESCRIPTION: commit what is staged.
commit_expect() {
	git commit -m "$2" > "$tmp/out" 2>&1
	local got=$?
	if [ "$got" -eq "$1" ]; then passed=$((passed + 1)); else fail "$2: git commit exit $got, want $1"; fi
}
expect_line() {
	if grep -qxF -- "$1" "$tmp/out"; then passed=$((passed + 1)); else fail "$2: no line '$1'"; fi
}

# 1. A bad request is refused, with dtslint's own message.
mkdir -p dts
cp "$root/examples/mistakes.json" dts/orders.json
git add dts/orders.json
commit_expect 1 "bad request"
expect_line "dts/orders.json:7:3: error: 'SourceEndpointInstanceId' is not a parameter of ConfigureDtsJob; did you mean 'SourceEndpointInstanceID'? (it is required when 'SourceEndpointInstanceType' is 'RDS') [DTS101]" \
	"bad request: dtslint's message"
grep -q '^dtslint\.*Failed$' "$tmp/out" && passed=$((passed + 1)) || fail "bad request: the hook is reported Failed"
if git rev-parse -q --verify HEAD~1 >/dev/null; then fail "bad request: the commit was made"; else passed=$((passed + 1)); fi

# 2. Fixed: good requests (two files in one call) go through.
cp "$root/testdata/good/seed-reference.json" dts/orders.json
cp "$root/testdata/good/seed-guide-1.json" dts/guide.json
git add dts
commit_expect 0 "good requests"
grep -q '^dtslint\.*Passed$' "$tmp/out" && passed=$((passed + 1)) || fail "good requests: the hook is reported Passed"
[ "$(git log -1 --format=%s)" = "good requests" ] && passed=$((passed + 1)) || fail "good requests: no commit"

# 3. Prose is given to dtslint too (types_or: json, text) and skipped by
#    it: not blocked, even while a bad request lies in the work tree,
#    unstaged.
cp "$root/examples/mistakes.json" dts/orders.json
echo "notes" > notes.txt
git add notes.txt
commit_expect 0 "prose staged"
grep -q '^dtslint\.*Passed$' "$tmp/out" && passed=$((passed + 1)) ||
	fail "prose staged: the hook is reported Passed"
[ "$(git log -1 --format=%s)" = "prose staged" ] && passed=$((passed + 1)) || fail "prose staged: no commit"
git checkout -q dts/orders.json

# 4. A real repository's other JSON files, dtslint's own files and a good
#    request go through together.
mkdir -p .vscode
printf '{"name": "app", "version": "1.0.0", "private": true, "scripts": {"test": "jest"}}\n' > package.json
printf '{"compilerOptions": {"target": "es2020", "strict": true}, "include": ["src"]}\n' > tsconfig.json
printf '{"editor.formatOnSave": true, "json.schemas": []}\n' > .vscode/settings.json
printf '{"rules": {"DTS104": "off"}}\n' > .dtslint.json
"$dtslint" --write-baseline dtslint-baseline.json "$root/examples/mistakes.json" > /dev/null 2>&1
cp "$root/testdata/good/seed-guide-1.json" dts/second.json
git add package.json tsconfig.json .vscode/settings.json .dtslint.json dtslint-baseline.json dts/second.json
commit_expect 0 "other JSON files"
grep -q '^dtslint\.*Passed$' "$tmp/out" && passed=$((passed + 1)) ||
	fail "other JSON files: the hook is reported Passed"
[ "$(git log -1 --format=%s)" = "other JSON files" ] && passed=$((passed + 1)) || fail "other JSON files: no commit"

# 5. A bad query-string request (.txt) is refused.
printf 'Action=ConfigureDtsJob\n&JobTyp=SYNC\n' > dts/plan.txt
git add dts/plan.txt
commit_expect 1 "bad query-string request"
grep -q "^dts/plan.txt:2:2: error: 'JobTyp' is not a parameter of ConfigureDtsJob; did you mean 'JobType'?" "$tmp/out" &&
	passed=$((passed + 1)) || fail "bad query-string request: dtslint's message"
[ "$(git log -1 --format=%s)" = "other JSON files" ] && passed=$((passed + 1)) ||
	fail "bad query-string request: the commit was made"

git rm -q --cached dts/plan.txt && rm dts/plan.txt

# 6. A deploy script with a bad aliyun dts command is refused at its flag;
#    fixed, it goes through with a runbook and the repository's README and
#    build script, which hold no such command and are skipped quietly.
mkdir -p scripts docs
sed 's/--JobType MIGRATION/--JobType MIGRATE/' "$root/testdata/aliyun/good-seed-buy-first.sh" > scripts/deploy.sh
git add scripts/deploy.sh
commit_expect 1 "bad aliyun command"
expect_line "scripts/deploy.sh:19:13: error: '--JobType' is 'MIGRATE', which is not a valid value; expected one of MIGRATION, SYNC, CHECK [DTS103]" \
	"bad aliyun command: dtslint's message"
cp "$root/testdata/aliyun/good-seed-buy-first.sh" scripts/deploy.sh
cp "$root/testdata/aliyun/good-seed-runbook.md" docs/runbook.md
printf '# app\n\n```sh\nmake test\n```\n' > README.md
printf '#!/bin/sh\nset -e\nmake\n' > scripts/build
chmod +x scripts/build
git add scripts docs README.md
commit_expect 0 "scripts and runbooks"
[ "$(git log -1 --format=%s)" = "scripts and runbooks" ] && passed=$((passed + 1)) || fail "scripts and runbooks: no commit"
# 7. A runbook with a bad command is refused.
sed 's/--JobType MIGRATION --DtsInstanceId/--JobType MIGRATE --DtsInstanceId/; s/--DtsJobName rdsmysql_to_rdsmysql --JobType MIGRATION/--DtsJobName rdsmysql_to_rdsmysql --JobType MIGRATE/' \
	"$root/testdata/aliyun/good-seed-runbook.md" > docs/runbook.md
git add docs/runbook.md
commit_expect 1 "bad runbook"
expect_line "docs/runbook.md:20:49: error: '--JobType' is 'MIGRATE', which is not a valid value; expected one of MIGRATION, SYNC, CHECK [DTS103]" \
	"bad runbook: dtslint's message"

# 8. Terraform: a .tf with a bad DTS resource is refused at the .tf
#    position; fixed, it goes through with other Terraform beside it.
git checkout -q HEAD -- docs/runbook.md # (the bad runbook of 7 is not committed)
mkdir -p infra
cp "$root/testdata/terraform/fire-hcl-dblist-key.tf" infra/dts.tf
printf 'resource "alicloud_vpc" "x" {\n  cidr_block = "10.0.0.0/8"\n}\n' > infra/network.tf
git add infra
commit_expect 1 "bad .tf"
expect_line "infra/dts.tf:32:7: error: 'nmae' is not a DbList key, so the service would silently ignore it; write the documented spelling; did you mean 'name'? [DTS301]" \
	"bad .tf: dtslint's message"
cp "$root/testdata/terraform/good-jsonencode.tf" infra/dts.tf
git add infra
commit_expect 0 "good .tf"
[ "$(git log -1 --format=%s)" = "good .tf" ] && passed=$((passed + 1)) || fail "good .tf: no commit"

echo "precommit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
