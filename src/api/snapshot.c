/*
 * snapshot — taking a proposal's snapshot in direct mode, and checking
 * that an experiment is still what was approved.
 *
 * steward_snapshot runs both halves of src/snapshot/ in the proposer's own
 * process: the scan reads the tree with the proposer's permissions (never
 * a supervisor's), leaving out .steward and every `secret` path of the
 * policy, and stores each content as it hashes it. A policy that cannot be
 * read takes no snapshot (its secrets are unknown: fail closed).
 *
 * steward_check_binding is the gate before a run: the content hash is
 * recomputed from the experiment's row, and must equal the stored hash,
 * the one the ledger recorded when the proposal was made, and the one
 * every approval recorded. Editing the command, parameters, resources or
 * snapshot after approval therefore voids the approval.
 */
#include "api/handle.h"
#include "core/sha256.h"
#include "api/api.h"
#include "api/policy_file.h"
#include "api/principal.h"
#include "ledger/ledger.h"
#include "api/proposal.h"
#include "snapshot/snapshot.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SECRETS_MAX 4096

/* The policy's secrets as absolute paths (~ is $HOME), in out[]. */
static int secret_paths(struct steward *s, char ***out, size_t *n,
                        struct err *err)
{
    struct policy *pol = NULL;
    /* a policy that cannot be read denies (fail closed), with its error */
    if (policy_file_load(s->home, &pol, err))
        return err->code = ERR_DENIED;
    const char *home = getenv("HOME");
    size_t count = policy_secret_count(pol);
    *out = calloc(count + 1, sizeof **out);
    *n = 0;
    for (size_t i = 0; *out && i < count && i < SECRETS_MAX; i++) {
        const char *p = policy_secret_at(pol, i);
        int tilde = p[0] == '~' && (p[1] == '/' || !p[1]);
        if (asprintf(&(*out)[*n], "%s%s", tilde ? (home ? home : "/root") : "",
                     tilde ? p + 1 : p) >= 0)
            (*n)++;
    }
    policy_free(pol);
    if (!*out || *n != count)
        return err_set(err, ERR_USER, "cannot list the policy's %zu secret "
                       "paths (at most %d)", count, SECRETS_MAX);
    return 0;
}

static void free_paths(char **p, size_t n)
{
    for (size_t i = 0; p && i < n; i++)
        free(p[i]);
    free(p);
}

/* snapshot_client.c */
int snapshot_sent_for(const char *dir);
int snapshot_sent_store(sqlite3 *db, struct cas *c, const char *who,
                        char **secrets, size_t n, int64_t max_bytes,
                        char hash[65], struct err *err);

static int scan_and_store(struct steward *s, struct snapshot_opts *o,
                          char hash[65], struct err *err)
{
    struct snapshot_manifest *m = NULL;
    int rc = snapshot_scan(o, &m, err);
    json_t *j = rc ? NULL : snapshot_manifest_json(m);
    if (!rc && !j)
        rc = err_set(err, ERR_INTERNAL, "out of memory");
    rc = rc ? rc : snapshot_store(s->db, o->store, j, hash, err);
    json_decref(j);
    snapshot_manifest_free(m);
    return rc;
}

int steward_snapshot(struct steward *s, const char *dir, int64_t max_bytes,
                     char hash[65], struct err *err)
{
    char **secrets = NULL, cache[API_PATH_MAX + 96], root[65];
    size_t n = 0;
    struct cas *c = NULL;
    sha256_text_hex(dir, root);
    /* One metadata cache per tree, named by its path. */
    snprintf(cache, sizeof cache, "%s/cas/scan-%.16s", s->home, root);
    int rc = secret_paths(s, &secrets, &n, err);
    rc = rc ? rc : cas_open(s->home, &c, err);
    if (!rc && snapshot_sent_for(dir)) {
        rc = snapshot_sent_store(s->db, c, s->who.name, secrets, n,
                                 max_bytes, hash, err);
        cas_free(c);
        free_paths(secrets, n);
        return rc;
    }
    struct snapshot_opts o = {dir, (const char *const *)secrets, n, max_bytes,
                              SNAPSHOT_FILES_MAX, cache, c, 0};
    rc = rc ? rc : scan_and_store(s, &o, hash, err);
    cas_free(c);
    free_paths(secrets, n);
    return rc;
}

int steward_gc(struct steward *s, json_t **report, struct err *err)
{
    *report = NULL;
    if (!principal_may(s->who.role, "gc"))
        return steward_forbid(s, "gc", "store", err);
    int rc = store_begin(s->db, err);
    rc = rc ? rc : snapshot_gc(s->db, s->home, report, err);
    rc = rc ? rc : ledger_append(s->db, s->who.name, "gc", "store", *report,
                                 err);
    rc = rc ? rc : store_commit(s->db, err);
    if (rc) {
        store_rollback(s->db);
        json_decref(*report);
        *report = NULL;
    }
    return rc;
}
