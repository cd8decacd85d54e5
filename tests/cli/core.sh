#!/usr/bin/env bash
# core.sh — the core slice end to end through the CLI: init, propose,
# review, dispatch, status, logs, metrics, limits, ledger; and bad input
# that must fail clearly and change nothing.
. "$(dirname "$0")/lib.sh"

# --- outside a project ---------------------------------------------------
cd "$TMP"
expect_exit 1 "status outside a project fails" S status
expect_text "not in a steward project.*steward init" "and says to run init"

# --- the happy path --------------------------------------------------------
new_project
expect_exit 1 "init twice fails" S init
expect_text "already a steward project" "and says why"
expect_exit 0 "propose a run" S propose --name lr-sweep-1 --cpus 1 \
    --mem 512M --time 5m --param lr=0.1 --rationale "baseline" -- ./train --epochs 3
expect_text "experiment 1: waiting for review" "it waits for review"
expect_exit 0 "queue shows cards" S queue
expect_text "lr-sweep-1" "the card names the proposal"
expect_text "rationale +baseline" "the card shows the rationale"
expect_exit 0 "approve it" S approve 1
expect_exit 5 "approving twice is a conflict" S approve 1
expect_text "is approved, not waiting for review" "with a clear message"
expect_exit 0 "dispatch --once runs it" S dispatch --once
check "it succeeded" '[ "$(S status 1 --json | json_get "[\"state\"]")" = succeeded ]'
check "exit code 0 recorded" '[ "$(S status 1 --json | json_get "[\"run\"][\"exit_code\"]")" = 0 ]'
check "rusage recorded" '[ "$(S status 1 --json | json_get "[\"run\"][\"max_rss_kb\"] > 0")" = True ]'
expect_exit 0 "logs prints stdout" S logs 1
expect_text "training: lr=0.1" "the trainer saw its param"
expect_exit 0 "metrics as a table" S metrics 1
expect_text "val_acc" "the table names the metric"
check "metrics --json has 3 loss points" \
    '[ "$(S metrics 1 --json | json_get "[\"loss\"].__len__()")" = 3 ]'
check "the supervisor kept the run's digest" '[ -s .steward/runs/1/digest.json ]'
expect_exit 0 "digest of a run" S digest 1
expect_text "run: succeeded" "says how the run ended"
check "digest --json names the experiment" \
    '[ "$(S digest 1 --json | json_get "[\"experiment\"]")" = 1 ]'
expect_exit 0 "status shows resource use" S status 1
expect_text "peak rss" "and the peak memory"
expect_text "enforced" "and the enforcement report"

# --- the run's environment --------------------------------------------------
cat > env.sh <<'SH'
#!/bin/sh
echo "run=$STEWARD_RUN_ID params=$STEWARD_PARAMS lr=$STEWARD_PARAM_LR opt=$STEWARD_PARAM_OPT_NAME"
echo "secret=${MY_SECRET_TOKEN:-none}"
echo '{"step":1,"x":1.5}' >> "$STEWARD_METRICS"
echo 'not json at all' >> "$STEWARD_METRICS"
head -c 10000000 /dev/zero | tr '\0' ' ' >> "$STEWARD_METRICS"
echo '' >> "$STEWARD_METRICS"
echo '{"step":2,"x":2.5}' >> "$STEWARD_METRICS"
echo hello > "$STEWARD_ARTIFACTS/out.txt"
SH
chmod +x env.sh
MY_SECRET_TOKEN=hunter2 S propose --name env --param lr=0.5 \
    --param opt-name=adam --time 30s -- ./env.sh >/dev/null
S approve 2 >/dev/null
MY_SECRET_TOKEN=hunter2 S dispatch --once
expect_exit 0 "logs of the env run" S logs 2
expect_text 'run=[0-9]+ params=\{"lr":0.5,"opt-name":"adam"\} lr=0.5 opt=adam' \
    "STEWARD_RUN_ID, STEWARD_PARAMS and STEWARD_PARAM_<NAME> are set"
expect_text "secret=none" "host variables do not leak into the run"
check "the run survived malformed metrics" \
    '[ "$(S status 2 --json | json_get "[\"state\"]")" = succeeded ]'
check "good metric lines were kept" \
    '[ "$(S metrics 2 --json | json_get "[\"x\"].__len__()")" = 2 ]'
check "the artifact was collected" \
    '[ "$(S status 2 --json | json_get "[\"run\"][\"artifacts\"][\"count\"]")" = 1 ]'
