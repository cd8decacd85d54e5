#!/usr/bin/env bash
# attempts.sh — an adversarial agent inside `steward agent`, on a laptop:
# one person, one Unix user, a running `steward serve`. Every way around
# the boundary we know of is tried from inside; each must fail, and what
# the agent may do (edit files, propose) must still work. When a new way
# around is found, it joins this list.
#
# Run as root (CI), the whole script re-runs itself as an ordinary uid, as
# a person on a laptop would run steward (the sandbox then works
# unprivileged, in a user namespace of its own).
set -u
. "${STEWARD_LIB:-$(dirname "$0")/../cli/lib.sh}"
LAPTOP_UID=${LAPTOP_UID:-4242}

if [ "$(id -u)" = 0 ] && [ -z "${STEWARD_AS_USER:-}" ]; then
    command -v setpriv >/dev/null || { echo "SKIP: no setpriv"; exit 0; }
    home=$(mktemp -d /tmp/steward-laptop.XXXXXX)
    cp "$STEWARD_BIN" "$home/steward"
    cp "$STEWARD_BIN-serve" "$home/steward-serve"
    cp "$(dirname "$STEWARD_BIN")/steward-example-train" "$home/"
    cp "$0" "$(dirname "$0")/../cli/lib.sh" "$home/"
    chown -R "$LAPTOP_UID:$LAPTOP_UID" "$home"
    chmod 755 "$home"
    cd "$home" || exit 1
    STEWARD_AS_USER=1 STEWARD_BIN="$home/steward" HOME="$home" \
        STEWARD_LIB="$home/lib.sh" \
        setpriv --reuid="$LAPTOP_UID" --regid="$LAPTOP_UID" --clear-groups \
        bash "$home/attempts.sh"
    rc=$?
    rm -rf "$home"
    exit $rc
fi

new_project
cp "$STEWARD_BIN" ./steward
git init -q . 2>/dev/null && mkdir -p .git/hooks
cat > secret.key <<<'the-owners-secret'
cat >> .steward/policy <<POL
secret $PROJECT/secret.key
POL
"$STEWARD_BIN" serve --quiet 2>"$TMP/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$TMP"' EXIT
for i in $(seq 50); do [ -S .steward.sock ] && break; sleep 0.1; done
check "the server listens beside .steward" "[ -S .steward.sock ]"
expect_exit 0 "the human's CLI goes through the server" S status
S propose --name needs-review --cpus 1 --mem 64M --time 1m \
    --network -- ./train >/dev/null 2>&1
check "a human proposal that needs review waits" \
    "[ \"\$(S status 1 --json | json_get \"['state']\")\" = pending_review ]"

# The attacker, run inside the sandbox. Each line it prints is
# "NAME EXITCODE" or "NAME ok|blocked".
cat > attack.sh <<'ATTACK'
#!/bin/sh
# LeakSanitizer cannot run where ptrace is denied (sanitized builds)
export ASAN_OPTIONS=detect_leaks=0
st() { ./steward "$@" >/dev/null 2>&1; echo "$?"; }
probe() { if sh -c "$2" >/dev/null 2>&1; then echo "$1 ok"; else echo "$1 blocked"; fi; }
echo "approve $(st approve 1)"
echo "reject $(st reject 1 --reason x)"
echo "halt $(st halt --reason x)"
echo "resume $(st resume)"
echo "cancel $(st cancel 1)"
echo "policy_apply $(st policy apply policy.txt)"
echo "token_create $(st token create --role owner --name mine)"
echo "person_add $(st person add evil --uid 0 --role owner)"
echo "forged_token $(STEWARD_TOKEN=stw_0000 ./steward approve 1 >/dev/null 2>&1; echo $?)"
echo "no_socket $(env -u STEWARD_SOCKET ./steward approve 1 >/dev/null 2>&1; echo $?)"
echo "promote_approve $(st promote approve 1 --reason x)"
echo "promote_reject $(st promote reject 1 --reason x)"
echo "promote_rollback $(st promote rollback clf --to production)"
echo "promote_request $(st promote request 1 --to production)"
echo "propose $(st propose --name from-agent --cpus 1 --mem 64M --time 3h -- ./train)"
probe read_db "cat $PWD/.steward/steward.db"
probe write_state "touch $PWD/.steward/steward.db"
probe read_policy "cat $PWD/.steward/policy"
probe read_secret "grep -q owners-secret $PWD/secret.key"
probe owner_socket "python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])' $PWD/.steward.sock"
probe other_agents "ls $PWD/.steward-agents/ | grep -qv '^$STEWARD_AGENT\$'"
probe see_server "kill -0 $SERVER_PID"
probe server_environ "cat /proc/$SERVER_PID/environ"
probe host_procs "ls /proc | grep -qx $SERVER_PID"
probe git_hook "echo evil > .git/hooks/pre-commit"
probe git_config "echo '[core] pager = evil' >> .git/config"
probe unmount "umount $PWD/.steward"
probe network "python3 -c 'import socket; socket.create_connection((\"10.0.2.2\", 80), timeout=2)'"
probe gpu "ls /dev/nvidia0"
probe edit_project "echo hello > agent-note.txt"
probe exec_internal "./steward __exec 3</dev/null"
ATTACK
chmod +x attack.sh
echo "policy" > policy.txt

