#!/usr/bin/env bash
# `make run`: redacts the bundled sample with the default rule packs and shows findings.
set -euo pipefail
BUILD=${1:-build}
"$BUILD/piiproxy" scan --findings /dev/stderr conf/samples/sample.txt || [[ $? == 1 ]]
