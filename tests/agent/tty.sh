#!/usr/bin/env bash
# tty.sh — an agent in a terminal gets a pseudo-terminal of its own: its
# attempts to push keystrokes into the human's shell (TIOCSTI, on every
# descriptor and on /dev/tty) leave the outer tmux pane unchanged.
set -u
. "$(dirname "$0")/../cli/lib.sh"
command -v tmux >/dev/null || { echo "SKIP: no tmux"; exit 0; }
new_project
chmod 755 "$TMP" "$PROJECT"   # as root, the agent runs as nobody
MARK=$TMP/pwned
"$STEWARD_BIN" serve --quiet 2>"$TMP/serve.log" &
SERVER=$!
SESSION=steward-tty-$$
trap 'tmux kill-session -t $SESSION 2>/dev/null; kill $SERVER 2>/dev/null; rm -rf "$TMP"' EXIT
for i in $(seq 50); do [ -S .steward.sock ] && break; sleep 0.1; done
cat > inject.py <<PY
import fcntl, os, sys, termios
print("isatty", os.isatty(0), "size", tuple(os.get_terminal_size(0)))
payload = b"touch $MARK\n"
tried = 0
for fd in [0, 1, 2]:
    for ch in payload:
        try:
            fcntl.ioctl(fd, termios.TIOCSTI, bytes([ch])); tried += 1
        except OSError:
            pass
try:
    t = os.open("/dev/tty", os.O_RDWR)
    for ch in payload:
        fcntl.ioctl(t, termios.TIOCSTI, bytes([ch])); tried += 1
except OSError:
    pass
print("injected", tried)
PY
chmod 644 inject.py
ASAN=${ASAN_OPTIONS:+ASAN_OPTIONS=$ASAN_OPTIONS}
tmux new-session -d -s $SESSION -x 100 -y 30 "env -i PATH=/usr/bin:/bin TERM=xterm $ASAN bash --norc --noprofile"
# wait_pane MARK: the pane (in $TMP/pane) once MARK shows, 10 s at most
wait_pane() {
    for i in $(seq 100); do
        tmux capture-pane -p -t $SESSION >"$TMP/pane"
        grep -q "$1" "$TMP/pane" && return 0
        sleep 0.1
    done
    return 1
}
tmux send-keys -t $SESSION "cd $PROJECT && $STEWARD_BIN agent --name tty -- python3 inject.py; echo AGENT-''DONE" Enter
wait_pane AGENT-DONE
sleep 0.5
tmux capture-pane -p -t $SESSION >"$TMP/pane"
sed 's/^/    /' "$TMP/pane" | grep -v '^ *$'
check "the agent ran in a terminal of its own" "grep -q 'isatty True' $TMP/pane"
check "it got the pane's window size" "grep -q 'size (100, 30)' $TMP/pane"
check "nothing it pushed reached the human's shell" "[ ! -e $MARK ]"
check "the human's shell is still at its prompt" "grep -v '^ *\$' $TMP/pane | tail -n 3 | grep -q AGENT-DONE"

# The clipboard: OSC 52 written straight into the pane lands in tmux's
# paste buffer (the control); the same from inside `steward agent`, and
# wrapped in tmux passthrough, does not.
tmux set-option -t $SESSION -g set-clipboard on
cat > clip.py <<'PY'
import base64, sys
b = base64.b64encode(sys.argv[1].encode()).decode()
sys.stdout.write("\033]52;c;" + b + "\007")
if len(sys.argv) > 2:   # the same through tmux passthrough
    sys.stdout.write("\033Ptmux;\033\033]52;c;" + b + "\007\033\\")
sys.stdout.write("drawn\n")
sys.stdout.flush()
PY
chmod 644 clip.py
tmux send-keys -t $SESSION "python3 clip.py control-by-human" Enter
tmux send-keys -t $SESSION "$STEWARD_BIN agent --name clip -- python3 clip.py pasted-by-agent wrapped; echo CLIP-''DONE" Enter
wait_pane CLIP-DONE
buffers=$(for b in $(tmux list-buffers -F '#{buffer_name}' 2>/dev/null); do tmux show-buffer -b "$b"; echo; done)
check "control: OSC 52 from the human's own shell reaches tmux's clipboard" \
    "printf %s \"\$buffers\" | grep -q control-by-human"
check "the agent's screen still reaches the pane" "[ \$(grep -c '^drawn' $TMP/pane) = 2 ]"
check "its clipboard writes (plain and through tmux passthrough) do not" \
    "! printf %s \"\$buffers\" | grep -q pasted-by-agent"
finish
