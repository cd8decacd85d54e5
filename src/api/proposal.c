/*
 * proposal — validating what an agent or human proposes, and its content
 * hash.
 *
 * The content hash covers everything a reviewer approves (command, work
 * directory and the content-addressed snapshot of it, params, resources,
 * network, tags, campaign); an approval is bound to it, so a changed
 * proposal is a new proposal that needs a new decision.
 */
#include "api/api.h"
#include "core/sha256.h"
#include "api/policy_file.h"
#include "api/proposal.h"
#include "core/parse.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>

#define PARAM_NAME_MAX 64
#define PARAM_VALUE_MAX 4096
#define NAME_MAX_LEN 128
#define ARGV_MAX 1024
#define RATIONALE_MAX 8192
#define PROPOSAL_CPUS_MIN 0.01

/* Resources left 0 are filled at proposal time from the policy's
 * `default` statement (proposal_fill_defaults): one source of defaults. */
void proposal_defaults(struct proposal *p)
{
    memset(p, 0, sizeof *p);
    p->rationale = "";
}

void proposal_fill_defaults(const char *home, struct proposal *p)
{
    struct policy *pol = NULL;
    struct err ignored = ERR_INIT;
    if (policy_file_load(home, &pol, &ignored))
        pol = NULL; /* the decision denies it anyway, with the error */
    const struct policy_defaults *d = policy_defaults(pol);
    if (p->cpus == 0)
        p->cpus = d->cpus;
    if (p->mem_bytes == 0)
        p->mem_bytes = d->mem_bytes;
    if (p->time_s == 0)
        p->time_s = d->time_seconds;
    if (p->disk_bytes == 0)
        p->disk_bytes = d->disk_bytes;
    policy_free(pol);
}

static int valid_param_name(const char *s, size_t n)
{
    if (!n || n > PARAM_NAME_MAX ||
        !(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && !strchr("_.-", s[i]))
            return 0;
    return 1;
}

static json_t *param_value(const char *v)
{
    char *end;
    if (*v && !isspace((unsigned char)*v)) {
        long long i = strtoll(v, &end, 10);
        if (!*end)
            return json_integer(i);
        double d = strtod(v, &end);
        if (!*end && d == d && d - d == 0)
            return json_real(d);
    }
    return json_string(v);
}

void proposal_param_env(const char *name, char *out, size_t n)
{
    size_t i = 0;
    for (; name[i] && i + 1 < n; i++)
        out[i] = isalnum((unsigned char)name[i])
                 ? (char)toupper((unsigned char)name[i]) : '_';
    out[i] = '\0';
}

/* Two params whose STEWARD_PARAM_<NAME> would be the same variable: the
 * run would see only one of them. */
static int param_collides(json_t *params, const char *name, struct err *err)
{
    char mine[PARAM_NAME_MAX + 1], theirs[PARAM_NAME_MAX + 1];
    const char *other;
    json_t *v;
    proposal_param_env(name, mine, sizeof mine);
    json_object_foreach(params, other, v) {
        proposal_param_env(other, theirs, sizeof theirs);
        if (!strcmp(mine, theirs))
            return err_set(err, ERR_USER, "--param %s and --param %s both "
                           "become STEWARD_PARAM_%s in the run; rename one",
                           other, name, mine);
    }
    return 0;
}

int proposal_add_param(json_t *params, const char *text, struct err *err)
{
    const char *eq = strchr(text, '=');
    size_t n = eq ? (size_t)(eq - text) : 0;
    if (!eq || !valid_param_name(text, n))
        return err_set(err, ERR_USER, "--param '%s': expected NAME=VALUE with "
                       "NAME made of letters, digits, _ . - (e.g. lr=0.1)",
                       text);
    if (strlen(eq + 1) > PARAM_VALUE_MAX)
        return err_set(err, ERR_USER, "--param %.*s: value longer than %d "
                       "bytes", (int)n, text, PARAM_VALUE_MAX);
    char name[PARAM_NAME_MAX + 1];
    memcpy(name, text, n);
    name[n] = '\0';
    if (json_object_get(params, name))
        return err_set(err, ERR_USER, "--param %s given twice", name);
    if (param_collides(params, name, err))
        return err->code;
    json_t *v = param_value(eq + 1);
    if (!v || json_object_set_new(params, name, v))
        return err_set(err, ERR_USER, "--param %s: value is not valid UTF-8",
                       name);
    return 0;
}

/* The host's memory from /proc/meminfo (MemTotal), or 0 if unknown. */
static int64_t host_memory(void)
{
    char line[256];
    long long kb = 0;
    FILE *f = fopen("/proc/meminfo", "re");
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "MemTotal: %lld kB", &kb) == 1)
            break;
    if (f)
        fclose(f);
    return kb > 0 ? (int64_t)kb * 1024 : 0;
}

