#!/usr/bin/env bash
# report.sh — builds a small campaign with an agent's <script> rationale,
# writes its report and the attention page, and hands both to report.mjs
# in headless Chromium (Debian's chromium, playwright-core pinned in
# package.json, installed by `make check`). Screenshots go to
# report-screenshots/ in the test's working directory (the build dir).
set -u
OUT=$(pwd)/report-screenshots
. "$(dirname "$0")/../cli/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
command -v node >/dev/null || { echo "not ok - node is not installed"; exit 1; }
[ -d "$HERE/node_modules/playwright-core" ] ||
    (cd "$HERE" && npm ci --no-audit --no-fund >/dev/null 2>&1) ||
    { echo "not ok - playwright-core is not installed (make deps-node)"; exit 1; }

new_project
printf 'lr: loguniform(0.001, 20)\nl2: uniform(0, 0.05)\n' > space
S campaign create lr-search --objective "minimize loss" --max-runs 8 \
    --cpus 1 --mem 256M --time 2m --command ./train --cpu-hours 5 \
    --space space --sampler tpe --seed 3 --trials 5 --slots 2 \
    -- ./train --epochs 12 >/dev/null
S campaign approve lr-search --reason "cheap sweep" >/dev/null
S dispatch --once >/dev/null 2>&1
S propose --name 'evil<b>' --campaign lr-search --mem 256M --time 2m \
    --param 'note="<img src=x onerror=alert(1)>"' \
    --rationale '<script>alert("xss")</script>' -- ./train >/dev/null
S report lr-search --out campaign >/dev/null &&
    S report --since 24h --out attention >/dev/null
check "both reports written" "[ -s campaign/report.html ] && [ -s attention/report.html ]"
sum=$(S campaign summary lr-search --json)
# Every search trial ran and reported loss: 5 curves and 5 lines.
n=$(echo "$sum" | "$PY" -c "import json,sys; d=json.load(sys.stdin); print(sum(1 for t in d['trials'] if t['value'] is not None))")
mkdir -p "$OUT"
SCREENSHOTS="$OUT" node "$HERE/report.mjs" "$PWD/campaign/report.html" \
    "$PWD/attention/report.html" "$n" "$n"
check "the browser checks passed (screenshots in $OUT)" "[ $? -eq 0 ]"
finish
