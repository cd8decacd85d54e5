/* render — terminal views of experiments; see render.h. */
#include "cli/render.h"
#include "cli/status_view.h"
#include "cli/util.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/parse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CARD_WIDTH 72

void render_argv(const json_t *argv, char *out, size_t n)
{
    size_t i, used = 0;
    json_t *a;
    out[0] = '\0';
    json_array_foreach(argv, i, a) {
        const char *s = json_string_value(a);
        int quote = strpbrk(s, " \t\"'$") != NULL;
        int w = snprintf(out + used, n - used, "%s%s%s%s", i ? " " : "",
                         quote ? "'" : "", s, quote ? "'" : "");
        if (w < 0 || (size_t)w >= n - used)
            break;
        used += (size_t)w;
    }
}

static const char *str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static int64_t num(const json_t *o, const char *key)
{
    return (int64_t)json_integer_value(json_object_get(o, key));
}

static void render_resources(const json_t *exp, FILE *out)
{
    const json_t *r = json_object_get(exp, "resources");
    char mem[32], disk[32], t[32];
    format_size(num(r, "mem_bytes"), mem, sizeof mem);
    format_size(num(r, "disk_bytes"), disk, sizeof disk);
    format_duration(num(r, "time_s"), t, sizeof t);
    double cpus = json_number_value(json_object_get(r, "cpus"));
    fprintf(out, "  resources  %g cpu, %s mem, %lld gpu, %s, disk %s%s\n",
            cpus, mem, (long long)num(r, "gpus"), t, disk,
            json_is_true(json_object_get(exp, "network")) ? ", NETWORK" : "");
    fprintf(out, "  cost       %.2f cpu-hours%s\n",
            cpus * (double)num(r, "time_s") / 3600.0,
            num(r, "gpus") ? ", plus gpu-hours" : "");
}

static void render_reasons(const json_t *exp, FILE *out)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(json_object_get(exp, "decision"),
                                       "reasons"), i, r)
        fprintf(out, "  %s %s\n", i ? "          " : "why review",
                json_is_string(r) ? json_string_value(r)
                                  : str(r, "reason"));
}

static void render_change(const char *name, const json_t *d, FILE *out)
{
    char *was = json_dump_compact(json_object_get(d, "was"));
    char *now = json_dump_compact(json_object_get(d, "now"));
    fprintf(out, " %s %s→%s", name, was ? was : "?", now ? now : "?");
    free(was);
    free(now);
}

/* What will run: the working directory and the snapshot that binds it. */
static void render_tree(const json_t *exp, FILE *out)
{
    char size[32];
    double b = (double)num(exp, "snapshot_bytes");
    if (b < 1024)
        snprintf(size, sizeof size, "%.0f bytes", b);
    else
        snprintf(size, sizeof size, "%.1f %s", b < 1048576 ? b / 1024
                 : b / 1048576, b < 1048576 ? "KiB" : "MiB");
    fprintf(out, "  workdir    %s\n", str(exp, "workdir"));
    if (json_is_string(json_object_get(exp, "snapshot")))
        fprintf(out, "  snapshot   %.12s: %lld files, %s\n",
                str(exp, "snapshot"), (long long)num(exp, "snapshot_files"),
                size);
}

static void render_files(const json_t *files, FILE *out)
{
    static const char *const kinds[] = {"changed", "added", "removed"};
    size_t i;
    json_t *f;
    if (!json_is_object(files) || !num(files, "count"))
        return;
    fprintf(out, "  files      %lld differ:", (long long)num(files, "count"));
    for (size_t k = 0; k < 3; k++)
        json_array_foreach(json_object_get(files, kinds[k]), i, f)
            fprintf(out, " %s%s", k == 1 ? "+" : k == 2 ? "-" : "~",
                    json_string_value(f));
    fputc('\n', out);
}

#define CARD_DIFF_LINES 40

/* Prints up to *lines lines of text indented, counting them down;
 * returns 1 when lines of text were left out. */
static int render_diff_text(const char *text, int *lines, FILE *out)
{
    while (*text && *lines > 0) {
        const char *nl = strchr(text, '\n');
        int len = nl ? (int)(nl - text) : (int)strlen(text);
        fprintf(out, "    %.*s\n", len, text);
        (*lines)--;
        text += len + (nl != NULL);
    }
    return *text != '\0';
}

/* The code that changed since the similar run, as unified diffs: the
 * first CARD_DIFF_LINES lines on a card (max_lines), all of it for
 * `show --diff` (max_lines < 0). */
void render_code_diff(const json_t *exp, int max_lines, FILE *out)
{
    const json_t *list = json_object_get(exp, "code_diff");
    int lines = max_lines < 0 ? 1 << 30 : max_lines, hidden = 0;
    size_t i;
    json_t *d;
    json_array_foreach(list, i, d) {
        const char *text = str(d, "diff");
        if (lines <= 0) {
            hidden++;
            continue;
        }
        if (*str(d, "note"))
            fprintf(out, "    %s %s: %s\n", str(d, "change"), str(d, "path"),
                    str(d, "note"));
        hidden += render_diff_text(text, &lines, out);
        if (lines > 0 && json_is_true(json_object_get(d, "truncated")))
            fprintf(out, "    ... (diff of %s cut at 16 KiB)\n", str(d, "path"));
    }
    if (hidden && max_lines >= 0)
        fprintf(out, "    ... more: steward show %lld --diff\n",
                (long long)num(exp, "id"));
}

