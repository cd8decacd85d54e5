#!/usr/bin/env bash
# integrity.sh — what was approved is what runs: snapshots taken at
# proposal time with the proposer's own permissions, content-addressed and
# checked again at the start; an edited experiment voids its approval.
. "$(dirname "$0")/lib.sh"

cas_ok() { # every stored object hashes to its name
    "$PY" - "$PROJECT/.steward/cas" <<'PYEOF'
import hashlib, os, sys
root = sys.argv[1]; bad = 0
for fan in (os.listdir(root) if os.path.isdir(root) else []):
    if len(fan) != 2: continue
    for name in os.listdir(os.path.join(root, fan)):
        data = open(os.path.join(root, fan, name), 'rb').read()
        bad += hashlib.sha256(data).hexdigest() != fan + name
sys.exit(1 if bad else 0)
PYEOF
}

# --- the code that runs is the code that was approved ----------------------
new_project
printf '#!/bin/sh\necho approved-code\n' > train.sh; chmod +x train.sh
S propose --name code -- ./train.sh >/dev/null
printf '#!/bin/sh\necho evil-code\n' > train.sh
expect_exit 0 "approve after the file changed" S approve 1
printf '#!/bin/sh\necho evil-after-approval\n' > train.sh
S dispatch --once
wait_state 1 succeeded 10
expect_exit 0 "logs" S logs 1
expect_text "approved-code" "the run executes the tree as it was proposed"
check "not the file rewritten later" '! grep -q evil "$TMP/out"'
check "the experiment names its snapshot" \
    '[ "$(S show 1 --json | json_get "[\"snapshot\"]" | wc -c)" = 65 ]'
check "every stored object hashes to its name" cas_ok
check "the run's tree is removed when it ends" '[ ! -e .steward/runs/1/work ]'

# --- an edited row voids the approval ---------------------------------------
S propose --name edited -- ./train.sh >/dev/null
S approve 2 >/dev/null
sql "UPDATE experiments SET argv = '[\"/bin/sh\",\"-c\",\"echo pwned\"]' WHERE id = 2" >/dev/null
S dispatch --once
check "a command edited in the database does not run" 'wait_state 2 failed 10'
expect_exit 0 "status of the edited experiment" S status 2
expect_text "not what was proposed" "and says why"
S propose --name edited-workdir -- ./train.sh >/dev/null
S approve 3 >/dev/null
sql "UPDATE experiments SET workdir = '/etc', content_hash = 'x' WHERE id = 3" >/dev/null
S dispatch --once
check "a workdir edited in the database does not run" 'wait_state 3 failed 10'
S propose --name swapped -- ./train.sh >/dev/null
S approve 4 >/dev/null
other=$(sql "SELECT hash FROM snapshots WHERE hash != (SELECT snapshot FROM experiments WHERE id = 4) LIMIT 1")
mkdir -p other && printf '#!/bin/sh\necho swapped\n' > other/train.sh && chmod +x other/train.sh
(cd other && S propose --name o -- ./train.sh >/dev/null)
other=$(sql "SELECT snapshot FROM experiments WHERE id = 5")
sql "UPDATE experiments SET snapshot = '$other' WHERE id = 4" >/dev/null
S dispatch --once
check "a snapshot swapped in the database does not run" 'wait_state 4 failed 10'

# --- stored content altered behind steward's back ---------------------------
S propose --name tamper -- ./train.sh >/dev/null
S approve 6 >/dev/null
sha=$(printf '#!/bin/sh\necho evil-after-approval\n' | sha256sum | cut -c1-64)
obj=.steward/cas/${sha:0:2}/${sha:2}
chmod u+w "$obj"; printf '#!/bin/sh\necho tampered\n' > "$obj"
S dispatch --once
check "a tampered stored content refuses the run" 'wait_state 6 failed 10'
expect_exit 0 "status" S status 6
expect_text "altered" "and says the content was altered"

# --- the card shows what will run ---------------------------------------------
new_project
echo a > a.py; echo b > b.py
S propose --name one --param lr=0.1 -- python3 a.py >/dev/null
echo a2 > a.py; rm b.py; echo c > c.py
S propose --name two --param lr=0.2 -- python3 a.py >/dev/null
expect_exit 0 "queue" S queue
expect_text "workdir    $PROJECT" "the card shows the working directory"
expect_text "snapshot   [0-9a-f]{12}: 3 files, [0-9.]+ (bytes|KiB|MiB)" "its snapshot's file count and size"
expect_text "files      3 differ: ~a.py \+c.py -b.py" "and the files that differ from the most similar earlier run"