sha=$(S status 2 --json | json_get "['run']['artifacts']['files'][0]['sha256']")
check "into the content-addressed store" '[ "$(cat .steward/artifacts/$sha)" = hello ]'
check "bad metric lines were counted" \
    '[ "$(S status 2 --json | json_get "[\"run\"][\"metrics_bad_lines\"]")" = 2 ]'

# --- limits ----------------------------------------------------------------
cat > stubborn.sh <<'SH'
#!/bin/sh
trap '' TERM
echo started
sleep 60
SH
chmod +x stubborn.sh
S propose --name stubborn --time 1s -- ./stubborn.sh >/dev/null
S approve 3 >/dev/null
start=$(date +%s)
STEWARD_GRACE_MS=500 S dispatch --once
elapsed=$(( $(date +%s) - start ))
check "a run past its time limit is timed_out" \
    '[ "$(S status 3 --json | json_get "[\"state\"]")" = timed_out ]'
check "a process ignoring SIGTERM is killed after the grace ($elapsed s)" \
    '[ "$elapsed" -lt 10 ]'
cat > fail.sh <<'SH'
#!/bin/sh
exit 3
SH
chmod +x fail.sh
S propose --name fails -- ./fail.sh >/dev/null && S approve 4 >/dev/null
S dispatch --once
check "a non-zero exit is failed" \
    '[ "$(S status 4 --json | json_get "[\"state\"]")" = failed ]'
check "with its exit code" \
    '[ "$(S status 4 --json | json_get "[\"run\"][\"exit_code\"]")" = 3 ]'

# --- reject and cancel -------------------------------------------------------
S propose --name rej -- ./train >/dev/null
expect_exit 1 "reject needs a reason" S reject 5
expect_exit 0 "reject with a reason" S reject 5 --reason "not now"
check "rejected" '[ "$(S status 5 --json | json_get "[\"state\"]")" = rejected ]'
S propose --name can -- ./train >/dev/null && S approve 6 >/dev/null
expect_exit 0 "cancel an approved experiment" S cancel 6 --reason "changed mind"
check "cancelled" '[ "$(S status 6 --json | json_get "[\"state\"]")" = cancelled ]'
expect_exit 5 "a cancelled experiment cannot be approved" S approve 6

# --- bad input: clear errors, nothing written --------------------------------
before=$(sql "SELECT count(*) FROM experiments")
ledger_before=$(sql "SELECT count(*) FROM ledger")
expect_exit 1 "unknown id" S status 999
expect_text "no experiment 999" "names the id"
expect_exit 1 "malformed id" S approve abc
expect_text "experiment id: 'abc' is not an integer" "says what is wrong"
expect_exit 1 "malformed --param" S propose --name x --param lr -- ./train
expect_text "expected NAME=VALUE" "shows the expected form"
expect_exit 1 "missing command" S propose --name x
expect_text "no command" "says a command is missing"
expect_exit 1 "bad size" S propose --name x --mem 5Q -- ./train
expect_text "--mem: '5Q' is not a size" "names the bad size"
expect_exit 1 "bad duration" S propose --name x --time soon -- ./train
expect_exit 1 "missing name" S propose -- ./train
expect_exit 1 "zero cpus" S propose --name x --cpus 0 -- ./train
expect_exit 1 "logs of a run that never ran" S logs 5
expect_text "has not run yet" "says it has not run"
check "no experiment was written by bad input" \
    '[ "$(sql "SELECT count(*) FROM experiments")" = "$before" ]'
check "no ledger entry was written by bad input" \
    '[ "$(sql "SELECT count(*) FROM ledger")" = "$ledger_before" ]'

# --- the database locked or corrupt -------------------------------------------
"$PY" - "$PROJECT/.steward/steward.db" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
time.sleep(3)
PY
locker=$!
sleep 0.5
STEWARD_BUSY_TIMEOUT_MS=300 expect_exit 6 "a locked database is busy, not an error" \
    env STEWARD_BUSY_TIMEOUT_MS=300 "$STEWARD_BIN" propose --name y -- ./train
expect_text "locked by another steward process; retry" "and says to retry"
wait "$locker"
check "the busy proposal left nothing" \
    '[ "$(sql "SELECT count(*) FROM experiments")" = "$before" ]'
expect_exit 0 "the ledger verifies" S ledger verify
expect_text "ledger ok" "and says ok"
check "export streams one line per entry" \
    '[ "$(S ledger export --json | wc -l)" = "$(sql "SELECT count(*) FROM ledger")" ]'

# --- dispatch --once drains the queue, however fast runs end ----------------------
new_project
for i in $(seq 1 30); do S propose --name "q$i" --time 1m -- /bin/true >/dev/null; done
S approve $(seq 1 30) >/dev/null
S dispatch --once --slots 1
check "dispatch --once ran all 30 quick runs one at a time" \
    '[ "$(sql "SELECT count(*) FROM experiments WHERE state = '"'"'succeeded'"'"'")" = 30 ]'