/* "like #12 (succeeded) but: lr 0.01→0.1 cpus 1→4". */
static void render_similar(const json_t *exp, FILE *out)
{
    const json_t *sim = json_object_get(exp, "similar");
    const char *k;
    json_t *d;
    if (!json_is_object(sim))
        return;
    fprintf(out, "  vs before  like #%lld (%s)", (long long)num(sim, "id"),
            str(sim, "state"));
    if (!json_object_size(json_object_get(sim, "params")) &&
        !json_object_size(json_object_get(sim, "resources")) &&
        !num(json_object_get(sim, "files"), "count")) {
        fprintf(out, ", identical\n");
        return;
    }
    fprintf(out, " but:");
    json_object_foreach(json_object_get(sim, "params"), k, d)
        render_change(k, d, out);
    json_object_foreach(json_object_get(sim, "resources"), k, d)
        render_change(k, d, out);
    fputc('\n', out);
    render_files(json_object_get(sim, "files"), out);
    render_code_diff(exp, CARD_DIFF_LINES, out);
}

void render_card(const json_t *exp, FILE *out)
{
    char cmd[512], *params = json_dump_compact(json_object_get(exp,
                                                               "params"));
    render_argv(json_object_get(exp, "argv"), cmd, sizeof cmd);
    fprintf(out, "── #%lld %s ", (long long)num(exp, "id"), str(exp, "name"));
    for (int i = (int)strlen(str(exp, "name")) + 8; i < CARD_WIDTH; i++)
        fputs("─", out);
    fprintf(out, "\n  proposer   %s (%s)%s%s\n", str(exp, "proposer"),
            str(exp, "role"), json_is_string(json_object_get(exp, "campaign"))
            ? ", campaign " : "", str(exp, "campaign"));
    fprintf(out, "  rationale  %s\n", *str(exp, "rationale")
            ? str(exp, "rationale") : "(none given)");
    fprintf(out, "  command    %s\n  params     %s\n", cmd,
            params ? params : "{}");
    render_tree(exp, out);
    render_resources(exp, out);
    render_similar(exp, out);
    json_t *repeat = json_object_get(json_object_get(exp, "decision"),
                                     "repeat_of_failed");
    if (json_is_integer(repeat))
        fprintf(out, "  WARNING    repeats the configuration of #%lld, which "
                "failed\n", (long long)json_integer_value(repeat));
    size_t i;
    json_t *w;
    json_array_foreach(json_object_get(json_object_get(exp, "decision"),
                                       "warnings"), i, w)
        fprintf(out, "  WARNING    %s\n", json_string_value(w));
    render_reasons(exp, out);
    free(params);
}

void render_line(const json_t *exp, FILE *out)
{
    char cmd[256];
    render_argv(json_object_get(exp, "argv"), cmd, sizeof cmd);
    fprintf(out, "%5lld  %-14s %-20.20s %-16.16s %s\n",
            (long long)num(exp, "id"), str(exp, "state"), str(exp, "name"),
            str(exp, "proposer"), cmd);
}

static void render_last_metrics(const json_t *metrics, FILE *out)
{
    const char *name;
    json_t *series;
    if (!json_object_size(metrics))
        return;
    fprintf(out, "  metrics    ");
    int first = 1;
    json_object_foreach((json_t *)metrics, name, series) {
        json_t *last = json_array_get(series, json_array_size(series) - 1);
        double v;
        if (json_get_double(json_array_get(last, 1), &v))
            continue;
        fprintf(out, "%s%s=%.4g (step %lld)", first ? "" : ", ", name, v,
                (long long)json_integer_value(json_array_get(last, 0)));
        first = 0;
    }
    fputc('\n', out);
}

static void render_run(const json_t *run, FILE *out)
{
    char dur[32];
    int64_t start = num(run, "started_ms"), end = num(run, "ended_ms");
    cli_ms_duration(start ? (end ? end : clock_wall_ms()) - start : 0, dur,
                    sizeof dur);
    fprintf(out, "  run        #%lld %s%s\n", (long long)num(run, "id"),
            end ? "ended: " : start ? "running for " : "queued",
            end ? str(run, "end_reason") : start ? dur : "");
    if (end)
        fprintf(out, "  duration   %s, cpu %.2fs user %.2fs sys, peak rss "
                "%lld KiB\n", dur, json_number_value(json_object_get(run,
                "user_s")), json_number_value(json_object_get(run, "sys_s")),
                (long long)num(run, "max_rss_kb"));
    if (num(run, "metrics_bad_lines"))
        fprintf(out, "  warning    %lld malformed metrics lines skipped\n",
                (long long)num(run, "metrics_bad_lines"));
    if (num(run, "log_dropped"))
        fprintf(out, "  warning    %lld log bytes dropped past the cap\n",
                (long long)num(run, "log_dropped"));
}

void render_status(const json_t *exp, const json_t *metrics, FILE *out)
{
    char cmd[512];
    render_argv(json_object_get(exp, "argv"), cmd, sizeof cmd);
    fprintf(out, "#%lld %s — %s\n  command    %s\n", (long long)num(exp, "id"),
            str(exp, "name"), str(exp, "state"), cmd);
    json_t *run = json_object_get(exp, "run");
    if (json_is_object(run)) {
        render_run(run, out);
        status_enforcement(exp, out);
    }
    render_last_metrics(metrics, out);
}
