/*
 * snapshot_client — a snapshot the client read and sent (see
 * client/snapshot.c), recorded as if it had been scanned here.
 *
 * The server trusts none of it but the bytes' names: each content is
 * stored only if it hashes to its name (cas_put), a content not sent with
 * the request must be one this principal sent before (api/upload.c:
 * knowing a hash is not having the file), the policy's secrets are left
 * out of the manifest whatever the client listed, and the total is held
 * to the proposal's disk limit like a scan's.
 */
#include "api/api.h"
#include "api/upload.h"
#include "core/path.h"
#include "snapshot/snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct {
    char root[API_PATH_MAX];
    json_t *snap, *manifest, *contents;
} sent;

int steward_snapshot_sent(const char *root, json_t *snapshot,
                          struct err *err)
{
    /* cut, the root would be another directory: the run's workdir */
    int rc = path_format(sent.root, sizeof sent.root, err, "%s",
                         root ? root : "");
    if (rc)
        return rc;
    sent.snap = snapshot;
    sent.manifest = json_object_get(snapshot, "manifest");
    sent.contents = json_object_get(snapshot, "contents");
    return 0;
}

const json_t *snapshot_sent_field(const char *name)
{
    return json_object_get(sent.snap, name);
}

int steward_workdir(char *out, size_t n)
{
    if (sent.manifest)
        return (size_t)snprintf(out, n, "%s", sent.root) < n ? 0 : -1;
    return getcwd(out, n) ? 0 : -1;
}

int snapshot_sent_for(const char *dir)
{
    return sent.manifest && !strcmp(dir, sent.root);
}

static int under_rel(const char *rel, const char *secret)
{
    size_t n = strlen(secret);
    return !strncmp(rel, secret, n) && (rel[n] == '/' || rel[n] == '\0');
}

/* Drops the entries of list that lie at or under a secret (relative). */
static json_t *without(const json_t *list, char **secrets, size_t n,
                       const char *root)
{
    json_t *out = json_array();
    size_t i, rl = strlen(root);
    const json_t *e;
    json_array_foreach(list, i, e) {
        const char *rel = json_string_value(json_array_get(e, 0));
        int hide = !rel;
        for (size_t k = 0; !hide && k < n; k++)
            hide = !strncmp(secrets[k], root, rl) && secrets[k][rl] == '/' &&
                   under_rel(rel, secrets[k] + rl + 1);
        if (!hide)
            json_array_append(out, (json_t *)e);
    }
    return out;
}

static int store_contents(sqlite3 *db, struct cas *c, const char *who,
                          const json_t *files, int64_t max, struct err *err)
{
    size_t i;
    const json_t *f;
    int64_t total = 0;
    json_array_foreach(files, i, f)
        total += json_integer_value(json_array_get(f, 2));
    if (total > max)
        return err_set(err, ERR_USER, "working directory %s is larger than "
                       "%lld bytes; propose from a smaller directory or raise "
                       "--disk", sent.root, (long long)max);
    struct upload_quota q = {0, 0};
    json_array_foreach(files, i, f) {
        const char *sha = json_string_value(json_array_get(f, 3));
        const char *b64 = json_string_value(json_object_get(sent.contents,
                                                            sha ? sha : ""));
        /* a content this principal sent before (or earlier in this tree,
         * under another name) is not decoded and hashed again */
        int rc = !sha ? err_set(err, ERR_USER, "a file without a hash")
                 : upload_known(db, c, who, sha) ? 0
                 : b64 ? upload_put(db, c, who, sha, b64, &q, err)
                 : err_set(err, ERR_USER, "the client listed %s but did not "
                           "send it (a content is taken only from a client "
                           "that sent it)",
                           json_string_value(json_array_get(f, 0)));
        if (rc)
            return rc;
    }
    return 0;
}

int snapshot_sent_store(sqlite3 *db, struct cas *c, const char *who,
                        char **secrets, size_t n, int64_t max_bytes,
                        char hash[65], struct err *err)
{
    json_t *m = json_pack("{s:o,s:o}", "dirs", without(json_object_get(
        sent.manifest, "dirs"), secrets, n, sent.root), "files",
        without(json_object_get(sent.manifest, "files"), secrets, n,
                sent.root));
    int rc = m ? store_contents(db, c, who, json_object_get(m, "files"),
                                max_bytes, err)
               : err_set(err, ERR_INTERNAL, "out of memory");
    rc = rc ? rc : snapshot_store(db, c, m, hash, err);
    json_decref(m);
    return rc;
}
