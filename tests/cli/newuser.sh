#!/usr/bin/env bash
# newuser.sh — what a new user reaches for first: --version, help CMD,
# "did you mean", the man page and shell completions (all from the
# command table); progress lines, logs -f, status filters, metrics
# tables and plots, artifacts, and retention of old runs.
. "$(dirname "$0")/lib.sh"

# The command table as `steward help` lists it.
commands() { S help | awk '/^commands:/{f=1; next} f && /^  [a-z]/{print $1}'; }

# --- version and help ------------------------------------------------------
cd "$TMP"
want=$(sed -n 's/^project(steward VERSION \([0-9.]*\).*/\1/p' "$STEWARD_SOURCE/CMakeLists.txt")
expect_exit 0 "--version" S --version
expect_text "^steward $want\$" "prints the CMake project version ($want)"
expect_exit 0 "-V is --version" S -V
expect_text "^steward $want\$" "the same version"
expect_exit 0 "-h prints the command list" S -h
expect_text "^  status " "listing status"
check "the table lists at least 20 commands" '[ "$(commands | wc -l)" -ge 20 ]'
expect_exit 0 "help logs" S help logs
check "help CMD prints exactly CMD --help" '[ "$(S help logs)" = "$(S logs --help)" ]'
expect_exit 0 "help --help" S help --help
expect_text "^usage: steward help" "describes help"
expect_exit 1 "help of no command fails" S help nosuch
expect_text "'nosuch' is not a command" "and says so"

# --- did you mean ------------------------------------------------------------
expect_exit 1 "a mistyped command fails" S dispach
expect_text "did you mean" "with a suggestion"
expect_text "steward dispatch" "naming the command"
expect_exit 1 "a swap of two letters" S stauts
expect_text "steward status" "suggests status"
expect_exit 1 "a prefix" S camp
expect_text "steward campaign" "suggests campaign"
expect_exit 1 "nothing near" S xyzzy
check "suggests nothing" '! grep -q "did you mean" "$TMP/err"'

# --- the man page ------------------------------------------------------------
S __man >"$TMP/man" 2>"$TMP/man.err"
check "__man succeeds" '[ $? -eq 0 ] && [ -s "$TMP/man" ]'
check "it is a roff man page" 'grep -q "^\.TH STEWARD 1" "$TMP/man"'
missing=""; stale=""
for c in $(commands); do
    grep -q "^\.SS $c\$" "$TMP/man" || missing="$missing $c"
    grep -q "^\.SS $c\$" "$STEWARD_SOURCE/docs/steward.1" || stale="$stale $c"
done
check "every command of the table is in the generated page${missing:+ (missing:$missing)}" '[ -z "$missing" ]'
check "every command is in docs/steward.1 (make man)${stale:+ (missing:$stale)}" '[ -z "$stale" ]'
check "docs/steward.1 is the page the binary generates, word for word (make man)" \
    'diff -q "$TMP/man" "$STEWARD_SOURCE/docs/steward.1" >/dev/null'
check "the page holds each command's usage" 'grep -q "^usage: steward propose" "$TMP/man"'
if command -v groff >/dev/null; then
    check "groff renders it without warnings" \
        '[ -z "$(groff -man -Tutf8 -ww "$TMP/man" 2>&1 >/dev/null)" ]'
fi

# --- completions -------------------------------------------------------------
expect_exit 0 "completion bash" S completion bash
cp "$TMP/out" "$TMP/c.bash"
check "the bash script parses" 'bash -n "$TMP/c.bash"'
complete_bash() { # complete_bash WORD... : COMPREPLY for the last word
    bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1));
             _steward; echo "${COMPREPLY[*]}"' _ "$TMP/c.bash" steward "$@"
}
check "bash completes command names" '[ "$(complete_bash sta)" = "status stats" ]'
check "bash completes every command" '[ "$(complete_bash "" | wc -w)" -ge "$(commands | wc -l)" ]'
check "bash completes subcommands" '[ "$(complete_bash campaign cr)" = create ]'
check "bash completes options" '[ "$(complete_bash propose --na)" = --name ]'
check "bash completes help CMD" '[ "$(complete_bash help dispa)" = dispatch ]'
expect_exit 0 "completion zsh" S completion zsh
cp "$TMP/out" "$TMP/c.zsh"
check "the zsh script parses" 'zsh -n "$TMP/c.zsh"'
check "zsh lists every command" \
    'for c in $(commands); do grep -q "^        '"'"'$c:" "$TMP/c.zsh" || exit 1; done'
