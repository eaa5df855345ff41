#!/usr/bin/env bash
# The quality gate: runs `piiproxy eval` over the labelled data in ../shared/eval (beside the
# repository root), the repository's own tests/data, generated English prose and the
# repository's source and docs, and fails when any number in conf/quality-thresholds.yaml
# is missed. Usage: scripts/quality-gate.sh [BUILD_DIR]   (default: build)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-build}"
case "$build" in /*) ;; *) build="$root/$build" ;; esac
binary="$build/piiproxy"
eval_dir="$root/../shared/eval"
thresholds="$root/conf/quality-thresholds.yaml"

if [[ ! -x "$binary" ]]; then
  echo "quality-gate: FAILED: $binary not found; build first (make build)" >&2
  exit 1
fi
if [[ ! -d "$eval_dir" ]]; then
  echo "quality-gate: FAILED: labelled evaluation data not found at $eval_dir" >&2
  echo "quality-gate: the gate needs ../shared/eval beside the repository root (see docs/quality.md)" >&2
  exit 1
fi

inputs=("$eval_dir")
[[ -d "$root/tests/data" ]] && inputs+=("$root/tests/data")

# The held-out person sentences are made from names the product ships but the measurement
# must not know: they are scanned with a copy of the packs whose name dictionaries lack the
# names in tests/data/held_out_names.txt (see scripts/build-name-lists.py).
held_out_pack="$build/held-out-pack"
rm -rf "$held_out_pack"
mkdir -p "$held_out_pack"
cp -r "$root/conf/rules" "$root/conf/names" "$held_out_pack/"
for list in first_names.txt last_names.txt; do
  grep -vxF -f "$root/tests/data/held_out_names.txt" "$root/conf/names/$list" > "$held_out_pack/names/$list" || true
done

# Two runs: the default rules, and the rules an operator gets with `min_confidence: low`
# (cue-less digit runs added), each held to its own map in the thresholds file.
status=0
for level in normal low; do
  echo "quality-gate: $binary eval --min-confidence $level --thresholds conf/quality-thresholds.yaml ${inputs[*]}"
  set +e
  "$binary" eval --min-confidence "$level" --rules "$root/conf/rules" \
    --rules-for "person_sentences=$held_out_pack/rules" \
    --thresholds "$thresholds" --cache-dir "$build/eval-hs-cache" \
    --unlabelled "$root/docs" --unlabelled "$root/matchers" --unlabelled "$root/proxy" \
    "${inputs[@]}"
  run_status=$?
  set -e
  case "$run_status" in
    0) echo "quality-gate: min_confidence $level passed" ;;
    1) echo "quality-gate: FAILED (min_confidence $level): the numbers listed above are below their thresholds in conf/quality-thresholds.yaml" >&2 ;;
    *) echo "quality-gate: FAILED (min_confidence $level): piiproxy eval could not run (exit $run_status)" >&2 ;;
  esac
  if (( run_status > status )); then status=$run_status; fi
done
if (( status == 0 )); then echo "quality-gate: passed"; fi
exit "$status"
