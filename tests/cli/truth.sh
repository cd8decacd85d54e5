#!/usr/bin/env bash
# truth.sh — reports say only what took effect; the read grant is checked;
# secrets beyond the sandbox's cap fail closed; the run's end entry binds
# its enforcement report and artifact manifest; only regular files survive
# collection; a crash mid-write never leaves a half-stored object in use.
. "$(dirname "$0")/lib.sh"

objects_ok() { # DIR: every object (fan-out or flat) hashes to its name
    "$PY" - "$1" <<'PYEOF'
import hashlib, os, sys
bad = 0
for d, _, files in os.walk(sys.argv[1]):
    for f in files:
        name = (os.path.basename(d) + f) if len(os.path.basename(d)) == 2 else f
        if len(name) != 64: continue
        bad += hashlib.sha256(open(os.path.join(d, f), 'rb').read()).hexdigest() != name
sys.exit(1 if bad else 0)
PYEOF
}

# --- the read grant ---------------------------------------------------------
new_project
echo "require token" >> .steward/policy
expect_exit 4 "without a token, nobody may read" S status
expect_text "read is not allowed" "and is told why"
echo "review cpus > 64" > .steward/policy

# --- the report says swap is capped only if that write succeeded -------------
S propose --name swap -- /bin/true >/dev/null; S approve 1 >/dev/null
STEWARD_TEST_NO_SWAP_CAP=1 S dispatch --once; wait_state 1 succeeded 10
mem=$(S status 1 --json | json_get "['run']['enforcement']['memory']")
check "a failed swap write is reported as not capped ($mem)" \
    'echo "$mem" | grep -q "swap NOT capped" && ! echo "$mem" | grep -q "swap 0\|memsw same"'

# --- the run's end entry binds its report and artifacts ----------------------
cat > art.sh <<'SH'
#!/bin/sh
echo weights > "$STEWARD_ARTIFACTS/model.bin"
ln -s /etc/passwd "$STEWARD_ARTIFACTS/planted"
mkfifo "$STEWARD_ARTIFACTS/fifo"
SH
chmod +x art.sh
S propose --name art -- ./art.sh >/dev/null; S approve 2 >/dev/null
S dispatch --once; wait_state 2 succeeded 10
check "run.end holds the enforcement report" \
    '[ -n "$(sql "SELECT json_extract(payload, '"'"'$.enforcement.memory'"'"') FROM ledger WHERE action = '"'"'run.end'"'"' AND object = '"'"'experiment:2'"'"'")" ]'
want=$(sql "SELECT artifacts FROM runs WHERE experiment_id = 2" | tr -d '\n' | sha256sum | cut -c1-64)
check "and the artifact manifest's hash" \
    '[ "$(sql "SELECT json_extract(payload, '"'"'$.artifacts_sha256'"'"') FROM ledger WHERE action = '"'"'run.end'"'"' AND object = '"'"'experiment:2'"'"'")" = "$want" ]'
run=$(sql "SELECT id FROM runs WHERE experiment_id = 2")
check "planted symlinks and FIFOs do not stay in the run's directory" \
    '[ ! -e .steward/runs/$run/io/artifacts ] && [ -z "$(find .steward -type p -o -type l)" ]'
check "the regular file is in the store" '[ "$(cat .steward/artifacts/$(echo weights | sha256sum | cut -c1-64))" = weights ]'

# --- crashes mid-write ---------------------------------------------------------
head -c 3000000 /dev/urandom > big.bin
expect_exit 99 "a crash while a snapshot stores a file" \
    env STEWARD_CRASH_AT=store-mid-file "$STEWARD_BIN" propose --name crash -- /bin/true
check "  leaves no stored object that does not match its name" 'objects_ok .steward/cas'
check "  and records no snapshot or proposal" \
    '[ "$(sql "SELECT count(*) FROM experiments WHERE name = '"'"'crash'"'"'")" = 0 ]'
expect_exit 0 "  proposing again works" S propose --name crash2 -- /bin/true
cat > big.sh <<'SH'
#!/bin/sh
head -c 3000000 /dev/urandom > "$STEWARD_ARTIFACTS/big.bin"
SH
chmod +x big.sh
S propose --name bigart -- ./big.sh >/dev/null
id=$(sql "SELECT max(id) FROM experiments"); S approve "$id" >/dev/null
STEWARD_CRASH_AT=collect-mid-file S dispatch --once
sleep 1; S status "$id" >/dev/null
check "a crash while collecting artifacts: the run is lost, not half-recorded" 'wait_state $id lost 10'
check "  and no stored artifact mismatches its name" 'objects_ok .steward/artifacts'
expect_exit 0 "  gc removes the half-written temp file" S gc
check "  (none left)" '[ -z "$(ls -A .steward/artifacts | grep tmp)" ]'

# --- more secrets than runs can hide: refused, not partly hidden -----------------
: > .steward/policy
for i in $(seq 1 40); do echo "secret /tmp/steward-nonexistent-$i" >> .steward/policy; done
echo "review cpus > 64" >> .steward/policy
S propose --name many -- /bin/true >/dev/null
id=$(sql "SELECT max(id) FROM experiments"); S approve "$id" >/dev/null
S dispatch --once
check "a policy with 40 secrets refuses the run" 'wait_state $id failed 10'
expect_exit 0 "status" S status "$id"
expect_text "secret paths" "and says why"

# --- a resource removed from storage is not unlimited -----------------------------
echo "review cpus > 64" > .steward/policy
S propose --name res -- /bin/true >/dev/null
id=$(sql "SELECT max(id) FROM experiments"); S approve "$id" >/dev/null
sql "UPDATE experiments SET mem_bytes = 0 WHERE id = $id" >/dev/null
S dispatch --once
check "a memory limit zeroed in the database does not run unlimited" 'wait_state $id failed 10'
finish
