#!/usr/bin/env bash
# Build the seed corpora of the fuzz targets from the project's own data:
#   OUT/request: every request under testdata/ and examples/ (hostile
#                inputs included), plus generated DbList requests
#   OUT/rules:   the rules/ folder as fuzz_rules reads it (files joined
#                by NUL bytes), whole and with files left out
#   OUT/config:  the .dtslint.json files of testdata/ and README's example
#   OUT/lsp:     sessions of the language server (fuzz/lsp_seeds.py)
#   OUT/hcl:     the .tf files of testdata/terraform/
# Usage: fuzz/seeds.sh OUT   (run from anywhere; OUT is created)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$1
mkdir -p "$out/request" "$out/rules" "$out/config" "$out/hcl"
i=0
for f in "$root"/testdata/good/*.json "$root"/testdata/bad/*/*.json "$root"/testdata/good/*.txt "$root"/testdata/bad/*/*.txt \
         "$root"/testdata/hostile/* "$root"/examples/*.json; do
	[ -f "$f" ] || continue
	case $f in *.expected|*.args|*.md) continue ;; esac
	# libFuzzer's -max_len applies anyway; keep seeds small and fast
	[ "$(stat -c %s "$f")" -le 65536 ] || continue
	cp "$f" "$out/request/seed-$i"
	i=$((i + 1))
done
for form in object string; do
	python3 "$root/tools/gen_request.py" --dblist-bytes 3000 --form "$form" > "$out/request/gen-$form"
	python3 "$root/tools/gen_request.py" --dblist-bytes 3000 --form "$form" --minify > "$out/request/gen-$form-min"
done

# join FILE... : the files with a NUL between each
join() {
	local first=1
	for f in "$@"; do
		[ $first = 1 ] || printf '\0'
		cat "$f"
		first=0
	done
}
rules=("$root"/rules/*.json)
join "${rules[@]}" > "$out/rules/all"
for skip in "${!rules[@]}"; do
	rest=()
	for k in "${!rules[@]}"; do
		[ "$k" = "$skip" ] || rest+=("${rules[$k]}")
	done
	join "${rest[@]}" > "$out/rules/without-$skip"
done
for k in "${!rules[@]}"; do
	cp "${rules[$k]}" "$out/rules/single-$k"
done
i=0
for f in "$root"/testdata/bad/*/*.dtslint; do
	[ -f "$f" ] || continue
	cp "$f" "$out/config/seed-$i"
	i=$((i + 1))
done
# README's example configuration (the first json block after "## Configuration")
sed -n '/^## Configuration/,/^```$/p' "$root/README.md" | sed -n '/^```json$/,/^```$/p' | sed '1d;$d' \
	> "$out/config/readme"
python3 "$root/fuzz/lsp_seeds.py" "$root" "$out/lsp"
cp "$root"/testdata/terraform/*.tf "$out/hcl/"
echo "seeds: $(ls "$out/request" | wc -l) requests, $(ls "$out/rules" | wc -l) rule folders," \
     "$(ls "$out/config" | wc -l) configs, $(ls "$out/lsp" | wc -l) language server sessions," \
     "$(ls "$out/hcl" | wc -l) .tf files in $out"
