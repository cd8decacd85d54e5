#!/usr/bin/env bash
# web.sh — the reviewer's web page in real headless Chromium (web.mjs):
# a project with proposals, `steward serve --listen` with its dispatcher,
# a login URL from `steward open`, and an agent's token for the refusals.
# Screenshots go to $PWD/screenshots (the build directory under ctest).
set -u
. "$STEWARD_SOURCE/tests/cli/lib.sh"
command -v node >/dev/null || { echo "node missing: make deps-node"; exit 1; }
[ -d "$STEWARD_SOURCE/tests/browser/node_modules/playwright-core" ] ||
    { echo "playwright-core missing: make deps-node"; exit 1; }
SHOTS=${SCREENSHOTS:-$PWD/screenshots}
new_project
PORT=$(( 20000 + ($$ * 7) % 20000 ))
S propose --name first --time 1m --rationale 'see <b>if</b> "lr" helps' \
    -- ./train --epochs 30 >/dev/null
S propose --name second --time 1m --rationale "a second look" \
    -- ./train --epochs 20 --lr 0.05 >/dev/null
S propose --name third --time 1m -- ./train --epochs 10 >/dev/null
"$STEWARD_BIN" serve --quiet --listen 127.0.0.1:$PORT 2>"$TMP/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$TMP"' EXIT
# direct mode answers too: wait for the socket, then an answer through it
for i in $(seq 100); do [ -S .steward.sock ] && S status >/dev/null 2>&1 && break; sleep 0.1; done
agent=$(S token create --role agent --name web-agent | head -1)
S open >"$TMP/url" || { echo "steward open failed"; exit 1; }
url=$(cat "$TMP/url")
cd "$STEWARD_SOURCE/tests/browser" &&
    STEWARD_URL="$url" STEWARD_BASE="http://127.0.0.1:$PORT" \
    STEWARD_AGENT_TOKEN="$agent" SCREENSHOTS="$SHOTS" node web.mjs
rc=$?
echo "# server log:"; sed 's/^/#   /' "$TMP/serve.log" | tail -20
exit $rc