check "zsh loads it under compinit" \
    'zsh -f -c "autoload -Uz compinit; compinit -u -d $TMP/zcd; . $TMP/c.zsh; (( \$+functions[_steward] ))"'
expect_exit 1 "completion of another shell fails" S completion fish
expect_text "no completion for 'fish'" "and says so"

# --- a run with metrics and artifacts ---------------------------------------
new_project
cat > run.sh <<'SH'
#!/bin/sh
i=1
while [ $i -le 100 ]; do
    echo "{\"step\":$i,\"loss\":$(( 1000 - i * 9 ))}" >> "$STEWARD_METRICS"
    i=$((i + 1))
done
echo '{"step":50,"acc":0.5}' >> "$STEWARD_METRICS"
echo '{"step":100,"acc":0.75}' >> "$STEWARD_METRICS"
echo "model weights" > "$STEWARD_ARTIFACTS/model.txt"
mkdir "$STEWARD_ARTIFACTS/eval" && echo "0.75" > "$STEWARD_ARTIFACTS/eval/acc.txt"
echo "training done"
SH
chmod +x run.sh
S propose --name m --time 5m -- ./run.sh >/dev/null && S approve 1 >/dev/null
expect_exit 0 "dispatch the run" S dispatch --once

# --- metrics: a table, a chart -------------------------------------------------
expect_exit 0 "metrics as one table" S metrics 1
check "one header row: step and a column per metric" \
    'head -1 "$TMP/out" | grep -qE "^ +step +acc +loss$"'
check "one row per step, blank where a metric did not report" \
    'grep -qE "^ +1 +991$" "$TMP/out"'
check "a step where both reported" 'grep -qE "^ +100 +0\.75 +100$" "$TMP/out"'
check "at most 40 rows unless --all" '[ "$(grep -cE "^ +[0-9]+ " "$TMP/out")" -eq 40 ]'
expect_text "40 of 100 steps shown; --all" "and says so"
check "--all prints every step" '[ "$(S metrics 1 --all | grep -cE "^ +[0-9]+ ")" -eq 100 ]'
expect_exit 0 "metrics --plot" S metrics 1 --plot
check "a chart per metric" '[ "$(grep -c "points, steps" "$TMP/out")" -eq 2 ]'
check "block characters" 'grep -q "█" "$TMP/out"'
check "labelled with the largest and smallest value" \
    'grep -qE "^ +991 ┤" "$TMP/out" && grep -qE "^ +100 ┤" "$TMP/out"'
widest() { "$PY" -c "import sys; print(max(len(l.rstrip('\n')) for l in open(sys.argv[1], encoding='utf-8')))" "$1"; }
check "at most 60 columns of chart by default" '[ "$(widest "$TMP/out")" -le 73 ]'
expect_exit 0 "--width bounds it" S metrics 1 --plot --metric loss --width 20 --height 4
check "to 20 columns" '[ "$(widest "$TMP/out")" -le 33 ] && [ "$(grep -c "┤\|│" "$TMP/out")" -eq 4 ]'
expect_exit 1 "--plot of a metric never reported" S metrics 1 --plot --metric nope
expect_text "no metric 'nope'" "names it"
expect_exit 1 "--width 0 is refused" S metrics 1 --plot --width 0

# --- artifacts -------------------------------------------------------------------
expect_exit 0 "artifacts lists them" S artifacts 1
expect_text "^model.txt +14 +[0-9a-f]{64}$" "path, size, sha256"
expect_text "^eval/acc.txt " "files below a directory too"
check "the sha256 is the content's" \
    'grep -q "$(printf "model weights\n" | sha256sum | cut -c1-64)" "$TMP/out"'
expect_exit 0 "artifacts get prints one" S artifacts get 1 model.txt
expect_text "^model weights$" "its content"
expect_exit 0 "artifacts get -o writes a file" S artifacts get 1 eval/acc.txt -o "$TMP/acc.txt"
check "with the content" '[ "$(cat "$TMP/acc.txt")" = 0.75 ]'
for bad in ../steward.db ../../.steward/steward.db /etc/passwd eval/../model.txt ./model.txt ""; do
    expect_exit 1 "get '$bad' is refused" S artifacts get 1 "$bad"
