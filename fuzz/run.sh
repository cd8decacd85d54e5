#!/bin/sh
# Runs each libFuzzer harness for SECONDS on a scratch copy of its committed
# corpus (fuzz/corpus/NAME), so the committed corpus only changes by hand.
# A crash, leak or sanitizer report fails the run; the input libFuzzer
# saved is copied to fuzz/crashes/ for adding to the corpus.
# usage: fuzz/run.sh BUILD_DIR SECONDS [NAME...]   (no NAME: every harness)
# FUZZ_SEED fixes libFuzzer's seed (make check's short run uses 1, so a
# check explores the same way every time and a red CI is a real, repeatable
# finding; `make fuzz` leaves it 0: a new seed each run).
set -u
build=$1; secs=$2; shift 2
if [ $# -eq 0 ]; then
    set -- $(cd "$build" && ls fuzz_* | sed 's/^fuzz_//')
fi
here=$(cd "$(dirname "$0")" && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/steward-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
fail=0
for name in "$@"; do
    mkdir -p "$scratch/$name" "$scratch/art-$name"
    cp "$here/corpus/$name"/* "$scratch/$name"/ 2>/dev/null
    start=$(date +%s)
    if ! "$build/fuzz_$name" -max_total_time="$secs" -timeout=10 \
            -seed="${FUZZ_SEED:-0}" \
            -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
            -artifact_prefix="$scratch/art-$name/" \
            "$scratch/$name" >"$scratch/$name.log" 2>&1; then
        echo "fuzz_$name: FAILED"
        tail -40 "$scratch/$name.log"
        mkdir -p "$here/crashes"
        cp "$scratch/art-$name"/* "$here/crashes/" 2>/dev/null
        fail=1
    else
        runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' \
               "$scratch/$name.log" | grep -o '[0-9]*$')
        echo "fuzz_$name: ok, $(($(date +%s) - start)) s${runs:+, $runs runs}"
    fi
done
exit $fail
