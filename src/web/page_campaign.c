/*
 * page_campaign — one campaign (`campaign summary NAME --json`): its
 * envelope, the budget it burned (runs used of the envelope's max, and the
 * policy's budget accounts that name it, `budget --json`), best so far,
 * and its runs in a table sorted by the objective (best first; the
 * script re-sorts on a click on a column's head).
 */
#include "web/page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void burn(struct page *p, const json_t *sum)
{
    const json_t *env = json_object_get(sum, "envelope");
    json_t *budgets = page_cli(p, "budget", "--json", NULL), *b;
    size_t i;
    p->status = 0;
    page_fmt(p, "<h2>Budget burn</h2><p id=\"burn\">%zu of %lld runs used",
             json_array_size(json_object_get(sum, "trials")),
             (long long)json_integer_value(json_object_get(env, "max_runs")));
    page_raw(p, "</p><ul class=\"budgets\">");
    json_array_foreach(budgets, i, b) {
        char *text = json_dumps(b, JSON_COMPACT);
        if (text && strstr(text, p->arg)) {
            page_raw(p, "<li>");
            page_esc(p, text);
            page_raw(p, "</li>");
        }
        free(text);
    }
    page_raw(p, "</ul>");
    json_decref(budgets);
}

static double objective(const json_t *t)
{
    const json_t *v = json_object_get(t, "value");
    return json_is_number(v) ? json_number_value(v) : 0;
}

static int by_objective(const void *a, const void *b)
{
    double x = objective(*(json_t *const *)a);
    double y = objective(*(json_t *const *)b);
    return x < y ? -1 : x > y;
}

static void trial_row(struct page *p, const json_t *t, const json_t *cols)
{
    size_t i;
    const json_t *k;
    page_raw(p, "<tr>");
    json_array_foreach(cols, i, k) {
        const json_t *v = json_object_get(t, json_string_value(k));
        page_raw(p, "<td>");
        page_json_text(p, json_is_null(v) ? NULL : v);
        page_raw(p, "</td>");
    }
    page_raw(p, "</tr>");
}

static void trials(struct page *p, const json_t *sum, int maximize)
{
    const json_t *list = json_object_get(sum, "trials");
    size_t n = json_array_size(list);
    json_t *cols = json_array(), *rows[1024];
    const char *k;
    json_t *v;
    json_object_foreach(json_array_get(list, 0), k, v)
        json_array_append_new(cols, json_string(k));
    n = n > 1024 ? 1024 : n;
    for (size_t i = 0; i < n; i++)
        rows[i] = json_array_get(list, i);
    qsort(rows, n, sizeof rows[0], by_objective);
    page_raw(p, "<h2>Runs</h2><div class=\"scroll\"><table class=\"sortable\" "
             "id=\"trials\"><thead><tr>");
    for (size_t i = 0; i < json_array_size(cols); i++) {
        page_raw(p, "<th>");
        page_json_text(p, json_array_get(cols, i));
        page_raw(p, "</th>");
    }
    page_raw(p, "</tr></thead><tbody>");
    for (size_t i = 0; i < n; i++)
        trial_row(p, rows[maximize ? n - 1 - i : i], cols);
    page_raw(p, "</tbody></table></div>");
    json_decref(cols);
}

void page_campaign(struct page *p)
{
    char title[128];
    snprintf(title, sizeof title, "Campaign %s", p->arg);
    json_t *sum = page_cli(p, "campaign", "summary", (char *)p->arg, "--json",
                           NULL);
    page_begin(p, title);
    if (!sum) {
        page_error(p, "no such campaign");
        page_end(p);
        return;
    }
    const char *dir = json_string_value(json_object_get(sum, "direction"));
    page_raw(p, "<p>");
    page_json_text(p, json_object_get(sum, "state"));
    page_raw(p, " · ");
    page_esc(p, dir);
    page_raw(p, " ");
    page_json_text(p, json_object_get(sum, "metric"));
    page_raw(p, "</p><h2>Best so far</h2><p id=\"best\">");
    page_json_text(p, json_object_get(sum, "best"));
    page_raw(p, "</p>");
    page_pairs(p, "Envelope", json_object_get(sum, "envelope"));
    burn(p, sum);
    trials(p, sum, dir && !strcmp(dir, "maximize"));
    json_decref(sum);
    page_end(p);
}
