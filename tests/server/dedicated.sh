#!/usr/bin/env bash
# dedicated.sh — the shared deployment: the state belongs to a dedicated
# uid (mode 0700), `steward serve` runs as it, and people reach it through
# its socket, each mapped by uid to a role. Numeric uids stand for users
# (no useradd needed): 5000 the state, 5001 a reviewer, 5002 an agent's
# account, 5003 a stranger.
set -u
. "$(dirname "$0")/../cli/lib.sh"
RAW="$(cd "$(dirname "$0")" && pwd)/raw_exec.py"   # one raw request
[ "$(id -u)" = 0 ] && command -v setpriv >/dev/null ||
    { echo "SKIP: needs root and setpriv"; exit 0; }
as() { local u=$1; shift; setpriv --reuid="$u" --regid="$u" --clear-groups \
       env HOME=/nonexistent "$@"; }
BIN=$TMP/bin/steward
mkdir -p "$TMP/bin" && cp "$STEWARD_BIN" "$STEWARD_BIN-serve" "$TMP/bin/" &&
    chmod 755 "$TMP" "$TMP/bin"
PROJECT=$TMP/project
mkdir -p "$PROJECT" && cp "$(dirname "$STEWARD_BIN")/steward-example-train" "$PROJECT/train"
chown -R 5000:5000 "$PROJECT"
cd "$PROJECT" || exit 1
as 5000 "$BIN" init >/dev/null
check "the state directory is the dedicated user's alone" \
    "[ \"\$(stat -c %a:%u .steward)\" = 700:5000 ]"
as 5000 "$BIN" serve --quiet 2>"$TMP/serve.log" &
SERVER=$!   # setpriv and env exec: this is the server itself
trap 'kill $SERVER 2>/dev/null; rm -rf "$TMP"' EXIT
for i in $(seq 50); do [ -S .steward.sock ] && break; sleep 0.1; done
expect_exit 0 "the owner maps a reviewer by uid" \
    as 5000 "$BIN" person add alice --uid 5001 --role reviewer
expect_exit 0 "and an agent's account" \
    as 5000 "$BIN" person add planner --uid 5002 --role agent
expect_exit 4 "the agent's account cannot map itself" \
    as 5002 "$BIN" person add planner2 --uid 5002 --role owner
expect_exit 0 "the agent proposes through the socket" \
    as 5002 "$BIN" propose --name a1 --cpus 1 --mem 64M --time 3h -- ./train
expect_text "waiting for review" "its proposal waits for a human"
expect_exit 4 "the agent cannot approve" as 5002 "$BIN" approve 1
expect_exit 4 "a token it forges changes nothing" \
    env STEWARD_TOKEN=stw_forged setpriv --reuid=5002 --regid=5002 \
    --clear-groups "$BIN" approve 1
check "the agent cannot open the state" \
    "! as 5002 cat .steward/steward.db >/dev/null 2>&1"
expect_exit 4 "a stranger's uid is nobody" \
    as 5003 "$BIN" propose --name s1 --cpus 1 --mem 64M --time 1m -- ./train
# The proposer's tree is read by the client, with the proposer's own
# permissions: a file only the reviewer can read is in the snapshot.
mkdir -p mine && cp train mine/ && echo "alice's notes" > mine/notes.txt
chown -R 5001:5001 mine && chmod 700 mine && chmod 600 mine/notes.txt
expect_exit 0 "a person proposes from a directory only they can read" \
    as 5001 sh -c "cd mine && $BIN propose --name a2 --cpus 1 --mem 64M --time 3h -- ./train"
check "the snapshot holds the file the server could not read" \
    "as 5000 $BIN show 2 --json | grep -q notes.txt || as 5000 sh -c 'grep -rl \"alice.s notes\" .steward/cas' >/dev/null"
# A tree too large for one request is sent ahead, in batches and parts,
# still read by the proposer alone; contents sent once are not sent again.
mkdir -p mine/data && head -c 30000000 /dev/urandom > mine/data/big.bin
head -c 16000000 /dev/urandom > mine/data/mid.bin
chown -R 5001:5001 mine && chmod 700 mine/data
as 5001 sh -c "cd mine && $BIN propose --name a3 --cpus 1 --mem 64M --time 3h --disk 1G -- ./train" \
    >"$TMP/out" 2>"$TMP/err"
check "a 46 MB tree only its owner can read is proposed through the server" \
    "grep -q 'experiment 3' $TMP/out && grep -q 'sending .* MiB of the working tree ahead' $TMP/err"
