/*
 * agents — the sockets of agent sessions.
 *
 * Each session has a directory <project>/.steward-agents/NAME/ holding one
 * socket, `sock`. `steward agent` binds that directory into the agent's
 * sandbox, so the agent reaches steward only through it, and the server
 * treats every request on it as agent:NAME whatever the client sends.
 * Binding the directory, not the socket, lets a restarted server's new
 * socket show up inside a sandbox that is still running.
 */
#include "server/server_int.h"
#include "server/wire.h"
#include "api/policy_file.h"
#include "policy/policy.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int session_dir(const struct server *srv, const char *name, char *out,
                       size_t n, struct err *err)
{
    char parent[API_PATH_MAX];
    if ((size_t)snprintf(parent, sizeof parent, "%s/%s", srv->root,
                         WIRE_AGENTS_DIR) >= sizeof parent ||
        (size_t)snprintf(out, n, "%s/%s", parent, name) >= n)
        return err_set(err, ERR_USER, "agent session path too long");
    if ((mkdir(parent, 0755) < 0 && errno != EEXIST) ||
        (mkdir(out, 0755) < 0 && errno != EEXIST))
        return err_errno(err, "creating %s", out);
    return 0;
}

static struct endpoint **slot_of(struct server *srv, const char *name)
{
    for (int i = 0; i < SERVER_AGENTS_MAX; i++)
        if (srv->agents[i] && !strcmp(srv->agents[i]->agent, name))
            return &srv->agents[i];
    return NULL;
}

static struct endpoint **free_slot(struct server *srv)
{
    for (int i = 0; i < SERVER_AGENTS_MAX; i++)
        if (!srv->agents[i])
            return &srv->agents[i];
    return NULL;
}

/* Listens on the session's socket (under srv->lock). */
static int listen_session(struct server *srv, const char *name,
                          const char *dir, struct err *err)
{
    struct endpoint **slot = slot_of(srv, name);
    if (slot)
        return 0;
    if (!(slot = free_slot(srv)))
        return err_set(err, ERR_CONFLICT, "%d agent sessions run already; "
                       "end one first", SERVER_AGENTS_MAX);
    struct endpoint *ep = calloc(1, sizeof *ep);
    if (!ep)
        return err_set(err, ERR_INTERNAL, "out of memory");
    ep->srv = srv;
    ep->fd = -1;
    snprintf(ep->agent, sizeof ep->agent, "%s", name);
    int rc = (size_t)snprintf(ep->path, sizeof ep->path, "%s/sock", dir) >=
             sizeof ep->path ? err_set(err, ERR_USER, "path too long") : 0;
    rc = rc ? rc : server_listen(ep->path, &ep->fd, err);
    rc = rc ? rc : endpoint_start(ep, err);
    if (rc) {
        endpoint_stop(ep);
        free(ep);
        return rc;
    }
    *slot = ep;
    return 0;
}

/* What the agent's sandbox must hide besides the state: the policy's
 * secrets. A policy that cannot be read starts no agent (fail closed). */
static int secrets(const struct server *srv, json_t **out, struct err *err)
{
    struct policy *pol = NULL;
    if (policy_file_load(srv->home, &pol, err))
        return err->code ? err->code : ERR_DENIED;
    *out = json_array();
    for (size_t i = 0; i < policy_secret_count(pol); i++)
        json_array_append_new(*out, json_string(policy_secret_at(pol, i)));
    policy_free(pol);
    return 0;
}

int agents_begin(struct server *srv, struct steward *s, const char *name,
                 json_t **out, struct err *err)
{
    json_t *hidden = NULL;
    char dir[API_PATH_MAX];
    if (!steward_agent_valid_name(name))
        return steward_agent_begin(s, name, "", err);
    int rc = secrets(srv, &hidden, err);
    rc = rc ? rc : session_dir(srv, name, dir, sizeof dir, err);
    rc = rc ? rc : steward_agent_begin(s, name, dir, err);
    if (!rc) {
        pthread_mutex_lock(&srv->lock);
        rc = listen_session(srv, name, dir, err);
        pthread_mutex_unlock(&srv->lock);
    }
    if (rc) {
        json_decref(hidden);
        return rc;
    }
    *out = json_pack("{s:s,s:s,s:s,s:s,s:o}", "name", name, "dir", dir,
                     "socket", "sock", "project", srv->root, "secrets",
                     hidden);
    return 0;
}

int agents_end(struct server *srv, struct steward *s, const char *name,
               const char *outcome, struct err *err)
{
    int rc = steward_agent_end(s, name, outcome, err);
    if (rc)
        return rc;
    pthread_mutex_lock(&srv->lock);
    struct endpoint **slot = slot_of(srv, name);
    struct endpoint *ep = slot ? *slot : NULL;
    if (slot)
        *slot = NULL;
    pthread_mutex_unlock(&srv->lock);
    if (ep) {
        endpoint_stop(ep);
        *strrchr(ep->path, '/') = '\0';
        rmdir(ep->path);
        free(ep);
    }
    return 0;
}

int agents_restore(struct server *srv, struct steward *s, struct err *err)
{
    json_t *live;
    size_t i;
    json_t *a;
    int rc = steward_agent_live(s, &live, err);
    if (rc)
        return rc;
    pthread_mutex_lock(&srv->lock);
    json_array_foreach(live, i, a) {
        const char *dir = json_string_value(json_object_get(a, "dir"));
        struct stat st;
        if (!rc && stat(dir, &st) == 0)
            rc = listen_session(srv, json_string_value(json_object_get(
                                    a, "name")), dir, err);
    }
    pthread_mutex_unlock(&srv->lock);
    json_decref(live);
    return rc;
}

void agents_stop_all(struct server *srv)
{
    pthread_mutex_lock(&srv->lock);
    for (int i = 0; i < SERVER_AGENTS_MAX; i++) {
        if (!srv->agents[i])
            continue;
        endpoint_stop(srv->agents[i]);
        free(srv->agents[i]);
        srv->agents[i] = NULL;
    }
    pthread_mutex_unlock(&srv->lock);
}
