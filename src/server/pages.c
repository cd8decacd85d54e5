/*
 * pages — the web page's routes on the TCP endpoint: login, the pages
 * (rendered by `__page` in a request child as the session's person, see
 * src/web/), the forms, and the two static files.
 *
 * The page's routes take a session cookie and never a bearer token; the
 * API's take a bearer token and never a cookie, so a page another site
 * makes a browser load can reach neither with the reviewer's authority.
 * Every form carries a one-time CSRF token (sessions.c); a form without a
 * live one changes nothing and answers 403. Paths are matched exactly;
 * parameters are digits (runs) or [A-Za-z0-9._-] names (campaigns).
 */
#include "server/pages.h"
#include "server/changes.h"
#include "server/forms.h"
#include "server/sessions.h"
#include "web/web.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COOKIE_NAME "steward_session"

struct page_route {
    const char *prefix;   /* exact, or a prefix ending in '/' + param */
    const char *page;     /* __page's PAGE */
    const char *allowed;  /* the parameter's bytes, NULL: none */
};

static const struct page_route page_routes[] = {
    {"/queue", "queue", NULL},
    {"/runs", "runs", NULL},
    {"/runs/", "run", "0123456789"},
    {"/campaigns", "campaigns", NULL},
    {"/campaigns/", "campaign", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"
                                "RSTUVWXYZ0123456789._-"},
    {"/ledger", "ledger", NULL},
};

static enum MHD_Result done(struct endpoint *ep, struct MHD_Connection *c,
                            const char *method, const char *url,
                            struct request *rq)
{
    return rq->state == RQ_DONE ? rq_send(ep, c, method, url, rq) : MHD_YES;
}

static void refuse(struct request *rq, unsigned status, const char *msg)
{
    html_error(rq, status, msg);
    rq->state = RQ_DONE;
}

static void redirect(struct request *rq, const char *to)
{
    free(rq->reply);
    rq->reply = strdup("");
    rq->reply_len = 0;
    rq->kind = REST_FORM;
    rq->status = 303;
    snprintf(rq->location, sizeof rq->location, "%s", to);
    rq->state = RQ_DONE;
}

/* GET /login?t=...: the one-time token becomes a session cookie. */
static void login(struct endpoint *ep, struct MHD_Connection *c,
                  struct request *rq)
{
    char sid[SESSIONS_SECRET_LEN + 1];
    const char *t = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
                                                "t");
    if (!t || sessions_login_take(t, sid, sizeof sid)) {
        refuse(rq, 403, "This login link is unknown, used or older than a "
               "minute. Run 'steward open' again.");
        return;
    }
    redirect(rq, "/queue");
    snprintf(rq->cookie, sizeof rq->cookie, COOKIE_NAME "=%s; Path=/; "
             "HttpOnly; SameSite=Strict%s", sid, ep->tls ? "; Secure" : "");
}

static json_t *who_json(const struct session_who *who)
{
    return json_pack("{s:I,s:s,s:s}", "uid", (json_int_t)who->uid, "agent",
                     "", "token", who->token);
}

static json_t *child_request(struct endpoint *ep, const struct session_who
                             *who, json_t *argv)
{
    return json_pack("{s:o,s:o,s:s,s:s,s:s}", "who", who_json(who), "argv",
                     argv, "cwd", ep->srv->root, "home", ep->srv->home,
                     "root", ep->srv->root);
}

static void start(struct endpoint *ep, struct MHD_Connection *c,
                  struct request *rq, json_t *req, int kind, int mutating)
{
    struct err err = ERR_INIT;
    if (!req)
        refuse(rq, 500, "out of memory");
    else if (rest_run(ep, c, rq, req, kind, mutating, &err))
        refuse(rq, err.code == ERR_BUSY ? 503 : 500, err.msg);
}

static const struct page_route *match(const char *url, const char **param)
{
    for (size_t i = 0; i < sizeof page_routes / sizeof page_routes[0]; i++) {
        const struct page_route *r = &page_routes[i];
        size_t n = strlen(r->prefix);
        if (!r->allowed && !strcmp(url, r->prefix))
            return *param = "", r;
        if (r->allowed && !strncmp(url, r->prefix, n))
            return *param = url + n, r;
    }
    return NULL;
}

