#!/usr/bin/env bash
# Build the fuzz targets (clang, ASan+UBSan, -Dfuzz=true) into build-fuzz/,
# seed their corpora from testdata/ and rules/, and run both targets in
# parallel (one core each; fuzz_config after them) for SECONDS (default 600).  Findings land in
# build-fuzz/artifacts/; each target's log in build-fuzz/<target>.log.
# Usage: fuzz/run.sh [SECONDS]    (from anywhere)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}
out=$root/build-fuzz
cd "$root"
if [ ! -f "$out/build.ninja" ]; then
	CC=clang meson setup "$out" -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false
fi
ninja -C "$out" fuzz/fuzz_request fuzz/fuzz_rules fuzz/fuzz_config
[ -d "$out/corpus/config" ] || fuzz/seeds.sh "$out/corpus"
mkdir -p "$out/artifacts"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
pids=()
for t in request rules; do
	"$out/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -dict=fuzz/request.dict -artifact_prefix="$out/artifacts/$t-" \
		-print_final_stats=1 "$out/corpus/$t" > "$out/$t.log" 2>&1 &
	pids+=($!)
done
status=0
for p in "${pids[@]}"; do
	wait "$p" || status=1
done
# .dtslint.json files are small: a tenth of the time, alone.
"$out/fuzz/fuzz_config" -max_total_time="$(( (seconds + 9) / 10 ))" -timeout=10 -rss_limit_mb=2048 \
	-max_len=16384 -artifact_prefix="$out/artifacts/config-" -print_final_stats=1 \
	"$out/corpus/config" > "$out/config.log" 2>&1 || status=1
for t in request rules config; do
	echo "== fuzz_$t"
	grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$out/$t.log" || true
	grep -E 'ERROR|SUMMARY|Test unit written' "$out/$t.log" || echo "no finding"
done
exit $status
