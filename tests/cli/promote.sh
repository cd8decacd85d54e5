#!/usr/bin/env bash
# promote.sh — candidates and promotion to production (issue 22): gates
# from the policy with their evidence, two humans other than the
# requester, approvals voided by change, the sandboxed deploy hook (fails,
# hangs), tampered artifacts, rollback, history, agents refused (exit 4,
# on the ledger), and `ledger verify` catching a pointer moved behind
# steward's back. Every bad case leaves the production pointer unchanged.
. "$(dirname "$0")/lib.sh"

new_project
prod() { sql "SELECT ifnull((SELECT candidate_id FROM production WHERE name = '$1' ORDER BY seq DESC LIMIT 1), 0)"; }
token() { S token create --role "$1" --name "$2" --json | json_get "['token']"; }
AGENT=$(token agent planner)
BOB=$(token reviewer bob)
CAROL=$(token reviewer carol)
as() { local t=$1; shift; STEWARD_TOKEN=$t "$STEWARD_BIN" "$@"; }
# run NAME ACC [ARGS...]: a succeeded run writing model.bin and val_acc.
run() {
    local name=$1 acc=$2; shift 2
    S propose --name "$name" --mem 256M --time 1m "$@" -- /bin/sh -c \
        "echo $name > \$STEWARD_ARTIFACTS/model.bin; echo '{\"step\":1,\"val_acc\":$acc}' >> \$STEWARD_METRICS" >/dev/null
    local id; id=$(sql "SELECT max(id) FROM experiments")
    S approve "$id" >/dev/null; S dispatch --once >/dev/null
    echo "$id"
}
# A secret whose path is over 511 bytes, under /opt (which the hook's
# sandbox shows; /tmp is private to it): the hook once hid a cut path in
# its place and could read it. The hook deploys only if it cannot.
LONG=$(mktemp -d /opt/steward-promote-secret.XXXXXX) ||
    { not_ok "a secret path under /opt can be made (run as root)"; exit 1; }
trap 'rm -rf "$LONG" "$TMP"' EXIT
LONG_DIR="$LONG/$(printf 'd%.0s' $(seq 250))/$(printf 'e%.0s' $(seq 250))"
mkdir -p "$LONG_DIR"; chmod -R 755 "$LONG"; echo topsecret > "$LONG_DIR/key"
echo "secret $LONG_DIR" >> .steward/policy
cat >> .steward/policy <<POL
promotion gate beats-production is comparison val_acc better at alpha 0.05
promotion gate evals is runs tagged eval exit 0
promotion gate redteam is runs tagged redteam with findings <= 0
promotion first skips comparisons
promotion deploy "test -s \\"\$1\\" && sha256sum \\"\$1\\" && ! cat $LONG_DIR/key && echo deployed-ok" within 5s
POL
sed -i 's/^promotion needs 2 approvals from humans other than the requester$/& and gate beats-production and gate evals/' .steward/policy
expect_exit 0 "the policy with gates checks" S policy check

# --- candidates ----------------------------------------------------------------
r1=$(run base 0.50)
expect_exit 0 "candidate add" S candidate add "$r1" model.bin --name clf
expect_text "candidate 1: clf" "names the candidate"
expect_exit 0 "candidate show --json" S candidate show 1 --json
check "lineage: run, params, snapshot, policy hash" \
    '[ "$(json_get "[\"lineage\"][\"experiment\"]" <"$TMP/out")" = "$r1" ] && json_get "[\"lineage\"][\"snapshot\"]" <"$TMP/out" | grep -qE "^[0-9a-f]{64}$" && json_get "[\"lineage\"][\"policy_hash\"]" <"$TMP/out" | grep -qE "^[0-9a-f]{64}$"'
expect_exit 0 "candidate list" S candidate list
expect_text "clf" "lists it"
expect_exit 1 "an unknown run is refused" S candidate add 99 model.bin --name clf
expect_exit 1 "an unknown path is refused" S candidate add "$r1" nosuch.bin --name clf
expect_text "has no artifact 'nosuch.bin'" "naming the path"
S propose --name bad --mem 256M --time 1m -- /bin/sh -c 'echo x > $STEWARD_ARTIFACTS/model.bin; exit 3' >/dev/null
bad=$(sql "SELECT max(id) FROM experiments"); S approve "$bad" >/dev/null; S dispatch --once >/dev/null
expect_exit 1 "a failed run gives no candidate" S candidate add "$bad" model.bin --name clf
expect_text "is failed, not succeeded" "and says why"
expect_exit 1 "a bad name is refused" S candidate add "$r1" model.bin --name "a b"
expect_exit 1 "an unknown candidate is refused" S candidate show 42
expect_text "no candidate 42" "clearly"

