#!/usr/bin/env bash
# mistakes.sh — every mistake a newcomer makes gets a clear answer (issue
# 20, items 1 to 9): a bad campaign never stops dispatch, a runaway one
# pauses itself, an empty database is never a silent new project, a broken
# policy never makes everyone nobody, one source of default limits, a
# policy dry run that decides like the real thing, compare options with
# runs, impossible resources refused at propose, and honest exit codes.
. "$(dirname "$0")/lib.sh"

count() { sql "$1"; }

# --- 1. a bad campaign is refused at creation ----------------------------------
new_project
printf 'lr: loguniform(0.001, 1)\n' > space
bad_create() { # bad_create DESCRIPTION PATTERN OPTIONS...
    local what=$1 pattern=$2; shift 2
    expect_exit 1 "campaign create refuses $what" S campaign create bad \
        --objective "maximize val_acc" "$@"
    expect_text "$pattern" "  and says why ($what)"
}
bad_create "--eta 0.5 with asha" "--eta" --space space --pruner asha --eta 0.5 -- ./train
bad_create "--min-resource above --max-resource" "--min-resource" --space space \
    --pruner asha --min-resource 10 --max-resource 1 -- ./train
bad_create "--trials 0" "--trials" --space space --trials 0 -- ./train
bad_create "--slots 0" "--slots" --space space --slots 0 -- ./train
bad_create "--sampler bogus" "--sampler.*tpe" --space space --sampler bogus -- ./train
bad_create "--pruner bogus" "--pruner.*asha" --space space --pruner bogus -- ./train
bad_create "--cpu-hours -5" "--cpu-hours" --cpu-hours -5
bad_create "--mem 0" "--mem" --mem 0
bad_create "--cpus 0" "--cpus" --cpus 0
bad_create "--max-runs 0" "--max-runs" --max-runs 0
bad_create "--param-range lr=1:0" "--param-range.*lr" --param-range lr=1:0
bad_create "search options without --space" "--space" --trials 5
check "no campaign was created" '[ "$(count "SELECT count(*) FROM campaigns")" = 0 ]'

# --- 1. a campaign failing at run time is marked failed, the rest runs ----------
S campaign create broken --objective "maximize val_acc" --space space \
    --trials 5 -- ./train >/dev/null
S campaign approve broken >/dev/null
# as a database written by an older steward could hold it
sql "UPDATE campaigns SET options = json_set(options, '$.pruner', 'asha', '$.eta', 0.5) WHERE name = 'broken'" >/dev/null
S propose --name plain --time 1m -- ./train --epochs 2 >/dev/null
S approve 1 >/dev/null
expect_exit 0 "dispatch --once runs approved work despite a broken campaign" \
    timeout 60 "$STEWARD_BIN" dispatch --once
check "the plain experiment succeeded" '[ "$(S status 1 --json | json_get "[\"state\"]")" = succeeded ]'
check "the broken campaign is marked failed" \
    '[ "$(S campaign list --json | json_get "[0][\"state\"]")" = failed ]'
check "with the reason" \
    'S campaign list --json | json_get "[0][\"reason\"]" | grep -q "eta"'
check "its failure is in the ledger" \
    '[ "$(count "SELECT count(*) FROM ledger WHERE action = '"'"'campaign.fail'"'"'")" = 1 ]'

# --- 1. campaign delete ----------------------------------------------------------
agent=$(S token create --role agent --name planner | head -1)
expect_exit 4 "an agent may not delete a campaign" \
    env STEWARD_TOKEN="$agent" "$STEWARD_BIN" campaign delete broken
expect_exit 1 "deleting an unknown campaign is an error" S campaign delete nosuch
expect_text "no campaign 'nosuch'" "  naming it"
expect_exit 0 "the owner deletes the campaign nobody wants" S campaign delete broken
check "it is gone from the list" '[ "$(S campaign list --json)" = "[]" ]'
check "the deletion is in the ledger" \
    '[ "$(count "SELECT count(*) FROM ledger WHERE action = '"'"'campaign.delete'"'"'")" = 1 ]'
