#!/bin/sh
# bench/sandbox/run.sh BUILD_DIR [N] — steward's sandbox vs bwrap vs bare
# fork/exec, /bin/true, N iterations each (default 200), medians.
set -e
build=${1:-build}
n=${2:-200}
command -v bwrap >/dev/null || { echo "bench/sandbox: bwrap missing (apt-get install bubblewrap)"; exit 1; }
work=$(mktemp -d /tmp/steward-bench-sbx.XXXXXX)
trap 'rm -rf "$work" "$work/w.stdout" "$work/w.stderr"' EXIT
mkdir "$work/w"
"$build/bench_sandbox" "$n" "$work/w"
