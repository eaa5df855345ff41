#!/usr/bin/env bash
# `make run`: starts the bundled demo upstream (scripts/demo_upstream.py, fake personal
# data) and piiproxy in front of it with the bundled rules and the default policy, then
# shows with curl what a client sees. Interactive: keeps serving until Ctrl-C. Otherwise
# (CI, pipes) it stops after the demo. Ports: PROXY_PORT (8080), UPSTREAM_PORT (9000).
set -euo pipefail
BUILD=${1:-build}
PROXY_PORT=${PROXY_PORT:-8080}
UPSTREAM_PORT=${UPSTREAM_PORT:-9000}
PROXY="http://127.0.0.1:$PROXY_PORT"
cd "$(dirname "$0")/.."

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

python3 scripts/demo_upstream.py --listen "127.0.0.1:$UPSTREAM_PORT" &
pids+=($!)
"$BUILD/piiproxy" --listen "127.0.0.1:$PROXY_PORT" --upstream "127.0.0.1:$UPSTREAM_PORT" &
pids+=($!)

echo "run-demo: waiting for piiproxy on $PROXY (the first start compiles the rule packs; later starts use the cache)" >&2
for _ in $(seq 1 600); do
  if curl -s -o /dev/null "$PROXY/"; then break; fi
  if ! kill -0 "${pids[1]}" 2>/dev/null; then echo "run-demo: piiproxy did not start" >&2; exit 1; fi
  sleep 0.5
done

show() {  # show TITLE CURL-ARGS...
  local title=$1; shift
  echo
  echo "### $title"
  echo "\$ curl $*"
  curl -sS "$@"
  echo
}
echo
echo "Direct from the upstream (no proxy), personal data in clear:"
echo "\$ curl -s http://127.0.0.1:$UPSTREAM_PORT/users/1"
curl -sS "http://127.0.0.1:$UPSTREAM_PORT/users/1"
show "The same through piiproxy: the response body is masked" "$PROXY/users/1"
show "A request body is redacted before the upstream sees it (the upstream echoes it)" \
  -H 'Content-Type: application/json' -d '{"contact":"jane.doe@example.net","card":"4111 1111 1111 1111"}' "$PROXY/echo"
show "Headers: Location and Set-Cookie are scanned" -i "$PROXY/login"
show "The URL is scanned too (percent-decoded view); the upstream's 404 echoes the path it got" \
  "$PROXY/lookup?email=jane.doe%40example.net"
echo
if [[ -t 0 ]]; then
  echo "piiproxy is serving on $PROXY in front of the demo upstream; try the curl lines above. Ctrl-C stops both."
  wait "${pids[1]}"
fi
