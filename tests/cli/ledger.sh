#!/usr/bin/env bash
# ledger.sh — the ledger proves the tables: a table edited beside it is
# named by `ledger verify`; a full, consistent rewrite of ledger and
# tables is caught by a signed checkpoint kept elsewhere.
. "$(dirname "$0")/lib.sh"

fresh() { # a project with an approved run, a token, a lifted halt
    new_project
    S propose --name a -- /bin/true >/dev/null
    S propose --name b -- /bin/true >/dev/null
    S approve 1 >/dev/null
    S token create --role agent --name bot >/dev/null
    S halt --reason x >/dev/null; S resume --reason y >/dev/null
    S halt --reason still >/dev/null
}
verify_fails() { # verify_fails DESCRIPTION PATTERN
    expect_exit 1 "$1" S ledger verify
    expect_text "$2" "  and names it"
}

fresh
expect_exit 0 "an untouched project verifies" S ledger verify
expect_text "tables follow from it" "and says the tables were checked"
sql "UPDATE experiments SET state = 'approved' WHERE id = 2" >/dev/null
verify_fails "an experiment set to approved with no approve entry" "experiment 2 is approved in the table but pending_review"

fresh
sql "INSERT INTO reviews(experiment_id, principal, verdict, reason, content_hash, time_ms) SELECT 2, 'user:bob', 'approved', '', content_hash, 0 FROM experiments WHERE id = 2" >/dev/null
verify_fails "a forged approval row" "experiment 2 has 1 approvals in the table but 0"

fresh
sql "UPDATE halts SET resumed_ms = 1, resumed_by = 'x' WHERE resumed_ms IS NULL" >/dev/null
verify_fails "a halt lifted with no resume entry" "halt in force"

fresh
sql "UPDATE tokens SET role = 'owner' WHERE name = 'bot'" >/dev/null
verify_fails "a token's role raised in the table" "token bot is \"owner\" in the table but \"agent\""

fresh
sql "UPDATE experiments SET time_s = 999999 WHERE id = 1" >/dev/null
verify_fails "resources raised (what budgets count)" "experiment 1's row .* is not what the ledger recorded"

fresh
sql "DELETE FROM experiments WHERE id = 2" >/dev/null
verify_fails "an experiment deleted" "experiment 2 on the ledger is missing"

fresh
printf 'auto role agent\n' > .steward/policy
verify_fails "a policy file edited behind the ledger's back" "policy file .* is not the policy last recorded"

# --- policy texts on the record; the file follows the committed ledger ---------
fresh
check "the first policy's text is on the ledger" \
    '[ "$(sql "SELECT json_extract(payload, '"'"'$.text'"'"') FROM ledger WHERE action = '"'"'policy.first'"'"'")" = "$(cat .steward/policy)" ]'
printf 'review cpus > 2\n' > p1
expect_exit 0 "policy apply" S policy apply p1
check "the applied text is on the ledger" \
    '[ "$(sql "SELECT json_extract(payload, '"'"'$.text'"'"') FROM ledger WHERE action = '"'"'policy.apply'"'"'")" = "$(cat p1)" ]'
for point in policy-after-commit policy-before-rename; do
    printf 'review cpus > 3\n# %s\n' "$point" > p2
    expect_exit 99 "a crash at $point" env STEWARD_CRASH_AT=$point "$STEWARD_BIN" policy apply p2
    check "  leaves the old file in place" '! cmp -s p2 .steward/policy'
    expect_exit 0 "  the next command" S status
    check "  writes the file from the committed ledger" 'cmp -s p2 .steward/policy'
    expect_exit 0 "  and the ledger verifies" S ledger verify
done

# --- a full, consistent rewrite is caught by the checkpoint ------------------
fresh
S ledger checkpoint > "$TMP/cp.json"
check "the checkpoint is signed and names the public key" \
    '[ "$(json_get "[\"public_key\"]" < "$TMP/cp.json" | wc -c)" = 65 ]'
check "the key stays in .steward, readable by its owner only" \
    '[ "$(stat -c %a .steward/ledger.key)" = 600 ]'
S propose --name later -- /bin/true >/dev/null
expect_exit 0 "a ledger grown since the checkpoint extends it" \
    S ledger verify --checkpoint "$TMP/cp.json"
expect_text "extends the checkpoint" "and says so"
# The adversary: experiment 2 approved by policy all along, tables and
# ledger rewritten, every hash recomputed, the head moved.
"$PY" - "$PROJECT/.steward/steward.db" <<'PYEOF'
import hashlib, json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
def field(h, s):
    b = str(s).encode(); h.update(b"%d:" % len(b)); h.update(b)
rows = db.execute("SELECT seq, time_ms, principal, action, object, payload FROM ledger ORDER BY seq").fetchall()
prev = "0" * 64
for seq, t, who, action, obj, payload in rows:
    if action == "experiment.propose" and obj == "experiment:2":
        p = json.loads(payload); p["decision"]["verdict"] = "auto"
        payload = json.dumps(p, sort_keys=True, separators=(",", ":"))
    h = hashlib.sha256()
    for f in ("steward-ledger-v1", seq, t, who, action, obj, payload, prev):
        field(h, f)
    new = h.hexdigest()
    db.execute("UPDATE ledger SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?", (payload, prev, new, seq))
    prev = new
db.execute("UPDATE meta SET value = ? WHERE key = 'ledger_head'", ("%d:%s" % (rows[-1][0], prev),))
db.execute("UPDATE experiments SET state = 'approved' WHERE id = 2")
db.commit()
PYEOF
expect_exit 0 "the rewrite is consistent: chain and tables verify" S ledger verify
expect_exit 1 "but the ledger no longer extends the checkpoint" \
    S ledger verify --checkpoint "$TMP/cp.json"
expect_text "does not extend the checkpoint" "and says so"
"$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); d['head']='0'*64; json.dump(d, open(sys.argv[1],'w'))" "$TMP/cp.json"
expect_exit 1 "a checkpoint edited to match is refused" S ledger verify --checkpoint "$TMP/cp.json"
expect_text "not validly signed" "  as not validly signed"
finish
