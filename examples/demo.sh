#!/usr/bin/env bash
# The steward demo, in a throw-away project:
#   1. a human proposes three runs (one with a learning rate that
#      diverges), approves them, runs them sandboxed, reads status, metrics
#      and the digest;
#   2. an agent with its own token: a small run auto-approved by policy, a
#      network request denied, a GPU run left waiting on a review card, an
#      attempt to approve its own work refused;
#   3. a halt that stops dispatch and a resume;
#   4. the ledger verified.
set -euo pipefail

steward=$(realpath "${1:-build/steward}")
build=$(dirname "$steward")
demo=$(mktemp -d /tmp/steward-demo.XXXXXX)
trap 'rm -rf "$demo"' EXIT
cd "$demo"
cp "$build/steward-example-train" ./train

say() { printf '\n\033[1m$ steward %s\033[0m\n' "$*"; "$steward" "$@"; }
agent() { printf '\n\033[1m$ STEWARD_TOKEN=<agent> steward %s\033[0m\n' "$*";
          STEWARD_TOKEN=$token "$steward" "$@"; }
section() { printf '\n\033[1;34m== %s ==\033[0m\n' "$*"; }

section "1. a human runs three experiments"
say init
say propose --name baseline --cpus 1 --mem 256M --time 2m \
    --param lr=0.01 --rationale "baseline learning rate" -- ./train
say propose --name faster --cpus 1 --mem 256M --time 2m \
    --param lr=0.05 --rationale "try a 5x higher rate" -- ./train
say propose --name too-fast --cpus 1 --mem 256M --time 2m \
    --param lr=10 --rationale "does a huge rate still converge?" -- ./train
say queue
say approve 1 2 3 --reason "small CPU runs, fine"
say dispatch --once
say status
say status 1
say status 3
say metrics 2 | tail -4
if "$steward" digest --help >/dev/null 2>&1; then
    say digest 3 || true
fi

section "2. an agent works inside the policy"
token=$("$steward" token create --role agent --name planner | head -1)
echo "(created agent token 'planner')"
agent propose --name agent-small --cpus 1 --time 10m --param lr=0.02 \
    --rationale "a cheap follow-up between the two best rates" -- ./train
agent propose --name agent-net --network --time 10m \
    --rationale "download a dataset" -- ./train || true
agent propose --name agent-gpu --gpus 1 --time 10m \
    --rationale "try the GPU build" -- ./train
agent approve 6 || true
say queue

section "3. halt and resume"
say halt --reason "checking the budget before more runs"
say dispatch --once
say status 4
say resume --reason "budget fine"
say dispatch --once
say status 4

section "4. the record"
say ledger verify
