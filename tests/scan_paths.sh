#!/usr/bin/env bash
# The vector scans (bytescan.c: SSE2, AVX2) against the portable one, on
# the same inputs: every input of testdata/ (the snapshots' inputs, the
# hostile ones: invalid UTF-8, NUL bytes, unterminated strings, deep
# nesting), the fuzz seeds' generated requests, and big requests in both
# forms (the runs of a 10 MB DbList cross many vector blocks).  Each
# implementation is forced with DTSLINT_SCAN; the JSON reports and exit
# statuses must be the same byte for byte.  One a processor cannot run
# falls back to the best it can, so the comparison still holds.
# Usage: tests/scan_paths.sh DTSLINT SOURCE_ROOT
set -euo pipefail
dtslint=$1
root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

inputs=()
while IFS= read -r -d '' f; do
	inputs+=("$f")
done < <(find "$root/testdata" -type f \( -name '*.json' -o -name '*.txt' -o -name '*.bin' -o -name '*.tf' \
	-o -name '*.sh' -o -name '*.md' \) ! -name README.md ! -name '.dtslint.json' -print0 | sort -z)
for form in object string; do
	python3 "$root/tools/gen_request.py" --dblist-bytes 3000 --form "$form" > "$work/gen-$form.json"
	python3 "$root/tools/gen_request.py" --dblist-bytes 3000 --form "$form" --minify > "$work/gen-$form-min.json"
	python3 "$root/tools/gen_request.py" --dblist-bytes 400000 --form "$form" > "$work/big-$form.json"
done
# a long line with multi-byte characters before a finding (columns are
# counted in code points), one that is not UTF-8 half-way through, and
# each byte that stops a string's run (a control character's message
# names its place) inside a block
python3 - "$work" <<'PY'
import sys
w = sys.argv[1]
pad = 'é€𝄞a' * 20000
open(w + '/long-line.json', 'w', encoding='utf-8').write('{"Action": "X", "Pad": "%s", "Bad": 1,}' % pad)
open(w + '/bad-utf8.json', 'wb').write(('{"Pad": "%s' % pad).encode() + b'\xff\xfe"}')
# every byte that ends a run inside a string, deep in a vector block
for b in list(range(0x20)) + [0x22, 0x5c, 0x7f, 0x80, 0xc3]:
    open(w + '/byte-%02x.json' % b, 'wb').write(b'{"Action": "' + b'a' * 37 + bytes([b]) + b'b' * 40 + b'"}')
PY
inputs+=("$work"/*.json)

run() {
	local impl=$1
	(cd "$root" && DTSLINT_SCAN=$impl "$dtslint" --format json --fail-on none --no-config "${inputs[@]}" \
		> "$work/$impl.out" 2>&1; echo "exit $?" >> "$work/$impl.out")
}
run portable
for impl in sse2 avx2; do
	run "$impl"
	if ! cmp -s "$work/portable.out" "$work/$impl.out"; then
		echo "DTSLINT_SCAN=$impl and DTSLINT_SCAN=portable differ on the same inputs:"
		diff "$work/portable.out" "$work/$impl.out" | head -20
		exit 1
	fi
done
echo "portable, sse2 and avx2 scans: the same reports on ${#inputs[@]} inputs ($(wc -c < "$work/portable.out") bytes)"
