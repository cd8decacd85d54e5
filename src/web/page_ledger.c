/*
 * page_ledger — the hash-chained ledger: the verify result first, then the
 * newest LEDGER_ROWS entries with their principals (`ledger export`).
 */
#include "web/page.h"

#define LEDGER_ROWS 200

static void verdict(struct page *p)
{
    json_t *v = page_cli(p, "ledger", "verify", "--json", NULL);
    int ok = json_is_true(json_object_get(v, "ok"));
    page_raw(p, ok ? "<p class=\"ok\" id=\"verify\">verified: "
                   : "<p class=\"error\" id=\"verify\">NOT verified: ");
    page_json_text(p, json_object_get(v, "entries"));
    page_raw(p, " entries, head ");
    page_json_text(p, json_object_get(v, "head"));
    page_raw(p, " ");
    page_json_text(p, json_object_get(v, "problem"));
    page_raw(p, "</p>");
    json_decref(v);
    p->status = 0;   /* a broken chain is the page's news, not its error */
}

static void entry(struct page *p, const json_t *e)
{
    page_raw(p, "<tr><td>");
    page_json_text(p, json_object_get(e, "seq"));
    page_raw(p, "</td><td>");
    page_json_text(p, json_object_get(e, "principal"));
    page_raw(p, "</td><td>");
    page_json_text(p, json_object_get(e, "action"));
    page_raw(p, "</td><td>");
    page_json_text(p, json_object_get(e, "object"));
    page_raw(p, "</td><td class=\"payload\">");
    page_json_text(p, json_object_get(e, "payload"));
    page_raw(p, "</td></tr>");
}

void page_ledger(struct page *p)
{
    page_begin(p, "Ledger");
    verdict(p);
    json_t *all = page_cli(p, "ledger", "export", "--json", NULL);
    size_t n = json_array_size(all);
    if (!all)
        page_error(p, "cannot read the ledger");
    page_raw(p, "<div class=\"scroll\"><table id=\"ledger\"><thead><tr><th>"
             "seq</th><th>principal</th><th>action</th><th>object</th><th>"
             "payload</th></tr></thead><tbody>");
    for (size_t i = n; i > 0 && n - i < LEDGER_ROWS; i--)
        entry(p, json_array_get(all, i - 1));
    page_raw(p, "</tbody></table></div>");
    json_decref(all);
    page_end(p);
}