done
expect_text "is refused|relative" "saying why"
expect_exit 1 "get of a missing name" S artifacts get 1 nosuch.txt
expect_text "no artifact 'nosuch.txt'" "names it"
sha=$(printf "model weights\n" | sha256sum | cut -c1-64)
chmod u+w ".steward/artifacts/$sha"; echo tampered > ".steward/artifacts/$sha"
expect_exit 3 "a tampered store file is caught" S artifacts get 1 model.txt -o "$TMP/m.txt"
expect_text "sha256 is .*not $sha" "by its hash"
check "and nothing is left behind" '[ ! -e "$TMP/m.txt" ]'
check "artifacts --json" '[ "$(S artifacts 1 --json | json_get "[\"files\"].__len__()")" = 2 ]'

# --- progress lines from dispatch --------------------------------------------
S propose --name p1 --time 5m -- ./train --epochs 3 >/dev/null && S approve 2 >/dev/null
expect_exit 0 "dispatch --once" S dispatch --once
expect_text "^[0-9:]{8} started #2 p1 \(run 2\)$" "says when a run starts"
expect_text "^[0-9:]{8} ended +#2 p1 \(run 2\): succeeded, exited 0 in [0-9.]+m?s$" \
    "and when and how it ends"
check "one line each" '[ "$(wc -l < "$TMP/out")" -eq 2 ]'
S propose --name p2 --time 5m -- ./train --epochs 3 >/dev/null && S approve 3 >/dev/null
expect_exit 0 "dispatch --once --quiet" S dispatch --once --quiet
check "prints nothing" '[ ! -s "$TMP/out" ] && [ ! -s "$TMP/err" ]'
check "the run ran all the same" '[ "$(S status 3 --json | json_get "[\"state\"]")" = succeeded ]'
S propose --name p3 --time 5m -- ./train --epochs 3 >/dev/null && S approve 4 >/dev/null
expect_exit 0 "dispatch --once --json" S dispatch --once --json
check "progress as JSON lines" \
    '"$PY" -c "import json,sys; e=[json.loads(l) for l in open(sys.argv[1])]; assert [x[\"event\"] for x in e] == [\"started\", \"ended\"] and e[1][\"experiment\"] == 4" "$TMP/out"'

# --- logs -f follows a run until it ends ---------------------------------------
# The run waits until cancelled, so the checks while it runs do not race
# its end however loaded the machine is.
printf '#!/bin/sh\necho "training: begins"\nsleep 120\necho never\n' > slow.sh
chmod +x slow.sh
S propose --name slow --time 5m -- ./slow.sh >/dev/null && S approve 5 >/dev/null
timeout 120 "$STEWARD_BIN" logs -f 5 >"$TMP/follow.out" 2>"$TMP/follow.err" &
follower=$!
sleep 0.5
check "logs -f waits for an approved run" 'kill -0 $follower 2>/dev/null'
S dispatch --once --quiet &
dispatcher=$!
wait_state 5 running 60
expect_exit 0 "status of a running run" S status 5
expect_text "run +#5 running for [0-9.]+m?s" "shows how long it has been running"
expect_exit 0 "the list while it runs" S status --state running
expect_text "^ +5 +running +slow +[0-9.]+m?s " "with its elapsed time"
for i in $(seq 1 300); do grep -q "^training: begins" "$TMP/follow.out" && break; sleep 0.1; done
check "logs -f prints the output of a running run" 'grep -q "^training: begins" "$TMP/follow.out"'
check "and keeps following it" 'kill -0 $follower 2>/dev/null'
S cancel 5 --reason "test done" >/dev/null
wait $dispatcher
wait $follower
check "logs -f returns when the run ends (exit 0)" '[ $? -eq 0 ]'
check "and says how the run ended" 'grep -qE "^-- #5 slow: (killed|cancelled), .* in [0-9.]+m?s" "$TMP/follow.err"'
check "it printed everything logs prints" \
    '[ "$(cat "$TMP/follow.out")" = "$(S logs 5 --stdout)" ]'
expect_exit 0 "logs -f of an ended run prints it and returns" timeout 20 "$STEWARD_BIN" logs -f 2
expect_text "^training: " "its output"
S propose --name waits --network -- ./train >/dev/null
S reject 6 --reason no >/dev/null
expect_exit 1 "logs -f of a run that never runs" timeout 20 "$STEWARD_BIN" logs -f 6
expect_text "is rejected: it has no run to follow" "says why"

# --- status: filters, objective, compact enforcement ------------------------------
cat > .steward/policy <<'POL'
deny network unless role owner
auto inside approved campaign envelope
POL
S campaign create sweep --objective "maximize val_acc" --max-runs 3 --cpus 1 \
    --time 10m --command ./train >/dev/null && S campaign approve sweep >/dev/null
