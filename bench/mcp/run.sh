#!/usr/bin/env bash
# run.sh — bench/mcp: steward mcp's tools/call round trip against a
# trivial SDK reference server. Usage: bench/mcp/run.sh STEWARD_BIN [N]
set -euo pipefail
bin=$(realpath "$1"); n=${2:-1000}
here=$(cd "$(dirname "$0")" && pwd)
sdk=$here/../../tests/mcp/node_modules
[ -d "$sdk/@modelcontextprotocol/sdk" ] || { echo "mcp: SDK not installed (make deps-node)"; exit 0; }
tmp=$(mktemp -d)
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$tmp"
"$bin" init >/dev/null
"$bin" serve --quiet 2>/dev/null & server=$!
for i in $(seq 50); do [ -S .steward.sock ] && break; sleep 0.1; done
"$bin" propose --name bench --mem 64M --time 1m -- /bin/true >/dev/null
"$bin" token create --role agent --name bench | head -1 >token
chmod 600 token
node "$here/bench.mjs" "$sdk" "$n" "$bin" "$tmp/token" 1
