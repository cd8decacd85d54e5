#!/usr/bin/env bash
# dispatch — added latency per run: steward dispatching /bin/true N times
# (start transaction, supervisor, full sandbox, outcome, end transaction)
# against a bare fork/exec of /bin/true and, with SANDBOX_BENCH (the
# build's bench_sandbox), against the full sandbox's own start-to-exit of
# /bin/true as a run gets it (limits, disk quota, io dir, hidden paths),
# measured in the same run: the "dispatch overhead over the full-sandbox
# start".
#   dispatch.sh STEWARD FORKEXEC [N] [SANDBOX_BENCH]
set -euo pipefail
steward=$(realpath "$1")
forkexec=$(realpath "$2")
n=${3:-200}
sandbox_bench=${4:+$(realpath "$4")}
dir=$(mktemp -d /tmp/steward-bench-dispatch.XXXXXX)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
"$steward" init >/dev/null
for i in $(seq 1 "$n"); do
    "$steward" propose --name "t$i" --time 1m -- /bin/true >/dev/null
done
"$steward" approve $(seq 1 "$n") >/dev/null
start=$(date +%s%N)
"$steward" dispatch --once --slots 1
end=$(date +%s%N)
per_run_ms=$(awk -v a="$start" -v b="$end" -v n="$n" 'BEGIN{printf "%.3f", (b-a)/n/1e6}')
bare_ms=$("$forkexec" "$n")
median_ms=$(/usr/bin/python3 - "$dir/.steward/steward.db" <<'PY'
import sqlite3, statistics, sys
c = sqlite3.connect(sys.argv[1])
d = [e - q for q, e in c.execute("SELECT queued_ms, ended_ms FROM runs")]
print("%.3f" % statistics.median(d))
PY
)
ok=$("$steward" status --json | /usr/bin/python3 -c "import json,sys; print(sum(e['state']=='succeeded' for e in json.load(sys.stdin)))")
echo "dispatch /bin/true ($n runs, $ok succeeded): ours ${per_run_ms} ms/run (median queue-to-end ${median_ms} ms), bare fork/exec ${bare_ms} ms, added $(awk -v a="$per_run_ms" -v b="$bare_ms" 'BEGIN{printf "%.3f", a-b}') ms/run"
if [ -n "$sandbox_bench" ]; then
    mkdir -p "$dir/sbx"
    sbx_ms=$("$sandbox_bench" "$n" "$dir/sbx" | awk '/as a run/ {print $NF}')
    echo "dispatch over the full sandbox's own /bin/true (median of $n): ours ${per_run_ms} ms/run, sandbox ${sbx_ms} ms, added $(awk -v a="$per_run_ms" -v b="$sbx_ms" 'BEGIN{printf "%.3f", a-b}') ms/run"
fi
