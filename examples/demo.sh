#!/usr/bin/env bash
# The steward demo, in a throw-away project:
#   1. a human proposes three runs (one with a learning rate that
#      diverges), approves them, runs them sandboxed, reads status, metrics
#      and the digest;
#   2. `steward serve` takes over the project, and an agent runs confined
#      in `steward agent`: a small run auto-approved by policy, a network
#      request denied, a GPU run left waiting on a review card, an attempt
#      to approve its own work refused, the state out of its sight;
#   3. seed repeats, and an honest comparison of the baseline with the best;
#   4. a campaign whose envelope a human approves once, searching on its
#      own (TPE + ASHA): the divergent region is pruned or fails, and the
#      summary remembers it;
#   5. a halt that stops dispatch and a resume;
#   6. the attention figures and the ledger verified;
#   7. the best run's model becomes a candidate for production: an agent
#      asks for its promotion, an eval gate is met, one human approves, and
#      it waits for the second human the policy wants;
#   8. the campaign report, Markdown and self-contained HTML.
set -euo pipefail

steward=$(realpath "${1:-build/steward}")
build=$(dirname "$steward")
demo=$(mktemp -d /tmp/steward-demo.XXXXXX)
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$demo"' EXIT
chmod 755 "$demo"   # run as root, the agent's sandbox runs it as nobody
cd "$demo"
cp "$build/steward-example-train" ./train
cp "$steward" ./steward   # the agent's own sandbox sees the project only

say() { printf '\n\033[1m$ steward %s\033[0m\n' "$*"; "$steward" "$@"; }
section() { printf '\n\033[1;34m== %s ==\033[0m\n' "$*"; }

section "1. a human runs three experiments"
say init
say propose --name baseline --cpus 1 --mem 256M --time 2m \
    --param lr=0.01 --rationale "baseline learning rate" -- ./train --epochs 15
say propose --name faster --cpus 1 --mem 256M --time 2m \
    --param lr=0.05 --rationale "try a 5x higher rate" -- ./train --epochs 15
say propose --name too-fast --cpus 1 --mem 256M --time 2m \
    --param lr=10 --rationale "does a huge rate still converge?" -- ./train
say queue
say approve 1 2 3 --reason "small CPU runs, fine"
say dispatch --once
say status
say status 1
say status 3
say metrics 2 | tail -4
say digest 3

section "2. the server takes over; an agent works confined"
web=127.0.0.1:${STEWARD_DEMO_PORT:-$(( 8470 + $$ % 500 ))}
"$steward" serve --quiet --listen "$web" &
server=$!
for i in $(seq 50); do [ -S .steward.sock ] && break; sleep 0.1; done
echo "(steward serve owns the project now; every command below is its client)"
# The reviewer's web page: a one-time login URL (60 s; 'steward open'
# again for a new one while the demo runs).
echo "web page: $("$steward" open)"
cat > agent.sh <<'AGENT'
#!/bin/sh
# What an AI agent does from inside `steward agent`.
run() { printf '\n\033[1m[agent]$ steward %s\033[0m\n' "$*"; ./steward "$@"; }
run propose --name agent-small --cpus 1 --time 10m --param lr=0.02 \
    --rationale "a cheap follow-up between the two best rates" -- ./train
run propose --name agent-net --network --time 10m \
    --rationale "download a dataset" -- ./train || true
run propose --name agent-gpu --gpus 1 --time 10m \
    --rationale "try the GPU build" -- ./train
run approve 6 || true
printf '\n\033[1m[agent]$ ls -a .steward; cat .steward/steward.db\033[0m\n'
ls -a .steward; cat .steward/steward.db 2>&1 || true
AGENT
chmod 755 agent.sh
say agent --name planner -- ./agent.sh
say queue

section "3. seed repeats and an honest comparison"
for seed in 2 3; do
    "$steward" propose --name "baseline-s$seed" --mem 256M --time 2m \
        --param lr=0.01 --param seed=$seed -- ./train --epochs 15 >/dev/null
    "$steward" propose --name "faster-s$seed" --mem 256M --time 2m \
        --param lr=0.05 --param seed=$seed -- ./train --epochs 15 >/dev/null
done
echo "(proposed seeds 2 and 3 of baseline and faster: experiments 7-10)"
say approve 7 8 9 10 --reason "seed repeats"
say dispatch --once
say compare 1,7,9 2,8,10 --metric val_acc --metric loss

section "4. a campaign searches inside its envelope"
printf 'lr: loguniform(0.001, 20)\nl2: uniform(0, 0.05)\n' > space
cat space
say campaign create lr-search --objective "minimize loss" --max-runs 12 \
    --cpus 1 --mem 256M --time 2m --command ./train --cpu-hours 5 \
    --space space --sampler tpe --pruner asha --seed 1 --trials 12 \
    --slots 2 --min-resource 20 --max-resource 200 --eta 3 \
    -- ./train --epochs 200 --sleep-ms 3
cat >> .steward/policy <<'POL'

# The demo: an owner's approved campaign envelope is enough.
auto role agent and inside approved campaign envelope
POL
say campaign approve lr-search --reason "cheap CPU sweep"
say dispatch --once
say campaign summary lr-search

section "5. halt and resume"
say halt --reason "checking the budget before more runs"
say dispatch --once || echo "(exit $?: nothing may start while halted)"
say status 4
say resume --reason "budget fine"
say dispatch --once
say status 4

section "6. the record"
say attention
say ledger verify
kill $server; wait $server 2>/dev/null || true; server=

section "7. the best model waits for promotion: one gate met, one human missing"
best=$("$steward" campaign summary lr-search --json | python3 -c \
    "import json,sys; b=json.load(sys.stdin)['best']; print(b['experiment'] if b else 2)")
cp .steward/policy promote.policy
cat >> promote.policy <<'POL'

# The demo: promotion also needs an eval run of the candidate to pass; the
# deploy hook (sandboxed, no network) only checks the artifact here.
promotion needs gate evals
promotion gate evals is runs tagged eval exit 0
promotion deploy "test -s \"$1\" && sha256sum \"$1\"" within 1m
POL
say policy apply promote.policy
say artifacts "$best"
say candidate add "$best" model.txt --name classifier
say candidate show 1
planner=$("$steward" token create --role agent --name promoter | head -1)
printf '\n\033[1m[agent]$ steward promote request 1 --to production\033[0m\n'
STEWARD_TOKEN=$planner "$steward" promote request 1 --to production \
    --reason "best trial of lr-search"
say propose --name eval-classifier --cpus 1 --mem 256M --time 2m \
    --tag eval --param candidate=1 --param epochs=3 \
    --rationale "held-out check of candidate 1" -- ./train --epochs 3
eval_id=$("$steward" status --json | python3 -c \
    "import json,sys; print(max(e['id'] for e in json.load(sys.stdin)))")
say approve "$eval_id" --reason "eval of the candidate"
say dispatch --once
say promote approve 1 --reason "eval passed; looks right to me"
say promote status 1

# the campaign report
section "8. the campaign report"
report=$(mktemp -d /tmp/steward-demo-report.XXXXXX)
say report lr-search --out "$report"
echo "(open $report/report.html in a browser: kept after the demo's project is removed)"