expect_exit 1 "a proposal in a deleted campaign is refused" \
    S propose --name late --campaign broken -- ./train
expect_exit 0 "the ledger verifies" S ledger verify

# --- 2. a runaway campaign pauses after 3 consecutive denials -----------------------
new_project
cat > .steward/policy <<'POL'
auto inside approved campaign envelope
deny role agent and cpus > 0
POL
printf 'lr: loguniform(0.001, 1)\n' > space
S campaign create runaway --objective "maximize val_acc" --space space \
    --trials 99999999999 -- ./train --epochs 2 >/dev/null
S campaign approve runaway >/dev/null
start=$(date +%s)
expect_exit 0 "dispatch --once returns once nothing can start" \
    timeout 30 "$STEWARD_BIN" dispatch --once
check "within seconds" '[ $(( $(date +%s) - start )) -le 20 ]'
check "the campaign proposed only 3 denied trials" \
    '[ "$(count "SELECT count(*) FROM experiments WHERE campaign = '"'"'runaway'"'"'")" = 3 ]'
check "and is paused" '[ "$(S campaign list --json | json_get "[0][\"state\"]")" = paused ]'
check "with the reason" \
    'S campaign list --json | json_get "[0][\"reason\"]" | grep -q "3 consecutive"'
timeout 30 "$STEWARD_BIN" dispatch --once >/dev/null
check "a paused campaign proposes nothing more" \
    '[ "$(count "SELECT count(*) FROM experiments WHERE campaign = '"'"'runaway'"'"'")" = 3 ]'
agent=$(S token create --role agent --name planner | head -1)
expect_exit 4 "an agent may not resume it" \
    env STEWARD_TOKEN="$agent" "$STEWARD_BIN" campaign resume runaway
expect_exit 0 "a human resumes it" S campaign resume runaway
check "it is approved again" '[ "$(S campaign list --json | json_get "[0][\"state\"]")" = approved ]'
expect_exit 5 "resuming a campaign that is not paused is a conflict" \
    S campaign resume runaway

# --- 3. an empty or missing database is an error, never a new project --------------
new_project
S propose --name one --time 1m -- ./train --epochs 2 >/dev/null
S approve 1 >/dev/null
S dispatch --once >/dev/null
cp .steward/steward.db "$TMP/backup.db"
: > .steward/steward.db
rm -f .steward/steward.db-wal .steward/steward.db-shm
expect_exit 1 "an empty steward.db is refused" S status
expect_text "empty.*restore" "  saying how to restore"
expect_exit 1 "ledger verify on an empty database is refused too" S ledger verify
check "the empty file stays empty (no schema written)" '[ ! -s .steward/steward.db ]'
rm .steward/steward.db
expect_exit 1 "a missing steward.db in an existing .steward/ is refused" S status
expect_text "steward.db.*restore" "  saying how to restore"
mkdir sub && (cd sub && S status >"$TMP/out" 2>"$TMP/err"); rc=$?
check "a subdirectory does not fall through to another project ($rc)" '[ "$rc" = 1 ]'
cp "$TMP/backup.db" .steward/steward.db
expect_exit 0 "a restored database works again" S status 1

new_project
mkdir -p .steward/runs/1 && echo "old run" > .steward/runs/1/marker
S propose --name fresh --time 1m -- ./train --epochs 2 >/dev/null
S approve 1 >/dev/null
S dispatch --once >/dev/null
check "the new run does not land in an existing run directory" \
    '[ "$(count "SELECT id FROM runs")" != 1 ]'
check "the old directory is untouched" '[ "$(ls .steward/runs/1)" = marker ]'
check "the new run's logs are its own" 'S logs 1 | grep -q "training"'

# --- 4. a broken policy denies with its error; identity does not depend on it --------
new_project
printf 'auto role owner\nthis is not a policy\n' > .steward/policy
expect_exit 2 "a broken policy denies proposals (exit 2)" \
    S propose --name x -- ./train
