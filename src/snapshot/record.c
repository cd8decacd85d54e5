/*
 * record — snapshots on record in the `snapshots` table: the manifest
 * under the hash that names it, with its file count and size for the
 * review card. A snapshot is recorded only once every content it lists is
 * in the store, so a recorded snapshot can always be materialised (unless
 * someone removes objects behind steward's back, which the run then
 * refuses). Loading checks the manifest against its name again.
 */
#include "snapshot/snapshot.h"
#include "core/clock.h"
#include "store/snapshots.h"

#include <stdlib.h>
#include <string.h>

static int all_present(struct cas *c, const json_t *manifest, int64_t *files,
                       int64_t *bytes, struct err *err)
{
    size_t i;
    json_t *f;
    *files = *bytes = 0;
    json_array_foreach(json_object_get(manifest, "files"), i, f) {
        const char *sha = json_string_value(json_array_get(f, 3));
        if (!cas_has(c, sha))
            return err_set(err, ERR_USER, "content of %s (%s) is not in the "
                           "store; send it first",
                           json_string_value(json_array_get(f, 0)),
                           sha ? sha : "no hash");
        *bytes += json_integer_value(json_array_get(f, 2));
        (*files)++;
    }
    return json_is_array(json_object_get(manifest, "dirs")) ? 0
           : err_set(err, ERR_USER, "a manifest lists dirs and files");
}

int snapshot_store(sqlite3 *db, struct cas *c, const json_t *manifest,
                   char hash[65], struct err *err)
{
    int64_t files, bytes;
    int rc = all_present(c, manifest, &files, &bytes, err);
    rc = rc ? rc : snapshot_manifest_hash(manifest, hash, err);
    if (rc)
        return rc;
    char *text = json_dumps(manifest, JSON_COMPACT | JSON_SORT_KEYS);
    rc = store_snapshots_insert(db, hash, text, files, bytes,
                                clock_wall_ms(), err);
    free(text);
    return rc;
}

int snapshot_load(sqlite3 *db, const char *hash, json_t **manifest,
                  struct err *err)
{
    char got[65], *text = NULL;
    *manifest = NULL;
    int rc = store_snapshots_manifest(db, hash, &text, err);
    if (rc < 0)
        return rc;
    *manifest = text ? json_loads(text, 0, NULL) : NULL;
    free(text);
    if (!*manifest)
        return err_set(err, ERR_NOTFOUND, "no snapshot %s on record", hash);
    rc = snapshot_manifest_hash(*manifest, got, err);
    if (!rc && strcmp(got, hash))
        rc = err_set(err, ERR_CONFLICT, "snapshot %s on record does not "
                     "match its name (hashes to %s): refused", hash, got);
    if (rc) {
        json_decref(*manifest);
        *manifest = NULL;
    }
    return rc;
}
