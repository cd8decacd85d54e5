# lib.sh — assertions shared by the CLI test scripts. Each script runs
# steward ($STEWARD_BIN) in throw-away projects and prints one line per
# check; it exits non-zero if any check failed.
set -u
: "${STEWARD_BIN:?STEWARD_BIN must name the steward binary}"
: "${STEWARD_SOURCE:?STEWARD_SOURCE must name the source tree}"
PY=${STEWARD_PYTHON:-/usr/bin/python3}
passed=0
failed=0
S() { "$STEWARD_BIN" "$@"; }

ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; }

# expect_exit CODE DESCRIPTION CMD... : runs CMD, checks its exit status.
expect_exit() {
    local want=$1 what=$2; shift 2
    "$@" >"$TMP/out" 2>"$TMP/err"
    local got=$?
    if [ "$got" -eq "$want" ]; then ok "$what"; else
        not_ok "$what (exit $got, wanted $want)"; sed 's/^/    /' "$TMP/out" "$TMP/err" | head -20; fi
}

# expect_text PATTERN DESCRIPTION : the last command's stdout+stderr match.
expect_text() {
    if grep -qE -- "$1" "$TMP/out" "$TMP/err"; then ok "$2"; else
        not_ok "$2 (no /$1/)"; sed 's/^/    /' "$TMP/out" "$TMP/err" | head -20; fi
}

check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

json_get() { "$PY" -c "import json,sys; d=json.load(sys.stdin); print(eval('d' + sys.argv[1]))" "$1"; }

new_project() {
    PROJECT=$(mktemp -d "$TMP/project.XXXXXX")
    cd "$PROJECT" || exit 1
    cp "$(dirname "$STEWARD_BIN")/steward-example-train" ./train
    S init >/dev/null || { echo "init failed"; exit 1; }
}

sql() { "$PY" -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1], timeout=60); r=c.execute(sys.argv[2]).fetchall(); c.commit(); print('\n'.join('|'.join(map(str,x)) for x in r))" "$PROJECT/.steward/steward.db" "$1"; }

wait_state() { # wait_state ID STATE SECONDS
    local i
    for i in $(seq 1 $(( $3 * 10 ))); do
        [ "$(S status "$1" --json 2>/dev/null | json_get "['state']")" = "$2" ] && return 0
        sleep 0.1
    done
    return 1
}

finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

TMP=$(mktemp -d /tmp/steward-test.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