# --- request, status, the first promotion ----------------------------------------
expect_exit 0 "an agent may request" as "$AGENT" promote request 1 --to production --reason "first model"
expect_exit 1 "only production is a target" S promote request 1 --to staging
expect_exit 5 "one waiting promotion per candidate" S promote request 1 --to production
expect_exit 1 "an unknown candidate cannot be requested" S promote request 42 --to production
expect_exit 0 "status" S promote status 1
expect_text "WAITING" "the promotion waits"
expect_text "\[met\] beats-production: nothing in production yet" "first promotion skips the comparison (policy)"
expect_text "\[NOT MET\] evals: no run tagged eval names candidate 1" "evals gate not met, with what to do"
expect_text "0 of 2 human approval" "approvals counted"
expect_text "deploy hook: test -s" "the card shows the deploy hook"
expect_text "network none, credential files \[\]" "and its grants"
expect_exit 0 "status without ID lists waiting promotions" S promote status
expect_text "promotion 1:" "promotion 1 listed"

# --- agents never decide -----------------------------------------------------------
for act in "approve 1" "reject 1 --reason no" "rollback clf --to production"; do
    # shellcheck disable=SC2086
    expect_exit 4 "an agent may not promote $act" as "$AGENT" promote $act
done
check "each refusal is on the ledger" '[ "$(sql "SELECT count(*) FROM ledger WHERE action = '"'"'refused'"'"' AND principal = '"'"'token:planner'"'"'")" -ge 3 ]'

# --- approvals bound to evidence ------------------------------------------------------
expect_exit 0 "a human approves" as "$BOB" promote approve 1 --reason lgtm
expect_text "still waiting" "not yet deployed"
S propose --name ev --mem 256M --time 1m --tag eval --param candidate=1 -- /bin/true >/dev/null
ev=$(sql "SELECT max(id) FROM experiments"); S approve "$ev" >/dev/null; S dispatch --once >/dev/null
expect_exit 0 "status after an eval run" S promote status 1
expect_text "\[met\] evals: 1 run\(s\) tagged eval pass" "the eval gate is met, citing its run"
expect_text "run $ev succeeded" "evidence names the run"
expect_text "1 void: given before" "new evidence voids the earlier approval"
expect_text "approval by user:bob \(VOID" "and says whose"
expect_exit 0 "bob approves again" as "$BOB" promote approve 1 --reason "lgtm again"
S promote status 1 --json >"$TMP/card"
check "approving twice on the same evidence counts once" \
    '[ "$(json_get "[\"gates\"][-1][\"why\"]" <"$TMP/card")" = "1 of 2 human approval(s)" ]'
echo "# policy edit after approval" >> .steward/policy
expect_exit 0 "status after a policy change" S promote status 1
expect_text "1 void" "a policy change voids approvals"
as "$BOB" promote approve 1 --reason "policy ok" >/dev/null
# an approval older than the policy's `approvals valid for` (12h) no longer
# counts: a human's yes of yesterday is not one on today's evidence
sql "UPDATE promotion_approvals SET created_ms = created_ms - 13 * 3600000 WHERE promotion_id = 1" >/dev/null
S promote status 1 --json >"$TMP/card"
check "an approval older than 'approvals valid for' is void, marked expired" \
    '[ "$(json_get "[\"gates\"][-1][\"why\"]" <"$TMP/card" | cut -c1-25)" = "0 of 2 human approval(s);" ] && grep -q "\"expired\": *true" "$TMP/card"'
sql "UPDATE promotion_approvals SET created_ms = created_ms + 13 * 3600000 WHERE promotion_id = 1" >/dev/null