static int check_mem(int64_t mem, struct err *err)
{
    char want[32], have[32];
    int64_t host = host_memory();
    if (mem < (1 << 20))
        return err_set(err, ERR_USER, "--mem must be at least 1M");
    if (host && mem > host) {
        format_size(mem, want, sizeof want);
        format_size(host, have, sizeof have);
        return err_set(err, ERR_USER, "--mem %s is more than this host's "
                       "memory (%s in /proc/meminfo): the run could never "
                       "get it", want, have);
    }
    return 0;
}

static int check_resources(const struct proposal *p, struct err *err)
{
    /* cgroups take cpu.max quotas of at least 1000us per 100000us. */
    if (!(p->cpus >= PROPOSAL_CPUS_MIN && p->cpus <= 4096))
        return err_set(err, ERR_USER, "--cpus must be in [%.2f, 4096] (%g "
                       "asked): a cgroup cannot enforce less than %.2f of a "
                       "cpu", PROPOSAL_CPUS_MIN, p->cpus, PROPOSAL_CPUS_MIN);
    if (check_mem(p->mem_bytes, err))
        return err->code;
    if (p->gpus < 0 || p->gpus > 1024)
        return err_set(err, ERR_USER, "--gpus must be in [0, 1024]");
    if (p->time_s < 1 || p->time_s > 366LL * 86400)
        return err_set(err, ERR_USER, "--time must be between 1s and 366d");
    if (p->disk_bytes < (1 << 20))
        return err_set(err, ERR_USER, "--disk must be at least 1M");
    return 0;
}

/* Every pair of params (campaign trials build theirs without
 * proposal_add_param). */
static int check_params_env(const struct proposal *p, struct err *err)
{
    json_t *seen = json_object();
    const char *name;
    json_t *v;
    int rc = seen ? 0 : err_set(err, ERR_INTERNAL, "out of memory");
    json_object_foreach(p->params, name, v) {
        if (!rc && (rc = param_collides(seen, name, err)) == 0)
            json_object_set(seen, name, v);
    }
    json_decref(seen);
    return rc;
}

int proposal_check(const struct proposal *p, struct err *err)
{
    if (!p->name || !*p->name || strlen(p->name) > NAME_MAX_LEN)
        return err_set(err, ERR_USER, "--name is required (1 to %d "
                       "characters)", NAME_MAX_LEN);
    if (!p->argv || !p->argv[0] || !*p->argv[0])
        return err_set(err, ERR_USER, "no command: put it after '--', e.g. "
                       "steward propose --name x -- ./train --epochs 3");
    size_t argc = 0;
    while (p->argv[argc] && argc <= ARGV_MAX)
        argc++;
    if (argc > ARGV_MAX)
        return err_set(err, ERR_USER, "command has more than %d arguments",
                       ARGV_MAX);
    if (!p->workdir || p->workdir[0] != '/')
        return err_set(err, ERR_INTERNAL, "proposal workdir must be absolute");
    if (p->rationale && strlen(p->rationale) > RATIONALE_MAX)
        return err_set(err, ERR_USER, "--rationale longer than %d bytes",
                       RATIONALE_MAX);
    return check_resources(p, err) ? err->code : check_params_env(p, err);
}

json_t *proposal_argv_json(const struct proposal *p)
{
    json_t *a = json_array();
    for (size_t i = 0; a && p->argv[i]; i++)
        if (json_array_append_new(a, json_string(p->argv[i]))) {
            json_decref(a);
            return NULL;
        }
    return a;
}