big=$(sha256sum mine/data/big.bin | cut -d' ' -f1)
check "the 30 MB file, sent in parts, is stored whole under its hash" \
    "[ -f .steward/cas/${big:0:2}/${big:2} ] && [ \"\$(sha256sum < .steward/cas/${big:0:2}/${big:2} | cut -d' ' -f1)\" = $big ]"
as 5001 sh -c "cd mine && $BIN propose --name a4 --cpus 1 --mem 64M --time 3h --disk 1G -- ./train" \
    >"$TMP/out" 2>"$TMP/err"
check "proposed again, nothing is sent again" \
    "grep -q 'experiment 4' $TMP/out && ! grep -q 'sending' $TMP/err"
# Knowing a hash is not having the file: the agent names the content of
# alice's notes (which it cannot read) without sending it.
notes=$(printf "alice's notes\n" | sha256sum | cut -d' ' -f1)
forge() {
    as 5002 python3 "$RAW" "$PROJECT/.steward.sock" "{\"argv\": [\"propose\", \"--name\", \"stolen\", \"--time\", \"1m\", \"--\", \"./train\"], \"cwd\": \"$PROJECT\", \"files\": [], \"snapshot\": {\"root\": \"$PROJECT\", \"contents\": {}, \"manifest\": {\"dirs\": [], \"files\": [[\"notes.txt\", 420, 14, \"$notes\"]]}}}"
}
forge >"$TMP/forged" 2>&1
check "a snapshot naming a content its principal never sent is refused" \
    "grep -q 'did not send it' $TMP/forged && grep -q 'x 1' $TMP/forged"
check "and no experiment was made of it" \
    "! as 5000 $BIN status --json | grep -q stolen"
# up SNAPSHOT_JSON_FIELDS: an upload request as the agent, fields of the
# snapshot object without its root
up() {
    as 5002 python3 "$RAW" "$PROJECT/.steward.sock" "{\"argv\": [\"__upload\"], \"cwd\": \"$PROJECT\", \"files\": [], \"snapshot\": {\"root\": \"$PROJECT\", ${1#\{}}"
}
b64=$(printf 'hello' | base64)
up "{\"contents\": {\"$notes\": \"$b64\"}}" >"$TMP/up1"
check "a content that does not hash to its name is refused" \
    "grep -q 'does not hash to it' $TMP/up1"
up "{\"part\": {\"sha\": \"$notes\", \"offset\": 5, \"total\": 14, \"data\": \"$b64\"}}" >"$TMP/up2"
check "a part that skips bytes is refused, saying where to send from" \
    "grep -q 'send from there' $TMP/up2"
up "{\"part\": {\"sha\": \"$notes\", \"offset\": 0, \"total\": 5, \"data\": \"$b64\"}}" >"$TMP/up3"
check "parts that make a whole with another hash are refused" \
    "grep -q 'do not hash to it' $TMP/up3"
forge >"$TMP/forged" 2>&1
check "after all of that, the agent still cannot name alice's notes" \
    "grep -q 'did not send it' $TMP/forged"
# What one principal may send a day is bounded (the store's disk): with
# 64 GiB already sent today, the agent's next new content is refused.
sql "INSERT INTO uploads (principal, sha, size, time_ms) VALUES ('user:planner', '$(printf '0%.0s' $(seq 64))', 68719476736, strftime('%s','now') * 1000)" >/dev/null
up "{\"contents\": {\"$(printf 'fresh' | sha256sum | cut -d' ' -f1)\": \"$(printf 'fresh' | base64)\"}}" >"$TMP/up4"
check "past the daily cap, new content is refused with the figures" \
    "grep -q 'a principal may send a day' $TMP/up4"
expect_exit 0 "the reviewer reads the queue" as 5001 "$BIN" queue
expect_text "a1" "and sees the agent's card"
expect_exit 0 "the reviewer approves" as 5001 "$BIN" approve 1
as 5000 "$BIN" ledger export --json >"$TMP/ledger" 2>/dev/null
check "the approval is the reviewer's" \
    "grep -q '\"principal\":\"user:alice\".*approve' $TMP/ledger"
check "the agent's refusals are on record" \
    "grep -q '\"principal\":\"user:planner\",\"action\":\"refused\"' $TMP/ledger"
expect_exit 0 "the ledger verifies" as 5000 "$BIN" ledger verify
finish
