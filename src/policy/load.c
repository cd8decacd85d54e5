/*
 * load — reads policy files, follows includes, hashes what it read.
 *
 * Includes resolve relative to the including file's directory. They nest at
 * most POLICY_INCLUDE_DEPTH deep, a policy reads at most POLICY_FILES_MAX
 * files of at most POLICY_FILE_MAX bytes each (POLICY_TOTAL_MAX in all),
 * and a file that includes itself (directly or not) is an error, found by
 * comparing resolved paths along the include stack. The hash covers the bytes of every file in the
 * order read (the main file first, then each include where it appears), so
 * editing any of them, or the order of includes, changes the version.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "policy/pstate.h"
#include "core/grow.h"
#include "core/sha256.h"

static int read_all(int fd, char *buf, size_t len)
{
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, buf + got, len - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        got += (size_t)n;
    }
    return 0;
}

/* The whole file, NUL-terminated, or NULL with *why set. Opened
 * non-blocking and checked with fstat before any read: a FIFO or a
 * device in the policy's place must fail at once, never hang the
 * decision (open of a FIFO blocks until a writer comes). */
char *policy_read_file(const char *path, size_t *len, const char **why)
{
    struct stat st;
    char *buf = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    *why = NULL;
    if (fd < 0 || fstat(fd, &st) < 0) {
        *why = strerror(errno);
    } else if (!S_ISREG(st.st_mode)) {
        *why = "not a regular file";
    } else if (st.st_size > POLICY_FILE_MAX) {
        *why = "larger than 1 MiB";
    } else if (!(buf = malloc((size_t)st.st_size + 1)) ||
               read_all(fd, buf, (size_t)st.st_size)) {
        *why = buf ? "read failed" : "out of memory";
        free(buf);
        buf = NULL;
    } else {
        buf[st.st_size] = 0;
        *len = (size_t)st.st_size;
    }
    if (fd >= 0)
        close(fd);
    return buf;
}

static int add_file(struct policy *p, const char *path, const char *resolved)
{
    char tmp[PATH_MAX];
    struct err ignored = ERR_INIT;  /* the callers word the refusal */
    if (grow_array(&p->files, &p->capfiles, p->nfiles + 1, sizeof *p->files,
                   POLICY_FILES_MAX, "policy files", &ignored) ||
        grow_array(&p->paths, &p->cappaths, p->nfiles + 1, sizeof *p->paths,
                   POLICY_FILES_MAX, "policy files", &ignored))
        return -1;
    snprintf(tmp, sizeof tmp, "%s", path);
    p->files[p->nfiles] = strdup(basename(tmp));
    p->paths[p->nfiles] = strdup(resolved);
    p->nfiles++;
    return p->files[p->nfiles - 1] && p->paths[p->nfiles - 1] ? 0 : -1;
}

static int include_path(const struct pstate *ps, const char *name,
                        char *out, size_t n)
{
    char dir[PATH_MAX];
    int w;
    if (name[0] == '/')
        w = snprintf(out, n, "%s", name);
    else if ((size_t)snprintf(dir, sizeof dir, "%s", ps->path) >= sizeof dir)
        return -1;   /* cut, its dirname would be another directory */
    else
        w = snprintf(out, n, "%s/%s", dirname(dir), name);
    return w < 0 || (size_t)w >= n ? -1 : 0;
}

static int check_cycle(struct pstate *ps, const struct token *at,
                       const char *name, const char *resolved)
{
    struct pctx *ctx = ps->ctx;
    if (ctx->depth >= POLICY_INCLUDE_DEPTH)
        return perr(ps, at, "flatten the includes", "includes nest deeper "
                    "than %d files", POLICY_INCLUDE_DEPTH);
    for (int i = 0; i <= ctx->depth; i++)
        if (!strcmp(ctx->stack[i], resolved))
            return perr(ps, at, "a file may not include itself, directly or "
                        "through other files", "include cycle: '%s' is "
                        "already being read", name);
    return 0;
}

