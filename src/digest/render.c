/*
 * render — a digest snapshot as text, in at most DIGEST_TEXT_LINES lines.
 *
 * Sections, in order: the run line, anomalies (first: they are why a
 * human looks), key metrics, top templates with one example each, novel
 * templates. Each section gets a cap out of the line budget so that later
 * sections are not starved, and says "... N more" when it is cut. Every
 * output line goes through one function that refuses to print past the
 * budget, so no input can make the text longer than the limit.
 */
#include "digest/digest.h"
#include "core/json.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define TEXT_WIDTH 100
#define ANOMALY_LINES 14
#define METRIC_LINES 7
#define NOVEL_LINES 7

struct budget {
    FILE *out;
    int left;
};

static void line(struct budget *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void line(struct budget *b, const char *fmt, ...)
{
    if (b->left <= 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(b->out, fmt, ap);
    va_end(ap);
    fputc('\n', b->out);
    b->left--;
}

/* Length of s cut to at most w bytes, not splitting a UTF-8 character. */
static int cut(const char *s, int w)
{
    int n = (int)strlen(s);
    if (n <= w)
        return n;
    while (w > 0 && ((unsigned char)s[w] & 0xc0) == 0x80)
        w--;
    return w;
}

static const char *str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static long long num(const json_t *o, const char *k)
{
    return (long long)json_integer_value(json_object_get(o, k));
}

static void fmt_dbl(const json_t *v, char *out, size_t n)
{
    double x;
    if (json_get_double(v, &x))
        snprintf(out, n, "-");
    else
        snprintf(out, n, "%.4g", x);
}

static void render_run(struct budget *b, const json_t *d)
{
    const json_t *run = json_object_get(d, "run");
    const json_t *log = json_object_get(d, "log");
    const json_t *met = json_object_get(d, "metrics");
    char dur[32] = "?", ex[32] = "?";
    if (json_object_get(run, "duration_s"))
        snprintf(dur, sizeof dur, "%.0fs",
                 json_number_value(json_object_get(run, "duration_s")));
    if (json_object_get(run, "exit_code"))
        snprintf(ex, sizeof ex, "%lld", num(run, "exit_code"));
    const char *how = str(run, "ending");
    if (json_object_size(run))
        line(b, "run: %s%s%.*s, duration %s, exit %s",
             *str(run, "state") ? str(run, "state") : "?", *how ? ", " : "",
             cut(how, TEXT_WIDTH), how, dur, ex);
    line(b, "log: %lld lines, %lld templates%s; metrics: %lld records, "
         "%lld malformed", num(log, "lines"), num(log, "templates"),
         num(log, "truncated_lines") ? " (long lines cut at 64 KiB)" : "",
         num(met, "records"), num(met, "malformed"));
}

static void render_lines(const json_t *a, char *out, size_t n)
{
    const json_t *ls = json_object_get(a, "lines");
    size_t o = 0, i;
    out[0] = '\0';
    for (i = 0; i < json_array_size(ls) && o + 24 < n; i++)
        o += (size_t)snprintf(out + o, n - o, "%s%lld", i ? "," : "",
                              (long long)json_integer_value(
                                  json_array_get(ls, i)));
    if (num(a, "count") > (long long)i && num(a, "last_line") !=
        (long long)json_integer_value(json_array_get(ls, i ? i - 1 : 0)) &&
        o + 24 < n)
        snprintf(out + o, n - o, ",...,%lld", num(a, "last_line"));
}

static void render_anomalies(struct budget *b, const json_t *d, int cap)
{
    const json_t *an = json_object_get(d, "anomalies");
    size_t n = json_array_size(an);
    if (n == 0) {
        const char *how = str(json_object_get(d, "run"), "ending");
        if (*how)   /* "none" alone would read as a clean run */
            line(b, "anomalies: none in the output (the run: %.*s)",
                 cut(how, TEXT_WIDTH - 40), how);
        else
            line(b, "anomalies: none");
        return;
    }
    line(b, "anomalies (%zu):", n);
    for (size_t i = 0; i < n; i++) {
        if (cap-- <= 1 && i + 1 < n) {
            line(b, "  ... %zu more (--json lists all)", n - i);
            return;
        }
        const json_t *a = json_array_get(an, i);
        char lines[160];
        render_lines(a, lines, sizeof lines);
        const char *msg = str(a, "message");
        line(b, "  ! %-10s %s line %s: %.*s", str(a, "kind"),
             str(a, "source"), lines, cut(msg, TEXT_WIDTH - 20), msg);
    }
}

static void render_metrics(struct budget *b, const json_t *d, int cap)
{
    const json_t *ser = json_object_get(json_object_get(d, "metrics"),
                                        "series");
    size_t n = json_array_size(ser);
    if (n == 0)
        return;
    line(b, "metrics                  first       best               last");
    for (size_t i = 0; i < n; i++) {
        if (cap-- <= 1 && i + 1 < n) {
            line(b, "  ... %zu more series (--json lists all)", n - i);
            return;
        }
        const json_t *s = json_array_get(ser, i);
        char f[32], be[32], l[32];
        fmt_dbl(json_object_get(s, "first"), f, sizeof f);
        fmt_dbl(json_object_get(s, "best"), be, sizeof be);
        fmt_dbl(json_object_get(s, "last"), l, sizeof l);
        char name[32];
        snprintf(name, sizeof name, "%.*s%s", strcmp(str(s, "from"), "log") ?
                 20 : 14, str(s, "name"),
                 strcmp(str(s, "from"), "log") ? "" : " (log)");
        line(b, "  %-20s %10s %10s @%-7lld %10s  %s", name, f, be,
             num(s, "best_step"), l, str(s, "sparkline"));
    }
}

/* Two lines per template: count and template, then one example. */
static void render_templates(struct budget *b, const json_t *arr,
                             const char *title, int cap)
{
    size_t n = json_array_size(arr);
    if (n == 0 || cap < 3 || b->left < 3)
        return;
    line(b, "%s:", title);
    cap--;
    for (size_t i = 0; i < n && cap >= 2 && b->left >= 2; i++, cap -= 2) {
        const json_t *t = json_array_get(arr, i);
        const char *tp = str(t, "template"), *ex = str(t, "example");
        line(b, "  %7lld x %.*s", num(t, "count"), cut(tp, TEXT_WIDTH), tp);
        line(b, "            e.g. line %lld: %.*s", num(t, "first_line"),
             cut(ex, TEXT_WIDTH - 10), ex);
    }
}

void digest_render_text(const json_t *d, FILE *out)
{
    struct budget b = {out, DIGEST_TEXT_LINES};
    render_run(&b, d);
    render_anomalies(&b, d, ANOMALY_LINES);
    render_metrics(&b, d, METRIC_LINES);
    int novel = json_array_size(json_object_get(d, "novel_templates")) ?
                NOVEL_LINES : 0;
    render_templates(&b, json_object_get(d, "top_templates"),
                     "top templates", b.left - novel);
    render_templates(&b, json_object_get(d, "novel_templates"),
                     "novel templates (not in the reference runs)", b.left);
}
