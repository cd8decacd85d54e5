#!/usr/bin/env bash
# Runs every benchmark against its baseline, in the same run on this
# machine, and prints one line per figure: what, ours, baseline, ratio.
# Usage: bench/run.sh BUILD_DIR   (make bench does this)
set -euo pipefail
build=$(realpath "${1:-build}")
here=$(cd "$(dirname "$0")" && pwd)
echo "== core: metric ingest"
"$build/bench-ingest"
echo "== core: dispatch overhead"
"$here/core/dispatch.sh" "$build/steward" "$build/bench-forkexec" 200
echo "== core: the CLI through steward serve"
"$here/core/client.sh" "$build/steward" 200
echo "== mcp: tools/call round trip"
"$here/mcp/run.sh" "$build/steward" 1000 || true
echo "== policy"
"$build/bench_policy" || true
echo "== sandbox"
"$here/sandbox/run.sh" "$build" 200 || true
echo "== stats"
"$here/stats/run.sh" "$build" || true
echo "== search"
/usr/bin/python3 "$here/search/bench.py" "$build/steward" || true
echo "== snapshot"
"$here/snapshot/run.sh" "$build" || true
"$here/snapshot/disk.sh" "$build/steward" 100 20 || true
echo "== digest"
/usr/bin/python3 "$here/digest/bench.py" "$build/steward" || true
echo "== report"
"$here/report/run.sh" "$build/steward" 100 || true
echo "== web: GET /api/v1/status"
"$here/web/run.sh" "$build" || true
