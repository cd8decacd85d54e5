/*
 * layout — the frame of every page: head (stylesheet and script as files,
 * so the CSP can forbid inline code), navigation, the halt button with its
 * confirmation, and the banner while a halt is in force.
 */
#include "web/page.h"
#include "api/api.h"

static void halt_form(struct page *p)
{
    page_raw(p, "<form method=\"post\" action=\"/halt\" class=\"halt\" "
             "data-confirm=\"Stop all dispatch now?\">");
    page_csrf(p);
    page_raw(p, "<input name=\"reason\" required maxlength=\"500\" "
             "placeholder=\"why halt\" aria-label=\"reason to halt\">"
             "<label class=\"confirm\"><input type=\"checkbox\" "
             "name=\"confirm\" value=\"yes\" required> sure</label>"
             "<button id=\"halt\" class=\"danger\">Halt</button></form>");
}

static void banner_one(struct page *p, const json_t *h)
{
    page_raw(p, "<div class=\"banner\" role=\"alert\" id=\"halted\">"
             "<strong>HALTED</strong> (");
    page_json_text(p, json_object_get(h, "scope"));
    page_raw(p, ") by ");
    page_json_text(p, json_object_get(h, "by"));
    page_raw(p, ": ");
    page_json_text(p, json_object_get(h, "reason"));
    page_raw(p, "<form method=\"post\" action=\"/resume\">");
    page_csrf(p);
    page_raw(p, "<input type=\"hidden\" name=\"scope\" value=\"");
    page_json_text(p, json_object_get(h, "scope"));
    page_raw(p, "\"><button>Resume</button></form></div>");
}

/* Halts come from the library (no CLI command prints them as JSON). */
static void banner(struct page *p)
{
    struct steward *s = NULL;
    struct err err = ERR_INIT;
    json_t *halts = NULL, *h;
    size_t i;
    if (steward_open(&s, &err) || steward_halts(s, &halts, &err)) {
        page_raw(p, "<p class=\"error\">cannot read the halts: ");
        page_esc(p, err.msg);
        page_raw(p, "</p>");
    }
    json_array_foreach(halts, i, h)
        banner_one(p, h);
    json_decref(halts);
    steward_close(s);
}

void page_begin(struct page *p, const char *title)
{
    page_raw(p, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8"
             "\"><meta name=\"viewport\" content=\"width=device-width, "
             "initial-scale=1\"><title>");
    page_esc(p, title);
    page_raw(p, " — steward</title><link rel=\"stylesheet\" "
             "href=\"/static/app.css\"><script src=\"/static/app.js\" "
             "defer></script></head><body data-seq=\"");
    page_esc(p, p->seq);
    page_raw(p, "\"><header><nav><a href=\"/queue\">Queue</a> <a "
             "href=\"/runs\">Runs</a> <a href=\"/campaigns\">Campaigns</a> "
             "<a href=\"/ledger\">Ledger</a></nav>");
    halt_form(p);
    page_raw(p, "</header>");
    banner(p);
    page_raw(p, "<main><h1>");
    page_esc(p, title);
    page_raw(p, "</h1>");
}

void page_end(struct page *p)
{
    page_raw(p, "</main></body></html>\n");
}