SERVER_PID=$SERVER S agent --name mallory --env SERVER_PID -- ./attack.sh \
    </dev/null >"$TMP/attack.out" 2>"$TMP/attack.err"
expect_exit 0 "the agent session ran" true
sed 's/^/    /' "$TMP/attack.out"
got() { grep -q "^$1 $2\$" "$TMP/attack.out"; }
for a in approve reject halt resume cancel policy_apply token_create \
         person_add forged_token promote_approve promote_reject \
         promote_rollback; do
    check "agent: $a is refused with exit 4" "got $a 4"
done
check "agent: without its socket it reaches nothing" \
    "! got no_socket 0 && grep -q '^no_socket ' $TMP/attack.out"
check "agent: propose works through its socket" "got propose 0"
check "agent: promote request is not a forbidden act (no candidate 1: exit 1)" \
    "got promote_request 1"
for a in read_db write_state read_policy read_secret owner_socket \
         other_agents see_server server_environ host_procs git_hook \
         git_config unmount network gpu exec_internal; do
    check "agent: $a is blocked" "got $a blocked"
done
check "agent: may edit the project's files" "got edit_project ok"
check "files the agent writes keep the launcher's ownership" \
    "[ \"\$(stat -c %u agent-note.txt)\" = \"\$(id -u)\" ]"
check "the secret is intact" "grep -q owners-secret secret.key"
check "the state is intact" "[ -s .steward/steward.db ]"
check "the hook was not planted" "[ ! -e .git/hooks/pre-commit ]"

S ledger export --json >"$TMP/ledger" 2>/dev/null
check "every refusal is a ledger entry" \
    "[ \$(grep -c '\"action\":\"refused\".*agent:mallory\\|agent:mallory.*\"action\":\"refused\"' $TMP/ledger) -ge 8 ]"
check "the session's start and end are in the ledger" \
    "grep -q agent.start $TMP/ledger && grep -q agent.end $TMP/ledger"
id2=$(S status --json | "$PY" -c "import json,sys; print([e['id'] for e in json.load(sys.stdin) if e['name']=='from-agent'][0])" 2>/dev/null)
check "the agent's proposal is on record as agent:mallory" \
    "S show $id2 --json | grep -q agent:mallory"
check "the agent's proposal that needs review still waits" \
    "[ \"\$(S status $id2 --json | json_get \"['state']\")\" = pending_review ]"
check "the human's proposal still waits" \
    "[ \"\$(S status 1 --json | json_get \"['state']\")\" = pending_review ]"
expect_exit 0 "the ledger verifies" S ledger verify

# --- granted the network, the agent reaches the world, never the host's own
# services: not the loopback (a TCP API, databases, notebooks), not the
# abstract Unix sockets (X11, D-Bus). The host's other address is the
# control: it stands for the world and must be reached.
if [ ! -w /dev/net/tun ]; then
    echo "SKIP: no /dev/net/tun here: the agent's granted network is not tried"