expect_text "policy error: .*policy:2" "  naming FILE:LINE"
printf 'auto role owner\n' > good.policy
expect_exit 0 "the owner can still apply a fixed policy" S policy apply good.policy
expect_exit 0 "and propose again" S propose --name y -- ./train
expect_text "approved by policy" "  under the fixed policy"
printf 'require token\nauto role owner\nbroken line here\n' > .steward/policy
expect_exit 4 "require token holds even when the policy is broken" \
    S propose --name z -- ./train
printf 'require\ttoken   # comment\nauto role owner\n' > .steward/policy
expect_exit 4 "require token is found with any spacing" S propose --name z -- ./train
rm .steward/policy && mkfifo .steward/policy
expect_exit 2 "a policy that is a FIFO denies at once (no hang)" \
    timeout 10 "$STEWARD_BIN" propose --name f -- ./train
expect_text "not a regular file" "  saying why"
expect_exit 1 "policy check refuses a FIFO at once" \
    timeout 10 "$STEWARD_BIN" policy check .steward/policy
expect_exit 1 "policy apply refuses a device" timeout 10 "$STEWARD_BIN" policy apply /dev/zero
expect_exit 0 "the owner replaces the FIFO with a good policy" S policy apply good.policy

# --- 5. one source of default limits -----------------------------------------------
new_project
S propose --name d -- ./train >/dev/null
check "the starter policy's default mem (4G) is used" \
    '[ "$(S status 1 --json | json_get "[\"resources\"][\"mem_bytes\"]")" = $((4 << 30)) ]'
check "and its default disk (10G)" \
    '[ "$(S status 1 --json | json_get "[\"resources\"][\"disk_bytes\"]")" = $((10 << 30)) ]'
expect_exit 0 "propose --help" S propose --help
expect_text "mem 4G" "  shows the project's default mem"
printf 'default cpus 2, mem 3G, time 20m, disk 5G\n' > p2
S policy apply p2 >/dev/null
S propose --name e -- ./train >/dev/null
check "a changed default line is used (cpus 2)" \
    '[ "$(S status 2 --json | json_get "[\"resources\"][\"cpus\"]")" = 2.0 ]'
check "  (time 20m)" '[ "$(S status 2 --json | json_get "[\"resources\"][\"time_s\"]")" = 1200 ]'
printf 'auto role owner\n' > p3
S policy apply p3 >/dev/null
S propose --name f -- ./train >/dev/null
check "without a default line, the documented table (mem 2G)" \
    '[ "$(S status 3 --json | json_get "[\"resources\"][\"mem_bytes\"]")" = $((2 << 30)) ]'
check "docs/policy.md states the same table" \
    'grep -q "cpus 1, mem 2G, time 1h, disk 10G" "$STEWARD_SOURCE/docs/policy.md"'
cd "$TMP"
expect_exit 0 "propose --help outside a project" S propose --help
expect_text "mem 2G" "  shows the built-in defaults"

# --- 6. policy diff decides exactly as propose does --------------------------------
new_project
cat > fail.sh <<'SH'
#!/bin/sh
exit 3
SH
chmod +x fail.sh
printf 'review repeat-of-failed\n' > .steward/policy
S propose --name a --param k=1 -- ./fail.sh >/dev/null
S approve 1 >/dev/null && S dispatch --once >/dev/null
S propose --name a-again --param k=1 -- ./fail.sh >/dev/null
printf 'review repeat-of-failed\nauto role owner\n' > new.policy
expect_exit 0 "policy diff" S policy diff new.policy --json
check "does not predict review -> auto for a repeat of a failed run" \
    '! grep -q "\"id\":2" "$TMP/out"'
S policy apply new.policy >/dev/null
S propose --name a-third --param k=1 -- ./fail.sh >/dev/null
check "and applying the policy indeed still reviews it" \
    '[ "$(S status 3 --json | json_get "[\"state\"]")" = pending_review ]'

# --- 7. compare options with runs ---------------------------------------------------
new_project
printf 'auto role owner\n' > .steward/policy
for lr in 0.01 0.02 0.05 0.1 0.11 0.12; do
    S propose --name "lr$lr" --param lr=$lr --time 1m -- ./train --epochs 3 >/dev/null
