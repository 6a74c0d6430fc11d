#!/usr/bin/env bash
# The man page dtslint(1) against the program, and `meson install`:
#   - every option `dtslint --help` lists is in the man page's OPTIONS
#     section, with the same argument name, and vice versa;
#   - the required sections are there, the version in .TH is the program's,
#     the exit statuses of --help are described, and groff reads the page
#     without a warning;
#   - `meson install --destdir` installs exactly the binary, the man page,
#     the rule pages and the bash completion, and the installed binary runs.
# Usage: manpage.sh DTSLINT SOURCE_ROOT BUILD_ROOT MESON...
set -u
dtslint=$1
root=$2
build=$3
shift 3
meson=("$@")
export LC_ALL=C
man=$root/docs/dtslint.1
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

# Option tags as `-f, --format FORMAT`: from --help, each line that starts
# with blanks and '-': the options and the upper-case argument name, which
# may be a list or a pair (`ID[,ID]`, `ID=LEVEL`).
"$dtslint" --help > "$tmp/help" || fail "dtslint --help exits non-zero"
sed -E -n 's/^ +((-[A-Za-z], )?(--[a-z0-9-]+|-[A-Za-z])( [A-Z][][A-Z_=,]*)?)( .*)?$/\1/p' "$tmp/help" |
	sort > "$tmp/help-tags"
# From the man page: the line after each .TP in OPTIONS, font escapes
# dropped, '\-' read as '-'.
awk '/^\.SH /{in_opts = ($0 == ".SH OPTIONS")} in_opts && tp {print; tp = 0} in_opts && /^\.TP/{tp = 1}' "$man" |
	sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' | sort > "$tmp/man-tags"
[ -s "$tmp/help-tags" ] && ok || fail "no option found in dtslint --help"
while read -r tag; do
	grep -qxF -- "$tag" "$tmp/man-tags" && ok || fail "'$tag' is in dtslint --help but not in the man page's OPTIONS"
done < "$tmp/help-tags"
while read -r tag; do
	grep -qxF -- "$tag" "$tmp/help-tags" && ok || fail "'$tag' is in the man page's OPTIONS but not in dtslint --help"
done < "$tmp/man-tags"

# README.md's option table (## Usage) names every long option of --help,
# and nothing else: the option cells are the first column of its rows.
sed -E -n 's/^ +(-[A-Za-z], )?--([a-z0-9-]+).*$/--\2/p' "$tmp/help" | sort -u > "$tmp/help-long"
awk '/^## Usage/{u = 1; next} /^#/{if (u && !/^### /) u = 0} u && /^\| `/' "$root/README.md" |
	cut -d'|' -f2 | grep -oE -- '--[a-z0-9-]+' | sort -u > "$tmp/readme-long"
[ -s "$tmp/readme-long" ] && ok || fail "no option found in README.md's option table"
while read -r opt; do
	grep -qxF -- "$opt" "$tmp/readme-long" && ok || fail "'$opt' is in dtslint --help but not in README.md's option table"
done < "$tmp/help-long"
while read -r opt; do
	grep -qxF -- "$opt" "$tmp/help-long" && ok || fail "'$opt' is in README.md's option table but not in dtslint --help"
done < "$tmp/readme-long"
grep -qF "$(head -n 1 "$tmp/help" | sed 's/^usage: //')" "$root/README.md" && ok ||
	fail "README.md does not show --help's usage line: $(head -n 1 "$tmp/help")"

for section in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" CONFIGURATION FILES EXAMPLES; do
	grep -qxF ".SH $section" "$man" && ok || fail "the man page has no section $section"
done
version=$("$dtslint" --version | sed 's/^dtslint //')
grep -q "^\.TH DTSLINT 1 \"[0-9-]*\" \"dtslint $version\"" "$man" && ok ||
	fail "the man page's .TH does not name dtslint $version"
# Each exit status of --help ("0 clean, 1 findings ...") is an item of EXIT STATUS.
for code in $(tr '\n' ' ' < "$tmp/help" | sed -n 's/.*Exit status: //p' | grep -o '\b[0-9]\b'); do
	awk -v c="$code" '/^\.SH /{in_exit = ($0 == ".SH EXIT STATUS")} in_exit && tp && $0 == ".B " c {found = 1}
		{tp = /^\.TP/} END {exit !found}' "$man" && ok || fail "exit status $code is not described in EXIT STATUS"
done
if command -v groff > /dev/null; then
	groff -man -Tutf8 -ww -z "$man" > "$tmp/groff" 2>&1
	[ ! -s "$tmp/groff" ] && ok || { fail "groff warns about the man page:"; sed 's/^/  | /' "$tmp/groff"; }
else
	echo "note: groff is not installed, the man page's roff is not checked (.ci/run installs groff-base)"
fi

# meson install into a staging directory.
dest=$tmp/dest
if "${meson[@]}" install -C "$build" --no-rebuild --quiet --destdir "$dest" > "$tmp/install" 2>&1; then
	ok
else
	fail "meson install --destdir failed:"; sed 's/^/  | /' "$tmp/install" | tail -20
fi
"${meson[@]}" introspect "$build" --installed > "$tmp/installed.json"
# The absolute install paths of the binary, the man page, the rule folder
# and the bash completion.
read -r bin manpath rules completion < <(python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
def one(suffix):
    hits = [v for v in m.values() if v.endswith(suffix)]
    return hits[0] if len(hits) == 1 else "MISSING:" + suffix
print(one("/bin/dtslint"), one("/man1/dtslint.1"), one("/doc/dtslint/rules"),
      one("/share/bash-completion/completions/dtslint"))
' "$tmp/installed.json")
for p in "$bin" "$manpath" "$rules" "$completion"; do
	[ -e "$dest$p" ] && ok || fail "meson install did not install $p"
done
[ -x "$dest$bin" ] && "$dest$bin" --version > /dev/null && ok || fail "the installed binary does not run"
"$dest$bin" --explain DTS201 > "$tmp/explain" && grep -q DTS201 "$tmp/explain" && ok ||
	fail "the installed binary cannot --explain DTS201"
cmp -s "$man" "$dest$manpath" && ok || fail "the installed man page differs from docs/dtslint.1"
diff -r "$root/docs/rules" "$dest$rules" > "$tmp/diff" && ok || { fail "the installed rule pages differ:"; head "$tmp/diff"; }
cmp -s "$root/completion/dtslint.bash" "$dest$completion" && ok ||
	fail "the installed bash completion differs from completion/dtslint.bash"
# Nothing else: the benchmark and test programs stay in the build tree.
( cd "$dest" && find . -type f | sed 's/^\.//' | sort ) > "$tmp/files"
others=$(grep -vxF -e "$bin" -e "$manpath" -e "$completion" "$tmp/files" | grep -v "^$rules/DTS[0-9]*\.md$")
[ -z "$others" ] && ok || fail "meson install installs more than the binary, the man page, the rule pages and the completion: $others"

echo "manpage: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
