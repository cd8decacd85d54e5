#!/usr/bin/env bash
# campaign.sh — envelopes approved once; searching campaigns that explore
# on their own, prune, survive a kill -9 of steward without duplicated or
# lost trials, and remember their dead ends.
. "$(dirname "$0")/lib.sh"

new_project
cat > .steward/policy <<'POL'
deny network unless role owner
auto inside approved campaign envelope
POL
agent=$(S token create --role agent --name planner | head -1)
A() { STEWARD_TOKEN=$agent "$STEWARD_BIN" "$@"; }

# --- envelopes -----------------------------------------------------------------
expect_exit 0 "an agent creates a campaign" env STEWARD_TOKEN="$agent" "$STEWARD_BIN" \
    campaign create sweep --objective "maximize val_acc" --max-runs 3 \
    --cpus 1 --time 10m --command ./train --param-range lr=0.001:0.1
values=$(seq -s, 10000 10300)   # 1805 bytes: cut, other values
expect_exit 1 "a choice list too long for an envelope is refused" \
    S campaign create big --objective "maximize val_acc" --max-runs 3 \
    --cpus 1 --time 10m --command ./train --param-range "seed=$values"
expect_text "param-range seed: the values are 1805 bytes, at most 1023" \
    "not cut"
check "and no campaign is made (sweep is the one)" \
    '[ "$(sql "SELECT count(*) FROM campaigns")" = 1 ]'
expect_exit 0 "a proposal before approval" env STEWARD_TOKEN="$agent" "$STEWARD_BIN" \
    propose --name early --campaign sweep --param lr=0.01 --time 5m -- ./train
expect_text "waiting for review" "waits: the envelope is not approved yet"
expect_exit 4 "the agent cannot approve the envelope" \
    env STEWARD_TOKEN="$agent" "$STEWARD_BIN" campaign approve sweep
expect_exit 0 "the owner approves it once" S campaign approve sweep
expect_exit 0 "inside the envelope" env STEWARD_TOKEN="$agent" "$STEWARD_BIN" \
    propose --name in1 --campaign sweep --param lr=0.01 --time 5m -- ./train
expect_text "approved by policy" "runs without review"
expect_exit 0 "a param outside its range" env STEWARD_TOKEN="$agent" "$STEWARD_BIN" \
    propose --name out --campaign sweep --param lr=0.5 --time 5m -- ./train
expect_text "waiting for review" "goes to a human"
expect_exit 0 "another command" env STEWARD_TOKEN="$agent" "$STEWARD_BIN" \
    propose --name cmd --campaign sweep --param lr=0.01 --time 5m -- /bin/sh -c true
expect_text "waiting for review" "goes to a human too"
expect_exit 0 "more time than the envelope allows" env STEWARD_TOKEN="$agent" "$STEWARD_BIN" \
    propose --name long --campaign sweep --param lr=0.01 --time 1h -- ./train
expect_text "waiting for review" "goes to a human"
A propose --name in2 --campaign sweep --param lr=0.02 --time 5m -- ./train >/dev/null
A propose --name in3 --campaign sweep --param lr=0.03 --time 5m -- ./train >/dev/null
expect_exit 0 "a fourth run in a 3-run envelope" env STEWARD_TOKEN="$agent" "$STEWARD_BIN" \
    propose --name in4 --campaign sweep --param lr=0.04 --time 5m -- ./train
expect_text "waiting for review" "waits once the envelope is spent"
expect_text "envelope spent" "and says the envelope is spent"
expect_exit 0 "approve --campaign decides every waiting proposal of it" \
    S approve --campaign sweep --reason "fine"
check "nothing of the campaign waits any more" \
    '[ "$(sql "SELECT count(*) FROM experiments WHERE campaign = '"'"'sweep'"'"' AND state = '"'"'pending_review'"'"'")" = 0 ]'
expect_exit 1 "an unknown campaign" env STEWARD_TOKEN="$agent" "$STEWARD_BIN" \
    propose --name x --campaign nope -- ./train
expect_text "no campaign 'nope'" "is named in the error"
expect_exit 1 "a malformed space fails at creation" S campaign create bad \
    --objective "minimize loss" --space /dev/null -- ./train
printf 'lr: loguniform(0, 1)\n' > bad.space
expect_exit 1 "a non-positive log bound fails at creation" S campaign create bad \
    --objective "minimize loss" --space bad.space -- ./train
expect_text "bad.space|--space:1" "naming the line"
expect_exit 1 "a bad objective" S campaign create bad2 --objective "best loss"
expect_exit 1 "an objective with a word after its metric" \
    S campaign create bad3 --objective "maximize val acc" --max-runs 1 -- ./train
expect_text "expected \"maximize METRIC\"" "says the form"
long_metric=$(printf 'm%.0s' $(seq 200))
expect_exit 1 "a metric name too long is refused, not cut" \
    S campaign create bad4 --objective "maximize $long_metric" --max-runs 1 -- ./train
expect_text "at most 127" "saying the limit"
check "neither campaign exists" '! S campaign list | grep -q "bad[34]"'