# --- the review card shows what differs from the most similar run -------------
new_project
S propose --name a --param lr=0.1 -- ./train --epochs 3 >/dev/null
S approve 1 >/dev/null
S propose --name b --cpus 2 --param lr=0.3 -- ./train --epochs 3 >/dev/null
expect_exit 0 "the queue compares a card with the most similar earlier run" S queue
expect_text "vs before +like #1 \(approved\) but: lr 0.1→0.3 cpus 1.0→2.0" \
    "and names what differs"

S propose --name c --param code=3 -- ./fail.sh >/dev/null 2>&1
cat > fail.sh <<'SH'
#!/bin/sh
exit 3
SH
chmod +x fail.sh
S approve 3 >/dev/null; S dispatch --once
S propose --name c-again --param code=3 -- ./fail.sh >/dev/null
expect_exit 0 "the queue" S queue
expect_text "WARNING +repeats the configuration of #3, which failed" \
    "flags a proposal that repeats a failed configuration"
expect_text "repeat-of-failed" "and the policy's review rule names why"

# --- compare two runs on their per-example artifacts --------------------------
new_project
cat > eval.sh <<'SH'
#!/bin/sh
# $1 = how many of 200 examples are right
i=0
while [ $i -lt 200 ]; do
    c=0; [ $i -lt "$1" ] && c=1
    echo "{\"id\":\"ex$i\",\"correct\":$c}"
    i=$((i + 1))
done > "$STEWARD_ARTIFACTS/eval.jsonl"
SH
chmod +x eval.sh
S propose --name base -- ./eval.sh 120 >/dev/null && S approve 1 >/dev/null
S propose --name better -- ./eval.sh 160 >/dev/null && S approve 2 >/dev/null
S dispatch --once
expect_exit 0 "compare two runs on their per-example artifact" \
    S compare 1 2 --per-example eval.jsonl
expect_text "McNemar" "paired correct flags use McNemar"
expect_text "^2 better than 1" "and the verdict says B is better"
expect_exit 1 "an artifact a run does not have" S compare 1 2 --per-example nope.jsonl
expect_text "has no artifact 'nope.jsonl'" "is named"

# --- a limit the host cannot enforce refuses the run (fail closed) ----------
new_project
S propose --name nocpu --cpus 1 -- ./train >/dev/null && S approve 1 >/dev/null
STEWARD_CGROUP_MODE=none S dispatch --once
check "without a cpu quota mechanism the run is refused" \
    '[ "$(S status 1 --json | json_get "[\"state\"]")" = failed ]'
check "and the reason names the limit" \
    'S status 1 --json | json_get "[\"run\"][\"end_reason\"]" | grep -q "cannot enforce the cpu limit"'
echo "accept unenforced cpus" >> .steward/policy
S propose --name okcpu --cpus 1 -- ./train >/dev/null && S approve 2 >/dev/null
STEWARD_CGROUP_MODE=none S dispatch --once
check "a policy that accepts it lets the run go" \
    '[ "$(S status 2 --json | json_get "[\"state\"]")" = succeeded ]'
check "and the report says NOT ENFORCED" \
    'S status 2 --json | json_get "[\"run\"][\"enforcement\"][\"cpu\"]" | grep -q "NOT ENFORCED"'
cat > secret.sh <<'SH'
#!/bin/sh
cat "$1" 2>/dev/null && echo LEAKED || echo hidden
SH
chmod +x secret.sh
# in /opt, which runs see (/tmp is private to each run, /var not shown):
# elsewhere "hidden" would prove nothing
SECRETS=$(mktemp -d /opt/steward-core-secrets.XXXXXX) ||
    { not_ok "a secret path under /opt can be made (run as root)"; exit 1; }
chmod 755 "$SECRETS"; echo topsecret > "$SECRETS/key"
echo "secret $SECRETS" >> .steward/policy
S propose --name peek -- ./secret.sh "$SECRETS/key" >/dev/null && S approve 3 >/dev/null
STEWARD_CGROUP_MODE=none S dispatch --once
expect_exit 0 "logs of the peeking run" S logs 3 --stdout
expect_text "^hidden" "a path the policy lists as secret is hidden from runs"
rm -rf "$SECRETS"

new_project
head -c 4096 /dev/urandom > .steward/steward.db
rm -f .steward/steward.db-wal .steward/steward.db-shm
expect_exit 3 "a corrupt database is refused" S status
expect_text "corrupt|not a database" "with a message naming the problem"

finish
