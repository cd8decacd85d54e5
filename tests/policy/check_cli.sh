#!/bin/sh
# check_cli — `steward policy check|eval|explain|diff|default` from the
# outside: good and bad files, every error at file:line:col, exit codes,
# --json, finding the project's policy, and fail-closed evaluation.
set -u
S=${STEWARD_BIN:?STEWARD_BIN must name the steward binary}
S=$(cd "$(dirname "$S")" && pwd)/$(basename "$S")
T=$(mktemp -d /tmp/policy_cli.XXXXXX)
trap 'rm -rf "$T"' EXIT
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect_rc() { # expected actual what
    [ "$1" = "$2" ] || fail "$3: exit $2, expected $1"
}
expect_in() { # needle file what
    grep -qF -- "$1" "$2" || { fail "$3: no '$1' in:"; cat "$2"; }
}

cat >"$T/good.policy" <<'EOF'
# a good policy
deny network unless role owner
review gpus > 1
review time > 2h
review command not matching "python3 train.py*"
auto inside approved campaign envelope
auto cpu-hours <= 0.5 per run and <= 4 per agent per day
promotion needs 2 approvals from humans other than the requester
budget 100 cpu-hours per agent per week
reviews expire after 24h
secret ~/.aws
require token
accept unenforced disk
EOF

cat >"$T/bad.policy" <<'EOF'
deny network unless role owner
review gpu > 1
review mem > 4Q
auto any
EOF

# A good file: ok, rule count, a 64-hex hash; --json says the same.
"$S" policy check "$T/good.policy" >"$T/out" 2>&1
expect_rc 0 $? "check good"
grep -Eq '^ok: 6 rules, hash [0-9a-f]{64}$' "$T/out" ||
    { fail "check good output"; cat "$T/out"; }
"$S" policy check --json "$T/good.policy" >"$T/out" 2>&1
expect_rc 0 $? "check good --json"
expect_in '"ok":true' "$T/out" "check good --json"
expect_in '"rules":6' "$T/out" "check good --json"

# A bad file: exit 1 and every error with file:line:col and a hint.
"$S" policy check "$T/bad.policy" >"$T/out" 2>&1
expect_rc 1 $? "check bad"
expect_in "$T/bad.policy:2:8: unknown field 'gpu'" "$T/out" "check bad"
expect_in "hint: did you mean 'gpus'?" "$T/out" "check bad"
expect_in "$T/bad.policy:3:14: bad value" "$T/out" "check bad"
"$S" policy check --json "$T/bad.policy" >"$T/out" 2>&1
expect_rc 1 $? "check bad --json"
expect_in '"ok":false' "$T/out" "check bad --json"
expect_in '"line":2,"col":8' "$T/out" "check bad --json"
expect_in '"line":3,"col":14' "$T/out" "check bad --json"

# A missing file is an error, not an empty policy.
"$S" policy check "$T/nowhere.policy" >"$T/out" 2>&1
expect_rc 1 $? "check missing"
expect_in "cannot read" "$T/out" "check missing"

# A path one byte too long is refused, not cut: its first 4095 bytes
# name another file (here a good policy, which was checked instead).
long=$T
while [ ${#long} -lt 3900 ]; do long=$long/$(printf 'd%.0s' $(seq 180)); done
mkdir -p "$long"
cut=$long/$(printf 'p%.0s' $(seq $((4094 - ${#long}))))
cp "$T/good.policy" "$cut"
"$S" policy check "${cut}x" >"$T/out" 2>&1
expect_rc 1 $? "check a path of 4096 bytes"
expect_in "path too long" "$T/out" "check a path of 4096 bytes"
expect_in 'pppx" is 4096 bytes, at most 4095 fit' "$T/out" \
    "check a path of 4096 bytes"
"$S" policy check "$cut" >"$T/out" 2>&1
expect_rc 0 $? "check a path of 4095 bytes"

# Without FILE: the nearest .steward/ upwards, or $STEWARD_HOME.
mkdir -p "$T/proj/.steward" "$T/proj/src/deep"
cp "$T/good.policy" "$T/proj/.steward/policy"
(cd "$T/proj/src/deep" && env -u STEWARD_HOME "$S" policy check) >"$T/out" 2>&1
expect_rc 0 $? "check in project"
expect_in "ok: 6 rules" "$T/out" "check in project"
mkdir -p "$T/home"
cp "$T/bad.policy" "$T/home/policy"
(cd "$T/proj" && STEWARD_HOME="$T/home" "$S" policy check) >"$T/out" 2>&1
expect_rc 1 $? "check STEWARD_HOME"
expect_in "$T/home/policy:2:8" "$T/out" "check STEWARD_HOME"
if [ ! -e /tmp/.steward ] && [ ! -e /.steward ]; then
    mkdir -p "$T/none"
    (cd "$T/none" && env -u STEWARD_HOME "$S" policy check) >"$T/out" 2>&1
    expect_rc 1 $? "check without project"
    expect_in "no steward project here" "$T/out" "check without project"
fi

# The starter policy checks clean.
"$S" policy default >"$T/default.policy"
expect_rc 0 $? "default"
"$S" policy check "$T/default.policy" >"$T/out" 2>&1
expect_rc 0 $? "check default"

# eval: network for an agent is denied, with the rule and its values.
REQ='{"principal":"bot","role":"agent","command":"python3 train.py","cpus":1,"time":"10m","network":true}'
"$S" policy eval "$T/good.policy" --request "$REQ" >"$T/out" 2>&1
expect_rc 0 $? "eval"
expect_in "deny (policy " "$T/out" "eval network"
expect_in "network, role agent is not owner (good.policy:2)" "$T/out" "eval"

# Anti-splitting through usage figures: 3.75 used + 0.5 asked > 4.
REQ='{"principal":"bot","role":"agent","command":"python3 train.py","cpus":3,"time":"10m","usage":{"auto cpu-hours principal day":3.75}}'
"$S" policy eval "$T/good.policy" --request "$REQ" --json >"$T/out" 2>&1
expect_in '"verdict":"review"' "$T/out" "eval over the daily auto limit"
expect_in "3.75 used + 0.5 asked = 4.25 > 4" "$T/out" "eval over the limit"

# A broken policy decides deny, never open.
"$S" policy eval "$T/bad.policy" --request "$REQ" --json >"$T/out" 2>&1
expect_in '"verdict":"deny"' "$T/out" "eval bad policy"
expect_in 'policy error: ' "$T/out" "eval bad policy"

# explain reads a stored decision; diff compares two versions.
"$S" policy eval "$T/good.policy" --request "$REQ" --json >"$T/decision"
"$S" policy explain --decision - <"$T/decision" >"$T/out" 2>&1
expect_rc 0 $? "explain"
expect_in "review (policy " "$T/out" "explain"
sed 's/<= 4 per agent/<= 8 per agent/' "$T/good.policy" >"$T/looser.policy"
printf '[%s]\n' "$REQ" >"$T/requests.json"
"$S" policy diff "$T/good.policy" "$T/looser.policy" \
    --requests "$T/requests.json" >"$T/out" 2>&1
expect_rc 0 $? "diff"
expect_in "1 of 1 decisions change" "$T/out" "diff"
expect_in "request 0: review -> auto" "$T/out" "diff"

"$S" policy --help >"$T/out" 2>&1
expect_rc 0 $? "help"
expect_in "steward policy check" "$T/out" "help"
"$S" policy frobnicate >"$T/out" 2>&1
expect_rc 1 $? "unknown subcommand"

if [ "$failures" -ne 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "policy CLI: all checks passed"
