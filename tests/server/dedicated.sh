#!/usr/bin/env bash
# dedicated.sh — the shared deployment: the state belongs to a dedicated
# uid (mode 0700), `steward serve` runs as it, and people reach it through
# its socket, each mapped by uid to a role. Numeric uids stand for users
# (no useradd needed): 5000 the state, 5001 a reviewer, 5002 an agent's
# account, 5003 a stranger.
set -u
. "$(dirname "$0")/../cli/lib.sh"
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
