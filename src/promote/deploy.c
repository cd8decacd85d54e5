/*
 * deploy — the policy's deploy hook, run like an experiment: in steward's
 * sandbox (src/sandbox/), with a time limit, no network unless the policy
 * grants it, the state directory and the policy's secrets hidden.
 *
 * The hook is `/bin/sh -c COMMAND steward-deploy ARTIFACT`: the command
 * reads the artifact's path as "$1" (also $STEWARD_ARTIFACT). The
 * artifact is copied from the content store into the hook's own io
 * directory after its hash was checked, so the hook never sees the store.
 * Credential files the policy lets it read are copied there too
 * ($STEWARD_CREDENTIALS/<name>): inside the sandbox /root and /home are
 * empty, so granting a path means handing over that file, nothing more.
 * The whole directory is removed afterwards.
 */
#include "promote/promote_int.h"
#include "core/clock.h"
#include "core/path.h"
#include "sandbox/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEPLOY_FILE_MAX (1 << 20)
#define DEPLOY_TAIL 600

extern char **environ;

struct hook {
    char dir[API_PATH_MAX], work[API_PATH_MAX + 8], io[API_PATH_MAX + 8];
    char out[API_PATH_MAX + 16], errlog[API_PATH_MAX + 16];
    char artifact[API_PATH_MAX * 2], creds[API_PATH_MAX + 16];
};

json_t *deploy_grants(const struct policy_deploy *d)
{
    json_t *reads = json_array();
    for (size_t i = 0; i < d->nreads; i++)
        json_array_append_new(reads, json_string(d->reads[i]));
    return json_pack("{s:s,s:I,s:b,s:o,s:s}", "command", d->command,
                     "time_s", (json_int_t)d->time_s, "network", d->network,
                     "reads", reads, "sandbox", "steward sandbox (as a run)");
}

static int copy_file(const char *from, const char *to, struct err *err)
{
    int in = open(from, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    int out = in < 0 ? -1 : open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                                 0600);
    char buf[65536];
    ssize_t n = 0;
    int rc = in < 0 || out < 0 ? err_errno(err, "copying %s", from) : 0;
    while (!rc && (n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)n) != n)
            rc = err_errno(err, "writing %s", to);
    if (!rc && n < 0)
        rc = err_errno(err, "reading %s", from);
    if (in >= 0)
        close(in);
    if (out >= 0)
        close(out);
    return rc;
}

static int copy_creds(const struct policy_deploy *d, struct hook *h,
                      struct err *err)
{
    int rc = mkdir(h->creds, 0700) ? err_errno(err, "mkdir %s", h->creds)
                                   : 0;
    for (size_t i = 0; !rc && i < d->nreads; i++) {
        char from[API_PATH_MAX], to[API_PATH_MAX * 2];
        struct stat st;
        if (policy_path_expand(d->reads[i], from, sizeof from, err))
            return err->code;
        const char *base = strrchr(from, '/') ? strrchr(from, '/') + 1 : from;
        if (lstat(from, &st) || !S_ISREG(st.st_mode) ||
            st.st_size > DEPLOY_FILE_MAX)
            return err_set(err, ERR_USER, "the deploy hook may read %s, but "
                           "it is not a regular file of at most 1 MiB; fix "
                           "the file or the policy", from);
        rc = path_format(to, sizeof to, err, "%s/%s", h->creds, base);
        rc = rc ? rc : copy_file(from, to, err);
    }
    return rc;
}

static int make_dirs(struct steward *s, const struct candidate *c,
                     struct hook *h, struct err *err)
{
    const char *base = strrchr(c->path, '/') ? strrchr(c->path, '/') + 1
                                             : c->path;
    char store[API_PATH_MAX + 16];
    /* every path below is dir plus at most 32 bytes or the artifact's
     * base name, each in a buffer that holds that */
    if ((size_t)snprintf(h->dir, sizeof h->dir, "%s/deploy.XXXXXX",
                         s->home) >= sizeof h->dir - 32)
        return h->dir[0] = '\0', err_set(err, ERR_USER, "path too long: "
                                         "%s", s->home);
    if (!mkdtemp(h->dir))
        return h->dir[0] = '\0', err_errno(err, "mkdtemp in %s", s->home);
    snprintf(h->work, sizeof h->work, "%s/work", h->dir);
    snprintf(h->io, sizeof h->io, "%s/io", h->dir);
    snprintf(h->out, sizeof h->out, "%s/stdout", h->dir);
    snprintf(h->errlog, sizeof h->errlog, "%s/stderr", h->dir);
    snprintf(h->creds, sizeof h->creds, "%s/credentials", h->io);
    snprintf(h->artifact, sizeof h->artifact, "%s/%s", h->io, base);
    if (mkdir(h->work, 0700) || mkdir(h->io, 0700))
        return err_errno(err, "mkdir %s", h->work);
    int rc = cand_store_path(s, c, store, sizeof store, err);
    return rc ? rc : copy_file(store, h->artifact, err);
}

static int rm_one(const char *p, const struct stat *st, int flag,
                  struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(p) < 0 ? 0 : 0;
}

static void tail_of(const char *path, char *out, size_t n)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    out[0] = '\0';
    if (fd < 0)
        return;
    off_t end = lseek(fd, 0, SEEK_END);
    off_t from = end > (off_t)n - 1 ? end - (off_t)n + 1 : 0;
    ssize_t got = pread(fd, out, n - 1, from);
    out[got > 0 ? got : 0] = '\0';
    close(fd);
}