int parse_include(struct pstate *ps, const struct token *at, const char *name)
{
    struct pctx *ctx = ps->ctx;
    char path[PATH_MAX], resolved[PATH_MAX];
    const char *why;
    size_t len = 0;
    if (include_path(ps, name, path, sizeof path))
        return perr(ps, at, NULL, "include path too long");
    if (!realpath(path, resolved))
        return perr(ps, at, "paths are relative to the including file",
                    "cannot include '%s': %s", path, strerror(errno));
    if (check_cycle(ps, at, name, resolved))
        return -1;
    char *text = policy_read_file(resolved, &len, &why);
    if (!text)
        return perr(ps, at, NULL, "cannot include '%s': %s", path, why);
    if ((ctx->total_bytes += len) > POLICY_TOTAL_MAX) {
        free(text);
        return perr(ps, at, NULL, "the policy and its includes exceed "
                    "%d MiB", POLICY_TOTAL_MAX >> 20);
    }
    if (add_file(ctx->p, path, resolved)) {
        free(text);
        return perr(ps, at, NULL, "too many files (at most %d)",
                    POLICY_FILES_MAX);
    }
    crypto_hash_sha256_update(&ctx->hs, (const unsigned char *)text, len);
    ctx->stack[++ctx->depth] = ctx->p->paths[ctx->p->nfiles - 1];
    parse_file(ctx, text, len, path);
    ctx->depth--;
    free(text);
    return 0;
}

static struct policy *policy_new(void)
{
    struct policy *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->review_expiry = 24 * 3600;
    p->approval_validity = 24 * 3600;
    p->promotion.approvals = 1;
    p->promotion.distinct_from_requester = 1;
    p->promotion.from = POLICY_APPROVERS_HUMANS;
    p->rollback_by = POLICY_APPROVERS_OWNERS;
    p->review_quorum.approvals = 1;
    p->review_quorum.from = POLICY_APPROVERS_HUMANS;
    p->defaults = *policy_builtin_defaults();
    return p;
}

static void finish_hash(struct pctx *ctx)
{
    sha256_final_hex(&ctx->hs, ctx->p->hash);
}

int policy_parse(const char *text, size_t len, const char *filename,
                 struct policy **out, struct policy_diags *diags,
                 struct err *err)
{
    struct pctx ctx = {0};
    char resolved[PATH_MAX];
    const char *name = filename ? filename : "policy";
    *out = NULL;
    if (diags)
        diags->n = diags->dropped = 0;
    if (sodium_init() < 0)
        return err_set(err, ERR_INTERNAL, "policy error: libsodium failed");
    ctx.p = policy_new();
    ctx.diags = diags;
    ctx.err = err;
    if (!ctx.p || add_file(ctx.p, name, realpath(name, resolved) ? resolved
                                                                 : name)) {
        policy_free(ctx.p);
        return err_set(err, ERR_INTERNAL, "policy error: out of memory");
    }
    ctx.stack[0] = ctx.p->paths[0];
    crypto_hash_sha256_init(&ctx.hs);
    crypto_hash_sha256_update(&ctx.hs, (const unsigned char *)text, len);
    ctx.total_bytes = len;
    parse_file(&ctx, text, len, name);
    finish_hash(&ctx);
    if (!ctx.nerrors && policy_param_index(ctx.p)) {
        err_set(err, ERR_INTERNAL, "policy error: out of memory");
        ctx.nerrors++;
    }
    if (ctx.nerrors) {
        policy_free(ctx.p);
        return err->code ? err->code : ERR_USER;
    }
    *out = ctx.p;
    return 0;
}

static void load_failed(const char *path, const char *why,
                        struct policy_diags *diags, struct err *err)
{
    err_set(err, ERR_USER, "policy error: cannot read %s: %s", path, why);
    if (!diags)
        return;
    diags->n = 1;
    diags->dropped = 0;
    struct policy_diag *d = &diags->items[0];
    memset(d, 0, sizeof *d);
    snprintf(d->file, sizeof d->file, "%s", path);
    snprintf(d->msg, sizeof d->msg, "cannot read: %s", why);
    snprintf(d->hint, sizeof d->hint, "%s", "steward init writes a starter "
             "policy; 'steward policy default' prints it");
}

int policy_load(const char *path, struct policy **out,
                struct policy_diags *diags, struct err *err)
{
    size_t len = 0;
    const char *why;
    *out = NULL;
    char *text = policy_read_file(path, &len, &why);
    if (!text) {
        load_failed(path, why, diags, err);
        return ERR_USER;
    }
    int rc = policy_parse(text, len, path, out, diags, err);
    free(text);
    return rc;
}

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

void policy_free(struct policy *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nconds; i++)
        pcond_release(&p->conds[i]);
    for (size_t i = 0; i < p->nrules; i++)
        free(p->rules[i].text);
    for (size_t i = 0; i < p->nbudgets; i++)
        free((char *)p->budgets[i].name);
    free(p->conds);
    free(p->rules);
    free(p->budgets);
    free_strings(p->secrets, p->nsecrets);
    free_strings(p->gates, p->ngates);
    free_strings(p->param_names, p->nparams);
    free(p->param_index);
    free_strings(p->files, p->nfiles);
    free_strings(p->paths, p->nfiles);
    free(p);
}
