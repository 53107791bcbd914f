#!/usr/bin/env sh
# For trying docker/ out, never for production: makes, in this folder, a certificate authority of its own and with it
#   epss.pem            HAProxy's TLS certificate and key for the name given (default localhost), with localhost and 127.0.0.1
#   ca.crt              the authority (import it into a test browser to trust epss.pem; the servers trust Redis by it)
#   redis.crt/.key      Redis's TLS certificate, for the name "redis" on the compose network
#   dataprotection.pfx  the certificate that encrypts the servers' sign-in keys at rest, protected with
#                       $EPSS_DATAPROTECTION_PASSWORD (the same the compose file gives the servers)
# None of these is committed (see .gitignore); the authority's key is deleted once it has signed.
# A municipality brings its own: see the README, "Security".
#
#   EPSS_DATAPROTECTION_PASSWORD=... sh docker/tls/make-self-signed.sh epss.gemeente.example
set -eu
cd "$(dirname "$0")"
host="${1:-localhost}"
: "${EPSS_DATAPROTECTION_PASSWORD:?set EPSS_DATAPROTECTION_PASSWORD (the data-protection certificate is protected with it)}"
for file in epss.pem ca.crt redis.crt redis.key dataprotection.pfx; do
  if [ -e "$file" ]; then
    echo "docker/tls/$file exists already; remove the certificates first to make new ones." >&2
    exit 1
  fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
umask 077

openssl req -x509 -newkey rsa:3072 -nodes -days 825 -subj "/CN=Epss test CA (self-signed, not for production)" \
  -keyout "$work/ca.key" -out ca.crt 2>/dev/null

# sign NAME SAN OUT: a key and a certificate for NAME, signed by the authority.
sign() {
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$1" -keyout "$work/$3.key" -out "$work/$3.csr" 2>/dev/null
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$2" > "$work/$3.ext"
  openssl x509 -req -in "$work/$3.csr" -CA ca.crt -CAkey "$work/ca.key" -CAcreateserial -CAserial "$work/ca.srl" \
    -days 825 -sha256 -extfile "$work/$3.ext" -out "$work/$3.crt" 2>/dev/null
}

sign "$host" "DNS:$host,DNS:localhost,IP:127.0.0.1" epss
cat "$work/epss.crt" "$work/epss.key" > epss.pem

sign redis "DNS:redis" redis
cp "$work/redis.crt" redis.crt
cp "$work/redis.key" redis.key

openssl req -x509 -newkey rsa:3072 -nodes -days 3650 -subj "/CN=Epss data protection" \
  -keyout "$work/dp.key" -out "$work/dp.crt" 2>/dev/null
openssl pkcs12 -export -inkey "$work/dp.key" -in "$work/dp.crt" -out dataprotection.pfx -passout env:EPSS_DATAPROTECTION_PASSWORD

# The containers read them as their own users (haproxy, redis, the server's app user): readable, in this folder only.
chmod 644 epss.pem ca.crt redis.crt redis.key dataprotection.pfx
echo "Made epss.pem (for $host), ca.crt, redis.crt, redis.key and dataprotection.pfx in docker/tls. For trying out only."
