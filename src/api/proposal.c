/*
 * proposal — validating what an agent or human proposes, and its content
 * hash.
 *
 * The content hash covers everything a reviewer approves (command, work
 * directory, params, resources, network, tags, campaign); an approval is
 * bound to it, so a changed proposal is a new proposal that needs a new
 * decision.
 */
#include "api/api.h"
#include "api/policy_file.h"
#include "api/proposal.h"
#include "core/parse.h"

#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define PARAM_NAME_MAX 64
#define PARAM_VALUE_MAX 4096
#define NAME_MAX_LEN 128
#define ARGV_MAX 1024
#define RATIONALE_MAX 8192

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
    if (!n || n > PARAM_NAME_MAX || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
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
    json_t *v = param_value(eq + 1);
    if (!v || json_object_set_new(params, name, v))
        return err_set(err, ERR_USER, "--param %s: value is not valid UTF-8",
                       name);
    return 0;
}

static int check_resources(const struct proposal *p, struct err *err)
{
    if (!(p->cpus > 0 && p->cpus <= 4096))
        return err_set(err, ERR_USER, "--cpus must be in (0, 4096]");
    if (p->mem_bytes < (1 << 20))
        return err_set(err, ERR_USER, "--mem must be at least 1M");
    if (p->gpus < 0 || p->gpus > 1024)
        return err_set(err, ERR_USER, "--gpus must be in [0, 1024]");
    if (p->time_s < 1 || p->time_s > 366LL * 86400)
        return err_set(err, ERR_USER, "--time must be between 1s and 366d");
    if (p->disk_bytes < (1 << 20))
        return err_set(err, ERR_USER, "--disk must be at least 1M");
    return 0;
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
    return check_resources(p, err);
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
    return json_pack("{s:s,s:o,s:s,s:O,s:f,s:I,s:I,s:I,s:I,s:b,s:O,s:s?}",
                     "name", p->name, "argv", proposal_argv_json(p),
                     "workdir", p->workdir, "params", p->params,
                     "cpus", p->cpus, "mem_bytes", (json_int_t)p->mem_bytes,
                     "gpus", (json_int_t)p->gpus,
                     "time_s", (json_int_t)p->time_s,
                     "disk_bytes", (json_int_t)p->disk_bytes,
                     "network", p->network, "tags", p->tags,
                     "campaign", p->campaign);
}

int proposal_hash(const json_t *content, char out[65])
{
    char *text = json_dumps(content, JSON_COMPACT | JSON_SORT_KEYS);
    if (!text)
        return -1;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const unsigned char *)text, strlen(text));
    sodium_bin2hex(out, 65, digest, sizeof digest);
    free(text);
    return 0;
}
