#!/bin/sh
# compare/cli — `steward compare` and `steward stats` from the command line,
# without a project: per-example files, seed-repeat values, --json, errors.
set -eu
S=${STEWARD_BIN:?}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
fail() { echo "FAIL: $*" >&2; exit 1; }

i=0
while [ $i -lt 200 ]; do
    a=$(( (i * 7919) % 100 < 60 )); b=$(( (i * 7919) % 100 < 80 ))
    [ $a = 1 ] && av=true || av=false
    [ $b = 1 ] && bv=true || bv=false
    echo "{\"id\": \"q$i\", \"correct\": $av}" >> a.jsonl
    echo "{\"example_id\": \"q$i\", \"correct\": $bv}" >> b.jsonl
    i=$((i + 1))
done

out=$("$S" compare --metric val_acc --per-example a.jsonl b.jsonl --seed 3)
echo "$out" | head -1 | grep -q '^B better than A on val_acc: +20 pts \[' ||
    fail "verdict line: $out"
echo "$out" | grep -q 'McNemar' || fail "test name missing: $out"

"$S" compare --per-example a.jsonl b.jsonl --json | /usr/bin/python3 -c '
import json, sys
r = json.load(sys.stdin)
c = r["comparisons"][0]
assert c["kind"] == "paired_binary" and c["n_pairs"] == 200, c
assert c["significant"] and c["direction"] == "better", c
' || fail "--json result"

out=$("$S" compare --metric acc --values 0.71,0.72,0.70 0.712,0.705,0.718)
echo "$out" | head -1 | grep -q '^No clear difference between A and B on acc' || fail "$out"
echo "$out" | grep -q "within A's seed-to-seed noise" || fail "noise flag: $out"

if "$S" compare --values 1,2 x,3 2>err.txt; then fail "bad values accepted"; fi
grep -q "not a finite number" err.txt || fail "bad values message: $(cat err.txt)"
if "$S" compare 2>/dev/null; then fail "no input accepted"; fi

"$S" stats --help | grep -q 'paired_bootstrap_ci' || fail "stats --help catalogue"
if "$S" stats 2>/dev/null </dev/null; then fail "stats without --batch"; fi
echo ok
