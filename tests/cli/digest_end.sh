#!/usr/bin/env bash
# digest_end.sh — the digest of a run that did not end well says how it
# ended on its first line: could not start, killed at its memory limit;
# and the malformed-metrics count of one file is one number in `status`,
# in the run's digest and in a digest of the same file.
. "$(dirname "$0")/lib.sh"

new_project

# --- a run that could not start -------------------------------------------
S propose --name nope --cpus 1 --mem 256M --time 1m -- ./no-such-command \
    >/dev/null
S approve 1 >/dev/null
S dispatch --once >/dev/null 2>&1
check "the run failed" '[ "$(S status 1 --json | json_get "[\"state\"]")" = failed ]'
expect_exit 0 "its digest is a digest, not an error" S digest 1
check "no complaint about a missing metrics file" \
    '! grep -q "cannot open" "$TMP/out" "$TMP/err"'
check "the first line says it could not start" \
    'head -1 "$TMP/out" | grep -q "run: failed, could not start: .*no-such-command"'
expect_exit 0 "digest --json of it" S digest 1 --json
check "the JSON says how it ended" \
    '[ "$(json_get "[\"run\"][\"ending\"].startswith(\"could not start\")" < "$TMP/out")" = True ]'

# --- a run killed at its memory limit ---------------------------------------
cat > hog.py <<'PY'
import time
held = []
print("allocating", flush=True)
for i in range(400):
    held.append(bytearray(8 << 20))
    time.sleep(0.005)
print("done")
PY
S propose --name hog --cpus 1 --mem 64M --time 1m -- /usr/bin/python3 hog.py \
    >/dev/null
S approve 2 >/dev/null
S dispatch --once >/dev/null 2>&1
state=$(S status 2 --json | json_get "['state']")
reason=$(S status 2 --json | json_get "['run']['end_reason']")
if [ "$reason" = "memory limit reached" ]; then
    expect_exit 0 "digest of the run killed at its memory limit" S digest 2
    check "the first line says it ended at its memory limit" \
        'head -1 "$TMP/out" | grep -q "run: killed, ended at its memory limit"'
    check "no bare 'anomalies: none'" '! grep -qx "anomalies: none" "$TMP/out"'
else
    echo "# skipped memory limit: run ended '$state' ($reason); no cgroup memory limit here?"
fi

# --- one file, one malformed count ------------------------------------------
cat > bad.sh <<'SH'
#!/bin/sh
m="$STEWARD_METRICS"
echo '{"step":1,"loss":1.5}' >> "$m"
echo 'not json at all' >> "$m"
echo '{"step":2,"loss":1.2,"time":"2026-12-02T10:00:00Z"}' >> "$m"
echo '{"step":3,"loss":{"nested":1}}' >> "$m"
echo '[1, 2]' >> "$m"
echo '   ' >> "$m"
echo '' >> "$m"
head -c 3000000 /dev/zero | tr '\0' ' ' >> "$m"
echo '' >> "$m"
echo '{"step":4,"loss":NaN}' >> "$m"
echo '{"step":5,"loss":0.9' >> "$m"
echo '{"step":6,"loss":0.8}' >> "$m"
SH
chmod +x bad.sh
S propose --name bad --cpus 1 --mem 256M --time 1m -- ./bad.sh >/dev/null
S approve 3 >/dev/null
S dispatch --once >/dev/null 2>&1
in_status=$(S status 3 --json | json_get "['run']['metrics_bad_lines']")
in_run=$(S digest 3 --json | json_get "['metrics']['malformed']")
in_snapshot=$(json_get "['metrics']['malformed']" < .steward/runs/3/digest.json)
in_file=$(S digest --log .steward/runs/3/stdout.log \
          --metrics .steward/runs/3/io/metrics.jsonl --json | json_get "['metrics']['malformed']")
check "status counts 6 malformed lines ($in_status)" '[ "$in_status" = 6 ]'
check "the run's digest says the same ($in_run)" '[ "$in_run" = "$in_status" ]'
check "so does the supervisor's snapshot ($in_snapshot)" '[ "$in_snapshot" = "$in_status" ]'
check "and a digest of the file ($in_file)" '[ "$in_file" = "$in_status" ]'

# --- a log-only trainer whose tqdm epoch is one 400 KB line ------------------
cat > tqdm.py <<'PY'
import sys
sys.stdout.write("start\n")
for i in range(1, 4001):
    loss = 2.0 * 0.999 ** i + 0.3 if i < 3000 else 0.4 * 1.01 ** (i - 3000)
    sys.stdout.write(f"\rEpoch 0: {i * 100 // 4000:3d}%|#####     | {i}/4000 "
                     f"[00:10<00:10, 99.00it/s, loss={loss:.4f}]")
sys.stdout.write("\nend\n")
PY
S propose --name tqdm --cpus 1 --mem 256M --time 1m -- /usr/bin/python3 tqdm.py \
    >/dev/null
S approve 4 >/dev/null
S dispatch --once >/dev/null 2>&1
S digest 4 --json > "$TMP/d4.json"
check "the run's digest read the loss from all 4000 updates" \
    '[ "$(json_get "[\"metrics\"][\"series\"][0][\"count\"]" < "$TMP/d4.json")" = 4000 ]'
kinds=$("$PY" -c 'import json,sys; print(",".join(a["kind"] for a in json.load(open(sys.argv[1]))["anomalies"]))' "$TMP/d4.json")
check "and found it diverging ($kinds)" '[ "$kinds" = divergence ]'

finish
