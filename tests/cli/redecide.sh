#!/usr/bin/env bash
# redecide.sh — a new policy decides waiting and approved work again
# (api/redecide.c): a new red line holds for work already approved, an
# auto-approval the new policy would not give returns to review, a changed
# review quorum voids human approvals, a card the new policy approves on
# its own is approved; approvals stand where nothing changed. Every change
# is in the ledger, and the ledger still verifies against the tables.
. "$(dirname "$0")/lib.sh"
state() { S status "$1" --json | json_get "['state']"; }
apply() { printf '%s\n' "$@" > "$TMP/new.policy"; S policy apply "$TMP/new.policy"; }

new_project
cat > .steward/policy <<'POL'
auto role owner and command matching "./small*"
budget 1000 cpu-hours per week
POL
alice=$(S token create --role reviewer --name alice | head -1)
S propose --name small-a --time 1m -- ./small-a >/dev/null 2>&1
S propose --name small-b --time 1m -- ./small-b >/dev/null 2>&1
S propose --name big --time 1m -- ./big >/dev/null 2>&1
S propose --name waits --time 1m -- ./waits >/dev/null 2>&1
S propose --name human --time 1m -- ./human >/dev/null 2>&1
env STEWARD_TOKEN="$alice" "$STEWARD_BIN" approve 5 >/dev/null
check "before: 1 and 2 auto-approved, 3 and 4 wait, 5 approved by alice" \
    '[ "$(state 1)$(state 2)$(state 3)$(state 4)$(state 5)" = approvedapprovedpending_reviewpending_reviewapproved ]'

expect_exit 0 "a policy with a new red line and no auto rule applies" \
    apply 'deny command matching "./small-b*"' 'auto command matching "./waits*"' \
          'budget 1000 cpu-hours per week'
expect_text "experiment 2: approved → denied: the new policy denies it" \
    "says the new red line denies approved work"
expect_text "experiment 1: approved → pending_review" \
    "says the auto-approval the new policy would not give is void"
expect_text "experiment 4: pending_review → approved: the new policy approves it" \
    "says a waiting card the new policy approves is approved"
check "states after: 1 review, 2 denied, 3 still waits, 4 approved, 5 still approved" \
    '[ "$(state 1)$(state 2)$(state 3)$(state 4)$(state 5)" = pending_reviewdeniedpending_reviewapprovedapproved ]'
check "alice's approval of 5 stands (same verdict, same quorum)" \
    '[ "$(sql "SELECT count(*) FROM reviews WHERE experiment_id = 5 AND verdict = '"'"'approved'"'"'")" = 1 ]'
check "each change is a ledger entry" \
    '[ "$(sql "SELECT count(*) FROM ledger WHERE action = '"'"'experiment.redecide'"'"'")" = 3 ]'
expect_exit 0 "the ledger verifies against the tables" S ledger verify
S dispatch --once >/dev/null 2>&1
check "the denied experiment never runs" '[ "$(state 2)" = denied ]'

# a changed quorum voids human approvals, also partial ones
new_project
cat > .steward/policy <<'POL'
review needs 2 approvals from humans other than the proposer
POL
alice=$(S token create --role reviewer --name alice | head -1)
bob=$(S token create --role reviewer --name bob | head -1)
S propose --name two -- ./two >/dev/null 2>&1
S propose --name partial -- ./partial >/dev/null 2>&1
for t in "$alice" "$bob"; do env STEWARD_TOKEN="$t" "$STEWARD_BIN" approve 1 >/dev/null; done
env STEWARD_TOKEN="$alice" "$STEWARD_BIN" approve 2 >/dev/null
check "before: 1 approved by two humans, 2 has one approval" \
    '[ "$(state 1)$(state 2)" = approvedpending_review ]'
expect_exit 0 "a policy with a stricter quorum applies" \
    apply 'review needs 3 approvals from humans other than the proposer'
expect_text "experiment 1: approved → pending_review: the review quorum changed" \
    "says the approvals of approved work are void"
check "1 waits again, with no approval standing" \
    '[ "$(state 1)" = pending_review ] && [ "$(sql "SELECT count(*) FROM reviews WHERE experiment_id = 1 AND verdict = '"'"'approved'"'"'")" = 0 ]'
check "2's partial approval is void too" \
    '[ "$(sql "SELECT count(*) FROM reviews WHERE experiment_id = 2 AND verdict = '"'"'approved'"'"'")" = 0 ]'
expect_exit 0 "alice may approve again under the new quorum" \
    env STEWARD_TOKEN="$alice" "$STEWARD_BIN" approve 1
expect_text "needs more human approvals" "and her approval counts as one of three"
expect_exit 0 "the ledger verifies" S ledger verify
S policy apply --json "$TMP/new.policy" >"$TMP/same.json"
check "applying the same policy again changes nothing" \
    "[ \"\$(json_get \"['redecided']\" <$TMP/same.json)\" = '[]' ]"

# an agent may not apply a policy, so it cannot re-decide anything
agent=$(S token create --role agent --name a | head -1)
expect_exit 4 "an agent cannot apply a policy" \
    env STEWARD_TOKEN="$agent" "$STEWARD_BIN" policy apply "$TMP/new.policy"
finish
