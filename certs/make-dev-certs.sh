#!/usr/bin/env bash
# Makes a development CA and a server certificate signed by it, for trying piiproxy's TLS
# listener on a laptop or in tests. Nothing here is for production, and no private key is
# ever committed: keys are generated into OUT_DIR (default certs/dev/, git-ignored).
#
#   certs/make-dev-certs.sh [OUT_DIR] [HOSTNAME...]
#
# Writes ca.key, ca.crt, server.key, server.crt (SAN: the host names, localhost, 127.0.0.1, ::1).
set -euo pipefail
OUT=${1:-"$(dirname "$0")/dev"}
shift || true
HOSTS=("$@")
[[ ${#HOSTS[@]} -gt 0 ]] || HOSTS=(localhost)
mkdir -p "$OUT"
umask 077

san="IP:127.0.0.1,IP:::1"
for h in "${HOSTS[@]}"; do san="DNS:$h,$san"; done

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
  -subj "/CN=piiproxy development CA" -keyout "$OUT/ca.key" -out "$OUT/ca.crt" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -subj "/CN=${HOSTS[0]}" -keyout "$OUT/server.key" -out "$OUT/server.csr" 2>/dev/null
openssl x509 -req -in "$OUT/server.csr" -CA "$OUT/ca.crt" -CAkey "$OUT/ca.key" -CAcreateserial \
  -days 30 -out "$OUT/server.crt" \
  -extfile <(printf "subjectAltName=%s\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n" "$san") 2>/dev/null
rm -f "$OUT/server.csr" "$OUT/ca.srl"
echo "wrote $OUT/{ca.crt,ca.key,server.crt,server.key} for ${HOSTS[*]}"