S propose --name c1 --campaign sweep --time 5m -- ./train --epochs 3 >/dev/null
expect_exit 0 "dispatch a campaign's run" S dispatch --once
expect_text "ended +#7 c1 \(run [0-9]+\): succeeded, exited 0 in .*, val_acc=0\.[0-9]+$" \
    "the end line carries the objective"
expect_exit 0 "status lists" S status
expect_text "^ +ID +STATE +NAME +TIME +OBJECTIVE +PROPOSER$" "under a header"
expect_text "^ +7 +succeeded +c1 +[0-9.]+m?s +val_acc=0\.[0-9]+ +user:" \
    "time and objective per experiment"
check "--campaign keeps one campaign's" '[ "$(S status --campaign sweep | tail -n +2 | awk "{print \$1}")" = 7 ]'
check "--state keeps those in a state" '[ "$(S status --state rejected | tail -n +2 | awk "{print \$1}")" = 6 ]'
check "--state takes a list" '[ "$(S status --state rejected,succeeded | tail -n +2 | wc -l)" -eq 6 ]'
check "--limit keeps the newest" '[ "$(S status --limit 2 | tail -n +2 | awk "{print \$1}" | tr "\n" " ")" = "6 7 " ]'
check "--json filters too" '[ "$(S status --state rejected --json | json_get ".__len__()")" = 1 ]'
expect_exit 1 "--state of no state" S status --state bogus
expect_text "'bogus' is no state" "is refused"
expect_exit 1 "--limit 0" S status --limit 0
expect_exit 1 "filters with an id" S status 7 --state running
expect_exit 0 "no match" S status --campaign nosuch
expect_text "no experiments match" "says so"
expect_exit 0 "status of one run" S status 7
expect_text "objective  val_acc=0\.[0-9]+ \(campaign sweep\)" "shows the objective"
expect_text "^  enforced   [0-9]+ of [0-9]+ limits \(cgroup [v12none]+\); mechanisms: steward show 7$" \
    "a one-line enforcement summary"
check "the mechanisms stay under show" \
    '[ "$(S show 7 | json_get "[\"run\"][\"enforcement\"][\"filesystem\"]" | grep -c "minimal /dev")" -eq 1 ]'
check "status ID fits in 10 lines" '[ "$(S status 7 | wc -l)" -le 10 ]'
check "no line is cut" '! grep -q "minimal /de$" "$TMP/out"'

# --- retention: steward gc and the policy's retain statement -----------------------
new_project
cat > run.sh <<'SH'
#!/bin/sh
echo "run $STEWARD_RUN_ID says hello"
echo "{\"step\":1,\"loss\":0.5}" >> "$STEWARD_METRICS"
echo "weights of $STEWARD_RUN_ID" > "$STEWARD_ARTIFACTS/model.txt"
echo "shared" > "$STEWARD_ARTIFACTS/shared.txt"
SH
chmod +x run.sh
for n in 1 2 3 4; do
    S propose --name r$n --time 5m -- ./run.sh >/dev/null && S approve $n >/dev/null
    S dispatch --once --quiet || echo "dispatch failed"
done
sha_of() { printf "%s\n" "$1" | sha256sum | cut -c1-64; }
expect_exit 0 "gc without a rule only collects the store" S gc
expect_text "no retention rule.*--keep-days.*retain logs and artifacts" "says how to give one"
expect_exit 0 "gc --dry-run" env STEWARD_RETENTION_GRACE_MS=0 "$STEWARD_BIN" gc --keep-last 2 --dry-run
expect_text "would remove the logs of 2 run\(s\) and 2 stored artifact\(s\)" "says what would go"
check "and removes nothing" '[ -s .steward/runs/1/stdout.log ] && [ -e ".steward/artifacts/$(sha_of "weights of 1")" ]'
agent=$(S token create --role agent --name planner | head -1)
expect_exit 4 "an agent may not prune" env STEWARD_TOKEN="$agent" "$STEWARD_BIN" gc --keep-last 0
check "so nothing went" '[ -s .steward/runs/1/stdout.log ]'
expect_exit 0 "gc --keep-last 2" env STEWARD_RETENTION_GRACE_MS=0 "$STEWARD_BIN" gc --keep-last 2
expect_text "removed the logs of 2 run\(s\) and 2 stored artifact\(s\)" "reports it"
expect_text "runs #2 #1" "naming the runs"
check "the old runs' logs are gone" '[ ! -e .steward/runs/1/stdout.log ] && [ ! -e .steward/runs/2/io ]'
check "the newest keep theirs" '[ -s .steward/runs/3/stdout.log ] && [ -s .steward/runs/4/stdout.log ]'
check "their digest, snapshot and a marker stay" \
    '[ -s .steward/runs/1/digest.json ] && [ -s .steward/runs/1/retention.json ] && [ "$(sql "SELECT count(*) FROM snapshots WHERE hash = (SELECT snapshot FROM experiments WHERE id = 1)")" = 1 ]'
