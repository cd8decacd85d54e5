#!/usr/bin/env bash
# tcp.sh — the same API over TCP (`serve --listen`): loopback only, a
# bearer token on every request, roles enforced exactly as on the socket,
# bad requests answered with the right 4xx and nothing changed.
set -u
. "$(dirname "$0")/../cli/lib.sh"
new_project
PORT=$(( 20000 + $$ % 20000 ))
expect_exit 1 "a non-loopback --listen is refused (no TLS yet)" \
    "$STEWARD_BIN" serve --quiet --listen 0.0.0.0:$PORT
expect_text "only loopback" "and says why"
"$STEWARD_BIN" serve --quiet --listen 127.0.0.1:$PORT 2>"$TMP/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$TMP"' EXIT
# direct mode answers too: wait for the socket, then an answer through it
for i in $(seq 100); do [ -S .steward.sock ] && S status >/dev/null 2>&1 && break; sleep 0.1; done
owner=$(S token create --role owner --name web-owner | head -1)
agent=$(S token create --role agent --name web-agent | head -1)
S propose --name p1 --time 1m -- /bin/true >/dev/null
# http METHOD PATH TOKEN BODY -> "STATUS BODY"
http() {
    "$PY" - "$PORT" "$@" <<'PY'
import http.client, sys
port, method, path, token, body = sys.argv[1:6]
c = http.client.HTTPConnection("127.0.0.1", int(port), timeout=30)
h = {"Content-Type": "application/json"}
if token:
    h["Authorization"] = "Bearer " + token
c.request(method, path, body=body.encode() if body else None, headers=h)
r = c.getresponse()
print(r.status, r.read().decode(errors="replace").replace("\n", "\\n"))
PY
}
exec_body() { printf '{"argv":[%s],"cwd":"%s"}' "$1" "$PROJECT"; }
check "no token: 401" "http GET /api/v1/ping '' '' | grep -q '^401'"
check "a bad token: the command is refused (exit 4)" \
    "http POST /api/v1/exec stw_bogus '$(exec_body '"status"')' | grep -q 'x 4'"
check "an owner's token: status runs" \
    "http POST /api/v1/exec $owner '$(exec_body '"status"')' | grep -q 'p1.*x 0'"
check "an agent's token cannot approve (exit 4)" \
    "http POST /api/v1/exec $agent '$(exec_body '"approve","1"')' | grep -q 'x 4'"
check "an agent's token cannot resume (exit 4)" \
    "http POST /api/v1/exec $agent '$(exec_body '"resume"')' | grep -q 'x 4'"
check "an agent's token cannot apply a policy (exit 4)" \
    "http POST /api/v1/exec $agent '$(exec_body '"policy","apply","x"')' | grep -Eq 'x [14]'"
check "nor start an agent session (403)" \
    "http POST /api/v1/agents $agent '{\"name\":\"x\"}' | grep -q '^403'"
check "the server reads no file a client names but did not send" \
    "http POST /api/v1/exec $owner '$(exec_body "\"policy\",\"check\",\"$PROJECT/.steward/policy\"")' | grep -q 'names a file the server.*x 1'"
check "malformed JSON: 400" "http POST /api/v1/exec $owner '{nope' | grep -q '^400'"
check "wrong method: 405" "http DELETE /api/v1/exec $owner '' | grep -q '^405'"
check "unknown route: 404" "http POST /api/v1/nosuch $owner '{}' | grep -q '^404'"
big=$("$PY" -c "print('{\"argv\":[\"' + 'a' * (65 << 20) + '\"]}')" > "$TMP/big"; echo ok)
check "a body over the cap: 400" \
    "'$PY' -c \"
import http.client,sys
c=http.client.HTTPConnection('127.0.0.1',$PORT,timeout=60)
c.request('POST','/api/v1/exec',body=open('$TMP/big','rb'),headers={'Authorization':'Bearer $owner','Content-Type':'application/json'})
sys.exit(0 if c.getresponse().status==400 else 1)\""
check "nothing was approved by any of it" \
    '[ "$(S status 1 --json | json_get "[\"state\"]")" = pending_review ]'
check "the owner's token approves" \
    "http POST /api/v1/exec $owner '$(exec_body '"approve","1"')' | grep -q 'x 0'"
expect_exit 0 "the ledger verifies" S ledger verify
finish
