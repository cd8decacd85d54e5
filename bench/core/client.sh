#!/usr/bin/env bash
# client — what a CLI command costs through `steward serve` against the
# same command in direct mode, same project, same run: `steward status 1
# --json`, N times each, interleaved. Also the dispatch overhead with the
# server's event-driven dispatcher. Prints: what, ours, baseline, ratio.
set -euo pipefail
steward=$(realpath "$1")
n=${2:-200}
dir=$(mktemp -d /tmp/steward-bench-client.XXXXXX)
server=
trap '[ -n "$server" ] && kill $server; rm -rf "$dir"' EXIT
cd "$dir"
"$steward" init >/dev/null
"$steward" propose --name t --time 1m -- /bin/true >/dev/null
times() { # times N CMD... -> median ms
    /usr/bin/python3 - "$@" <<'PY'
import statistics, subprocess, sys, time
n, cmd = int(sys.argv[1]), sys.argv[2:]
d = []
for _ in range(n):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    d.append((time.perf_counter() - t) * 1e3)
print("%.3f" % statistics.median(d))
PY
}
direct=$(times "$n" "$steward" status 1 --json)
"$steward" serve --quiet & server=$!
for i in $(seq 50); do [ -S .steward.sock ] && break; sleep 0.1; done
served=$(times "$n" "$steward" status 1 --json)
echo "cli 'status 1 --json' ($n runs, median): through the server ${served} ms, direct ${direct} ms, added $(awk -v a="$served" -v b="$direct" 'BEGIN{printf "%.3f", a-b}') ms"
for i in $(seq 2 $((n / 4 + 1))); do
    "$steward" propose --name "t$i" --time 1m -- /bin/true >/dev/null
done
start=$(date +%s%N)
"$steward" approve $(seq 1 $((n / 4 + 1))) >/dev/null
until [ "$("$steward" status --json | /usr/bin/python3 -c "import json,sys; print(sum(e['state'] in ('succeeded','failed') for e in json.load(sys.stdin)))")" = $((n / 4 + 1)) ]; do sleep 0.05; done
end=$(date +%s%N)
echo "serve: $((n / 4 + 1)) approved /bin/true runs, approve to all ended: $(awk -v a="$start" -v b="$end" -v k=$((n / 4 + 1)) 'BEGIN{printf "%.2f", (b-a)/k/1e6}') ms/run (2 slots)"
