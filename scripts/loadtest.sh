#!/usr/bin/env bash
# Load test (docs/performance.md): proxy CPU-microseconds per request for 1 KB and 64 KB JSON
# responses, for nginx as a pass-through reverse proxy, piiproxy with redaction off and
# piiproxy with redaction on (bundled rules, default policy), measured in the same run.
#
#   scripts/loadtest.sh [BUILD_DIR]
#   env: DURATION=5 (s per run)  CONNS=32  ROUNDS=1  PROXY_CPU=0  LOAD_CPU=1
#
# The proxy under test is pinned to PROXY_CPU (one core, one worker); wrk and the backend
# (nginx serving static files) share LOAD_CPU. CPU time is read from /proc (utime+stime of
# the proxy's processes) before and after each wrk run and divided by the requests wrk
# completed, so the figure does not depend on how busy the rest of the machine is
# (throughput does; it is shown for information only).
set -euo pipefail
BUILD=${1:-build}
DURATION=${DURATION:-5}
CONNS=${CONNS:-32}
ROUNDS=${ROUNDS:-1}
PROXY_CPU=${PROXY_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
cd "$(dirname "$0")/.."
ROOT=$(pwd)
for tool in wrk nginx taskset curl python3; do
  command -v $tool >/dev/null || { echo "loadtest: $tool is missing (scripts/install-deps.sh --load)" >&2; exit 1; }
done
WORK=$(mktemp -d /tmp/piiproxy-load.XXXXXX)
BASE=$((30000 + RANDOM % 10000))
BACKEND=$BASE; NGINX_PROXY=$((BASE + 1)); PII_OFF=$((BASE + 2)); PII_ON=$((BASE + 3))
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
wait_port() { for _ in $(seq 1 600); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.2; done; echo "port $1 not ready" >&2; exit 1; }

chmod 755 "$WORK"   # nginx workers run as an unprivileged user when started as root
mkdir -p "$WORK/www"
python3 scripts/perf_helpers.py json --bytes 1024 > "$WORK/www/1k.json"
python3 scripts/perf_helpers.py json --bytes 65536 > "$WORK/www/64k.json"

nginx_conf() {  # nginx_conf NAME BODY
  cat > "$WORK/$1.conf" <<NGINX
worker_processes 1;
error_log $WORK/$1-error.log;
pid $WORK/$1.pid;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/$1-body; proxy_temp_path $WORK/$1-proxy;
  fastcgi_temp_path $WORK/$1-fcgi; uwsgi_temp_path $WORK/$1-uwsgi; scgi_temp_path $WORK/$1-scgi;
  keepalive_requests 1000000;
  $2
}
NGINX
}
nginx_conf backend "server { listen 127.0.0.1:$BACKEND; default_type application/json; root $WORK/www; open_file_cache max=16; location / { } }"
nginx_conf proxy "upstream backend { server 127.0.0.1:$BACKEND; keepalive 64; }
  server { listen 127.0.0.1:$NGINX_PROXY; location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection \"\"; } }"

taskset -c "$LOAD_CPU" nginx -c "$WORK/backend.conf" -g 'daemon off;' & pids+=($!)
taskset -c "$PROXY_CPU" nginx -c "$WORK/proxy.conf" -g 'daemon off;' & NGINX_PID=$!; pids+=($NGINX_PID)
taskset -c "$PROXY_CPU" "$BUILD/piiproxy" --listen 127.0.0.1:$PII_OFF --upstream 127.0.0.1:$BACKEND \
  --workers 1 --no-redact --log-level warn & OFF_PID=$!; pids+=($OFF_PID)
taskset -c "$PROXY_CPU" "$BUILD/piiproxy" --listen 127.0.0.1:$PII_ON --upstream 127.0.0.1:$BACKEND \
  --workers 1 --log-level warn & ON_PID=$!; pids+=($ON_PID)
for p in $BACKEND $NGINX_PROXY $PII_OFF $PII_ON; do wait_port $p; done
NGINX_PIDS="$NGINX_PID $(pgrep -P $NGINX_PID | tr '\n' ' ')"

cpu_ticks() { local t=0; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' /proc/$p/stat))); done; echo $t; }
HZ=$(getconf CLK_TCK)

measure() {  # measure LABEL PORT FILE PIDS...
  local label=$1 port=$2 file=$3; shift 3
  curl -s -o /dev/null "http://127.0.0.1:$port/$file"   # warm-up
  local c0 c1 out reqs errors rps
  c0=$(cpu_ticks "$@")
  out=$(taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNS" -d"${DURATION}s" "http://127.0.0.1:$port/$file")
  c1=$(cpu_ticks "$@")
  reqs=$(awk '/requests in/ {print $1}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $NF}' <<<"$out"); errors=${errors:-0}
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  awk -v l="$label" -v f="$file" -v c=$((c1 - c0)) -v hz="$HZ" -v r="$reqs" -v e="$errors" -v rps="$rps" \
    'BEGIN { printf "| %-24s | %-9s | %8d | %9.1f | %10.0f | %6s |\n", l, f, r, c * 1e6 / hz / r, rps, e }'
}

echo "loadtest: wrk -t1 -c$CONNS -d${DURATION}s; proxies pinned to CPU $PROXY_CPU, wrk + backend on CPU $LOAD_CPU"
echo
echo "| proxy                    | response  | requests | CPU-us/req | req/s      | errors |"
echo "|--------------------------|-----------|----------|------------|------------|--------|"
for round in $(seq 1 "$ROUNDS"); do
  for file in 1k.json 64k.json; do
    measure "nginx (pass-through)" $NGINX_PROXY $file $NGINX_PIDS
    measure "piiproxy redaction off" $PII_OFF $file $OFF_PID
    measure "piiproxy redaction on" $PII_ON $file $ON_PID
  done
done
# Sanity: the redacting proxy really redacts the load-test body.
if curl -s "http://127.0.0.1:$PII_ON/1k.json" | grep -q '@example.com'; then
  echo "WARNING: an e-mail address passed the redacting proxy" >&2
fi
