/* test_report — the report's building blocks: escaping of an agent's
 * text for HTML and Markdown, the two-output doc (tables, figures, sticky
 * errors), and the SVG plots (series counted, log scale, clipping). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "report/doc.h"
#include "report/escape.h"
#include "report/svg.h"

static const char *html_of(const char *text, struct buf *b)
{
    struct err err = ERR_INIT;
    buf_init(b, 1 << 20);
    assert_int_equal(escape_html(b, text, &err), 0);
    return b->data ? b->data : "";
}

static const char *md_of(const char *text, struct buf *b)
{
    struct err err = ERR_INIT;
    buf_init(b, 1 << 20);
    assert_int_equal(escape_md(b, text, &err), 0);
    return b->data ? b->data : "";
}

static void html_escapes_markup_and_quotes(void **state)
{
    struct buf b;
    (void)state;
    assert_string_equal(html_of("<script>alert(\"x\")</script> & 'y'", &b),
                        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
                        " &amp; &#39;y&#39;");
    buf_free(&b);
}

static void html_turns_controls_into_spaces(void **state)
{
    struct buf b;
    (void)state;
    assert_string_equal(html_of("a\nb\x1b[31mc\x7f", &b), "a b [31mc ");
    buf_free(&b);
}

static void md_keeps_a_value_in_its_cell(void **state)
{
    struct buf b;
    (void)state;
    assert_string_equal(md_of("a|b `c` <i>*d*_e_\n[f](g) #h \\", &b),
                        "a\\|b \\`c\\` &lt;i&gt;\\*d\\*\\_e\\_ \\[f\\](g) "
                        "\\#h \\\\");
    buf_free(&b);
}

static void utf8_passes_through(void **state)
{
    struct buf b;
    (void)state;
    assert_string_equal(html_of("λ → ✓", &b), "λ → ✓");
    buf_free(&b);
}

static void doc_writes_both_outputs(void **state)
{
    static const char *const heads[] = {"name", "value", NULL};
    const char *row[] = {"<b>x</b>", "a|b"};
    struct err err = ERR_INIT;
    struct doc d;
    (void)state;
    doc_init(&d, &err);
    doc_begin(&d, "T <1>");
    doc_table_begin(&d, heads);
    doc_row(&d, row);
    doc_table_end(&d);
    doc_end(&d);
    assert_int_equal(doc_status(&d), 0);
    assert_non_null(strstr(d.md.data, "# T &lt;1&gt;\n"));
    assert_non_null(strstr(d.md.data, "| name | value |\n|---|---|\n"
                                      "| &lt;b&gt;x&lt;/b&gt; | a\\|b |\n"));
    assert_non_null(strstr(d.html.data, "<td>&lt;b&gt;x&lt;/b&gt;</td>"));
    assert_non_null(strstr(d.html.data, "Content-Security-Policy"));
    assert_null(strstr(d.html.data, "<script"));
    doc_free(&d);
}

static void doc_skips_a_table_without_rows(void **state)
{
    static const char *const heads[] = {"a", NULL};
    struct err err = ERR_INIT;
    struct doc d;
    (void)state;
    doc_init(&d, &err);
    doc_table_begin(&d, heads);
    doc_table_end(&d);
    assert_int_equal(doc_status(&d), 0);
    assert_true(d.md.len == 0 && d.html.len == 0);
    doc_free(&d);
}

static void doc_errors_are_sticky(void **state)
{
    struct err err = ERR_INIT;
    struct doc d;
    (void)state;
    doc_init(&d, &err);
    d.md.max = 8;   /* the cap is reached by the title */
    doc_begin(&d, "a title longer than eight bytes");
    doc_para(&d, "more");
    assert_int_not_equal(doc_status(&d), 0);
    assert_int_equal(err.code, ERR_USER);
    doc_free(&d);
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

static void line_plot_draws_each_series(void **state)
{
    double x[] = {1, 2, 3}, y1[] = {0.5, 0.4, 0.3}, y2[] = {0.6, 0.55, NAN};
    double one[] = {7};
    struct svg_series s[] = {{"a<", x, y1, 3, 1}, {"b", x, y2, 3, 0},
                             {"c", one, one, 1, 0}};
    struct svg_lines p = {"t", "step", "loss", s, 3};
    struct buf b;
    struct err err = ERR_INIT;
    (void)state;
    buf_init(&b, 1 << 20);
    assert_int_equal(svg_line_plot(&b, &p, &err), 0);
    assert_int_equal(count(b.data, "<polyline"), 3);
    assert_int_equal(count(b.data, "class=\"series best\""), 1);
    assert_non_null(strstr(b.data, "data-name=\"a&lt;\""));
    assert_null(strstr(b.data, "(log"));
    buf_free(&b);
}

static void line_plot_clips_a_diverging_run(void **state)
{
    double x[] = {1, 2, 3}, ok[] = {0.5, 0.3, 0.2}, bad[] = {0.6, 1e10, 1e300};
    struct svg_series s[] = {{"ok", x, ok, 3, 1}, {"bad", x, bad, 3, 0}};
    struct svg_lines p = {"t", "step", "loss", s, 2};
    struct buf b;
    struct err err = ERR_INIT;
    (void)state;
    buf_init(&b, 1 << 20);
    assert_int_equal(svg_line_plot(&b, &p, &err), 0);
    assert_non_null(strstr(b.data, "loss (log; higher values clipped)"));
    assert_non_null(strstr(b.data, ">60</text>"));   /* 100 x 0.6 */
    buf_free(&b);
}

static void parallel_draws_a_line_per_row(void **state)
{
    const char *const names[] = {"lr", "l2", "loss"};
    const char *const rows_named[] = {"t0", "t1", "t2"};
    double rows[] = {0.001, 0.1, 0.5, 10, NAN, 3.0, 0.01, 0.2, 0.2};
    struct svg_axes a = {"t", names, 3, rows, 3, 2, rows_named};
    struct buf b;
    struct err err = ERR_INIT;
    (void)state;
    buf_init(&b, 1 << 20);
    assert_int_equal(svg_parallel(&b, &a, &err), 0);
    assert_int_equal(count(b.data, "<polyline class=\"trial"), 3);
    assert_int_equal(count(b.data, "class=\"trial best\""), 1);
    assert_int_equal(count(b.data, "<line class=\"axis\""), 3);
    assert_non_null(strstr(b.data, "(log)"));   /* lr spans 4 decades */
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(html_escapes_markup_and_quotes),
        cmocka_unit_test(html_turns_controls_into_spaces),
        cmocka_unit_test(md_keeps_a_value_in_its_cell),
        cmocka_unit_test(utf8_passes_through),
        cmocka_unit_test(doc_writes_both_outputs),
        cmocka_unit_test(doc_skips_a_table_without_rows),
        cmocka_unit_test(doc_errors_are_sticky),
        cmocka_unit_test(line_plot_draws_each_series),
        cmocka_unit_test(line_plot_clips_a_diverging_run),
        cmocka_unit_test(parallel_draws_a_line_per_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
