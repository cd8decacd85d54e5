/*
 * page_run — one experiment: its state and the enforcement report
 * (`status ID --json`), metric curves (`metrics ID --json`, drawn as
 * inline SVG), the digest, the log tail and the artifacts. A cancel form
 * while it can still be stopped.
 */
#include "web/page.h"

#include <stdio.h>
#include <string.h>

#define RUN_TAIL_LINES 40

/* The last lines of a log. */
static void tail(struct page *p, const char *name, const char *text)
{
    const char *start = text ? text + strlen(text) : "";
    int lines = 0;
    while (text && start > text && lines <= RUN_TAIL_LINES)
        if (*--start == '\n')
            lines++;
    if (text && *start == '\n')
        start++;
    page_raw(p, "<h3>");
    page_esc(p, name);
    page_raw(p, "</h3><pre class=\"log\">");
    page_esc(p, start);
    page_raw(p, "</pre>");
}

static void logs(struct page *p)
{
    json_t *l = page_cli(p, "logs", (char *)p->arg, "--json", NULL);
    p->status = 0;   /* no log yet is no failure of the page */
    page_raw(p, "<h2>Log tail</h2>");
    tail(p, "stdout", json_string_value(json_object_get(l, "stdout")));
    tail(p, "stderr", json_string_value(json_object_get(l, "stderr")));
    json_decref(l);
}

static void curves(struct page *p)
{
    json_t *m = page_cli(p, "metrics", (char *)p->arg, "--json", NULL);
    const char *name;
    json_t *points;
    p->status = 0;
    page_raw(p, "<h2>Metrics</h2>");
    if (!json_object_size(m))
        page_raw(p, "<p>No metrics reported.</p>");
    json_object_foreach(m, name, points)
        page_svg_curve(p, name, points);
    json_decref(m);
}

static void artifacts(struct page *p)
{
    json_t *a = page_cli(p, "artifacts", (char *)p->arg, "--json", NULL), *f;
    size_t i;
    p->status = 0;
    page_raw(p, "<h2>Artifacts</h2><ul class=\"artifacts\">");
    json_array_foreach(json_object_get(a, "files"), i, f) {
        page_raw(p, "<li>");
        page_json_text(p, json_is_object(f) ? json_object_get(f, "name") : f);
        page_raw(p, "</li>");
    }
    page_raw(p, "</ul>");
    json_decref(a);
}

static void cancel_form(struct page *p, const char *state)
{
    if (strcmp(state, "approved") && strcmp(state, "queued") &&
        strcmp(state, "running"))
        return;
    page_fmt(p, "<form method=\"post\" action=\"/cancel\"><input "
             "type=\"hidden\" name=\"id\" value=\"%s\">", p->arg);
    page_csrf(p);
    page_raw(p, "<button class=\"danger\">Cancel this run</button></form>");
}

static void summary(struct page *p, json_t *st)
{
    const char *state = json_string_value(json_object_get(st, "state"));
    page_raw(p, "<p class=\"state\">state <strong id=\"state\">");
    page_esc(p, state);
    page_raw(p, "</strong> · proposed by ");
    page_json_text(p, json_object_get(st, "proposer"));
    page_raw(p, "</p><p><code class=\"cmd\">");
    page_json_text(p, json_object_get(st, "argv"));
    page_raw(p, "</code></p>");
    cancel_form(p, state ? state : "");
    json_t *run = json_object_get(st, "run");
    page_pairs(p, "Enforcement", json_object_get(run, "enforcement"));
    json_object_del(run, "enforcement");
    page_pairs(p, "Run", run);
}

void page_run(struct page *p)
{
    char title[96];
    snprintf(title, sizeof title, "Run #%s", p->arg);
    json_t *st = page_cli(p, "status", (char *)p->arg, "--json", NULL);
    page_begin(p, title);
    if (!st) {
        page_error(p, "no such experiment");
        page_end(p);
        return;
    }
    summary(p, st);
    json_decref(st);
    curves(p);
    json_t *d = page_cli(p, "digest", (char *)p->arg, "--json", NULL);
    p->status = 0;
    if (d) {
        page_pairs(p, "Digest: run", json_object_get(d, "run"));
        page_pairs(p, "Digest: log", json_object_get(d, "log"));
    }
    json_decref(d);
    logs(p);
    artifacts(p);
    page_end(p);
}