# --- the deploy hook fails, hangs; tampering -----------------------------------------
cp .steward/policy policy.good
sed -i 's/^promotion deploy .*/promotion deploy "echo boom >\&2; exit 7" within 5s/' .steward/policy
as "$BOB" promote approve 1 >/dev/null
expect_exit 5 "a failing hook: the final approval fails" as "$CAROL" promote approve 1 --reason ok
expect_text "exited 7" "saying how the hook ended"
expect_text "boom" "with its stderr"
expect_text "production is unchanged" "and that nothing moved"
check "the pointer did not move" '[ "$(prod clf)" = 0 ]'
check "the failure is on the ledger" '[ "$(sql "SELECT count(*) FROM ledger WHERE action = '"'"'promote.failed'"'"'")" = 1 ]'
sed -i 's/^promotion deploy .*/promotion deploy "sleep 30" within 1s/' .steward/policy
as "$BOB" promote approve 1 >/dev/null; as "$CAROL" promote approve 1 >/dev/null
expect_exit 5 "a hanging hook is stopped at its limit" as "$CAROL" promote approve 1
expect_text "timed out after 1s" "saying so"
check "the pointer did not move" '[ "$(prod clf)" = 0 ]'
cp policy.good .steward/policy
for i in $(seq 1 33); do echo "secret /opt/steward-hidden-$i" >> .steward/policy; done
as "$BOB" promote approve 1 >/dev/null; as "$CAROL" promote approve 1 >/dev/null
expect_exit 2 "more secrets than the hook can hide: refused (denied), not run with one visible" as "$CAROL" promote approve 1
expect_text "can hide at most 32" "saying why and what to do"
check "the pointer did not move" '[ "$(prod clf)" = 0 ]'
cp policy.good .steward/policy
as "$BOB" promote approve 1 >/dev/null
sha=$(sql "SELECT sha256 FROM candidates WHERE id = 1")
chmod u+w ".steward/artifacts/$sha" 2>/dev/null; cp ".steward/artifacts/$sha" art.bak
echo tampered >> ".steward/artifacts/$sha"
expect_exit 5 "a tampered artifact is not deployed" as "$CAROL" promote approve 1
expect_text "tampered with" "the error says the artifact was tampered with"
check "the pointer did not move" '[ "$(prod clf)" = 0 ]'
expect_exit 5 "a tampered artifact cannot become a candidate" S candidate add "$r1" model.bin --name clf2
cp art.bak ".steward/artifacts/$sha"

# --- the requester's approval never counts; deploy -----------------------------------
S token create --role reviewer --name dave >/dev/null
expect_exit 0 "approve with every gate met deploys" as "$CAROL" promote approve 1 --reason ship
expect_text "DEPLOYED" "the pointer moves"
expect_text "deployed-ok" "the hook ran with the artifact"
check "production is candidate 1" '[ "$(prod clf)" = 1 ]'
expect_exit 0 "history" S promote history clf
expect_text "promote.deploy +candidate 1 by user:carol" "who and what"
expect_text "evals: 1 run\(s\) tagged eval pass" "which evidence"
expect_text "reason: ship" "and the approver's reason"
expect_text "deploy hook: exited 0" "and how the hook ended"

# --- a second candidate needs a comparison against production ------------------------
a2=$(run base-s2 0.51); a3=$(run base-s3 0.49)
b1=$(run new 0.90 --param lr=0.1); b2=$(run new-s2 0.91); b3=$(run new-s3 0.89)
expect_exit 0 "an owner adds a second candidate" S candidate add "$b1" model.bin --name clf
expect_exit 0 "its parent is production's" S candidate show 2 --json
check "parent 1" '[ "$(json_get "[\"parent\"]" <"$TMP/out")" = 1 ]'
S promote request 2 --to production >/dev/null
expect_exit 0 "status" S promote status 2
expect_text "NOT MET\] beats-production: no stored comparison" "no comparison yet"
S compare "$r1,$a2,$a3" "$b1,$b2,$b3" --metric val_acc >/dev/null
S propose --name ev2 --mem 256M --time 1m --tag eval --param candidate=2 -- /bin/true >/dev/null
ev=$(sql "SELECT max(id) FROM experiments"); S approve "$ev" >/dev/null; S dispatch --once >/dev/null
expect_exit 0 "status after compare" S promote status 2
expect_text "\[met\] beats-production: comparison [0-9]+: better on val_acc" "the comparison gate cites the stored comparison"
expect_exit 4 "the requester may not approve their own promotion" S promote approve 2
as "$BOB" promote approve 2 >/dev/null
expect_exit 0 "the second human deploys" as "$CAROL" promote approve 2
check "production is candidate 2" '[ "$(prod clf)" = 2 ]'

