#!/usr/bin/env bash
# halt.sh — a halt is atomic with starting: approved work does not start
# while a halt is in force (it is held, and runs after resume), and a
# supervisor cannot be made to start anything by hand; halt --kill ends
# queued and running work.
. "$(dirname "$0")/lib.sh"

new_project
# queue_by_hand ID : an experiment left queued with a run row (by a
# dispatcher of an earlier version). Prints the run id.
queue_by_hand() {
    sql "UPDATE experiments SET state = 'queued' WHERE id = $1" >/dev/null
    # owned by this (live) shell, as a dispatcher owns what it queued
    local start; start=$(sed 's/.*) //' /proc/$$/stat | cut -d' ' -f20)
    sql "INSERT INTO runs(experiment_id, backend, supervisor_pid, supervisor_start, queued_ms) VALUES ($1, 'local', $$, '$start', 0)" >/dev/null
    sql "SELECT max(id) FROM runs"
}

S propose --name q -- /bin/sh -c 'echo ran' >/dev/null; S approve 1 >/dev/null
S halt --reason "stop everything" >/dev/null
S dispatch --once >/dev/null 2>&1
check "approved work does not start while a halt is in force" \
    '[ "$(sql "SELECT count(*) FROM ledger WHERE action = '"'"'run.start'"'"'")" = 0 ]'
check "it is held: still approved" '[ "$(sql "SELECT state FROM experiments WHERE id = 1")" = approved ]'
check "and has no run" '[ "$(sql "SELECT count(*) FROM runs")" = 0 ]'
expect_exit 1 "a supervisor started by hand has no run to take" \
    "$STEWARD_BIN" __supervise "$PROJECT/.steward" 1
check "and starts nothing" \
    '[ "$(sql "SELECT count(*) FROM ledger WHERE action = '"'"'run.start'"'"'")" = 0 ]'
"$STEWARD_BIN" __supervise "$PROJECT/.steward" 3<"$PROJECT/.steward/steward.db" 2>/dev/null
check "nor with a descriptor 3 that is not its dispatcher's socket" \
    '[ "$(sql "SELECT count(*) FROM runs")" = 0 ]'
S resume --reason ok >/dev/null
S dispatch --once
check "after resume it runs" 'wait_state 1 succeeded 10'

# --- halt --kill ends queued and running work ---------------------------------
S propose --name long -- /bin/sleep 30 >/dev/null; S approve 2 >/dev/null
"$STEWARD_BIN" dispatch >/dev/null 2>&1 & d=$!
wait_state 2 running 10
kill "$d"; wait "$d" 2>/dev/null
S propose --name queued -- /bin/sh -c 'echo ran' >/dev/null; S approve 3 >/dev/null
queue_by_hand 3 >/dev/null
expect_exit 0 "halt --kill" S halt --kill --reason "runaway"
expect_text "1 running experiment" "stops the running one"
check "the running experiment ends killed" 'wait_state 2 killed 10'
check "the queued experiment is cancelled" '[ "$(sql "SELECT state FROM experiments WHERE id = 3")" = cancelled ]'
S dispatch --once >/dev/null 2>&1
check "and no dispatcher starts it" \
    '[ "$(sql "SELECT count(*) FROM ledger WHERE action = '"'"'run.start'"'"' AND object = '"'"'experiment:3'"'"'")" = 0 ]'

# --- a scope is never cut: cut, it would halt another campaign ---------------
long=$(printf 'c%.0s' $(seq 200))
halts=$(sql "SELECT count(*) FROM halts")
expect_exit 1 "a halt of a campaign name too long for a scope" \
    S halt --campaign "$long" --reason x
expect_text "campaign names are at most 64" "says why"
check "and halts nothing" \
    '[ "$(sql "SELECT count(*) FROM halts")" = "$halts" ]'
expect_exit 1 "nor does resume cut it" S resume --campaign "$long" --reason x
finish
