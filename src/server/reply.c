/*
 * reply — sends the answer a request left in its struct request (REST
 * JSON, /exec frames, a page, a form's redirect), with the headers each
 * kind needs. Pages get a Content-Security-Policy that allows script and
 * style only as files of this origin (no inline code, no framing), and
 * are never cached. Refusals (4xx, 5xx) are logged on stderr, even with
 * --quiet: they are how an attack shows.
 */
#include "server/rest.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CSP "default-src 'none'; script-src 'self'; style-src 'self'; " \
            "img-src 'self'; connect-src 'self'; form-action 'self'; "  \
            "frame-ancestors 'none'; base-uri 'none'"

static const char *content_type(int kind)
{
    switch (kind) {
    case REST_FRAMES: return "application/x-steward-frames";
    case REST_HTML: case REST_FORM: return "text/html; charset=utf-8";
    default: return "application/json";
    }
}

void rq_page_headers(struct MHD_Response *r)
{
    MHD_add_response_header(r, "Content-Security-Policy", CSP);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
}

static void log_refusal(const struct request *rq, const char *text,
                        const char *method, const char *url)
{
    if (rq->status < 400)
        return;
    fprintf(stderr, "steward: http %u %s %s: %.*s\n", rq->status, method,
            url, rq->kind == REST_JSON ? 300 : 0, text);
}

enum MHD_Result rq_send(struct endpoint *ep, struct MHD_Connection *c,
                        const char *method, const char *url,
                        struct request *rq)
{
    (void)ep;
    char *text = rq->reply;
    rq->reply = NULL;
    if (!text)
        return MHD_NO;
    log_refusal(rq, text, method, url);
    struct MHD_Response *r = MHD_create_response_from_buffer(
        rq->reply_len, text, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(text);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", content_type(rq->kind));
    MHD_add_response_header(r, "Cache-Control", "no-store");
    if (rq->kind == REST_HTML || rq->kind == REST_FORM)
        rq_page_headers(r);
    if (rq->status == 303)
        MHD_add_response_header(r, "Location", rq->location);
    if (rq->cookie[0])
        MHD_add_response_header(r, "Set-Cookie", rq->cookie);
    enum MHD_Result ok = MHD_queue_response(c, rq->status, r);
    MHD_destroy_response(r);
    return ok;
}

static void esc(struct buf *b, const char *s, struct err *err)
{
    for (; s && *s; s++) {
        const char *rep = *s == '&' ? "&amp;" : *s == '<' ? "&lt;"
            : *s == '>' ? "&gt;" : *s == '"' ? "&quot;" : NULL;
        if (buf_append(b, rep ? rep : s, rep ? strlen(rep) : 1, err))
            return;
    }
}

void html_error(struct request *rq, unsigned status, const char *msg)
{
    struct buf b;
    struct err err = ERR_INIT;
    buf_init(&b, 8192);
    int rc = buf_appendf(&b, &err, "<!doctype html><html lang=\"en\"><head>"
        "<meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width="
        "device-width, initial-scale=1\"><title>%u — steward</title><link "
        "rel=\"stylesheet\" href=\"/static/app.css\"></head><body><main>"
        "<h1>%u</h1><p class=\"error\" id=\"problem\">", status, status);
    if (!rc)
        esc(&b, msg, &err);
    rc = rc ? rc : buf_appendf(&b, &err, "</p><p><a href=\"/queue\">Back "
                               "to the queue</a></p></main></body></html>\n");
    free(rq->reply);
    rq->status = status;
    rq->kind = REST_HTML;
    rq->reply_len = b.len;
    rq->reply = buf_take(&b);
    buf_free(&b);
}
