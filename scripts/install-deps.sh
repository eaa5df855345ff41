#!/usr/bin/env bash
# Installs every Debian 12 package that building, testing, benchmarking and running
# piiproxy needs. Idempotent: packages already present are skipped, and apt is only
# touched when something is missing. Uses sudo when not run as root.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config git ca-certificates
  libhyperscan-dev libevent-dev libssl-dev openssl
  libspdlog-dev libfmt-dev libyaml-cpp-dev zlib1g-dev libpcre2-dev
  nlohmann-json3-dev node-llhttp
  libgtest-dev libgmock-dev libbenchmark-dev libre2-dev
  curl python3 wamerican
)
# Only needed by the load/memory scripts (make loadtest), not by make test.
if [[ "${1:-}" == "--load" ]]; then
  PACKAGES+=(wrk nginx-light procps)
fi
# Only needed by make bench: the report's profile of the hot path (bench/profile.sh).
if [[ "${1:-}" == "--bench" ]]; then
  PACKAGES+=(linux-perf)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