check "old artifacts only they named are gone" '[ ! -e ".steward/artifacts/$(sha_of "weights of 1")" ]'
check "content a kept run shares stays" '[ -e ".steward/artifacts/$(sha_of shared)" ]'
check "kept runs' artifacts stay" '[ -e ".steward/artifacts/$(sha_of "weights of 4")" ]'
check "metrics stay in the database" '[ "$(S metrics 1 --json | json_get "[\"loss\"].__len__()")" = 1 ]'
expect_exit 1 "logs of a pruned run" S logs 1
expect_text "removed by retention" "says why, not nothing"
expect_exit 1 "logs -f of a pruned run" timeout 20 "$STEWARD_BIN" logs -f 1
expect_text "removed by retention" "says why too"
expect_exit 0 "artifacts of a pruned run still lists them" S artifacts 1
expect_text "^model.txt .*\(removed\)$" "marked removed"
expect_exit 1 "artifacts get of a pruned one" S artifacts get 1 model.txt
expect_text "removed by retention" "says why"
expect_exit 0 "artifacts get of a shared one still works" S artifacts get 1 shared.txt
check "the ledger records the pass" \
    '[ "$(S ledger export --json | grep -c "\"action\":\"retention\",\"object\":\"runs\"")" = 1 ]'
expect_exit 0 "the ledger still verifies" S ledger verify
expect_exit 0 "a second pass finds nothing" env STEWARD_RETENTION_GRACE_MS=0 "$STEWARD_BIN" gc --keep-last 2
expect_text "removed the logs of 0 run" "nothing more"
check "and adds no ledger entry" \
    '[ "$(S ledger export --json | grep -c "\"action\":\"retention\",\"object\":\"runs\"")" = 1 ]'
expect_exit 0 "artifacts are safe for an hour by default" S gc --keep-last 0
check "so fresh content stays" '[ -e ".steward/artifacts/$(sha_of "weights of 4")" ]'
check "while the logs went" '[ ! -e .steward/runs/4/stdout.log ]'
expect_exit 0 "--keep-days 1 keeps runs of today" S gc --keep-days 1 --dry-run
expect_text "would remove the logs of 0 run" "nothing to do"
expect_exit 1 "--keep-days -1" S gc --keep-days -1

# the policy's rule
printf 'retain logs and artifacts for 30d and of the last 5 runs\n' >> .steward/policy
expect_exit 0 "the policy with a retain rule checks" S policy check
for bad in "retain logs and artifacts" "retain logs and artifacts for 0s" \
           "retain logs and artifacts of the last 0 runs" "retain logs for 30d" \
           "retain logs and artifacts for 30d and of the last 2.5 runs"; do
    printf '%s\n' "$bad" > "$TMP/bad.policy"
    expect_exit 1 "'$bad' is an error" S policy check "$TMP/bad.policy"
done
expect_text "bad.policy:1" "at its line"
printf 'retain logs and artifacts for 1d\nretain logs and artifacts for 2d\n' > "$TMP/bad.policy"
expect_exit 1 "retain twice is an error" S policy check "$TMP/bad.policy"
printf 'retain logs and artifacts of the last 1 runs\n' > "$TMP/one.policy"
expect_exit 0 "a rule of the last run only" S policy check "$TMP/one.policy"
new_project
cat > .steward/policy <<'POL'
auto role owner
retain logs and artifacts of the last 1 runs
POL
for n in 1 2; do
    S propose --name r$n --time 5m -- ./train --epochs 2 >/dev/null
done
S dispatch --once --quiet
expect_exit 0 "gc follows the policy" S gc --dry-run
expect_text "would remove the logs of 1 run" "keeping the last run"
S propose --name r3 --time 5m -- ./train --epochs 2 >/dev/null
expect_exit 0 "dispatch applies the policy as it starts" S dispatch --once
expect_text "^retention: removed the logs of 1 old run" "and says so"
check "the oldest run lost its logs" '[ ! -e .steward/runs/1/stdout.log ] && [ -s .steward/runs/2/stdout.log ]'

finish
