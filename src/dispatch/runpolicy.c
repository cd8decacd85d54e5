/*
 * runpolicy — what the policy says about how a run executes: which paths
 * to hide as secrets, and whether a limit this host cannot enforce is
 * acceptable. A limit that cannot be enforced refuses the run (fail
 * closed) unless the policy says `accept unenforced <limit>`; an
 * unreadable policy refuses it too.
 *
 * The dispatcher decides it as it hands a run over (runpolicy_verdict)
 * and sends it with the run; the supervisor takes it (runpolicy_take) and
 * reads neither the policy nor the host. The dispatcher keeps the parsed
 * policy until its file changes (another inode, size or modification
 * time: `steward policy apply` renames a new file into place), and the
 * sandbox keeps its probe of the host's cgroups for a few seconds:
 * parsing and probing them for every run were a tenth of a run's start
 * (bench/RESULTS.md, core).
 */
#include "api/handle.h"
#include "api/policy_file.h"
#include "dispatch/dispatch_int.h"
#include "dispatch/runctx.h"
#include "policy/policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct limit_key {
    const char *key;       /* in the enforcement report */
    const char *word;      /* in the policy language */
    enum policy_limit limit;
};

static const struct limit_key limit_keys[] = {
    {"memory", "mem", POLICY_LIMIT_MEM},
    {"cpu", "cpus", POLICY_LIMIT_CPUS},
    {"pids", "pids", POLICY_LIMIT_PIDS},
    {"disk", "disk", POLICY_LIMIT_DISK},
    {"network", "network", POLICY_LIMIT_NETWORK},
};

static struct {
    struct stat st;        /* of the file the policy was parsed from */
    struct policy *pol;
} cache;

static int same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
           a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
           a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* The project's policy, parsed again only when its file changed. */
static const struct policy *current_policy(const char *home,
                                           struct err *err)
{
    char path[API_PATH_MAX + 16];
    struct stat st;
    if (policy_file_path(home, path, sizeof path, err))
        return NULL;
    /* stat before reading: a change after it is seen next time */
    int have = !stat(path, &st);
    if (cache.pol && have && same_file(&st, &cache.st))
        return cache.pol;
    policy_free(cache.pol);
    cache.pol = NULL;
    if (policy_file_load(home, &cache.pol, err))
        return NULL;
    if (!have)
        memset(&st, 0, sizeof st);   /* matches no file: parsed again */
    cache.st = st;
    return cache.pol;
}

static int check_limits(const struct policy *pol, struct err *err)
{
    json_t *caps = sandbox_capabilities();
    int rc = 0;
    for (size_t i = 0; !rc && i < sizeof limit_keys / sizeof limit_keys[0];
         i++) {
        const char *how = json_string_value(json_object_get(caps,
                                                   limit_keys[i].key));
        if (how && !strncmp(how, "NOT ENFORCED", 12) &&
            !policy_accepts_unenforced(pol, limit_keys[i].limit))
            rc = err_set(err, ERR_DENIED, "this host cannot enforce the %s "
                         "limit (%s) and the policy does not say 'accept "
                         "unenforced %s'", limit_keys[i].key, how,
                         limit_keys[i].word);
    }
    json_decref(caps);
    return rc;
}

/* A secret's path as the run's supervisor hides it: ~ is the home of
 * the user steward runs as. */
static json_t *secret_path(const char *path)
{
    char out[API_PATH_MAX];
    struct err err = ERR_INIT;
    return policy_path_expand(path, out, sizeof out, &err) ? NULL
                                                           : json_string(out);
}

static int secrets(const struct policy *pol, json_t *hidden,
                   struct err *err)
{
    /* Beyond what the sandbox can hide, fail closed: a secret left
     * visible is worse than a run refused. */
    if (policy_secret_count(pol) > RUN_HIDDEN_MAX - 1)
        return err_set(err, ERR_DENIED, "the policy lists %zu secret "
                       "paths; runs can hide at most %d (list a parent "
                       "directory instead)", policy_secret_count(pol),
                       RUN_HIDDEN_MAX - 1);
    for (size_t i = 0; i < policy_secret_count(pol); i++) {
        json_t *p = secret_path(policy_secret_at(pol, i));
        if (!p)
            return err_set(err, ERR_DENIED, "the secret path %.64s… is too "
                           "long to hide", policy_secret_at(pol, i));
        json_array_append_new(hidden, p);
    }
    return 0;
}

json_t *runpolicy_verdict(const char *home)
{
    struct err err = ERR_INIT;
    json_t *hidden = json_array();
    const struct policy *pol = current_policy(home, &err);
    int rc = pol ? secrets(pol, hidden, &err) : -1;
    rc = rc ? rc : check_limits(pol, &err);
    if (rc) {
        json_decref(hidden);
        return json_pack("{s:s}", "refused", err.msg);
    }
    return json_pack("{s:o}", "hidden", hidden);
}

int runpolicy_take(struct runctx *c, const json_t *verdict, struct err *err)
{
    json_t *hidden = json_object_get(verdict, "hidden"), *p;
    const char *why = json_string_value(json_object_get(verdict, "refused"));
    size_t i;
    if (why || !json_is_array(hidden) ||
        json_array_size(hidden) > RUN_HIDDEN_MAX - 1)
        return err_set(err, ERR_DENIED, "%s", why ? why : "the run came "
                       "without its policy's verdict");
    c->hidden[0] = c->home;
    c->nhidden = 1;
    json_array_foreach(hidden, i, p) {
        const char *path = json_string_value(p);
        size_t n = path ? strlen(path) : 0;
        if (!n || n >= sizeof c->hidden_buf[0])
            return err_set(err, ERR_DENIED, "a secret path came unusable");
        memcpy(c->hidden_buf[c->nhidden], path, n + 1);
        c->hidden[c->nhidden] = c->hidden_buf[c->nhidden];
        c->nhidden++;
    }
    c->hidden[c->nhidden] = NULL;
    return 0;
}