static int param_ok(const struct page_route *r, const char *p)
{
    size_t n = strlen(p);
    return !r->allowed || (n && n <= 64 && strspn(p, r->allowed) == n &&
                           strcmp(p, ".") && strcmp(p, ".."));
}

static void page(struct endpoint *ep, struct MHD_Connection *c,
                 const char *url, struct request *rq, const char *sid)
{
    struct session_who who;
    char csrf[SESSIONS_SECRET_LEN + 1], seq[24];
    const char *param = "";
    const struct page_route *r = match(url, &param);
    if (!r) {
        refuse(rq, 404, "No such page.");
        return;
    }
    if (!param_ok(r, param)) {
        refuse(rq, 400, "A malformed page parameter.");
        return;
    }
    if (sessions_use(sid, &who, csrf, sizeof csrf)) {
        refuse(rq, 401, "Not logged in, or the session expired. "
                      "Run 'steward open' for a login link.");
        return;
    }
    snprintf(seq, sizeof seq, "%lld", changes_seq());
    json_t *argv = json_pack("[s,s,s,s,s]", WEB_PAGE_CMD, r->page, csrf, seq,
                             param);
    start(ep, c, rq, child_request(ep, &who, argv), REST_HTML, 0);
}

/* A form: a live one-time CSRF token first, then the command. */
static void form(struct endpoint *ep, struct MHD_Connection *c,
                 const char *url, struct request *rq, const char *sid)
{
    struct session_who who;
    struct form_call call;
    char why[256];
    if (sessions_use(sid, &who, NULL, 0)) {
        refuse(rq, 401, "Not logged in, or the session expired.");
        return;
    }
    if (rq->too_big || rq->body.len > FORMS_BODY_MAX) {
        refuse(rq, 413, "The form is too large.");
        return;
    }
    int rc = forms_parse(url, rq->body.data, rq->body.len, &call, why,
                         sizeof why);
    if (rc) {
        refuse(rq, rc == FORMS_UNKNOWN ? 404 : 400, why);
        return;
    }
    if (sessions_csrf_take(sid, call.csrf)) {
        json_decref(call.argv);
        refuse(rq, 403, "This form is stale or was sent before (CSRF "
               "token absent, used or foreign); nothing was done. Reload "
               "the page and try again.");
        return;
    }
    snprintf(rq->location, sizeof rq->location, "%s", call.back);
    start(ep, c, rq, child_request(ep, &who, call.argv), REST_FORM, 1);
}

/* GET /events?since=SEQ for the page's script: the long poll. */
static void events(struct endpoint *ep, struct MHD_Connection *c,
                   struct request *rq, const char *sid)
{
    struct session_who who;
    const char *since = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
                                                    "since");
    if (sessions_use(sid, &who, NULL, 0)) {
        refuse(rq, 401, "Not logged in, or the session expired.");
        return;
    }
    if (!since || !*since || strlen(since) > 18 ||
        strspn(since, "0123456789") != strlen(since)) {
        refuse(rq, 400, "events want ?since=SEQ, a number");
        return;
    }
    rq->since = strtoll(since, NULL, 10);
    changes_poll(rq, c, ep->pooled);
}

static const char *cookie(struct MHD_Connection *c)
{
    return MHD_lookup_connection_value(c, MHD_COOKIE_KIND, COOKIE_NAME);
}

enum MHD_Result pages_route(struct endpoint *ep, struct MHD_Connection *c,
                            const char *url, const char *method,
                            struct request *rq)
{
    int get = !strcmp(method, "GET"), post = !strcmp(method, "POST");
    if (get && !strncmp(url, "/static/", 8))
        return pages_static(c, url + 8);
    if (get && !strcmp(url, "/favicon.ico"))
        return pages_static(c, "favicon.ico");
    if (!get && !post)
        refuse(rq, 405, "Pages take GET, forms POST.");
    else if (get && !strcmp(url, "/login"))
        login(ep, c, rq);
    else if (get && !strcmp(url, "/"))
        redirect(rq, "/queue");
    else if (get && !strcmp(url, "/events"))
        events(ep, c, rq, cookie(c));
    else if (get)
        page(ep, c, url, rq, cookie(c));
    else
        form(ep, c, url, rq, cookie(c));
    return done(ep, c, method, url, rq);
}
