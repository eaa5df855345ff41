#!/usr/bin/env bash
# Memory of the proxy (docs/performance.md):
#   1. peak RSS growth while streaming a 1 GiB response and a 1 GiB request body with
#      redaction on (bundled rules, default policy);
#   2. bytes per idle keep-alive client connection, at 2,000 connections, for piiproxy and
#      for nginx as a reverse proxy in front of the same upstream.
# Usage: scripts/memtest.sh [BUILD_DIR]     (env: BYTES=1073741824 CONNS=2000)
set -euo pipefail
BUILD=${1:-build}
BYTES=${BYTES:-1073741824}
CONNS=${CONNS:-2000}
cd "$(dirname "$0")/.."
H=scripts/perf_helpers.py
WORK=$(mktemp -d /tmp/piiproxy-memtest.XXXXXX)
UP=$((20000 + RANDOM % 10000)); PX=$((UP + 1)); NG=$((UP + 2))
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
wait_port() { for _ in $(seq 1 600); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.2; done; echo "port $1 not ready" >&2; exit 1; }
rss() { python3 $H rss "$1"; }  # prints "VmRSS VmHWM" in KiB

python3 $H upstream --listen 127.0.0.1:$UP & pids+=($!)
"$BUILD/piiproxy" --listen 127.0.0.1:$PX --upstream 127.0.0.1:$UP --workers 1 --log-level warn & PROXY=$!; pids+=($PROXY)
wait_port $UP; wait_port $PX
curl -s -o /dev/null "http://127.0.0.1:$PX/big?bytes=100000"   # warm-up: pools, first buffers
read -r _ HWM0 < <(rss $PROXY)
echo "piiproxy after start-up and one request: peak RSS ${HWM0} KiB"

# VmHWM includes start-up transients (rule loading), so RSS is also sampled while streaming.
sample_rss() {  # sample_rss PID OUTFILE: highest VmRSS seen until killed
  local max=0 r
  while true; do
    read -r r _ < <(rss "$1" 2>/dev/null) || break
    ((r > max)) && max=$r && echo $max > "$2"
    sleep 0.1
  done
}
stream() {  # stream download|upload
  local before after_hwm
  read -r before _ < <(rss $PROXY)
  echo "$before" > "$WORK/max"
  sample_rss $PROXY "$WORK/max" & local sampler=$!
  python3 $H "$1" --port $PX --bytes "$BYTES"
  kill $sampler 2>/dev/null; wait $sampler 2>/dev/null || true
  read -r _ after_hwm < <(rss $PROXY)
  echo "  $1 of $BYTES bytes: RSS before ${before} KiB, highest RSS while streaming $(cat "$WORK/max") KiB" \
       "(growth $(( $(cat "$WORK/max") - before )) KiB); VmHWM ${HWM0} -> ${after_hwm} KiB"
}
stream download
stream upload

idle_test() {  # idle_test NAME PORT PID
  local name=$1 port=$2 pid=$3 before after
  read -r before _ < <(rss "$pid")
  mkfifo "$WORK/hold.$name"
  python3 $H idle --port "$port" --count "$CONNS" < "$WORK/hold.$name" > "$WORK/idle.$name" &
  local idle=$!
  exec 9> "$WORK/hold.$name"
  for _ in $(seq 1 600); do grep -q ready "$WORK/idle.$name" 2>/dev/null && break; sleep 0.2; done
  sleep 0.5
  read -r after _ < <(rss "$pid")
  exec 9>&-
  wait $idle || true
  echo "$name: RSS $before KiB -> $after KiB with $CONNS idle keep-alive connections:" \
       "$(( (after - before) * 1024 / CONNS )) bytes per connection"
}
ulimit -n 20000 2>/dev/null || true
idle_test piiproxy $PX $PROXY

cat > "$WORK/nginx.conf" <<NGINX
worker_processes 1;
error_log $WORK/nginx-error.log;
pid $WORK/nginx.pid;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $WORK/body; proxy_temp_path $WORK/proxy;
  upstream backend { server 127.0.0.1:$UP; keepalive 64; }
  server {
    listen 127.0.0.1:$NG;
    keepalive_timeout 300s; keepalive_requests 100000;
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
NGINX
nginx -c "$WORK/nginx.conf" -g 'daemon off;' & pids+=($!)
wait_port $NG
NGINX_WORKER=$(pgrep -P "${pids[-1]}" | head -1)
idle_test nginx $NG "$NGINX_WORKER"
