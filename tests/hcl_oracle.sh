#!/usr/bin/env bash
# The HCL reader against HashiCorp's own parser: for every .tf file under
# testdata/terraform/, tests/hcl_dump (dtslint's reader) and
# tests/hcl_oracle/hcldump.go (hclsyntax, Debian's golang-github-hashicorp-
# hcl-v2-dev, built here in GOPATH mode) must print the same blocks,
# attributes, byte ranges and literal values, or both "error".  A file
# named invalid-*.tf must fail in both, every other file must parse.
# Skips (77) without go or the HCL sources, unless
# DTSLINT_HCL_ORACLE_REQUIRED=1.
# Usage: hcl_oracle.sh HCL_DUMP SOURCE_ROOT BUILD_DIR
set -uo pipefail
dump=$1 root=$(cd "$2" && pwd) build=$(cd "$3" && pwd)
gopath=/usr/share/gocode

missing=
command -v go >/dev/null 2>&1 || missing="go (apt-get install golang-go)"
[ -d "$gopath/src/github.com/hashicorp/hcl/v2/hclsyntax" ] ||
	missing="${missing:+$missing, }HCL's Go sources (apt-get install golang-github-hashicorp-hcl-v2-dev)"
if [ -n "$missing" ]; then
	echo "hcl_oracle: missing $missing"
	[ "${DTSLINT_HCL_ORACLE_REQUIRED:-}" = 1 ] && exit 1
	exit 77
fi

oracle=$build/hcldump
export GOCACHE=$build/hcl-gocache GOPATH=$gopath GO111MODULE=off GOFLAGS= GOTOOLCHAIN=local
if ! go build -o "$oracle" "$root/tests/hcl_oracle/hcldump.go"; then
	echo "hcl_oracle: the Go oracle does not build"
	exit 1
fi

status=0 count=0
while IFS= read -r -d '' f; do
	count=$((count + 1))
	name=${f#"$root"/}
	ours=$("$dump" "$f") || { echo "FAIL $name: hcl_dump exited $?"; status=1; continue; }
	theirs=$("$oracle" "$f" 2>"$build/hcldump.err") ||
		{ echo "FAIL $name: hcldump.go exited $?"; cat "$build/hcldump.err"; status=1; continue; }
	if [ "$ours" != "$theirs" ]; then
		echo "FAIL $name: dtslint's reader (<) and hclsyntax (>) differ"
		diff <(echo "$ours") <(echo "$theirs") | head -20
		echo "dtslint: $("$dump" -e "$f" | sed -n 2p)"
		echo "hclsyntax: $(cat "$build/hcldump.err")"
		status=1
		continue
	fi
	outcome=${ours%%$'\n'*}
	case $(basename "$f") in
	invalid-*) want=error ;;
	*) want=ok ;;
	esac
	if [ "$outcome" != "$want" ]; then
		echo "FAIL $name: both say '$outcome', the file's name says '$want'"
		status=1
	fi
done < <(find "$root/testdata/terraform" -name '*.tf' -print0 | sort -z)
if [ "$count" -lt 10 ]; then
	echo "hcl_oracle: only $count .tf files under testdata/terraform/"
	status=1
fi
[ $status = 0 ] && echo "hcl_oracle: $count files, dtslint's reader and hclsyntax agree"
exit $status
