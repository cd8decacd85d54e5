/*
 * spec — the sandbox an agent runs in, built from its session.
 *
 * The project is the agent's work dir (read-write, at its own path, so
 * paths mean the same inside and out); the session's directory, holding
 * its one socket, is the io dir, bound after the hiding so it shows
 * through the hidden .steward-agents. Everything that makes a human a
 * human is hidden: the state, the humans' socket, every agent socket,
 * the policy's secrets.
 */
#include "agent/agent_int.h"
#include "core/path.h"
#include "server/wire.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

#define AGENT_PIDS 4096
#define AGENT_SCRATCH (2LL << 30)

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", a, b);
    return p;
}

static int hide_all(struct agent_spec *a, const char *root,
                    const json_t *secrets, struct err *err)
{
    const char *mine[] = {".steward", WIRE_SOCKET_NAME, WIRE_AGENTS_DIR};
    size_t n = 0, i;
    const json_t *s;
    for (i = 0; i < 3; i++)
        a->hidden[n++] = join(root, mine[i]);
    if (json_array_size(secrets) + n > 64)
        return err_set(err, ERR_DENIED, "the policy lists %zu secret paths; "
                       "an agent sandbox hides at most %d: refusing to start "
                       "with any of them visible", json_array_size(secrets),
                       64 - 3);
    json_array_foreach(secrets, i, s)
        a->hidden[n++] = strdup(json_string_value(s) ? json_string_value(s)
                                                     : "/");
    for (i = 0; i < n; i++)
        if (!a->hidden[i])
            return err_set(err, ERR_INTERNAL, "out of memory");
    return 0;
}

/* $NAME of the launcher, passed by name only (a model API key). */
static int pass_env(struct agent_spec *a, const struct agent_opts *o,
                    size_t *n, struct err *err)
{
    for (size_t i = 0; o->env[i]; i++) {
        const char *v = getenv(o->env[i]);
        if (!v)
            return err_set(err, ERR_USER, "--env %s: no such variable in "
                           "this environment", o->env[i]);
        size_t len = strlen(o->env[i]) + strlen(v) + 2;
        if (!(a->set[*n] = malloc(len)))
            return err_set(err, ERR_INTERNAL, "out of memory");
        snprintf(a->set[(*n)++], len, "%s=%s", o->env[i], v);
    }
    return 0;
}

static int build_env(struct agent_spec *a, const struct agent_opts *o,
                     const char *dir, const char *name, struct err *err)
{
    size_t n = 0;
    char sock[PATH_MAX + 32], who[128];
    /* cut, the agent would dial another socket */
    if (path_format(sock, sizeof sock, err, "STEWARD_SOCKET=%s/sock", dir))
        return err->code;
    /* the server's session names are at most 48 bytes */
    snprintf(who, sizeof who, "STEWARD_AGENT=%s", name);
    a->set[n++] = strdup(sock);
    a->set[n++] = strdup(who);
    if (!a->set[0] || !a->set[1])
        return err_set(err, ERR_INTERNAL, "out of memory");
    int rc = pass_env(a, o, &n, err);
    return rc ? rc : sandbox_env_build((const char *const *)environ,
                                       (const char *const *)a->set, &a->env,
                                       err);
}

/* Here when here is inside the project, else the project's root (whole:
 * cut, it would be another directory). */
static int pick_cwd(struct agent_spec *a, const char *root, struct err *err)
{
    size_t n = strlen(root);
    if (!getcwd(a->cwd, sizeof a->cwd) || strncmp(a->cwd, root, n) ||
        (a->cwd[n] != '/' && a->cwd[n] != '\0'))
        return path_format(a->cwd, sizeof a->cwd, err, "%s", root);
    return 0;
}

static void fill_sandbox(struct agent_spec *a, const struct agent_opts *o,
                         const char *root, const char *dir)
{
    struct sandbox_spec *sb = &a->sb;
    sb->argv = (const char *const *)o->argv;
    sb->env = (const char *const *)a->env;
    sb->workdir = root;
    sb->iodir = dir;
    sb->cwd = a->cwd;
    sb->hidden = (const char *const *)a->hidden;
    sb->readonly = (const char *const *)a->readonly;
    sb->network = o->network;
    sb->limits.cpus = o->cpus;
    sb->limits.mem_bytes = o->mem_bytes;
    sb->limits.pids = AGENT_PIDS;
    sb->limits.disk_bytes = AGENT_SCRATCH;
    sb->stdio_inherit = 1;
    sb->keep_owner = 1;
    sb->run_uid = (uid_t)(o->uid > 0 ? o->uid : 65534);
    sb->run_gid = (gid_t)(o->uid > 0 ? o->uid : 65534);
}

int agent_spec_build(struct agent_spec *a, const struct agent_opts *o,
                     const json_t *session, struct err *err)
{
    const char *root = json_string_value(json_object_get(session, "project"));
    const char *dir = json_string_value(json_object_get(session, "dir"));
    const char *name = json_string_value(json_object_get(session, "name"));
    memset(a, 0, sizeof *a);
    if (!root || !dir || !name)
        return err_set(err, ERR_INTERNAL, "the server's session answer "
                       "lacks project, dir or name");
    int rc = hide_all(a, root, json_object_get(session, "secrets"), err);
    a->readonly[0] = join(root, ".git/hooks");
    a->readonly[1] = join(root, ".git/config");
    rc = rc ? rc : build_env(a, o, dir, name, err);
    rc = rc ? rc : pick_cwd(a, root, err);
    if (rc)
        return rc;
    fill_sandbox(a, o, root, dir);
    return 0;
}

void agent_spec_release(struct agent_spec *a)
{
    for (size_t i = 0; i < sizeof a->hidden / sizeof a->hidden[0]; i++)
        free(a->hidden[i]);
    for (size_t i = 0; i < sizeof a->readonly / sizeof a->readonly[0]; i++)
        free(a->readonly[i]);
    for (size_t i = 0; i < sizeof a->set / sizeof a->set[0]; i++)
        free(a->set[i]);
    if (a->env)
        sandbox_env_free(a->env);
}
