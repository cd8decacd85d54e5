/*
 * runpolicy — what the policy says about how a run executes, read by its
 * supervisor just before the start: which paths to hide as secrets, and
 * whether a limit this host cannot enforce is acceptable. A limit that
 * cannot be enforced refuses the run (fail closed) unless the policy says
 * `accept unenforced <limit>`; an unreadable policy refuses it too.
 */
#include "api/handle.h"
#include "api/policy_file.h"
#include "dispatch/runctx.h"
#include "policy/policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void add_secret(struct runctx *c, const char *path)
{
    const char *home = getenv("HOME");
    if (c->nhidden >= RUN_HIDDEN_MAX)
        return;
    if (path[0] == '~' && (path[1] == '/' || !path[1]))
        snprintf(c->hidden_buf[c->nhidden], sizeof c->hidden_buf[0], "%s%s",
                 home ? home : "/root", path + 1);
    else
        snprintf(c->hidden_buf[c->nhidden], sizeof c->hidden_buf[0], "%s",
                 path);
    c->hidden[c->nhidden] = c->hidden_buf[c->nhidden];
    c->hidden[++c->nhidden] = NULL;
}

int runpolicy_apply(struct runctx *c, struct err *err)
{
    struct policy *pol = NULL;
    int rc = policy_file_load(c->home, &pol, err);
    if (rc)
        return err->code == ERR_DENIED ? rc : ERR_DENIED;
    c->nhidden = 0;
    c->hidden[0] = c->home;
    c->hidden[1] = NULL;
    c->nhidden = 1;
    /* Beyond what the sandbox can hide, fail closed: a secret left
     * visible is worse than a run refused. */
    if (policy_secret_count(pol) > RUN_HIDDEN_MAX - 1) {
        rc = err_set(err, ERR_DENIED, "the policy lists %zu secret paths; "
                     "runs can hide at most %d (list a parent directory "
                     "instead)", policy_secret_count(pol), RUN_HIDDEN_MAX - 1);
        policy_free(pol);
        return rc;
    }
    for (size_t i = 0; i < policy_secret_count(pol); i++)
        add_secret(c, policy_secret_at(pol, i));
    rc = check_limits(pol, err);
    policy_free(pol);
    return rc;
}
