#!/usr/bin/env bash
# report.sh — `steward report`: the campaign report and the attention page
# as Markdown and self-contained HTML: every section there, the numbers
# the record holds, an agent's words escaped, bad input refused, and the
# files written by the client (never by the server) when a server runs.
. "$(dirname "$0")/lib.sh"

new_project
# 4 runs per agent per day, so the campaign's 4 trials ring a budget alarm.
printf '\nbudget 4 runs per agent per day\n' >> .steward/policy
printf 'lr: loguniform(0.001, 20)\nl2: uniform(0, 0.05)\n' > space
S campaign create lr-search --objective "minimize loss" --max-runs 6 \
    --cpus 1 --mem 256M --time 2m --command ./train --cpu-hours 5 \
    --space space --sampler tpe --seed 1 --trials 4 --slots 2 \
    -- ./train --epochs 12 >/dev/null
S campaign approve lr-search --reason "cheap sweep" >/dev/null
S dispatch --once >/dev/null 2>&1
S compare 1 2 --metric loss >/dev/null
# An agent's words at their worst: markup in the name, rationale and a
# param value; a pipe and backticks that would break a Markdown table.
S propose --name 'evil<b>|`x`' --campaign lr-search --mem 256M --time 2m \
    --param 'note="<img src=x onerror=alert(1)>"' --tag '<u>tag</u>' \
    --rationale '<script>alert("xss")</script> | `code`' -- ./train >/dev/null
S propose --name waits --mem 256M --time 2m -- ./train >/dev/null
S approve 6 --reason "fine" >/dev/null
S halt --reason "budget check" >/dev/null
sum=$(S campaign summary lr-search --json)
best=$(echo "$sum" | json_get "['best']['experiment']")
ntrials=$(echo "$sum" | json_get "['trials'].__len__()")

expect_exit 0 "report CAMPAIGN writes the report" S report lr-search --out out
expect_text "wrote out/report.md and out/report.html" "it says where"
md=out/report.md html=out/report.html
for s in "Objective and envelope" "Budget burn" "Best runs" "Metric curves" \
         "The search in parallel coordinates" "Anomalies found by the digest" \
         "Comparisons" "Decisions timeline" "Promotion"; do
    check "report.md has '$s'" "grep -q '^## $s' $md"
    check "report.html has '$s'" "grep -q '>$s</h2>' $html"
done
check "objective and trial counts" \
    "grep -q 'objective\*\*: minimize loss' $md && grep -q 'trials\*\*: $ntrials (4 complete' $md"
check "the envelope in human units" "grep -q 'mem\\\\_bytes\*\*: 256M' $md"
check "the best run ranks first" "grep -qE '^\| 1 \| $best \|' $md"
check "budget burn: the 4 runs (not the waiting proposal) against the envelope" \
    "[ $ntrials = 5 ] && grep -qE '^\| runs \(envelope\) \| 4 \| 6 \| 66.7% \|' $md"
check "budget burn: the policy account" \
    "grep -q 'budget: runs per day (policy line' $md"
check "the stored comparison with its verdict" \
    "grep -qE '^\| 1 \| 1 \| 2 \| loss \|.*No clear difference' $md"
check "the decisions timeline names the campaign approval" \
    "grep -qE 'user:root \| campaign.approve \| campaign:lr-search \| [0-9.]+m?s \| cheap sweep' $md"
check "the pending agent proposal is in the timeline" \
    "grep -q 'sent to review by policy' $md"
check "no promotion requested" "grep -q '^no promotion requested' $md"
nseries=$(grep -o 'data-plot="lines" data-series="[0-9]*"' $html | tr -cd '0-9')
check "one curve per trial that ran" "[ \"$nseries\" = 4 ]"
check "the curves' polylines" "[ \$(grep -c '<polyline class=\"series' $html) = 4 ]"
check "parallel coordinates: one line per trial with a value, axes lr, l2, loss" \
    "grep -q 'data-plot=\"parallel\" data-series=\"4\" data-axes=\"3\"' $html"
check "the best trial is highlighted" \
    "[ \$(grep -c 'class=\"trial best\"' $html) = 1 ] && [ \$(grep -c 'class=\"series best\"' $html) = 1 ]"

# Escaping: an agent's words never become markup.
check "HTML: a Content-Security-Policy that allows no script" \
    "grep -q \"http-equiv=\\\"Content-Security-Policy\\\" content=\\\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\" $html"
check "HTML: no script element, no img element, no event handler" \
    "! grep -qiE '<script|<img|evil<b>|onerror=alert\\(1\\)>' $html"
check "HTML: the rationale shows as text" \
    "grep -qF '&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;' $html"
check "HTML: the param value shows as text" \
    "grep -qF 'note=&quot;&lt;img src=x onerror=alert(1)&gt;&quot;' $html"
check "Markdown: no raw HTML" "! grep -qiE '<script|<img|<b>' $md"
check "Markdown: the rationale escaped" \
    "grep -qF '&lt;script&gt;alert(\"xss\")&lt;/script&gt; \\| \\\`code\\\`' $md"
row=$(grep -F 'evil&lt;b&gt;' $md | grep -F 'source' -v | head -1)
cols=$(printf '%s' "$row" | sed 's/\\|//g' | tr -cd '|' | wc -c)
check "Markdown: the agent's row keeps its 10 cell borders" "[ \"$cols\" = 10 ]"
check "the tag escaped in both" \
    "grep -qF '&lt;u&gt;tag&lt;/u&gt;' $md && grep -qF '&lt;u&gt;tag&lt;/u&gt;' $html && ! grep -q '<u>' $html"