# --- rollback ---------------------------------------------------------------------------
expect_exit 4 "a reviewer may not roll back (policy: owners)" as "$BOB" promote rollback clf --to production
expect_exit 0 "an owner rolls back" S promote rollback clf --to production --reason "regression"
expect_text "candidate 1 is in production again" "back to the previous candidate"
check "production is candidate 1" '[ "$(prod clf)" = 1 ]'
expect_exit 0 "history after the rollback" S promote history clf
expect_text "promote.rollback +candidate 1 by user:" "the rollback is in the history"
expect_text "reason: regression" "with its reason"
expect_exit 5 "nothing before the first" S promote rollback clf --to production
expect_exit 1 "rollback of an unknown name" S promote rollback nosuch --to production
expect_exit 0 "ledger verify" S ledger verify

# --- reject ---------------------------------------------------------------------------
r9=$(run other 0.7); S candidate add "$r9" model.bin --name other >/dev/null
S promote request 3 --to production >/dev/null
expect_exit 1 "reject needs a reason" as "$BOB" promote reject 3
expect_exit 0 "a human rejects" as "$BOB" promote reject 3 --reason "not now"
expect_exit 5 "a rejected promotion cannot be approved" as "$CAROL" promote approve 3

# --- through the server: agents still never decide ------------------------------------
S promote request 3 --to production --reason "again" >/dev/null
"$STEWARD_BIN" serve --quiet 2>>"$TMP/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$TMP" "$LONG"' EXIT
for i in $(seq 100); do [ -S .steward.sock ] && S status >/dev/null 2>&1 && break; sleep 0.1; done
check "a server runs" '[ -S .steward.sock ]'
expect_exit 4 "server: an agent may not approve" as "$AGENT" promote approve 4
expect_exit 4 "server: an agent may not reject" as "$AGENT" promote reject 4 --reason no
expect_exit 4 "server: an agent may not roll back" as "$AGENT" promote rollback clf --to production
expect_exit 0 "server: an agent reads the card" as "$AGENT" promote status 4
expect_text "WAITING" "the promotion still waits"
expect_exit 0 "server: a human's approval counts" as "$BOB" promote approve 4 --reason ok
check "server: the refusals are on the ledger" '[ "$(sql "SELECT count(*) FROM ledger WHERE action = '"'"'refused'"'"' AND principal = '"'"'token:planner'"'"'")" -ge 6 ]'
expect_exit 0 "server: ledger verify" S ledger verify
kill $SERVER; wait $SERVER 2>/dev/null

# --- the hook gets exactly the credential files the policy grants -------------------------
echo s3cr3t > "$TMP/cred.txt"
sed -i "s|^promotion deploy .*|promotion deploy \"grep -q s3cr3t \\\\\"\$STEWARD_CREDENTIALS/cred.txt\\\\\" \&\& echo cred-ok\" within 10s reading \"$TMP/cred.txt\"|" .steward/policy
expect_exit 0 "the policy with a credential grant checks" S policy check
S propose --name ev3 --mem 256M --time 1m --tag eval --param candidate=3 -- /bin/true >/dev/null
ev=$(sql "SELECT max(id) FROM experiments"); S approve "$ev" >/dev/null; S dispatch --once >/dev/null
expect_exit 0 "status" S promote status 4
expect_text "credential files \[\"$TMP/cred.txt\"\]" "the card shows the credential grant"
as "$BOB" promote approve 4 >/dev/null
expect_exit 0 "the hook reads the granted file" as "$CAROL" promote approve 4
expect_text "cred-ok" "through \$STEWARD_CREDENTIALS"
check "production of other is candidate 3" '[ "$(prod other)" = 3 ]'

# --- the ledger catches a pointer moved behind steward's back --------------------------
expect_exit 0 "ledger verify before" S ledger verify
sql "INSERT INTO production(name, target, candidate_id, action, by, evidence, created_ms) VALUES ('clf', 'production', 2, 'promote.deploy', 'x', '{}', 0)" >/dev/null
expect_exit 1 "a pointer change with no ledger entry is detected" S ledger verify
expect_text "production pointer move .* is not on the ledger" "and named"
finish