# --- a campaign's trials run the tree approved with the campaign ------------
new_project
printf 'auto inside approved campaign envelope\n' > .steward/policy
printf '#!/bin/sh\necho campaign-code\n' > t.sh; chmod +x t.sh
printf 'lr: uniform(0, 1)\n' > space
S campaign create c --objective "minimize loss" --max-runs 3 --cpus 1 \
    --mem 256M --time 1m --space space --trials 3 --slots 1 -- ./t.sh >/dev/null
printf '#!/bin/sh\necho changed-later\n' > t.sh
S campaign approve c >/dev/null
S dispatch --once --slots 1
check "every trial names the campaign's snapshot" \
    '[ "$(sql "SELECT count(*) FROM experiments e, campaigns c WHERE e.snapshot = c.snapshot")" = 3 ]'
S logs 1 >"$TMP/out" 2>&1
check "and runs the code as it was when the campaign was created" 'grep -q campaign-code "$TMP/out"'

# --- secrets are left out of the snapshot -----------------------------------
new_project
mkdir keys; echo s3cret > keys/id; echo fine > data.txt
printf 'secret %s/keys\nreview cpus > 64\n' "$PROJECT" > .steward/policy
S propose --name sec -- /bin/sh -c 'ls; cat keys/id; cat data.txt' >/dev/null
S approve 1 >/dev/null 2>&1
S dispatch --once; wait_state 1 succeeded 10 || wait_state 1 failed 10
S logs 1 >"$TMP/out" 2>&1
check "the run sees the project's files" 'grep -q fine "$TMP/out"'
check "but not a secret path inside the working directory" '! grep -q s3cret "$TMP/out"'
check "nor is the secret in the content store" \
    '! grep -rq s3cret .steward/cas'
printf 'review cpus > 64\n' > .steward/policy
for i in $(seq 1 40); do mkdir -p "s$i"; echo "hidden$i" > "s$i/x"; echo "secret $PROJECT/s$i" >> .steward/policy; done
S propose --name many -- /bin/sh -c 'cat s*/x' >/dev/null
S approve 2 >/dev/null 2>&1
S dispatch --once; wait_state 2 failed 10
S logs 2 >"$TMP/out" 2>&1
check "forty secret paths are all left out" '! grep -q hidden "$TMP/out"'

# --- the proposer's permissions, not the supervisor's ------------------------
if [ "$(id -u)" = 0 ]; then
    P=$(mktemp -d /tmp/steward-integ.XXXXXX); chmod 755 "$P"
    mkdir "$P/proj" "$P/private"; echo root-only > "$P/private/f"
    chmod 600 "$P/private/f"; chmod 711 "$P/private" # enter, not read
    chown 65534:65534 "$P/proj"
    NB() { (cd "$1" && shift && setpriv --reuid 65534 --regid 65534 --clear-groups env HOME="$P/proj" "$STEWARD_BIN" "$@"); }
    NB "$P/proj" init >/dev/null
    expect_exit 1 "proposing from a directory the proposer cannot read fails" \
        env STEWARD_HOME="$P/proj/.steward" setpriv --reuid 65534 --regid 65534 --clear-groups \
        sh -c "cd '$P/private' && exec \"$STEWARD_BIN\" propose --name steal -- /bin/cat f"
    expect_text "Permission denied" "and says why"
    check "nothing of it is stored" '! grep -rq root-only "$P/proj/.steward/cas" 2>/dev/null'
    rm -rf "$P"
fi

# --- kill -9 during a snapshot leaves nothing half-stored that is used -------
new_project
mkdir big; for i in $(seq 1 200); do head -c 200000 /dev/urandom > "big/f$i"; done
"$STEWARD_BIN" propose --name big --disk 1G -- /bin/true >/dev/null 2>&1 &
pid=$!; sleep 0.15; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
check "every object stored before the kill hashes to its name" cas_ok
expect_exit 0 "proposing again after the kill works" S propose --name big2 -- /bin/true
check "the snapshot lists every file" \
    '[ "$(sql "SELECT files FROM snapshots ORDER BY created_ms DESC LIMIT 1")" = 201 ]'

