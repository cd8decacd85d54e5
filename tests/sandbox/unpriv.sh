#!/bin/sh
# unpriv.sh — the sandbox as an unprivileged supervisor: when run as root,
# re-runs the sandbox unit tests as uid 65534 (user namespace mapping our
# own uid, rlimits instead of cgroups). Skips where that cannot be done.
set -e
build=$(dirname "${STEWARD_BIN:-build/steward}")
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
    echo "SKIP: needs root and setpriv"; exit 0
fi
if [ "$(cat /proc/sys/user/max_user_namespaces 2>/dev/null || echo 0)" = 0 ]; then
    echo "SKIP: user namespaces disabled"; exit 0
fi
home=$(mktemp -d /tmp/steward-unpriv.XXXXXX)
chown 65534:65534 "$home"
trap 'rm -rf "$home"' EXIT
cd "$home"
HOME=$home setpriv --reuid=65534 --regid=65534 --clear-groups \
    "$build/test_sandbox"
