#!/usr/bin/env bash
# recovery.sh — kill -9 at the worst moments leaves a consistent state that
# the next steward start reconciles: a live supervisor is re-attached and
# records its run; a dead one's run becomes `lost`; the ledger verifies.
. "$(dirname "$0")/lib.sh"

new_project
cat > slow.sh <<'SH'
#!/bin/sh
echo '{"step":1,"loss":1}' >> "$STEWARD_METRICS"
sleep "$1"
echo '{"step":2,"loss":0.5}' >> "$STEWARD_METRICS"
SH
chmod +x slow.sh

# 1. The dispatcher dies; the supervisor lives on and finishes the run.
S propose --name survives --time 1m -- ./slow.sh 2 >/dev/null
S approve 1 >/dev/null
"$STEWARD_BIN" dispatch & dispatcher=$!
check "run 1 starts" 'wait_state 1 running 10'
kill -9 "$dispatcher"; wait "$dispatcher" 2>/dev/null
check "after the dispatcher's kill -9 the run is still running (re-attached)" \
    '[ "$(S status 1 --json | json_get "[\"state\"]")" = running ]'
check "its supervisor records the outcome on its own" 'wait_state 1 succeeded 20'
check "with both metric points" \
    '[ "$(S metrics 1 --json | json_get "[\"loss\"].__len__()")" = 2 ]'

# 2. Dispatcher and supervisor both die: the run is lost, its processes gone.
S propose --name dies --time 1m -- ./slow.sh 300 >/dev/null
S approve 2 >/dev/null
"$STEWARD_BIN" dispatch & dispatcher=$!
check "run 2 starts" 'wait_state 2 running 10'
supervisor=$(S status 2 --json | json_get "['run']['supervisor_pid']")
kill -9 "$dispatcher" "$supervisor"; wait "$dispatcher" 2>/dev/null
sleep 0.5
check "the next start marks the run lost" \
    '[ "$(S status 2 --json | json_get "[\"state\"]")" = lost ]'
check "the lost run's reason says why" \
    'S status 2 --json | json_get "[\"run\"][\"end_reason\"]" | grep -q "supervisor gone"'
gone=1
for i in $(seq 1 30); do
    pgrep -f "slow.sh 300" >/dev/null || { gone=0; break; }; sleep 0.1
done
check "no process of the lost run is left" '[ "$gone" = 0 ]'
pkill -9 -f "slow.sh 300" 2>/dev/null

# 3. A kill -9 in the middle of many transactions never half-writes.
for i in $(seq 1 40); do
    S propose --name "p$i" -- ./slow.sh 0 >/dev/null &
    [ $((i % 8)) = 0 ] && { sleep 0.05; kill -9 %% 2>/dev/null; wait; }
done
wait
check "every experiment row has its ledger entry" \
    '[ "$(sql "SELECT count(*) FROM experiments e WHERE NOT EXISTS (SELECT 1 FROM ledger l WHERE l.object = '"'"'experiment:'"'"' || e.id AND l.action = '"'"'experiment.propose'"'"')")" = 0 ]'
check "no experiment is stuck in proposed" \
    '[ "$(sql "SELECT count(*) FROM experiments WHERE state = '"'"'proposed'"'"'")" = 0 ]'
expect_exit 0 "the ledger verifies after the kills" S ledger verify
finish
