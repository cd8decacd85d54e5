/*
 * runenv — the environment a run gets.
 *
 * Only an allow-list passes from the host: locale, time zone and PATH.
 * Credentials (tokens, SSH agents, cloud keys) never pass, whatever their
 * names. steward adds STEWARD_RUN_ID, STEWARD_EXPERIMENT_ID,
 * STEWARD_PARAMS (JSON), STEWARD_PARAM_<NAME> for each parameter (name
 * upper-cased, other characters as '_'), STEWARD_METRICS and
 * STEWARD_ARTIFACTS. HOME points at the run's private /tmp.
 */
#include "dispatch/runctx.h"
#include "core/json.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int allowed(const char *kv)
{
    static const char *const exact[] = {"PATH=", "LANG=", "TZ=", "LANGUAGE="};
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
        if (!strncmp(kv, exact[i], strlen(exact[i])))
            return 1;
    return !strncmp(kv, "LC_", 3);
}

static int add(struct runctx *ctx, struct err *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int add(struct runctx *ctx, struct err *err, const char *fmt, ...)
{
    if (ctx->nenv >= RUN_ENV_MAX)
        return err_set(err, ERR_USER, "too many environment variables for "
                       "the run (limit %d); use fewer params", RUN_ENV_MAX);
    va_list ap;
    va_start(ap, fmt);
    int n = vasprintf(&ctx->env[ctx->nenv], fmt, ap);
    va_end(ap);
    if (n < 0)
        return err_set(err, ERR_INTERNAL, "out of memory");
    ctx->env[++ctx->nenv] = NULL;
    return 0;
}

static int add_params(struct runctx *ctx, struct err *err)
{
    json_t *params = json_object_get(ctx->exp, "params");
    char *all = json_dump_compact(params);
    int rc = all ? add(ctx, err, "STEWARD_PARAMS=%s", all)
             : err_set(err, ERR_INTERNAL, "out of memory");
    free(all);
    const char *name;
    json_t *v;
    json_object_foreach(params, name, v) {
        char env_name[80], text[64];
        proposal_param_env(name, env_name, sizeof env_name);
        if (json_is_string(v))
            rc = rc ? rc : add(ctx, err, "STEWARD_PARAM_%s=%s", env_name,
                               json_string_value(v));
        else if (json_is_integer(v))
            rc = rc ? rc : add(ctx, err, "STEWARD_PARAM_%s=%lld", env_name,
                               (long long)json_integer_value(v));
        else {
            json_format_double(json_number_value(v), text, sizeof text);
            rc = rc ? rc : add(ctx, err, "STEWARD_PARAM_%s=%s", env_name,
                               text);
        }
    }
    return rc;
}

int runenv_build(struct runctx *ctx, struct err *err)
{
    int rc = 0;
    ctx->nenv = 0;
    ctx->env[0] = NULL;
    for (char **e = environ; !rc && *e; e++)
        if (allowed(*e))
            rc = add(ctx, err, "%s", *e);
    if (!rc && !getenv("PATH"))
        rc = add(ctx, err, "PATH=/usr/local/bin:/usr/bin:/bin");
    rc = rc ? rc : add(ctx, err, "HOME=/tmp");
    rc = rc ? rc : add(ctx, err, "STEWARD_RUN_ID=%lld", (long long)ctx->run_id);
    rc = rc ? rc : add(ctx, err, "STEWARD_EXPERIMENT_ID=%lld",
                       (long long)ctx->exp_id);
    rc = rc ? rc : add(ctx, err, "STEWARD_METRICS=%s", ctx->metrics);
    rc = rc ? rc : add(ctx, err, "STEWARD_ARTIFACTS=%s/artifacts", ctx->io);
    return rc ? rc : add_params(ctx, err);
}

void runenv_free(struct runctx *ctx)
{
    for (int i = 0; i < ctx->nenv; i++)
        free(ctx->env[i]);
    ctx->nenv = 0;
}
