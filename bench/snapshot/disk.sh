#!/usr/bin/env bash
# disk.sh — disk use of N runs of one unchanged tree against one copy of
# the tree: each run materialises its snapshot from the store and its
# copy goes when the run ends, so N runs should cost about one copy.
# Usage: bench/snapshot/disk.sh STEWARD_BIN [N] [MIB]
set -euo pipefail
steward=$(realpath "$1"); n=${2:-100}; mib=${3:-20}
dir=$(mktemp -d /tmp/steward-bench-disk.XXXXXX)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
"$steward" init >/dev/null
printf '\nauto role owner\n' >> .steward/policy
mkdir -p data
for i in $(seq 100); do
    head -c $((mib * 10486)) /dev/urandom > "data/f$i.bin"
done
tree=$(du -sb data | cut -f1)
for i in $(seq "$n"); do
    "$steward" propose --name "r$i" --mem 64M --time 1m -- /bin/true >/dev/null
done
"$steward" dispatch --once >/dev/null 2>&1
ok=$("$steward" status --state succeeded --json | python3 -c \
     "import json,sys; print(len(json.load(sys.stdin)))")
store=$(du -sb .steward/cas | cut -f1)
runs=$(du -sb .steward/runs | cut -f1)
echo "disk: $ok of $n runs succeeded; tree $tree bytes; store $store," \
     "runs (logs, reports) $runs; ratio $(echo "scale=3; ($store + $runs) / $tree" | bc)"
