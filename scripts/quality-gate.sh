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

echo "quality-gate: $binary eval --thresholds conf/quality-thresholds.yaml ${inputs[*]}"
set +e
"$binary" eval --rules "$root/conf/rules" --thresholds "$thresholds" --cache-dir "$build/eval-hs-cache" \
  --unlabelled "$root/docs" --unlabelled "$root/matchers" --unlabelled "$root/proxy" \
  "${inputs[@]}"
status=$?
set -e
case "$status" in
  0) echo "quality-gate: passed" ;;
  1) echo "quality-gate: FAILED: the numbers listed above are below their thresholds in conf/quality-thresholds.yaml" >&2 ;;
  *) echo "quality-gate: FAILED: piiproxy eval could not run (exit $status)" >&2 ;;
esac
exit "$status"