# --- gc removes what nothing references, and only that -----------------------
printf 'import os\nopen(os.environ["STEWARD_ARTIFACTS"] + "/model.bin", "w").write("weights")\n' > art.py
P() { S propose --json "$@" | json_get "['id']"; }
art=$(P --name art -- python3 art.py); S approve "$art" >/dev/null
S dispatch --once; wait_state "$art" succeeded 10
arts=$(ls .steward/artifacts | wc -l)
sql "UPDATE experiments SET snapshot = NULL WHERE name LIKE 'big%'" >/dev/null
expect_exit 0 "gc" S gc
expect_text "removed 1 snapshots" "removes the snapshot nothing names"
check "and the temp files of the killed write" '[ -z "$(ls .steward/cas/tmp)" ]'
check "keeps every content a remaining snapshot lists" cas_ok
check "keeps the artifacts runs list" '[ "$(ls .steward/artifacts | wc -l)" = "$arts" ] && [ "$arts" -ge 1 ]'
# An outcome its supervisor left and the server has not recorded yet
# (runs/<id>/end.json) keeps the artifacts it names.
saved=$(sql "SELECT artifacts FROM runs WHERE experiment_id = $art")
ended=$(sql "SELECT ended_ms FROM runs WHERE experiment_id = $art")
sql "UPDATE runs SET ended_ms = NULL, artifacts = NULL WHERE experiment_id = $art" >/dev/null
expect_exit 0 "gc while a run's outcome waits to be recorded" S gc
check "keeps the artifacts that outcome names" '[ "$(ls .steward/artifacts | wc -l)" = "$arts" ]'
sql "UPDATE runs SET ended_ms = $ended, artifacts = '$saved' WHERE experiment_id = $art" >/dev/null
after=$(P --name after-gc -- python3 art.py)
S approve "$after" >/dev/null; S dispatch --once
check "a kept snapshot still runs after gc" 'wait_state $after succeeded 10'
expect_exit 4 "an agent may not gc" env STEWARD_TOKEN="$(S token create --role agent --name a | head -1)" "$STEWARD_BIN" gc

# --- an unchanged tree is stored once ----------------------------------------
before=$(du -sk .steward/cas | cut -f1)
for i in 1 2 3; do S propose --name again$i -- /bin/true >/dev/null; done
after=$(du -sk .steward/cas | cut -f1)
check "three more proposals of one tree cost no content ($before -> $after KiB)" \
    '[ $((after - before)) -lt 100 ]'
check "and name one snapshot" \
    '[ "$(sql "SELECT count(DISTINCT snapshot) FROM experiments WHERE name LIKE '"'"'again%'"'"'")" = 1 ]'

# --- the card shows the code that changed, as a diff -------------------------
new_project
printf 'lr = 0.1\nprint("train", lr)\n' > model.py
echo data > data.txt
head -c 2000000 /dev/zero | tr '\0' 'x' > big.txt
S propose --name one --time 1m -- python3 model.py >/dev/null
printf 'lr = 0.5\nimport os; os.system("curl evil")\nprint("train", lr)\n' > model.py
rm data.txt; printf '\x00\x01' > weights.bin; echo y >> big.txt
S propose --name two --time 1m -- python3 model.py >/dev/null
S queue >"$TMP/card"
check "the card shows the changed lines" \
    "grep -qF -- '-lr = 0.1' $TMP/card && grep -qF -- '+import os; os.system(\"curl evil\")' $TMP/card"
check "and the removed file's lines" "grep -qF -- '-data' $TMP/card && grep -qF -- '+++ /dev/null' $TMP/card"
check "binary and oversized files get a note, not bytes" \
    "grep -q 'added weights.bin: binary' $TMP/card && grep -q 'changed big.txt: too large to show' $TMP/card"
S show 2 >"$TMP/show"
check "show's JSON carries code_diff" \
    "[ \"\$(json_get \"['code_diff'][0]['change']\" <$TMP/show)\" != '' ]"
expect_exit 0 "show --diff prints the code diff" S show 2 --diff
expect_text '^code of #2 against #1' "show --diff names both experiments"
expect_exit 0 "show --diff of the first experiment" S show 1 --diff
expect_text 'no earlier experiment runs the same command' "says there is nothing to compare"
for i in $(seq 1 60); do echo "line $i" >> model.py; done
S propose --name three --time 1m -- python3 model.py >/dev/null
S queue >"$TMP/card3"
check "a long diff is cut on the card, with where to read the rest" \
    "grep -q 'more: steward show 3 --diff' $TMP/card3 && ! grep -q 'line 60' $TMP/card3"
S show 3 --diff >"$TMP/full3"
check "show --diff prints all of it" "grep -q '+line 60' $TMP/full3"

finish
