#!/usr/bin/env bash
# envelope.sh — envelopes are closed: unset limits, unknown or missing
# parameters, other commands (exactly argv[0], never a pattern), a changed
# command file and too much disk are outside, and outside is never auto.
. "$(dirname "$0")/lib.sh"

new_project
# The default policy's agent rule would auto-approve small agent runs.
cat > .steward/policy <<'POL'
auto inside approved campaign envelope
auto role agent and cpu-hours <= 0.5 per run
POL
agent=$(S token create --role agent --name planner | head -1)
A() { STEWARD_TOKEN=$agent "$STEWARD_BIN" "$@"; }
printf '#!/bin/sh\necho ok\n' > train.sh; chmod +x train.sh
cp train.sh train.sh.evil
A campaign create c --objective "maximize acc" --max-runs 20 --cpus 1 \
    --time 10m --command ./train.sh --param-range lr=0.001:0.1 >/dev/null
S campaign approve c >/dev/null
verdict() { A propose --json --campaign c "$@" | json_get "['decision']['verdict']"; }

check "inside the envelope runs without review" \
    '[ "$(verdict --name in --param lr=0.01 --time 5m -- ./train.sh)" = auto ]'
check "a glob-like sibling command is outside (./train.sh.evil)" \
    '[ "$(verdict --name evil --param lr=0.01 --time 5m -- ./train.sh.evil)" = review ]'
check "a parameter the envelope does not range is outside" \
    '[ "$(verdict --name unk --param lr=0.01 --param evil=1 --time 5m -- ./train.sh)" = review ]'
check "a parameter it ranges, left out, is outside" \
    '[ "$(verdict --name miss --time 5m -- ./train.sh)" = review ]'
check "out of range is outside, even for the default agent rule" \
    '[ "$(verdict --name range --param lr=0.5 --time 5m -- ./train.sh)" = review ]'
A propose --campaign c --name range2 --param lr=0.5 --time 5m -- ./train.sh >"$TMP/out" 2>&1
expect_text "outside the envelope of campaign c" "and the card says why"
check "more disk than the envelope (unset: the policy's 10G default) is outside" \
    '[ "$(verdict --name disk --param lr=0.01 --time 5m --disk 50G -- ./train.sh)" = review ]'
check "the envelope records the default it closed on" \
    '[ "$(sql "SELECT json_extract(envelope, '"'"'$.disk_bytes'"'"') FROM campaigns")" = 10737418240 ]'
printf '#!/bin/sh\necho changed\n' > train.sh
check "a command file changed since the campaign was approved is outside" \
    '[ "$(verdict --name changed --param lr=0.01 --time 5m -- ./train.sh)" = review ]'
expect_exit 1 "a pattern as --command is refused" \
    S campaign create g --objective "maximize acc" --command "./train*"

# an envelope edited to drop a limit is outside, not unlimited
sql "UPDATE campaigns SET envelope = json_remove(envelope, '$.time_s')" >/dev/null
printf '#!/bin/sh\necho ok\n' > train.sh
check "an unset limit is outside" \
    '[ "$(verdict --name unset --param lr=0.01 --time 5m -- ./train.sh)" = review ]'
A campaign create nomax --objective "maximize acc" --command ./train.sh >/dev/null
S campaign approve nomax >/dev/null
check "an envelope without max-runs lets nothing run unreviewed" \
    '[ "$(A propose --json --campaign nomax --name x --time 5m -- ./train.sh | json_get "[\"decision\"][\"verdict\"]")" = review ]'

# An envelope command too long to hold is never inside: cut to 1023
# bytes, it once let a proposal naming only the cut prefix run unreviewed.
long="./$(printf 'x%.0s' $(seq 1100))"
A campaign create longcmd --objective "maximize acc" --max-runs 5 --cpus 1 \
    --time 10m --command "$long" >/dev/null
S campaign approve longcmd >/dev/null
check "the cut prefix of a too-long envelope command is outside" \
    '[ "$(A propose --json --campaign longcmd --name cut --time 5m -- "${long:0:1023}" | json_get "[\"decision\"][\"verdict\"]")" = review ]'
finish
