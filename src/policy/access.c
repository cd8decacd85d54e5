/*
 * access — what other modules read from a loaded policy (budgets, expiry,
 * promotion, secrets, token requirement, unenforced limits, defaults), and
 * where the project's policy file lives.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/path.h"
#include "policy/internal.h"

const char *policy_hash(const struct policy *p)
{
    return p ? p->hash : "";
}

size_t policy_rule_count(const struct policy *p)
{
    return p ? p->nrules : 0;
}

size_t policy_budget_count(const struct policy *p)
{
    return p ? p->nbudgets : 0;
}

const struct policy_budget *policy_budget_at(const struct policy *p, size_t i)
{
    return p && i < p->nbudgets ? &p->budgets[i] : NULL;
}

int64_t policy_review_expiry(const struct policy *p)
{
    return p ? p->review_expiry : 24 * 3600;
}

int64_t policy_approval_validity(const struct policy *p)
{
    return p ? p->approval_validity : 24 * 3600;
}

const struct policy_promotion *policy_review_quorum(const struct policy *p)
{
    return p ? &p->review_quorum : NULL;
}

const struct policy_promotion *policy_promotion(const struct policy *p)
{
    return p ? &p->promotion : NULL;
}

size_t policy_secret_count(const struct policy *p)
{
    return p ? p->nsecrets : 0;
}

const char *policy_secret_at(const struct policy *p, size_t i)
{
    return p && i < p->nsecrets ? p->secrets[i] : NULL;
}

int policy_path_expand(const char *path, char *out, size_t n,
                       struct err *err)
{
    const char *home = getenv("HOME");
    if (path[0] == '~' && (path[1] == '/' || !path[1]))
        return path_format(out, n, err, "%s%s", home ? home : "/root",
                           path + 1);
    return path_format(out, n, err, "%s", path);
}

/* Without a policy, be strict: a token is required. */
int policy_require_token(const struct policy *p)
{
    return p ? p->require_token : 1;
}

int policy_accepts_unenforced(const struct policy *p, enum policy_limit limit)
{
    return p && limit < POLICY_LIMIT_COUNT && (p->accepted >> limit) & 1u;
}

/* The one table of default limits in code, used when the policy has no
 * `default` statement (or cannot be read); docs/policy.md states it. */
static const struct policy_defaults builtin_defaults = {
    .cpus = 1,
    .mem_bytes = 2LL << 30,
    .time_seconds = 3600,
    .disk_bytes = 10LL << 30,
};

const struct policy_defaults *policy_builtin_defaults(void)
{
    return &builtin_defaults;
}

const struct policy_defaults *policy_defaults(const struct policy *p)
{
    return p ? &p->defaults : &builtin_defaults;
}

void policy_request_init(struct policy_request *req)
{
    memset(req, 0, sizeof *req);
}

void policy_request_apply_defaults(const struct policy *p,
                                   struct policy_request *req)
{
    if (!p)
        return;
    if (req->cpus == 0)
        req->cpus = p->defaults.cpus;
    if (req->mem_bytes == 0)
        req->mem_bytes = p->defaults.mem_bytes;
    if (req->time_seconds == 0)
        req->time_seconds = p->defaults.time_seconds;
    if (req->disk_bytes == 0)
        req->disk_bytes = p->defaults.disk_bytes;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Walks up from cwd to the first directory holding .steward/. */
static int find_upwards(char *out, size_t n)
{
    char dir[PATH_MAX], probe[PATH_MAX + 16];
    if (!getcwd(dir, sizeof dir))
        return -1;
    for (int hops = 0; hops < 256; hops++) {
        snprintf(probe, sizeof probe, "%s/.steward", strcmp(dir, "/") ? dir
                                                                      : "");
        if (is_dir(probe)) {
            int w = snprintf(out, n, "%s/policy", probe);
            return w > 0 && (size_t)w < n ? 0 : -1;
        }
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir) {
            if (!strcmp(dir, "/"))
                return -1;
            dir[1] = 0;
        } else {
            *slash = 0;
        }
    }
    return -1;
}

int policy_find_default(char *out, size_t n, struct err *err)
{
    const char *home = getenv("STEWARD_HOME");
    if (home && *home) {
        int w = snprintf(out, n, "%s/policy", home);
        if (w < 0 || (size_t)w >= n)
            return err_set(err, ERR_USER, "STEWARD_HOME is too long");
        return 0;
    }
    if (find_upwards(out, n) == 0)
        return 0;
    return err_set(err, ERR_USER, "no steward project here: no .steward/ in "
                   "this directory or above it, and STEWARD_HOME is not set; "
                   "run 'steward init' or name a policy file");
}
