/*
 * page_queue — the review queue: one card per proposal (`queue --json`)
 * with everything a reviewer decides on, approve and reject forms that
 * work without JavaScript, and checkboxes that join a batch approval
 * (the HTML form attribute, so no script is needed for that either).
 */
#include "web/page.h"

#include <string.h>

static void row(struct page *p, const char *label, const json_t *v)
{
    if (!v || json_is_null(v))
        return;
    page_raw(p, "<dt>");
    page_esc(p, label);
    page_raw(p, "</dt><dd>");
    page_json_text(p, v);
    page_raw(p, "</dd>");
}

static void command(struct page *p, const json_t *argv)
{
    size_t i;
    const json_t *a;
    page_raw(p, "<dt>command</dt><dd><code class=\"cmd\">");
    json_array_foreach(argv, i, a) {
        page_esc(p, i ? " " : "");
        page_esc(p, json_string_value(a));
    }
    page_raw(p, "</code></dd>");
}

static void reasons(struct page *p, const json_t *decision)
{
    const json_t *list = json_object_get(decision, "reasons"), *r;
    size_t i;
    page_raw(p, "<dt>policy</dt><dd>");
    page_json_text(p, json_object_get(decision, "verdict"));
    page_raw(p, "<ul class=\"reasons\">");
    json_array_foreach(list, i, r) {
        page_raw(p, "<li>");
        page_json_text(p, r);
        page_raw(p, "</li>");
    }
    page_raw(p, "</ul></dd>");
}

/* The code that changed since the most similar earlier run (code_diff:
 * [{path, change, diff}]), when the card has it. */
static void code_diff(struct page *p, const json_t *list)
{
    size_t i;
    const json_t *d;
    json_array_foreach(list, i, d) {
        page_raw(p, "<details class=\"diff\"><summary>");
        page_json_text(p, json_object_get(d, "change"));
        page_raw(p, " ");
        page_json_text(p, json_object_get(d, "path"));
        page_raw(p, "</summary><pre>");
        if (json_is_string(json_object_get(d, "note")))
            page_json_text(p, json_object_get(d, "note"));
        else
            page_json_text(p, json_object_get(d, "diff"));
        page_raw(p, "</pre></details>");
    }
}

static void similar(struct page *p, const json_t *card)
{
    const json_t *sim = json_object_get(card, "similar");
    if (!json_is_object(sim))
        return;
    page_fmt(p, "<dt>like</dt><dd><a href=\"/runs/%lld\">#%lld</a> (",
             (long long)json_integer_value(json_object_get(sim, "id")),
             (long long)json_integer_value(json_object_get(sim, "id")));
    page_json_text(p, json_object_get(sim, "state"));
    page_raw(p, "); params ");
    page_json_text(p, json_object_get(sim, "params"));
    page_raw(p, ", resources ");
    page_json_text(p, json_object_get(sim, "resources"));
    page_raw(p, ", files ");
    page_json_text(p, json_object_get(sim, "files"));
    code_diff(p, json_object_get(sim, "code_diff"));
    code_diff(p, json_object_get(card, "code_diff"));
    page_raw(p, "</dd>");
}

static void decide_forms(struct page *p, long long id)
{
    page_fmt(p, "<div class=\"decide\"><label class=\"pick\"><input "
             "type=\"checkbox\" name=\"id\" value=\"%lld\" form=\"batch\"> "
             "select</label><form method=\"post\" action=\"/approve\">", id);
    page_csrf(p);
    page_fmt(p, "<input type=\"hidden\" name=\"id\" value=\"%lld\"><input "
             "name=\"reason\" maxlength=\"500\" placeholder=\"reason "
             "(optional)\" aria-label=\"reason\"><button class=\"approve\" "
             "id=\"approve-%lld\">Approve</button></form>", id, id);
    page_raw(p, "<form method=\"post\" action=\"/reject\">");
    page_csrf(p);
    page_fmt(p, "<input type=\"hidden\" name=\"id\" value=\"%lld\"><input "
             "name=\"reason\" required maxlength=\"500\" placeholder=\"why "
             "not\" aria-label=\"reason to reject\"><button "
             "id=\"reject-%lld\">Reject</button></form></div>", id, id);
}

static void card(struct page *p, const json_t *c)
{
    long long id = (long long)json_integer_value(json_object_get(c, "id"));
    page_fmt(p, "<article class=\"card\" id=\"exp-%lld\"><h2>#%lld ", id, id);
    page_json_text(p, json_object_get(c, "name"));
    page_raw(p, "</h2><dl>");
    row(p, "who", json_object_get(c, "proposer"));
    row(p, "role", json_object_get(c, "role"));
    row(p, "campaign", json_object_get(c, "campaign"));
    row(p, "why", json_object_get(c, "rationale"));
    command(p, json_object_get(c, "argv"));
    row(p, "params", json_object_get(c, "params"));
    row(p, "resources", json_object_get(c, "resources"));
    row(p, "cost", json_object_get(c, "cost"));
    reasons(p, json_object_get(c, "decision"));
    similar(p, c);
    page_raw(p, "</dl>");
    decide_forms(p, id);
    page_raw(p, "</article>");
}

void page_queue(struct page *p)
{
    json_t *cards = page_cli(p, "queue", "--json", NULL), *c;
    size_t i;
    page_begin(p, "Review queue");
    if (!cards)
        page_error(p, "cannot read the queue");
    else if (!json_array_size(cards))
        page_raw(p, "<p id=\"empty\">Nothing waits for review.</p>");
    else {
        page_raw(p, "<form id=\"batch\" method=\"post\" action=\"/approve\" "
                 "class=\"batch\">");
        page_csrf(p);
        page_raw(p, "<input name=\"reason\" maxlength=\"500\" placeholder="
                 "\"reason (optional)\" aria-label=\"reason for the "
                 "selected\"><button>Approve selected</button></form>");
    }
    json_array_foreach(cards, i, c)
        card(p, c);
    json_decref(cards);
    page_end(p);
}
