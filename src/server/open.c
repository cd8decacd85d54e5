/*
 * open — POST /api/v1/open: the one-time login URL `steward open` prints.
 *
 * Heard only on the humans' Unix socket, where the kernel names the
 * caller; never over TCP (a token there could be an agent's) and never on
 * an agent session's socket. The caller must hold a human role (owner or
 * reviewer) as the library resolves it; the session then acts as that
 * very principal (the uid, or the token the caller used).
 */
#include "server/open.h"
#include "server/sessions.h"

#include <stdio.h>
#include <string.h>

static int human(const struct principal *who)
{
    return !strcmp(who->role, "owner") || !strcmp(who->role, "reviewer");
}

static int vouch(struct endpoint *ep, uid_t uid, const char *token,
                 struct session_who *who, struct err *err)
{
    struct steward *s = NULL;
    if (ep->tcp || ep->agent[0])
        return err_set(err, ERR_FORBIDDEN, "a login URL is given only to a "
                       "human on the project's own socket");
    int rc = steward_open_peer(ep->srv->home, uid, "", token, &s, err);
    if (!rc && !human(steward_who(s)))
        rc = err_set(err, ERR_FORBIDDEN, "%s (role %s) may not log in to "
                     "the web page: humans only", steward_who(s)->name,
                     steward_who(s)->role[0] ? steward_who(s)->role : "none");
    if (!rc) {
        who->uid = token[0] ? (uid_t)-1 : uid;
        snprintf(who->token, sizeof who->token, "%s", token);
        snprintf(who->name, sizeof who->name, "%s", steward_who(s)->name);
    }
    steward_close(s);
    return rc;
}

int open_login_url(struct endpoint *ep, uid_t uid, const char *token,
                   json_t **out, struct err *err)
{
    struct session_who who;
    char t[SESSIONS_SECRET_LEN + 1], url[512];
    const struct endpoint *web = &ep->srv->web;
    int rc = vouch(ep, uid, token, &who, err);
    if (rc)
        return rc;
    if (web->fd < 0)
        return err_set(err, ERR_CONFLICT, "this server has no web page; "
                       "start it with --listen 127.0.0.1:PORT");
    if (sessions_login_new(&who, t, sizeof t))
        return err_set(err, ERR_BUSY, "too many login URLs pending; retry "
                       "in a minute");
    int n = snprintf(url, sizeof url, "%s://%s/login?t=%s",
                     web->tls ? "https" : "http", web->path, t);
    if (n < 0 || (size_t)n >= sizeof url)
        return err_set(err, ERR_INTERNAL, "login URL too long");
    *out = json_pack("{s:s,s:s,s:i}", "url", url, "person", who.name,
                     "valid_s", 60);
    return *out ? 0 : err_set(err, ERR_INTERNAL, "out of memory");
}
