#!/usr/bin/env bash
# reads.sh — the reads `steward serve` answers in its own process
# (status, queue; no request child): the same bytes as direct mode,
# refusals left to a child (same wording, same exit status), and the
# state they show kept current
# (expiry) by the server while it runs.
set -u
. "$(dirname "$0")/../cli/lib.sh"
new_project
cat >> .steward/policy <<'POL'
auto role owner and time <= 1m
POL
S propose --name quick --mem 256M --time 1m -- ./train --epochs 2 >/dev/null
S propose --name big --time 2h -- /bin/true >/dev/null
S propose --name odd --time 2h --param 'note=tab	"quote" \back' -- /bin/true >/dev/null
S dispatch --once >/dev/null 2>&1
S halt --reason 'reads test "halt"' >/dev/null
reads=(
    "status --json"
    "status 1 --json"
    "status 3 --json"
    "status"
    "status 1"
    "status --state pending_review --json"
    "status --after 1 --first 1 --json"
    "status --limit 1"
    "queue"
    "queue --json"
)
for i in "${!reads[@]}"; do
    # shellcheck disable=SC2086
    S ${reads[$i]} >"$TMP/direct.$i" 2>&1
done
S status 99 --json >"$TMP/direct.err.out" 2>&1; direct_rc=$?

"$STEWARD_BIN" serve --quiet 2>>"$TMP/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$TMP"' EXIT
for i in $(seq 100); do [ -S .steward.sock ] && S status >/dev/null 2>&1 && break; sleep 0.1; done
warm() { pgrep -P "$SERVER" -f __exec | sort | tr '\n' ' '; }
before=$(warm)
same=1
for i in "${!reads[@]}"; do
    # shellcheck disable=SC2086
    S ${reads[$i]} >"$TMP/served.$i" 2>&1
    cmp -s "$TMP/direct.$i" "$TMP/served.$i" || {
        same=0; echo "    differs: ${reads[$i]}"; diff "$TMP/direct.$i" "$TMP/served.$i" | head -5; }
done
check "through the server every read prints what direct mode prints, byte for byte" \
    "[ $same = 1 ]"
check "and no request child was spent on them (answered in the server)" \
    "[ -n \"$before\" ] && [ \"\$(warm)\" = \"$before\" ]"
S status 99 --json >"$TMP/served.err.out" 2>&1; served_rc=$?
check "an unknown id fails as in direct mode: same answer, same exit status" \
    "[ $served_rc = $direct_rc ] && [ $served_rc = 1 ] && cmp -s $TMP/direct.err.out $TMP/served.err.out"
expect_exit 1 "a bad option is still a usage error" S status --bogus
expect_text "unknown option" "with the usual words"
check "and the server's log holds no getopt complaint" \
    "! grep -q 'unrecognized' $TMP/serve.log"
expect_exit 4 "a token nobody issued is refused, not answered" \
    env STEWARD_TOKEN=stw_forged "$STEWARD_BIN" status 1 --json
S token create --role agent --name reader >"$TMP/tok" 2>/dev/null
expect_exit 0 "an agent's token reads" \
    env STEWARD_TOKEN="$(head -1 "$TMP/tok")" "$STEWARD_BIN" status 1 --json
S token revoke reader >/dev/null
expect_exit 4 "and no longer once revoked (the kept handle looks it up again)" \
    env STEWARD_TOKEN="$(head -1 "$TMP/tok")" "$STEWARD_BIN" status 1 --json
check "a state directory is no place to stand, for a read as for anything" \
    "! (cd .steward && $STEWARD_BIN status 1 --json >/dev/null 2>&1)"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
    chmod 755 "$TMP" "$PROJECT"
    expect_exit 4 "a uid that is nobody's may not read, in the server as in a child" \
        setpriv --reuid=5123 --regid=5123 --clear-groups env HOME=/nonexistent \
        STEWARD_SOCKET="$PROJECT/.steward.sock" "$STEWARD_BIN" status 1 --json
else
    echo "ok - SKIP uid check (needs root and setpriv)"
fi
S resume >/dev/null

# A review's period ends while the server runs: its reads show it expired
# without any other command opening the project.
sed 's/^reviews expire after .*/reviews expire after 2s/' .steward/policy >"$TMP/policy"
S policy apply "$TMP/policy" >/dev/null
S propose --name stale --time 2h -- /bin/true >/dev/null
id=$(S status --json | json_get "[-1]['id']")
check "a review left unread expires while only reads come in" \
    "wait_state $id expired 15"
check "the expiry is in the ledger" \
    "S ledger export --json 2>/dev/null | grep -q experiment.expire"
expect_exit 0 "the ledger verifies" S ledger verify
finish
