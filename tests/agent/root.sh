#!/usr/bin/env bash
# root.sh — `steward agent` started by root: the agent runs as another
# uid (--uid), and the project is bound idmapped, so the agent edits the
# owner's files and what it writes stays the owner's on the host — never
# chowned, never setuid, and files of any other uid stay out of its reach.
set -u
. "$(dirname "$0")/../cli/lib.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 0; }
AGENT_UID=4343
new_project
printf 'first line\n' >notes.txt
chmod 644 notes.txt
printf 'not yours\n' >foreign.txt
chown 5555:5555 foreign.txt
chmod 644 foreign.txt
"$STEWARD_BIN" serve --quiet 2>"$TMP/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$TMP"' EXIT
for i in $(seq 50); do [ -S .steward.sock ] && break; sleep 0.1; done
S agent --name idmap --uid "$AGENT_UID" -- sh -c '
    echo "uid $(id -u)"
    echo "owner $(stat -c %u notes.txt)"
    echo more >>notes.txt && echo "appended"
    echo new >made.txt && echo "created"
    mkdir made.d && echo "mkdir"
    echo x >>foreign.txt 2>/dev/null && echo "FOREIGN WRITTEN"
    cp /bin/true tool && chmod 4755 tool 2>/dev/null && echo "SETUID SET"
    ls -A .steward | grep -q . && echo "STATE SEEN"
    true' >"$TMP/inside" 2>"$TMP/inside.err"
rc=$?
check "the agent session ran (exit 0)" "[ $rc = 0 ]" || cat "$TMP/inside.err"
check "inside, the agent is the uid it was given" "grep -qx 'uid $AGENT_UID' $TMP/inside"
check "and the project's files are its own there" "grep -qx 'owner $AGENT_UID' $TMP/inside"
check "it edits a file only the owner may write" "grep -qx appended $TMP/inside && grep -qx more notes.txt"
check "it creates files and directories" "grep -qx created $TMP/inside && grep -qx mkdir $TMP/inside"
check "on the host what it made belongs to the project's owner (no chown)" \
    "[ \"\$(stat -c %u:%g made.txt made.d notes.txt | sort -u)\" = 0:0 ]"
check "a file of another uid stays out of its reach" \
    "! grep -q 'FOREIGN WRITTEN' $TMP/inside && [ \"\$(cat foreign.txt)\" = 'not yours' ] && [ \"\$(stat -c %u foreign.txt)\" = 5555 ]"
check "it cannot leave a setuid program (root's, on the host)" \
    "! grep -q 'SETUID SET' $TMP/inside && [ -z \"\$(find . -perm /6000 -print -quit)\" ]"
check "the state stays hidden" "! grep -q 'STATE SEEN' $TMP/inside"
expect_exit 0 "the ledger verifies" S ledger verify
finish
