/*
 * snapshot_client — a snapshot the client read and sent (see
 * client/snapshot.c), recorded as if it had been scanned here.
 *
 * The server trusts none of it but the bytes' names: each content is
 * stored only if it hashes to its name (cas_put), the policy's secrets are
 * left out of the manifest whatever the client listed, and the total is
 * held to the proposal's disk limit like a scan's.
 */
#include "api/api.h"
#include "core/b64.h"
#include "core/fdio.h"
#include "snapshot/snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static struct {
    char root[API_PATH_MAX];
    json_t *manifest, *contents;
} sent;

void steward_snapshot_sent(const char *root, json_t *manifest,
                           json_t *contents)
{
    snprintf(sent.root, sizeof sent.root, "%s", root);
    sent.manifest = manifest;
    sent.contents = contents;
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

static int put_one(struct cas *c, const char *sha, const char *b64,
                   struct err *err)
{
    size_t n = 0;
    unsigned char *bin = b64_decode(b64, strlen(b64), &n);
    int fd = memfd_create("steward-content", MFD_CLOEXEC);
    int rc = bin && fd >= 0 && fd_write_all(fd, bin, n) == 0 &&
        lseek(fd, 0, SEEK_SET) == 0
        ? cas_put(c, fd, sha, err)
        : err_set(err, ERR_USER, "the content sent as %.16s… is not base64",
                  sha);
    free(bin);
    if (fd >= 0)
        close(fd);
    return rc;
}

static int store_contents(struct cas *c, const json_t *files, int64_t max,
                          struct err *err)
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
    json_array_foreach(files, i, f) {
        const char *sha = json_string_value(json_array_get(f, 3));
        const char *b64 = json_string_value(json_object_get(sent.contents,
                                                            sha ? sha : ""));
        if (!sha || (!cas_has(c, sha) && !b64))
            return err_set(err, ERR_USER, "the client listed %s but did not "
                           "send it", json_string_value(json_array_get(f, 0)));
        int rc = cas_has(c, sha) ? 0 : put_one(c, sha, b64, err);
        if (rc)
            return rc;
    }
    return 0;
}

int snapshot_sent_store(sqlite3 *db, struct cas *c, char **secrets, size_t n,
                        int64_t max_bytes, char hash[65], struct err *err)
{
    json_t *m = json_pack("{s:o,s:o}", "dirs", without(json_object_get(
        sent.manifest, "dirs"), secrets, n, sent.root), "files",
        without(json_object_get(sent.manifest, "files"), secrets, n,
                sent.root));
    int rc = m ? store_contents(c, json_object_get(m, "files"), max_bytes,
                                err)
               : err_set(err, ERR_INTERNAL, "out of memory");
    rc = rc ? rc : snapshot_store(db, c, m, hash, err);
    json_decref(m);
    return rc;
}
