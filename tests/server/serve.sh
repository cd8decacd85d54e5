#!/usr/bin/env bash
# serve.sh — `steward serve` owns the project: the CLI goes through it and
# never opens the database; one server per project; a server killed with
# -9 leaves clients a clear error and the next server recovers.
set -u
. "$(dirname "$0")/../cli/lib.sh"
new_project
cat >> .steward/policy <<'POL'
auto role owner
POL
start_server() {
    "$STEWARD_BIN" serve --quiet 2>>"$TMP/serve.log" &
    SERVER=$!
    for i in $(seq 100); do S status >/dev/null 2>&1 && [ -S .steward.sock ] && return 0; sleep 0.1; done
    return 1
}
start_server
trap 'kill -9 $SERVER 2>/dev/null; rm -rf "$TMP"' EXIT
# Every command, request child and run supervisor starts the steward
# binary: it must not load the HTTP stack (GnuTLS costs each start
# milliseconds); only steward-serve does.
check "the steward binary does not load libmicrohttpd or GnuTLS" \
    "! ldd $STEWARD_BIN | grep -q 'microhttpd\\|gnutls'"
check "steward-serve beside it does" "ldd $STEWARD_BIN-serve | grep -q microhttpd"
children=$(pgrep -P "$SERVER" -f '__exec' | tr '\n' ' ')
check "the server's request children run the light binary" \
    "[ -n \"$children\" ] && for p in $children; do readlink /proc/\$p/exe; done | grep -qv -- '-serve\$'"
expect_exit 5 "a second server for the project is refused" \
    "$STEWARD_BIN" serve --quiet
expect_text "another 'steward serve'" "and says why"
check "the first server still answers" "S status >/dev/null"
expect_exit 1 "a server never keeps a token in its environment" \
    env STEWARD_TOKEN=stw_x "$STEWARD_BIN" serve --quiet
expect_text "unset STEWARD_TOKEN" "and says what to do"
expect_exit 0 "a proposal through the server" \
    S propose --name long --time 5m -- /bin/sleep 30
check "the server's dispatcher starts it without being asked" \
    'wait_state 1 running 20'
check "its supervisor was forked by the zygote, not exec'd" \
    "[ \"\$(cat /proc/\$(sql 'SELECT supervisor_pid FROM runs WHERE id = 1')/comm)\" = steward-sup ]"
check "a supervisor never opens the database" \
    "! ls -l /proc/\$(sql 'SELECT supervisor_pid FROM runs WHERE id = 1')/fd | grep -q steward.db"
# A client that lives as long as the run: it holds no database file.
S dispatch --once >"$TMP/client.out" 2>"$TMP/client.err" &
CLIENT=$!
sleep 1
check "the client holds no database file open" \
    "! ls -l /proc/$CLIENT/fd 2>/dev/null | grep -q steward.db"
check "the server does" \
    "ls -l /proc/$SERVER/fd 2>/dev/null | grep -q steward.db"
kill -9 $SERVER; wait $SERVER 2>/dev/null
wait $CLIENT; rc=$?
check "a client cut off by kill -9 of the server fails (exit 3)" "[ $rc = 3 ]"
check "with a message that says so" "grep -q 'server broke off' $TMP/client.err"
expect_exit 3 "the next command says no server answers" \
    env STEWARD_SOCKET="$PROJECT/.steward.sock" "$STEWARD_BIN" status
expect_text "steward serve" "and what to do"
check "a restarted server replaces the stale socket" start_server
expect_exit 0 "and serves again" S status 1
expect_exit 0 "the ledger verifies" S ledger verify
S cancel 1 >/dev/null 2>&1
check "the restarted server records the end of a run it did not start" \
    'wait_state 1 killed 20'
check "with the reason the cancel gave" \
    'S status 1 --json | json_get "[\"run\"][\"end_reason\"]" | grep -q "cancelled by"'
# artifacts get -o FILE: the server sends the bytes, the client writes the
# file; a request that asks the server itself to write is refused.
S propose --name art --mem 256M --time 2m -- ./train --epochs 3 >/dev/null
check "a run that writes an artifact succeeds" 'wait_state 2 succeeded 30'
expect_exit 0 "artifacts get -o through the server" \
    S artifacts get 2 model.txt -o "$TMP/model.txt"
