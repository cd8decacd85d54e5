/* test_agent — the filter on what an agent draws on the human's terminal
 * (src/agent/termfilter.c): clipboard writes and tmux passthrough never
 * reach it, everything else does, however the bytes are split. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "agent/agent_int.h"

/* Fed in two pieces cut at every byte, the output is always want. */
static void expect_shown(const char *in, const char *want)
{
    size_t n = strlen(in);
    for (size_t cut = 0; cut <= n; cut++) {
        struct term_filter f;
        char out[512];
        memset(&f, 0, sizeof f);
        size_t o = term_filter(&f, in, cut, out);
        o += term_filter(&f, in + cut, n - cut, out + o);
        out[o] = '\0';
        assert_string_equal(out, want);
    }
}

static void clipboard_writes_are_dropped(void **state)
{
    (void)state;
    expect_shown("a\033]52;c;dG91Y2ggL3RtcC9wd25lZAo=\007b", "ab");
    expect_shown("a\033]52;c;dG91Y2g=\033\\b", "ab");
    expect_shown("\033]52;p;?\007", "");
}

static void tmux_passthrough_is_dropped(void **state)
{
    (void)state;
    expect_shown("x\033Ptmux;\033\033]52;c;Zm9v\007\033\\y", "xy");
    expect_shown("x\033Ptmux;\033\033[31m\033\\y", "xy");
}

static void drawing_passes_unchanged(void **state)
{
    (void)state;
    const char *screen[] = {
        "plain text\r\n",
        "\033[2J\033[H\033[1;31mred\033[0m",
        "\033]0;window title\007after",
        "\033]8;;https://example.org\033\\link\033]8;;\033\\",
        "\033]5;1\007", "\033]520;x\007", "\033]2;a\033]52;c;eA==\007b",
        "\033P1$r0m\033\\", "\033Ptmu\033\\", "caf\xc3\xa9 \xe2\x82\xac",
    };
    expect_shown(screen[0], screen[0]);
    expect_shown(screen[1], screen[1]);
    expect_shown(screen[2], screen[2]);
    expect_shown(screen[3], screen[3]);
    expect_shown(screen[4], screen[4]);
    expect_shown(screen[5], screen[5]);
    /* an OSC cut short by a new one: the first passes, the clipboard
     * write after it does not */
    expect_shown(screen[6], "\033]2;ab");
    expect_shown(screen[7], screen[7]);
    expect_shown(screen[8], screen[8]);
    expect_shown(screen[9], screen[9]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(clipboard_writes_are_dropped),
        cmocka_unit_test(tmux_passthrough_is_dropped),
        cmocka_unit_test(drawing_passes_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
