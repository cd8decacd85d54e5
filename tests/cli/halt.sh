#!/usr/bin/env bash
# halt.sh — a halt is atomic with starting: work queued before a halt does
# not start after it (it is held, and runs after resume); halt --kill ends
# queued and running work.
. "$(dirname "$0")/lib.sh"

new_project
# queue_by_hand ID : what a dispatcher does just before a halt commits:
# approved -> queued with a run row. Prints the run id.
queue_by_hand() {
    sql "UPDATE experiments SET state = 'queued' WHERE id = $1" >/dev/null
    # owned by this (live) shell, as a dispatcher owns what it queued
    local start; start=$(sed 's/.*) //' /proc/$$/stat | cut -d' ' -f20)
    sql "INSERT INTO runs(experiment_id, backend, supervisor_pid, supervisor_start, queued_ms) VALUES ($1, 'local', $$, '$start', 0)" >/dev/null
    sql "SELECT max(id) FROM runs"
}
supervise() { "$STEWARD_BIN" __supervise "$PROJECT/.steward" "$1"; }

S propose --name q -- /bin/sh -c 'echo ran' >/dev/null; S approve 1 >/dev/null
run=$(queue_by_hand 1)
S halt --reason "stop everything" >/dev/null
supervise "$run"
check "a run queued before the halt does not start after it" \
    '[ "$(sql "SELECT count(*) FROM ledger WHERE action = '"'"'run.start'"'"'")" = 0 ]'
check "it is held: back to approved" '[ "$(sql "SELECT state FROM experiments WHERE id = 1")" = approved ]'
check "on the record" '[ "$(sql "SELECT count(*) FROM ledger WHERE action = '"'"'run.held'"'"'")" = 1 ]'
S resume --reason ok >/dev/null
S dispatch --once
check "after resume it runs" 'wait_state 1 succeeded 10'

# --- halt --kill ends queued and running work ---------------------------------
S propose --name long -- /bin/sleep 30 >/dev/null; S approve 2 >/dev/null
"$STEWARD_BIN" dispatch >/dev/null 2>&1 & d=$!
wait_state 2 running 10
kill "$d"; wait "$d" 2>/dev/null
S propose --name queued -- /bin/sh -c 'echo ran' >/dev/null; S approve 3 >/dev/null
run=$(queue_by_hand 3)
expect_exit 0 "halt --kill" S halt --kill --reason "runaway"
expect_text "1 running experiment" "stops the running one"
check "the running experiment ends killed" 'wait_state 2 killed 10'
check "the queued experiment is cancelled" '[ "$(sql "SELECT state FROM experiments WHERE id = 3")" = cancelled ]'
supervise "$run" 2>/dev/null
check "and its supervisor does not start it" \
    '[ "$(sql "SELECT count(*) FROM ledger WHERE action = '"'"'run.start'"'"' AND object = '"'"'experiment:3'"'"'")" = 0 ]'
finish
