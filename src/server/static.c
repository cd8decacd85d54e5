/*
 * static — the web page's two files, web/static/app.js and app.css,
 * compiled in (cmake embeds them as the strings static_app_js and
 * static_app_css, see module.cmake) so the server reads no file at run
 * time and a page never depends on where steward was installed.
 */
#include "server/pages.h"

#include <microhttpd.h>
#include <string.h>

extern const char static_app_js[], static_app_css[];

enum MHD_Result pages_static(struct MHD_Connection *c, const char *name)
{
    const char *body = NULL, *type = NULL;
    unsigned status = 200;
    if (!strcmp(name, "favicon.ico"))   /* browsers ask; there is none */
        body = "", status = 204;
    else if (!strcmp(name, "app.js"))
        body = static_app_js, type = "text/javascript; charset=utf-8";
    else if (!strcmp(name, "app.css"))
        body = static_app_css, type = "text/css; charset=utf-8";
    struct MHD_Response *r = MHD_create_response_from_buffer(
        body ? strlen(body) : 9, (void *)(body ? body : "not found"),
        MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", type ? type : "text/plain");
    MHD_add_response_header(r, "Cache-Control", "max-age=300");
    rq_page_headers(r);
    enum MHD_Result ok = MHD_queue_response(c, body ? status : 404, r);
    MHD_destroy_response(r);
    return ok;
}
