#!/usr/bin/env bash
# Build the fuzz targets (clang, ASan+UBSan, -Dfuzz=true) into build-fuzz/,
# seed their corpora from testdata/ and rules/, and run them two at a time
# (one core each) for SECONDS (default 600) each: fuzz_request with
# fuzz_rules, then fuzz_lsp with fuzz_config (a tenth of the time: config
# files are small), then fuzz_shellwords and fuzz_hcl, one at a time, for a
# tenth each.  Findings land in build-fuzz/artifacts/; each target's
# log in build-fuzz/<target>.log.
# Usage: fuzz/run.sh [SECONDS]    (from anywhere)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}
out=$root/build-fuzz
cd "$root"
if [ ! -f "$out/build.ninja" ]; then
	CC=clang meson setup "$out" -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false
fi
ninja -C "$out" fuzz/fuzz_request fuzz/fuzz_rules fuzz/fuzz_config fuzz/fuzz_lsp fuzz/fuzz_shellwords fuzz/fuzz_hcl
[ -d "$out/corpus/hcl" ] || fuzz/seeds.sh "$out/corpus"
mkdir -p "$out/artifacts"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
status=0
# run TARGET SECONDS MAX_LEN TIMEOUT [OPTION...]: in the background
run() {
	local t=$1 s=$2 len=$3 timeout=$4
	shift 4
	"$out/fuzz/fuzz_$t" -max_total_time="$s" -timeout="$timeout" -rss_limit_mb=2048 \
		-max_len="$len" -artifact_prefix="$out/artifacts/$t-" -print_final_stats=1 \
		"$@" "$out/corpus/$t" > "$out/$t.log" 2>&1 &
}
run request "$seconds" 65536 10 -dict=fuzz/request.dict
p1=$!
run rules "$seconds" 65536 10 -dict=fuzz/request.dict
p2=$!
wait $p1 || status=1
wait $p2 || status=1
# fuzz_lsp has its own time oracle (5 s of CPU per request); libFuzzer's
# wall-clock timeout is only its backstop.
run lsp "$seconds" 16384 30 -dict=fuzz/request.dict
p1=$!
run config "$(( (seconds + 9) / 10 ))" 16384 10
p2=$!
wait $p1 || status=1
wait $p2 || status=1
# fuzz_shellwords: the shell and aliyun readers, seeded with testdata/shell/
if [ ! -d "$out/corpus/shellwords" ]; then
	mkdir -p "$out/corpus/shellwords"
	cp testdata/shell/*.sh testdata/shell/*.md "$out/corpus/shellwords/"
fi
run shellwords "$(( (seconds + 9) / 10 ))" 16384 10
wait $! || status=1
run hcl "$(( (seconds + 9) / 10 ))" 16384 10
wait $! || status=1
for t in request rules lsp config shellwords hcl; do
	echo "== fuzz_$t"
	grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$out/$t.log" || true
	grep -E 'ERROR|SUMMARY|Test unit written|^fuzz_' "$out/$t.log" || echo "no finding"
done
exit $status
