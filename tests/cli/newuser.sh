#!/usr/bin/env bash
# newuser.sh — what a new user reaches for first: --version, help CMD,
# "did you mean", the man page and shell completions (all from the
# command table); progress lines, logs -f, status filters, metrics
# tables and plots, artifacts, and retention of old runs.
. "$(dirname "$0")/lib.sh"

# The command table as `steward help` lists it.
commands() { S help | awk '/^commands:/{f=1; next} f && /^  [a-z]/{print $1}'; }

# --- version and help ------------------------------------------------------
cd "$TMP"
want=$(sed -n 's/^project(steward VERSION \([0-9.]*\).*/\1/p' "$STEWARD_SOURCE/CMakeLists.txt")
expect_exit 0 "--version" S --version
expect_text "^steward $want\$" "prints the CMake project version ($want)"
expect_exit 0 "-V is --version" S -V
expect_text "^steward $want\$" "the same version"
expect_exit 0 "-h prints the command list" S -h
expect_text "^  status " "listing status"
check "the table lists at least 20 commands" '[ "$(commands | wc -l)" -ge 20 ]'
expect_exit 0 "help logs" S help logs
check "help CMD prints exactly CMD --help" '[ "$(S help logs)" = "$(S logs --help)" ]'
expect_exit 1 "help of no command fails" S help nosuch
expect_text "'nosuch' is not a command" "and says so"

# --- did you mean ------------------------------------------------------------
expect_exit 1 "a mistyped command fails" S dispach
expect_text "did you mean" "with a suggestion"
expect_text "steward dispatch" "naming the command"
expect_exit 1 "a swap of two letters" S stauts
expect_text "steward status" "suggests status"
expect_exit 1 "a prefix" S camp
expect_text "steward campaign" "suggests campaign"
expect_exit 1 "nothing near" S xyzzy
check "suggests nothing" '! grep -q "did you mean" "$TMP/err"'

# --- the man page ------------------------------------------------------------
S __man >"$TMP/man" 2>"$TMP/man.err"
check "__man succeeds" '[ $? -eq 0 ] && [ -s "$TMP/man" ]'
check "it is a roff man page" 'grep -q "^\.TH STEWARD 1" "$TMP/man"'
missing=""; stale=""
for c in $(commands); do
    grep -q "^\.SS $c\$" "$TMP/man" || missing="$missing $c"
    grep -q "^\.SS $c\$" "$STEWARD_SOURCE/docs/steward.1" || stale="$stale $c"
done
check "every command of the table is in the generated page${missing:+ (missing:$missing)}" '[ -z "$missing" ]'
check "every command is in docs/steward.1 (make man)${stale:+ (missing:$stale)}" '[ -z "$stale" ]'
check "the page holds each command's usage" 'grep -q "^usage: steward propose" "$TMP/man"'
if command -v groff >/dev/null; then
    check "groff renders it without warnings" \
        '[ -z "$(groff -man -Tutf8 -ww "$TMP/man" 2>&1 >/dev/null)" ]'
fi

# --- completions -------------------------------------------------------------
expect_exit 0 "completion bash" S completion bash
cp "$TMP/out" "$TMP/c.bash"
check "the bash script parses" 'bash -n "$TMP/c.bash"'
complete_bash() { # complete_bash WORD... : COMPREPLY for the last word
    bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1));
             _steward; echo "${COMPREPLY[*]}"' _ "$TMP/c.bash" steward "$@"
}
check "bash completes command names" '[ "$(complete_bash sta)" = "status stats" ]'
check "bash completes every command" '[ "$(complete_bash "" | wc -w)" -ge "$(commands | wc -l)" ]'
check "bash completes subcommands" '[ "$(complete_bash campaign cr)" = create ]'
check "bash completes options" '[ "$(complete_bash propose --na)" = --name ]'
check "bash completes help CMD" '[ "$(complete_bash help dispa)" = dispatch ]'
expect_exit 0 "completion zsh" S completion zsh
cp "$TMP/out" "$TMP/c.zsh"
check "the zsh script parses" 'zsh -n "$TMP/c.zsh"'
check "zsh lists every command" \
    'for c in $(commands); do grep -q "^        '"'"'$c:" "$TMP/c.zsh" || exit 1; done'
check "zsh loads it under compinit" \
    'zsh -f -c "autoload -Uz compinit; compinit -u -d $TMP/zcd; . $TMP/c.zsh; (( \$+functions[_steward] ))"'
expect_exit 1 "completion of another shell fails" S completion fish
expect_text "no completion for 'fish'" "and says so"

finish
