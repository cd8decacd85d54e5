/* snapshots — the snapshots table; see snapshots.h. */
#include "store/snapshots.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

int store_snapshots_insert(sqlite3 *db, const char *hash,
                           const char *manifest, int64_t files,
                           int64_t bytes, int64_t created_ms,
                           struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "INSERT OR IGNORE INTO snapshots(hash, "
                           "manifest, files, bytes, created_ms) VALUES "
                           "(?, ?, ?, ?, ?)", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, hash);
    store_bind_text(st, 2, manifest);
    sqlite3_bind_int64(st, 3, files);
    sqlite3_bind_int64(st, 4, bytes);
    sqlite3_bind_int64(st, 5, created_ms);
    return store_exec_stmt(st, err);
}

int store_snapshots_manifest(sqlite3 *db, const char *hash, char **out,
                             struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT manifest FROM snapshots WHERE hash = ?",
                           &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, hash);
    rc = store_step(st, "reading snapshots", err);
    if (rc == 1 && !(*out = strdup(store_col_text(st, 0))))
        rc = err_set(err, ERR_INTERNAL, "out of memory");
    sqlite3_finalize(st);
    return rc;
}

int store_snapshots_exists(sqlite3 *db, const char *hash, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT 1 FROM snapshots WHERE hash = ?",
                           &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, hash);
    return store_exists(st, "reading snapshots", err);
}

int store_snapshots_drop_unused(sqlite3 *db, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "DELETE FROM snapshots WHERE hash NOT IN "
        "(SELECT snapshot FROM experiments WHERE snapshot IS NOT NULL) AND "
        "hash NOT IN (SELECT snapshot FROM campaigns WHERE snapshot IS NOT "
        "NULL)", &st, err);
    return rc ? rc : store_exec_changes(st, err);
}

int store_snapshots_each_manifest(sqlite3 *db, store_text_fn fn, void *ctx,
                                  struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT manifest FROM snapshots", &st, err);
    return rc ? rc : store_each_text(st, fn, ctx, "reading manifests", err);
}
