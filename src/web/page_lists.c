/*
 * page_lists — the tables of many: runs (`status --json --limit 100`) and
 * campaigns (`campaign list --json`), each row linking to its page.
 */
#include "web/page.h"

static void cell(struct page *p, const json_t *v)
{
    page_raw(p, "<td>");
    page_json_text(p, json_is_null(v) ? NULL : v);
    page_raw(p, "</td>");
}

static void run_row(struct page *p, const json_t *e)
{
    long long id = (long long)json_integer_value(json_object_get(e, "id"));
    page_fmt(p, "<tr><td><a href=\"/runs/%lld\">#%lld</a></td>", id, id);
    cell(p, json_object_get(e, "name"));
    page_raw(p, "<td class=\"st\">");
    page_json_text(p, json_object_get(e, "state"));
    page_raw(p, "</td>");
    cell(p, json_object_get(e, "proposer"));
    cell(p, json_object_get(e, "campaign"));
    page_raw(p, "</tr>");
}

void page_runs(struct page *p)
{
    json_t *list = page_cli(p, "status", "--json", "--limit", "100", NULL);
    json_t *e;
    size_t i;
    page_begin(p, "Runs");
    if (!list)
        page_error(p, "cannot list the experiments");
    page_raw(p, "<div class=\"scroll\"><table id=\"runs\"><thead><tr><th>id"
             "</th><th>name</th><th>state</th><th>by</th><th>campaign</th>"
             "</tr></thead><tbody>");
    json_array_foreach(list, i, e)
        run_row(p, e);
    page_raw(p, "</tbody></table></div>");
    json_decref(list);
    page_end(p);
}

static void campaign_row(struct page *p, const json_t *c)
{
    const char *name = json_string_value(json_object_get(c, "name"));
    page_raw(p, "<tr><td><a href=\"/campaigns/");
    page_esc(p, name);
    page_raw(p, "\">");
    page_esc(p, name);
    page_raw(p, "</a></td>");
    cell(p, json_object_get(c, "state"));
    cell(p, json_object_get(c, "direction"));
    cell(p, json_object_get(c, "metric"));
    cell(p, json_object_get(c, "experiments"));
    page_raw(p, "</tr>");
}

void page_campaigns(struct page *p)
{
    json_t *list = page_cli(p, "campaign", "list", "--json", NULL), *c;
    size_t i;
    page_begin(p, "Campaigns");
    if (!list)
        page_error(p, "cannot list the campaigns");
    page_raw(p, "<div class=\"scroll\"><table><thead><tr><th>name</th><th>"
             "state</th><th>goal</th><th>metric</th><th>runs</th></tr>"
             "</thead><tbody>");
    json_array_foreach(list, i, c)
        campaign_row(p, c);
    page_raw(p, "</tbody></table></div>");
    json_decref(list);
    page_end(p);
}