check "the client wrote the artifact, byte for byte" \
    "[ -s $TMP/model.txt ] && S artifacts get 2 model.txt | cmp -s - $TMP/model.txt"
# A run's metrics across a kill -9 of the server: the next server reads
# on where the last stopped, numbering step-less points on.
cat > across.sh <<'SH'
#!/bin/sh
echo '{"loss":1}' >> "$STEWARD_METRICS"
printf '{"lo' >> "$STEWARD_METRICS"
sleep 3
echo 'ss":0.5}' >> "$STEWARD_METRICS"
echo '{"loss":0.25}' >> "$STEWARD_METRICS"
SH
chmod +x across.sh
S propose --name across --time 1m -- ./across.sh >/dev/null
check "a run whose server will die starts" 'wait_state 3 running 20'
sleep 1
check "its first point is read while it runs" \
    '[ "$(S metrics 3 --json)" = "{\"loss\":[[1,1.0]]}" ]'
kill -9 $SERVER; wait $SERVER 2>/dev/null
check "a server started after the kill" start_server
check "records the run's end" 'wait_state 3 succeeded 20'
check "with every point once, numbered on, the cut line whole" \
    '[ "$(S metrics 3 --json)" = "{\"loss\":[[1,1.0],[2,0.5],[3,0.25]]}" ]'
# The dispatcher keeps the parsed policy between runs: a secret added
# while the server runs, and a rewrite in place to the same size, hold
# for the next run.
cat > peek.sh <<'SH'
#!/bin/sh
for f in "$@"; do cat "$f" 2>/dev/null || echo "hidden $f"; done
SH
chmod +x peek.sh
# (in /opt, which runs see: /tmp is private to each run, /var not shown)
SEC=$(mktemp -d /opt/steward-serve-secrets.XXXXXX) ||
    { not_ok "a secret path under /opt can be made (run as root)"; exit 1; }
trap 'kill -9 $SERVER 2>/dev/null; rm -rf "$TMP" "$SEC"' EXIT
chmod 755 "$SEC"; mkdir -p "$SEC/sa" "$SEC/sb"
echo in-a > "$SEC/sa/key"; echo in-b > "$SEC/sb/key"
S propose --name peek0 --time 1m -- ./peek.sh "$SEC/sa/key" >/dev/null
check "a run reads a path the policy does not name" \
    'wait_state 4 succeeded 20 && S logs 4 --stdout | grep -q in-a'
cp .steward/policy "$TMP/policy.before"
echo "secret $SEC/sa" >> .steward/policy
S propose --name peek1 --time 1m -- ./peek.sh "$SEC/sa/key" >/dev/null
check "a secret added while the server runs is hidden from the next run" \
    'wait_state 5 succeeded 20 && S logs 5 --stdout | grep -q "hidden $SEC/sa/key"'
sed "s|secret $SEC/sa\$|secret $SEC/sb|" .steward/policy > "$TMP/policy.b"
cat "$TMP/policy.b" > .steward/policy      # same inode, same size
S propose --name peek2 --time 1m -- ./peek.sh "$SEC/sa/key" "$SEC/sb/key" >/dev/null
check "a policy rewritten in place to the same size holds for the next run" \
    'wait_state 6 succeeded 20 && S logs 6 --stdout | grep -q in-a && S logs 6 --stdout | grep -q "hidden $SEC/sb/key"'
cp "$TMP/policy.before" .steward/policy
"$PY" "$(cd "$(dirname "$0")" && pwd)/raw_exec.py" "$PROJECT/.steward.sock" \
    "{\"argv\": [\"artifacts\", \"get\", \"2\", \"model.txt\", \"-o\", \"$TMP/written-by-server\"], \"cwd\": \"$PROJECT\", \"files\": []}" \
    >"$TMP/raw.out"
check "a raw request asking the server to write -o FILE is refused" \
    "grep -q 'the server never writes where a client names' $TMP/raw.out && [ ! -e $TMP/written-by-server ]"
kill $SERVER; wait $SERVER 2>/dev/null
check "a stopped server removes its socket" "[ ! -e .steward.sock ]"
expect_exit 0 "without a server the CLI works directly again" S status 1
finish
