#!/bin/sh
# A self-signed certificate for trying the stack: ./make-self-signed.sh [host] [out dir]
# writes fullchain.pem and privkey.pem (nginx.conf's names). Browsers warn; use a real pair
# (e.g. from Let's Encrypt) in production, with the same file names.
set -eu
host="${1:-writers.localhost}"
out="${2:-$(dirname "$0")/certs}"
mkdir -p "$out"
umask 077
openssl req -x509 -newkey rsa:2048 -sha256 -nodes -days "${DAYS:-365}" \
  -keyout "$out/privkey.pem" -out "$out/fullchain.pem" \
  -subj "/CN=$host" -addext "subjectAltName=DNS:$host,DNS:localhost,IP:127.0.0.1" 2>/dev/null
chmod 0644 "$out/fullchain.pem"
echo "wrote $out/fullchain.pem and $out/privkey.pem for $host"
