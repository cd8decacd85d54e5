/*
 * sandbox_env — the run's environment, from an allow-list.
 *
 * The supervisor's own environment holds credentials (cloud keys, agent
 * sockets, steward tokens); none of it reaches a run unless its name is on
 * the list below. The caller then adds the run's own variables
 * (STEWARD_RUN_ID, params, sinks), which are trusted because steward
 * wrote them. HOME points at the run's private scratch home.
 */
#include "sandbox/sandbox.h"

#include <stdlib.h>
#include <string.h>

#define ENV_MAX 4096
#define ENV_ENTRY_MAX (128 * 1024)

static const char *const exact[] = {"PATH", "LANG", "LANGUAGE", "TZ",
    "TERM", "STEWARD_RUN_ID", "STEWARD_PARAMS", "STEWARD_METRICS",
    "STEWARD_ARTIFACTS", "CUDA_VISIBLE_DEVICES", "NVIDIA_VISIBLE_DEVICES",
    "OMP_NUM_THREADS", NULL};
static const char *const prefix[] = {"LC_", "STEWARD_PARAM_", NULL};

int sandbox_env_allowed(const char *name)
{
    for (size_t i = 0; exact[i]; i++)
        if (strcmp(name, exact[i]) == 0)
            return 1;
    for (size_t i = 0; prefix[i]; i++)
        if (strncmp(name, prefix[i], strlen(prefix[i])) == 0 &&
            name[strlen(prefix[i])] != '\0')
            return 1;
    return 0;
}

static int entry_allowed(const char *entry)
{
    const char *eq = strchr(entry, '=');
    char name[256];
    if (!eq || eq == entry || (size_t)(eq - entry) >= sizeof name ||
        strlen(entry) > ENV_ENTRY_MAX)
        return 0;
    memcpy(name, entry, (size_t)(eq - entry));
    name[eq - entry] = '\0';
    return sandbox_env_allowed(name);
}

static int same_name(const char *a, const char *b)
{
    size_t n = strcspn(a, "=");
    return strncmp(a, b, n) == 0 && b[n] == '=' && a[n] == '=';
}

static int env_add(char **env, size_t *n, const char *entry)
{
    for (size_t i = 0; i < *n; i++)
        if (same_name(env[i], entry)) {
            char *c = strdup(entry);
            if (!c)
                return -1;
            free(env[i]);
            env[i] = c;
            return 0;
        }
    if (*n >= ENV_MAX || !(env[*n] = strdup(entry)))
        return -1;
    (*n)++;
    return 0;
}

void sandbox_env_free(char **env)
{
    for (size_t i = 0; env && env[i]; i++)
        free(env[i]);
    free(env);
}

int sandbox_env_build(const char *const *base, const char *const *set,
                      char ***out, struct err *err)
{
    char **env = calloc(ENV_MAX + 1, sizeof *env);
    size_t n = 0;
    int rc = env ? 0 : -1;
    for (size_t i = 0; rc == 0 && base && base[i]; i++)
        if (entry_allowed(base[i]))
            rc = env_add(env, &n, base[i]);
    for (size_t i = 0; rc == 0 && set && set[i]; i++)
        rc = strchr(set[i], '=') ? env_add(env, &n, set[i]) : -1;
    if (rc == 0)
        rc = env_add(env, &n, "HOME=" SANDBOX_HOME);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (strncmp(env[i], "PATH=", 5) == 0)
            goto done;
    if (rc == 0)
        rc = env_add(env, &n, "PATH=/usr/local/bin:/usr/bin:/bin");
done:
    if (rc < 0) {
        sandbox_env_free(env);
        return err_set(err, ERR_USER, "sandbox: environment too large or "
                       "malformed (max %d entries of %d bytes)", ENV_MAX,
                       ENV_ENTRY_MAX);
    }
    *out = env;
    return 0;
}

int sandbox_gpu_env(const char *gpu_ids, char *nvidia, size_t nvidia_n,
                    char *cuda, size_t cuda_n, struct err *err)
{
    size_t count = 0, len = strlen(gpu_ids);
    for (size_t i = 0; i < len; i++) {
        if (gpu_ids[i] == ',' && i > 0 && gpu_ids[i - 1] != ',')
            count++;
        else if (gpu_ids[i] < '0' || gpu_ids[i] > '9')
            return err_set(err, ERR_USER, "gpu ids must look like \"0,1\"");
    }
    count += len > 0 && gpu_ids[len - 1] != ',';
    if (count == 0 || count > 16 ||
        (size_t)snprintf(nvidia, nvidia_n, "NVIDIA_VISIBLE_DEVICES=%s",
                         gpu_ids) >= nvidia_n)
        return err_set(err, ERR_USER, "gpu ids: 1 to 16 ids, e.g. \"0,1\"");
    size_t off = (size_t)snprintf(cuda, cuda_n, "CUDA_VISIBLE_DEVICES=");
    for (size_t i = 0; i < count && off < cuda_n; i++)
        off += (size_t)snprintf(cuda + off, cuda_n - off, "%s%zu",
                                i ? "," : "", i);
    if (off >= cuda_n)
        return err_set(err, ERR_USER, "gpu ids: output buffer too small");
    return 0;
}
