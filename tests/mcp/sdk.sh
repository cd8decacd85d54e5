#!/usr/bin/env bash
# sdk.sh — steward mcp under the official MCP TypeScript SDK client
# (sdk.mjs), inside `steward agent` and with --token-file, against a
# running `steward serve`. The SDK is installed by `make check` into
# tests/mcp/node_modules from the committed package-lock.json.
set -u
. "$(dirname "$0")/../cli/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
command -v node >/dev/null || { echo "not ok - node is not installed"; exit 1; }
[ -d "$HERE/node_modules/@modelcontextprotocol/sdk" ] ||
    (cd "$HERE" && npm ci --no-audit --no-fund >/dev/null 2>&1) ||
    { echo "not ok - the MCP SDK is not installed (make deps-node)"; exit 1; }

new_project
# The agent runs as uid 65534 when we are root: it must see the project
# and, inside the sandbox, a steward binary of its own (the sandbox shows
# the project and the system directories only).
chmod 755 "$TMP" "$PROJECT"
cp "$STEWARD_BIN" ./steward
"$STEWARD_BIN" serve --quiet 2>"$TMP/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$TMP"' EXIT
for i in $(seq 50); do [ -S .steward.sock ] && break; sleep 0.1; done
check "the server listens" "[ -S .steward.sock ]"

# LeakSanitizer cannot run where ptrace is denied (sanitized builds).
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
node "$HERE/sdk.mjs" agent "$STEWARD_BIN" agent --name claude \
    --env ASAN_OPTIONS -- ./steward mcp
check "the SDK session inside steward agent passed" "[ $? -eq 0 ]"

S token create --role agent --name sdk | head -1 >"$TMP/token"
chmod 600 "$TMP/token"
node "$HERE/sdk.mjs" token "$STEWARD_BIN" mcp --token-file "$TMP/token"
check "the SDK session with --token-file passed" "[ $? -eq 0 ]"

S status --json >"$TMP/all" 2>/dev/null
check "proposals are on record as their principals" \
    "grep -q agent:claude $TMP/all && grep -q token:sdk $TMP/all"
finish
