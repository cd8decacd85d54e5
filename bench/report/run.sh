#!/usr/bin/env bash
# The cost of a campaign report: `steward report CAMPAIGN` (read every
# trial's record, metrics and digest, the ledger and the comparisons, then
# write Markdown and HTML with two SVG plots) against reading the
# campaign's summary alone (`steward campaign summary --json`), on a
# campaign of N trials. Prints: what, ours, baseline, ratio.
# usage: bench/report/run.sh STEWARD [TRIALS]
set -euo pipefail
steward=$(realpath "$1")
trials=${2:-100}
dir=$(mktemp -d /tmp/steward-bench-report.XXXXXX)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
cp "$(dirname "$steward")/steward-example-train" ./train
"$steward" init >/dev/null
printf 'lr: loguniform(0.001, 20)\nl2: uniform(0, 0.05)\n' > space
"$steward" campaign create bench --objective "minimize loss" \
    --max-runs "$trials" --cpus 1 --mem 256M --time 2m --command ./train \
    --space space --sampler random --seed 1 --trials "$trials" --slots 2 \
    -- ./train --epochs 50 >/dev/null
"$steward" campaign approve bench --reason bench >/dev/null
"$steward" dispatch --once >/dev/null 2>&1

# Median wall time in ms of 5 runs of the command.
median_ms() {
    local t=()
    for i in 1 2 3 4 5; do
        local a b
        a=$(date +%s%N); "$@" >/dev/null; b=$(date +%s%N)
        t+=($(( (b - a) / 1000000 )))
    done
    printf '%s\n' "${t[@]}" | sort -n | sed -n 3p
}
ours=$(median_ms "$steward" report bench --out out)
base=$(median_ms "$steward" campaign summary bench --json)
size=$(( $(stat -c %s out/report.html) / 1024 ))
echo "campaign report of $trials trials (HTML ${size} KiB): ${ours} ms;" \
     "campaign summary --json: ${base} ms; ratio" \
     "$(echo "scale=1; $ours / ($base + 0.001)" | bc)"