# --- a searching campaign -----------------------------------------------------------
new_project
cat > .steward/policy <<'POL'
auto inside approved campaign envelope
POL
printf 'lr: loguniform(0.001, 20)\nl2: uniform(0, 0.05)\n' > space
S campaign create search --objective "minimize loss" --max-runs 10 --cpus 1 \
    --mem 256M --time 2m --space space --sampler tpe --pruner asha --seed 7 \
    --trials 10 --slots 2 --min-resource 20 --max-resource 200 --eta 3 \
    -- ./train --epochs 200 --sleep-ms 4 >/dev/null
S campaign approve search >/dev/null
# kill -9 steward twice in the middle of the search, then let it finish
"$STEWARD_BIN" dispatch --slots 2 & d=$!
sleep 1.5; kill -9 "$d"; wait "$d" 2>/dev/null
"$STEWARD_BIN" dispatch --slots 2 & d=$!
sleep 1; kill -9 "$d"; wait "$d" 2>/dev/null
S dispatch --once --slots 2
expect_exit 0 "campaign summary" S campaign summary search
# an agent's own proposal in the searching campaign is told apart and fed
# to the sampler once it ends
S propose --name mine --campaign search --cpus 1 --mem 256M --time 2m \
    --param lr=0.02 --param l2=0.01 -- ./train --epochs 200 --sleep-ms 1 >/dev/null
S approve --campaign search --reason "the envelope is spent; fine" >/dev/null
S dispatch --once --slots 2
check "the agent's own run is in the summary, told apart" \
    '[ "$(S campaign summary search --json | "$PY" -c "import json,sys; d=json.load(sys.stdin); print([t[\"outcome\"] for t in d[\"trials\"] if t[\"source\"] == \"agent\"])")" = "['"'"'complete'"'"']" ]'
check "and the sampler learned from it (an external trial in its state)" \
    '[ "$(sql "SELECT count(*) FROM campaign_trials WHERE note = '"'"'agent'"'"' AND state = '"'"'complete'"'"'")" = 1 ]'

check "exactly 10 trials after two kills (no duplicates, none lost)" \
    '[ "$(sql "SELECT count(*) FROM campaign_trials WHERE note != '"'"'agent'"'"'")" = 10 ]'
check "each trial has its own experiment" \
    '[ "$(sql "SELECT count(DISTINCT experiment_id) FROM campaign_trials WHERE note != '"'"'agent'"'"'")" = 10 ]'
check "trial numbers are 0..9 with no gap" \
    '[ "$(sql "SELECT min(trial) || \"-\" || max(trial) FROM campaign_trials WHERE note != '"'"'agent'"'"'")" = "0-9" ]'
check "no trial is left running" \
    '[ "$(sql "SELECT count(*) FROM campaign_trials WHERE state = '"'"'running'"'"'")" = 0 ]'
check "ASHA pruned some trials" \
    '[ "$(S campaign summary search --json | json_get "[\"counts\"][\"pruned\"]")" -gt 0 ]'
check "a pruned trial's run says it was pruned, at which step and rung" \
    '[ "$(sql "SELECT count(*) FROM runs r JOIN campaign_trials t ON t.experiment_id = r.experiment_id WHERE t.state = '"'"'pruned'"'"' AND r.end_reason LIKE '"'"'pruned at step % (rung %)'"'"'")" -gt 0 ]'
flagged=$(S campaign summary search --json | "$PY" -c "import json,sys; d=json.load(sys.stdin); print(sum(len(t['flags']) for t in d['trials'] if t['outcome'] != 'complete'))")
check "dead ends carry their digest flags in the summary ($flagged flags)" \
    '[ "$flagged" -gt 0 ]'
check "a best trial is named" \
    '[ "$(S campaign summary search --json | json_get "[\"best\"][\"value\"] < 1")" = True ]'
check "every trial was proposed by the campaign as an agent" \
    '[ "$(sql "SELECT count(*) FROM experiments WHERE proposer = '"'"'campaign:search'"'"' AND proposer_role = '"'"'agent'"'"'")" = 10 ]'
done_ids=$(S campaign summary search --json | "$PY" -c "import json,sys; d=json.load(sys.stdin); print(','.join(str(t['experiment']) for t in d['trials'] if t['outcome']=='complete'))")
best=$(S campaign summary search --json | json_get "['best']['experiment']")
expect_exit 0 "compare two stored runs' groups" S compare "$done_ids" "$best" --metric loss
expect_text "picked from 11" "flags the campaign's best as a best-of-N pick"
expect_text "on loss" "prints a verdict on the metric"
expect_text "stored as comparison 1" "and stores the comparison"
check "the comparison is in the ledger" \
    '[ "$(sql "SELECT count(*) FROM ledger WHERE action = '"'"'compare'"'"'")" = 1 ]'
expect_exit 0 "compare a run with seed repeats" S compare "$best" "$done_ids" --metric loss --json
expect_exit 0 "compare a run with a campaign's completed trials" S compare "$best" campaign:search --metric loss
expect_exit 1 "a metric never reported is a clear error" S compare 1 2 --metric nope
expect_text "never reported nope" "naming the metric"
expect_exit 0 "digest of a stored run" S digest "$best"
expect_text "metrics|templates" "prints the run's digest"
expect_exit 0 "the ledger verifies after the kills" S ledger verify
finish