static int watch(struct sandbox *sb, int64_t time_s, struct sandbox_exit *ex,
                 int *timed_out, struct err *err)
{
    int64_t deadline = clock_mono_ns() + time_s * 1000000000LL;
    int rc;
    while ((rc = sandbox_wait(sb, 100, ex, err)) == 0)
        if (!*timed_out && clock_mono_ns() > deadline) {
            *timed_out = 1;
            sandbox_terminate(sb, 500);
        }
    return rc < 0 ? rc : 0;
}

#define DEPLOY_HIDDEN_MAX 32

/* The state directory and every secret of the policy (beyond what the
 * sandbox empties anyway): the hook reads only the copies it was given. */
static int hide(struct steward *s, const struct policy *pol,
                struct sandbox_spec *sp, struct err *err)
{
    static char buf[DEPLOY_HIDDEN_MAX][API_PATH_MAX];
    static const char *hidden[DEPLOY_HIDDEN_MAX + 2];
    size_t n = 0;
    /* Beyond what can be hidden, fail closed, as runs do: a secret left
     * visible to the hook is worse than a deploy refused. */
    if (policy_secret_count(pol) > DEPLOY_HIDDEN_MAX)
        return err_set(err, ERR_DENIED, "the policy lists %zu secret paths; "
                       "the deploy hook can hide at most %d (list a parent "
                       "directory instead)", policy_secret_count(pol),
                       DEPLOY_HIDDEN_MAX);
    hidden[n++] = s->home;
    for (size_t i = 0; i < policy_secret_count(pol); i++, n++) {
        if (policy_path_expand(policy_secret_at(pol, i), buf[n - 1],
                               sizeof buf[0], err))
            return err->code;
        hidden[n] = buf[n - 1];
    }
    hidden[n] = NULL;
    sp->hidden = hidden;
    return 0;
}

static void fill_spec(struct steward *s, const struct policy_deploy *d,
                      struct hook *h, const char **argv,
                      struct sandbox_spec *sp)
{
    memset(sp, 0, sizeof *sp);
    argv[0] = "/bin/sh", argv[1] = "-c", argv[2] = d->command;
    argv[3] = "steward-deploy", argv[4] = h->artifact, argv[5] = NULL;
    sp->argv = argv;
    sp->workdir = h->work;
    sp->iodir = h->io;
    sp->stdout_path = h->out;
    sp->stderr_path = h->errlog;
    sp->network = d->network;
    sp->limits.cpus = 1;
    sp->limits.mem_bytes = 1LL << 30;
}

static json_t *ending(const struct sandbox_exit *ex, int timed_out,
                      const struct hook *h, int64_t time_s)
{
    char out[DEPLOY_TAIL], errt[DEPLOY_TAIL], how[128];
    tail_of(h->out, out, sizeof out);
    tail_of(h->errlog, errt, sizeof errt);
    if (timed_out)
        snprintf(how, sizeof how, "timed out after %llds (the policy's "
                 "limit)", (long long)time_s);
    else if (ex->exited)
        snprintf(how, sizeof how, "exited %d", ex->exit_code);
    else
        snprintf(how, sizeof how, "killed by signal %d", ex->signal);
    return json_pack("{s:b,s:s,s:I,s:s,s:s}", "ok", !timed_out &&
                     ex->exited && ex->exit_code == 0, "ended", how,
                     "wall_ms", (json_int_t)ex->wall_ms, "stdout", out,
                     "stderr", errt);
}

static int run_hook(struct steward *s, const struct policy *pol,
                    const struct policy_deploy *d, struct hook *h, json_t **report, struct err *err)
{
    const char *argv[6];
    char env_a[API_PATH_MAX * 2 + 32], env_c[API_PATH_MAX + 32];
    const char *set[] = {env_a, env_c, NULL};
    char **env = NULL;
    struct sandbox_spec sp;
    struct sandbox *sb = NULL;
    struct sandbox_exit ex = {0};
    int timed_out = 0;
    snprintf(env_a, sizeof env_a, "STEWARD_ARTIFACT=%s", h->artifact);
    snprintf(env_c, sizeof env_c, "STEWARD_CREDENTIALS=%s", h->creds);
    fill_spec(s, d, h, argv, &sp);
    int rc = hide(s, pol, &sp, err);
    rc = rc ? rc : sandbox_env_build((const char *const *)environ, set, &env,
                                     err);
    sp.env = (const char *const *)env;
    rc = rc ? rc : sandbox_start(&sp, &sb, err);
    rc = rc ? rc : watch(sb, d->time_s, &ex, &timed_out, err);
    sandbox_free(sb);
    sandbox_env_free(env);
    if (!rc)
        *report = ending(&ex, timed_out, h, d->time_s);
    return rc;
}

int deploy_run(struct steward *s, const struct candidate *c,
               const struct policy *pol, json_t **report, struct err *err)
{
    const struct policy_deploy *d = policy_deploy(pol);
    struct hook h;
    *report = NULL;
    int rc = make_dirs(s, c, &h, err);
    rc = rc ? rc : cand_verify(s, c, err);
    rc = rc ? rc : copy_creds(d, &h, err);
    rc = rc ? rc : run_hook(s, pol, d, &h, report, err);
    if (!rc && !json_is_true(json_object_get(*report, "ok")))
        rc = err_set(err, ERR_CONFLICT, "the deploy hook %s; production is "
                     "unchanged. Its stderr ends: %.200s. Fix the hook or "
                     "what it deploys to, then approve again to retry",
                     json_string_value(json_object_get(*report, "ended")),
                     json_string_value(json_object_get(*report, "stderr")));
    if (h.dir[0] && strstr(h.dir, "/deploy.") &&
        nftw(h.dir, rm_one, 16, FTW_DEPTH | FTW_PHYS) < 0)
        fprintf(stderr, "steward: could not remove %s\n", h.dir);
    return rc;
}
