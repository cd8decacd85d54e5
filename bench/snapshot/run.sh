#!/usr/bin/env bash
# Snapshot figures of issue 19: a 1 GiB tree of 10,000 files snapshotted
# the first time vs `cp -a` of the same tree (both with the tree in the
# page cache), the unchanged tree again, and the disk used by 100 runs of
# one unchanged tree vs one copy. Everything is generated in a scratch
# directory and removed at the end.
# Usage: bench/snapshot/run.sh BUILD_DIR [FILES] [MIB]
set -euo pipefail
build=$(realpath "${1:-build}")
files=${2:-10000}
mib=${3:-1024}
scratch=$(mktemp -d /tmp/steward-bench-snap.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
tree=$scratch/tree
/usr/bin/python3 - "$tree" "$files" "$mib" <<'PY'
import os, random, sys
root, n, mib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(19)
total = mib << 20
sizes = [rng.expovariate(1.0) for _ in range(n)]
scale = total / sum(sizes)
for i in range(n):
    d = os.path.join(root, "d%02d" % (i % 50), "e%02d" % (i % 7))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%05d.bin" % i), "wb") as f:
        f.write(os.urandom(max(1, int(sizes[i] * scale))))
PY
sleep 3   # files younger than 2 s are never cached (see snapshot/cache.c)
cat "$tree"/*/*/* > /dev/null   # warm: both sides read from the page cache
mkdir -p "$scratch/home"
out=$("$build/bench-snapshot" "$tree" "$scratch/home")
echo "$out"
first=$(echo "$out" | awk '/first/ {print $3}')
again=$(echo "$out" | awk '/unchanged/ {print $3}')
t0=$(date +%s.%N); cp -a "$tree" "$scratch/copy"; sync -f "$scratch/copy"
t1=$(date +%s.%N)
cp_s=$(echo "$t1 - $t0" | bc -l)
rm -rf "$scratch/copy"
printf 'snapshot first vs cp -a: %.3f s vs %.3f s, ratio %.2f (goal <= 2)\n' \
    "$first" "$cp_s" "$(echo "$first / $cp_s" | bc -l)"
printf 'snapshot unchanged vs first: %.3f s vs %.3f s, ratio %.3f (goal <= 0.10)\n' \
    "$again" "$first" "$(echo "$again / $first" | bc -l)"
rm -rf "$scratch/home"

# Disk: 100 runs of one unchanged (smaller) tree vs one copy of it.
small=$scratch/small
mkdir -p "$small"; cp -a "$tree"/d0[0-4] "$small/"; rm -rf "$tree"
cd "$small"
"$build/steward" init >/dev/null
echo "review cpus > 64" > .steward/policy
for i in $(seq 1 100); do
    "$build/steward" propose --name "r$i" -- /bin/true >/dev/null
done
"$build/steward" approve $(seq 1 100) >/dev/null
"$build/steward" dispatch --once --slots 2
tree_kb=$(du -sk --exclude=.steward "$small" | cut -f1)
state_kb=$(du -sk "$small/.steward" | cut -f1)
du -sk "$small"/.steward/* "$small"/.steward/cas/* 2>/dev/null | sort -n | tail -4 | sed 's/^/#   /'
printf 'disk of 100 runs of one tree vs one copy: %d KiB vs %d KiB, ratio %.2f (goal <= 1.1)\n' \
    "$state_kb" "$tree_kb" "$(echo "$state_kb / $tree_kb" | bc -l)"
