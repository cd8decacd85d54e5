#!/usr/bin/env bash
# terminal.sh — what an agent or experiment writes reaches the human's
# terminal shown, never obeyed: escape sequences in a rationale, a name, a
# param or a log line cannot erase a review card's lines, retitle the
# window, write the clipboard or reorder text (core/ttysafe.h). Each check
# runs the command on a pseudo-terminal (util-linux `script`), directly
# and through `steward serve`.
. "$(dirname "$0")/lib.sh"
ESC=$'\033'
RLO=$'\xe2\x80\xae'

# on_tty OUT CMD...: runs CMD with a terminal as its stdout and stderr.
on_tty() {
    local out=$1; shift
    script -qec "$(printf '%q ' "$@")" /dev/null >"$out" 2>&1 </dev/null
}

no_raw_controls() { # FILE: no ESC, BEL, C1 CSI or RLO byte sequence
    ! grep -q "$ESC" "$1" && ! grep -q $'\a' "$1" &&
        ! grep -q $'\xc2\x9b' "$1" && ! grep -q "$RLO" "$1"
}

new_project
cat > noisy.sh <<'SH'
#!/bin/sh
printf 'step 1 loss 0.5 \033]0;pwned\007\033[2K\n'
printf '\033]52;c;cm0gLXJmIH4=\007done\n'
SH
chmod +x noisy.sh
S propose --name "evil${ESC}[2Kname" --time 1m --cpus 1 --mem 64M \
    --param "lr=0.1${ESC}[8m" \
    --rationale "harmless${ESC}[2K${ESC}[1A NETWORK hidden ${RLO}txt.exe" \
    -- ./noisy.sh >/dev/null

on_tty "$TMP/queue" "$STEWARD_BIN" queue
check "the queue card on a terminal holds no raw escape" \
    "no_raw_controls $TMP/queue"
check "the card shows the escapes as text" \
    "grep -qF '\\x1b[2K' $TMP/queue && grep -qF '\\u{202E}txt.exe' $TMP/queue"
check "the card still shows the rationale's words" "grep -q 'NETWORK hidden' $TMP/queue"
S queue --json >"$TMP/json"
check "--json escapes control characters as JSON does" \
    "grep -qiF '\\u001b[2K' $TMP/json && ! grep -q \"$ESC\" $TMP/json"

S approve 1 >/dev/null && S dispatch --once >/dev/null 2>&1
on_tty "$TMP/logs" "$STEWARD_BIN" logs 1
check "a run's log on a terminal holds no raw escape" \
    "no_raw_controls $TMP/logs && grep -q 'step 1 loss 0.5' $TMP/logs"
on_tty "$TMP/status" "$STEWARD_BIN" status
check "status on a terminal holds no raw escape" "no_raw_controls $TMP/status"
S logs 1 >"$TMP/raw"
check "a log piped to a file stays byte for byte" "grep -q \"$ESC\" $TMP/raw"

"$STEWARD_BIN" serve --quiet 2>"$TMP/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$TMP"' EXIT
for i in $(seq 50); do [ -S .steward.sock ] && break; sleep 0.1; done
S propose --name again --time 1m --rationale "x${ESC}]0;title${ESC}\\" \
    -- ./noisy.sh >/dev/null
on_tty "$TMP/squeue" "$STEWARD_BIN" queue
check "through the server, the card holds no raw escape" \
    "no_raw_controls $TMP/squeue && grep -qF '\\x1b]0;title' $TMP/squeue"
on_tty "$TMP/slogs" "$STEWARD_BIN" logs 1
check "through the server, the log holds no raw escape" \
    "no_raw_controls $TMP/slogs && grep -q 'done' $TMP/slogs"
finish