else
cat > listen.py <<'PY'
import socket, sys, threading
tcp = socket.socket(); tcp.bind(("0.0.0.0", 0)); tcp.listen(8)
uds = socket.socket(socket.AF_UNIX); uds.bind("\0steward-agent-probe"); uds.listen(8)
open("port", "w").write(str(tcp.getsockname()[1]))
def serve(s):
    while True:
        c, _ = s.accept(); open("hits", "a").write("hit\n"); c.close()
threading.Thread(target=serve, args=(uds,), daemon=True).start()
serve(tcp)
PY
"$PY" listen.py & LISTENER=$!
for i in $(seq 50); do [ -s port ] && break; sleep 0.1; done
HOST_IP=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -v '^127\.' | grep '\.' | head -1)
cat > net.sh <<'NET'
#!/bin/sh
try() { python3 -c "import socket,sys
a = sys.argv[1]
s = socket.socket(socket.AF_UNIX) if a.startswith('@') else socket.socket()
s.settimeout(3)
s.connect('\0' + a[1:] if a.startswith('@') else (a, int(sys.argv[2])))" "$@" 2>/dev/null && echo reached || echo blocked; }
echo "loopback $(try 127.0.0.1 $PORT)"
echo "host_loopback $(try 10.0.2.2 $PORT)"
echo "abstract $(try @steward-agent-probe)"
[ -n "$HOST_IP" ] && echo "world $(try $HOST_IP $PORT)"
exit 0
NET
chmod +x net.sh
PORT=$(cat port) HOST_IP=$HOST_IP S agent --name netter --network \
    --env PORT --env HOST_IP -- ./net.sh </dev/null >"$TMP/net.out" 2>&1
sed 's/^/    /' "$TMP/net.out"
kill $LISTENER 2>/dev/null; wait $LISTENER 2>/dev/null
for a in loopback host_loopback abstract; do
    check "agent --network: the host's $a is out of reach" \
        "grep -q '^$a blocked' $TMP/net.out"
done
if [ -n "$HOST_IP" ]; then
    check "agent --network: the world (the host's $HOST_IP) is reached" \
        "grep -q '^world reached' $TMP/net.out"
fi
check "the host's listeners saw only the control" \
    "[ \"\$(cat hits 2>/dev/null | wc -l)\" = \"\$([ -n \"$HOST_IP\" ] && echo 1 || echo 0)\" ]"
fi

# kill -9 of the server while an agent session is open: the agent gets a
# clear error, and after a restart its socket is back.
cat > slow.sh <<'SLOW'
#!/bin/sh
export ASAN_OPTIONS=detect_leaks=0
while [ ! -e go1 ]; do sleep 0.1; done
./steward status >/dev/null 2>err1; echo "down $?" > result
cat err1 >> result
while [ ! -e go2 ]; do sleep 0.1; done
./steward status >/dev/null 2>&1; echo "up $?" >> result
SLOW
chmod +x slow.sh
S agent --name patient -- ./slow.sh </dev/null >/dev/null 2>&1 &
AGENT=$!
for i in $(seq 50); do [ -S .steward-agents/patient/sock ] && break; sleep 0.1; done
kill -9 $SERVER; wait $SERVER 2>/dev/null
touch go1
for i in $(seq 50); do [ -s result ] && break; sleep 0.1; done
check "with the server killed, the agent's command fails with a clear error" \
    "grep -q '^down 3' result && grep -q 'steward serve' result"
"$STEWARD_BIN" serve --quiet 2>>"$TMP/serve.log" &
SERVER=$!
# direct mode answers too: wait for the socket, then an answer through it
for i in $(seq 100); do [ -S .steward.sock ] && S status >/dev/null 2>&1 && break; sleep 0.1; done
touch go2
wait $AGENT
check "after a restart the agent's socket is back" "grep -q '^up 0' result"
expect_exit 0 "the ledger still verifies" S ledger verify
kill $SERVER; wait $SERVER 2>/dev/null
finish