# The attention page.
expect_exit 0 "report --since 24h writes the attention page" \
    S report --since 24h --out att
amd=att/report.md ahtml=att/report.html
for s in "Active halts" "Pending cards" "Approvals expiring soon" \
         "Anomalies of runs finished in the window" "Budget alarms" \
         "Halted campaigns"; do
    check "attention.md has '$s'" "grep -q '^## $s' $amd"
    check "attention.html has '$s'" "grep -q '>$s</h2>' $ahtml"
done
check "the active halt and its reason" "grep -qE '^\| global \|.*budget check' $amd"
check "the pending card, how long it waited, escaped" \
    "grep -F '| 5 | evil&lt;b&gt;\\|\\\`x\\\` | user:root |' $amd | grep -qE '\| user:root \| [0-9.]+m?s \|'"
check "1 proposal waits" "grep -q '^1 proposals wait' $amd"
check "the approval lapsing within the window" "grep -qE '^\| 6 \| waits \|' $amd"
check "the budget alarm at 100%" "grep -qE '^\| campaign:lr-search \| runs \| day \| 4 \| 4 \| 100% \|' $amd"
check "runs finished in the window counted" "grep -q '^4 runs finished in the window' $amd"
check "attention HTML escapes the rationale" \
    "grep -qF '&lt;script&gt;' $ahtml && ! grep -qi '<script' $ahtml"
sql "UPDATE campaigns SET state = 'paused', state_reason = 'pruner <i>gave up</i>' WHERE name = 'lr-search'" >/dev/null
S report --since 7d --out att7 >/dev/null
check "a stopped campaign, its reason escaped" \
    "grep -qF '| lr-search | paused | pruner &lt;i&gt;gave up&lt;/i&gt; |' att7/report.md"
expect_exit 0 "the default directory" S report --since 90m
check "report-attention/ holds both files" \
    "[ -s report-attention/report.md ] && [ -s report-attention/report.html ]"

# Bad input: clear errors, nothing written.
expect_exit 1 "an unknown campaign" S report nope --out bad
expect_text "no campaign 'nope'" "the error names it"
check "nothing written for it" "[ ! -e bad ]"
expect_exit 1 "a bad --since" S report --since 3x
expect_text "'3x' is not a duration" "the error shows the duration"
expect_exit 1 "--since 0" S report --since 0
expect_exit 1 "a campaign and --since" S report lr-search --since 1h
expect_text "name one campaign, or --since" "usage says what to give"
expect_exit 1 "neither" S report
expect_exit 1 "--out at a file" S report lr-search --out space
expect_text "not a directory" "says why"

# Through the server: the client writes the files; the server writes none.
S resume --reason ok >/dev/null
"$STEWARD_BIN" serve --quiet >/dev/null 2>"$TMP/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$TMP"' EXIT
for i in $(seq 50); do [ -S .steward.sock ] && break; sleep 0.1; done
expect_exit 0 "report through the server" S report lr-search --out served
check "the client wrote the same sections" \
    "[ \$(grep -c '^## ' served/report.md) = \$(grep -c '^## ' out/report.md) ]"
expect_exit 0 "--bundle through the server" S report --since 1h --bundle
check "the bundle is JSON with both texts" \
    "json_get \"['html']\" <$TMP/out | grep -q 'Content-Security-Policy'"
expect_exit 1 "an unknown campaign through the server" S report nope
expect_text "no campaign 'nope'" "the server's error reaches the client"
# A client that asks the server itself to write: refused, nothing written.
"$PY" - "$PROJECT/.steward.sock" "$TMP/evil" >"$TMP/raw" <<'PY'
import json, socket, sys
body = json.dumps({"argv": ["report", "lr-search", "--out", sys.argv[2],
                            "--bundle"], "cwd": "/", "files": []}).encode()
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(b"POST /api/v1/exec HTTP/1.0\r\nContent-Length: %d\r\n\r\n"
          % len(body) + body)
out = b""
while True:
    chunk = s.recv(65536)
    if not chunk: break
    out += chunk
print(out.decode(errors="replace"))
PY
check "the server refuses --out" "grep -q 'the server writes no report files' $TMP/raw"
check "and wrote nothing" "[ ! -e $TMP/evil ]"
# The promotion section: the campaign's best run as a candidate, its
# promotion asked for by an agent and waiting for two humans.
S candidate add "$best" model.txt --name classifier >/dev/null
promoter=$(S token create --role agent --name promoter | head -1)
env STEWARD_TOKEN="$promoter" "$STEWARD_BIN" promote request 1 --to production \
    --reason "best trial" >/dev/null
expect_exit 0 "report with a promotion requested" S report lr-search --out out3
check "the promotion: candidate, requester" \
    "grep -qF 'classifier (candidate \\#1)' out3/report.md && grep -q 'requester\*\*: token:promoter' out3/report.md"
check "its approvals gate, not met" "grep -qE '^\| approvals \| no \| 0 of 2' out3/report.md"
check "and no 'no promotion requested'" "! grep -q '^no promotion requested' out3/report.md"
expect_exit 0 "the attention page with a promotion waiting" S report --since 24h --out att3
check "it lists the promotion and what is not met yet" \
    "grep -q '^## Promotions waiting' att3/report.md && grep -qE '^\| 1 \| classifier \(\\\\#1\) \| production \| token:promoter \| approvals: 0 of 2' att3/report.md"

finish
