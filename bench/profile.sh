#!/usr/bin/env bash
# Profiles the engine's hot path with perf for the tuning report (called by bench/run.sh).
#   bench/profile.sh BUILD_DIR OUT_DIR
# For each profiled case it writes OUT_DIR/<case>.txt (perf report: CPU samples
# per shared object and symbol) and OUT_DIR/<case>.json (the benchmark's own result, for
# the rate the shares are taken of). When perf is missing or not allowed to sample (e.g.
# kernel.perf_event_paranoid, containers), it writes OUT_DIR/unavailable.txt with the
# reason and exits 0: the report then says the profile is missing, the rest stands.
# Environment: PROFILE_MIN_TIME (CPU seconds per case, default 3), PIIPROXY_RULES.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${1:?usage: bench/profile.sh BUILD_DIR OUT_DIR}"
out="${2:?usage: bench/profile.sh BUILD_DIR OUT_DIR}"
min_time="${PROFILE_MIN_TIME:-3}"
rules="${PIIPROXY_RULES:-$here/../conf/rules}"
rm -rf "$out"
mkdir -p "$out"

unavailable() {
  echo "$1" >"$out/unavailable.txt"
  echo "bench: no profile: $1" >&2
  exit 0
}
command -v perf >/dev/null || unavailable "perf is not installed (Debian package linux-perf)"

# The headline case, the densest case of the same corpus, and prose and logs at 1%.
cases=(json/d1 json/d10 text/d1 log/d1)
for c in "${cases[@]}"; do
  name="${c//\//_}"
  filter="^engine/mask/$c/64K/w16K/all\$"
  # cpu-clock is a software event: it works on VMs without hardware counters. Sampling the
  # whole process includes pack loading and corpus generation; a long run keeps those to a
  # few percent (the report lists them as "setup").
  if ! perf record -q -e cpu-clock -o "$out/$name.data" -- \
      "$build/piimatch_bench" --peers=0 --rules="$rules" --cache_dir="$build/hsdb-cache" \
      --benchmark_filter="$filter" --benchmark_min_time="$min_time" \
      --benchmark_out="$out/$name.json" --benchmark_out_format=json >/dev/null 2>"$out/$name.err"; then
    unavailable "perf record failed: $(tail -n 3 "$out/$name.err" | tr '\n' ' ')"
  fi
  perf report -i "$out/$name.data" --stdio --no-children --sort dso,sym -g none -n \
    >"$out/$name.txt" 2>/dev/null
  rm -f "$out/$name.data" "$out/$name.err"
done
