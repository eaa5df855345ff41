#!/usr/bin/env bash
# Runs the benchmark suite and writes the tuning report (called by `make bench`).
#   bench/run.sh BUILD_DIR [extra Google Benchmark flags...]
# Environment: BENCH_MIN_TIME (CPU seconds per benchmark, default 0.1), BENCH_MATRIX (full|quick),
# BENCH_REPORT_DIR (default bench/report), PIIPROXY_RULES (rule pack, default conf/rules),
# BENCH_PROFILE (1: also profile the hot path with perf, bench/profile.sh; 0: skip it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${1:?usage: bench/run.sh BUILD_DIR}"
shift
build="$(cd "$build" && pwd)"
report_dir="${BENCH_REPORT_DIR:-$here/report}"
min_time="${BENCH_MIN_TIME:-0.1}"
matrix="${BENCH_MATRIX:-full}"
rules="${PIIPROXY_RULES:-$here/../conf/rules}"
raw="$build/bench-raw.json"

# The engines of the per-family benchmarks reuse compiled databases between runs; the
# startup benchmarks measure cold and warm compiles themselves, independent of this cache.
args=(--rules="$rules" --cache_dir="$build/hsdb-cache" --matrix="$matrix"
      --benchmark_min_time="$min_time" --benchmark_out="$raw" --benchmark_out_format=json "$@")
echo "bench: $build/piimatch_bench ${args[*]}" >&2
"$build/piimatch_bench" "${args[@]}"
revision="$(git -C "$here/.." rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git -C "$here/.." status --porcelain -- conf matchers 2>/dev/null)" ]]; then
  revision="$revision (with uncommitted changes in conf/ or matchers/)"
fi
profile_args=()
if [[ "${BENCH_PROFILE:-1}" != 0 ]]; then
  bash "$here/profile.sh" "$build" "$build/profile"
  profile_args=(--profile "$build/profile")
fi
python3 "$here/make_report.py" "$raw" "$report_dir" --revision "$revision" "${profile_args[@]}" \
  --command "make bench  (bench/run.sh: piimatch_bench --matrix=$matrix --benchmark_min_time=$min_time $*)"