/* The reviewed content as one JSON object; its sorted dump is hashed. */
json_t *proposal_content(const struct proposal *p)
{
    return json_pack("{s:s,s:o,s:s,s:O,s:f,s:I,s:I,s:I,s:I,s:b,s:O,s:s?,"
                     "s:s?}",
                     "name", p->name, "argv", proposal_argv_json(p),
                     "workdir", p->workdir, "params", p->params,
                     "cpus", p->cpus, "mem_bytes", (json_int_t)p->mem_bytes,
                     "gpus", (json_int_t)p->gpus,
                     "time_s", (json_int_t)p->time_s,
                     "disk_bytes", (json_int_t)p->disk_bytes,
                     "network", p->network, "tags", p->tags,
                     "campaign", p->campaign, "snapshot", p->snapshot);
}

void proposal_from_json(const json_t *exp, struct proposal *p, char **argv,
                        size_t max)
{
    const json_t *r = json_object_get(exp, "resources");
    size_t i, n = json_array_size(json_object_get(exp, "argv"));
    json_t *a;
    proposal_defaults(p);
    json_array_foreach(json_object_get(exp, "argv"), i, a)
        if (i < max)
            argv[i] = (char *)json_string_value(a);
    argv[n < max ? n : max] = NULL;
    p->name = json_string_value(json_object_get(exp, "name"));
    p->argv = argv;
    p->workdir = json_string_value(json_object_get(exp, "workdir"));
    p->params = json_object_get(exp, "params");
    p->tags = json_object_get(exp, "tags");
    p->cpus = json_number_value(json_object_get(r, "cpus"));
    p->mem_bytes = json_integer_value(json_object_get(r, "mem_bytes"));
    p->gpus = json_integer_value(json_object_get(r, "gpus"));
    p->time_s = json_integer_value(json_object_get(r, "time_s"));
    p->disk_bytes = json_integer_value(json_object_get(r, "disk_bytes"));
    p->network = json_is_true(json_object_get(exp, "network"));
    p->campaign = json_string_value(json_object_get(exp, "campaign"));
    p->snapshot = json_string_value(json_object_get(exp, "snapshot"));
}

int proposal_hash(const json_t *content, char out[65])
{
    char *text = json_dumps(content, JSON_COMPACT | JSON_SORT_KEYS);
    if (!text)
        return -1;
    sha256_text_hex(text, out);
    free(text);
    return 0;
}

static int in_path(const char *cmd)
{
    const char *path = getenv("PATH");
    char dir[4096], full[8192];
    if (!path || !*path)
        path = "/usr/local/bin:/usr/bin:/bin";
    while (*path) {
        size_t len = strcspn(path, ":");
        /* an entry too long to copy is not looked in: cut, it is
         * another directory */
        snprintf(dir, sizeof dir, "%.*s", len ? (int)len : 1,
                 len ? path : ".");
        if (len < sizeof dir &&
            (size_t)snprintf(full, sizeof full, "%s/%s", dir, cmd) <
            sizeof full && access(full, X_OK) == 0)
            return 1;
        path += len + (path[len] == ':');
    }
    return 0;
}

int proposal_command_warning(const struct proposal *p, char *out, size_t n)
{
    const char *cmd = p->argv[0];
    char full[8192];
    if (!strchr(cmd, '/'))
        return in_path(cmd) ? 0 : (snprintf(out, n, "command %s not found "
                                            "in PATH", cmd), 1);
    if ((size_t)snprintf(full, sizeof full, "%s%s%s", cmd[0] == '/' ? ""
                         : p->workdir, cmd[0] == '/' ? "" : "/", cmd) >=
        sizeof full || access(full, X_OK) == 0)
        return 0;
    snprintf(out, n, "command %s %s in %s: the run fails unless it is there "
             "when the run starts (the directory is snapshotted then)", cmd,
             access(full, F_OK) ? "not found" : "is not executable",
             cmd[0] == '/' ? "/" : p->workdir);
    return 1;
}