done
S dispatch --once --slots 3 >/dev/null
expect_exit 0 "compare 1 4 --alpha 0.1" S compare 1 4 --alpha 0.1
expect_exit 0 "compare 1 4 --resamples 999" S compare 1 4 --resamples 999
expect_exit 0 "compare 1 4 --candidates-b 3" S compare 1 4 --candidates-b 3 --json
expect_text "picked from 3" "  --candidates-b is used"
expect_exit 0 "compare 1 4 --metrics-considered 4" S compare 1 4 --metrics-considered 4
expect_exit 0 "compare --bh 1,2,3 4,5,6 inside a project" S compare --bh 1,2,3 4,5,6
expect_exit 1 "compare 1 4 --alpha 2 is refused" S compare 1 4 --alpha 2
expect_text "--alpha" "  naming the option"
expect_exit 1 "compare --values with --alpha 2 is refused" \
    S compare --values 1,2,3 4,5,6 --alpha 2
expect_exit 1 "compare 9999 1" S compare 9999 1
expect_text "no such experiment 9999" "  says there is no such experiment"

# --- 8. impossible resources are refused at propose ------------------------------------
new_project
expect_exit 1 "--cpus 0.001 is refused" S propose --name c --cpus 0.001 -- ./train
expect_text "0.01" "  naming the smallest share cgroups accept"
expect_exit 0 "--cpus 0.01 is accepted" S propose --name c --cpus 0.01 -- ./train
expect_exit 1 "--mem 99999T is refused" S propose --name m --mem 99999T -- ./train
expect_text "memory.*host|host.*memory" "  comparing with the host's memory"
expect_exit 1 "--param A=1 --param a=2 is refused" \
    S propose --name p --param A=1 --param a=2 -- ./train
expect_text "STEWARD_PARAM_A" "  naming the colliding variable"
expect_exit 1 "--param x-y and x_y collide too" \
    S propose --name p --param x-y=1 --param x_y=2 -- ./train
expect_exit 0 "a command that does not exist" S propose --name n -- ./no-such-trainer
expect_text "warning: .*no-such-trainer" "  is warned about at propose"
expect_exit 0 "the queue" S queue
expect_text "WARNING.*no-such-trainer.*not found" "  and on the card"
expect_exit 0 "a command found in PATH" S propose --name ok -- sh -c true
check "  gets no warning" '! grep -q warning "$TMP/out" "$TMP/err"'

# --- 9. exits ------------------------------------------------------------------------
new_project
S halt --reason "maintenance" >/dev/null
expect_exit 5 "dispatch while halted exits 5" S dispatch --once
expect_text "halted.*maintenance" "  saying why"
S resume --reason ok >/dev/null
expect_exit 1 "dispatch extra-arg is an error" timeout 10 "$STEWARD_BIN" dispatch extra-arg
expect_text "extra-arg" "  naming the argument"
expect_exit 1 "halt --campaign nosuch is an error" S halt --campaign nosuch --reason x
expect_text "no campaign 'nosuch'" "  naming it"
check "and nothing was halted" \
    '[ "$(count "SELECT count(*) FROM halts WHERE scope != '"'"'global'"'"'")" = 0 ]'
expect_exit 0 "serve --help" S serve --help
expect_text "usage: steward serve" "  prints serve's usage"
check "  not dispatch's" '! grep -q "usage: steward dispatch" "$TMP/out"'
S propose --name l -- ./train --epochs 2 >/dev/null
S approve 1 >/dev/null && S dispatch --once >/dev/null
expect_exit 0 "logs --json" S logs 1 --json
check "  is JSON with the run's stdout" \
    '"$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); assert \"training\" in d[\"stdout\"]" "$TMP/out"'
rm .steward/runs/*/stdout.log
expect_exit 1 "logs of an unreadable log fails" S logs 1 --stdout
expect_text "stdout.log" "  naming the file"
S campaign create wide --objective "maximize val_acc" --cpus 100 >/dev/null
expect_exit 0 "campaign list --json" S campaign list --json
expect_text '"cpus":100(\.0)?[,}]' "  prints 100 as a plain decimal"
check "  never as 1e+02" '! grep -q "e+" "$TMP/out"'
finish
