#!/usr/bin/env bash
# tls.sh — `serve --listen` with --tls-cert/--tls-key speaks HTTPS only;
# the session cookie is Secure then; a non-loopback --listen without TLS
# is refused with the reason; half a TLS configuration is refused.
set -u
. "$(dirname "$0")/../cli/lib.sh"
command -v openssl >/dev/null && command -v curl >/dev/null ||
    { echo "openssl and curl are needed"; exit 1; }
new_project
PORT=$(( 20000 + ($$ * 3) % 20000 ))
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TMP/key.pem" \
    -out "$TMP/cert.pem" -days 2 -subj /CN=localhost 2>/dev/null
expect_exit 1 "a non-loopback --listen without TLS is refused" \
    "$STEWARD_BIN" serve --quiet --listen 0.0.0.0:$PORT
expect_text "without TLS.*--tls-cert" "and says what to do instead"
expect_exit 1 "a certificate without its key is refused" \
    "$STEWARD_BIN" serve --quiet --listen 127.0.0.1:$PORT --tls-cert "$TMP/cert.pem"
"$STEWARD_BIN" serve --quiet --listen 127.0.0.1:$PORT \
    --tls-cert "$TMP/cert.pem" --tls-key "$TMP/key.pem" 2>"$TMP/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$TMP"' EXIT
# direct mode answers too: wait for the socket, then an answer through it
for i in $(seq 100); do [ -S .steward.sock ] && S status >/dev/null 2>&1 && break; sleep 0.1; done
tok=$(S token create --role owner --name tls | head -1)
check "HTTPS answers the API" \
    "[ \"\$(curl -sk -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer $tok' https://127.0.0.1:$PORT/api/v1/queue)\" = 200 ]"
check "plain HTTP gets no answer" \
    "! curl -s -m 5 -o /dev/null http://127.0.0.1:$PORT/api/v1/queue"
url=$(S open)
check "steward open gives an https:// URL" "[ \"\${url#https://}\" != \"$url\" ]"
check "the session cookie is Secure under TLS" \
    "curl -sk -D - -o /dev/null '$url' | grep -qi '^set-cookie:.*HttpOnly; SameSite=Strict; Secure'"
finish
