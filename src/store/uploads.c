/* uploads — the uploads table; see uploads.h. */
#include "store/uploads.h"
#include "store/store.h"

int store_uploads_record(sqlite3 *db, const char *principal, const char *sha,
                         int64_t size, int64_t now_ms, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "INSERT OR IGNORE INTO uploads (principal, "
                           "sha, size, time_ms) VALUES (?, ?, ?, ?)", &st,
                           err);
    if (rc)
        return rc;
    store_bind_text(st, 1, principal);
    store_bind_text(st, 2, sha);
    sqlite3_bind_int64(st, 3, size);
    sqlite3_bind_int64(st, 4, now_ms);
    return store_exec_stmt(st, err);
}

int store_uploads_sent_since(sqlite3 *db, const char *principal,
                             int64_t since_ms, int64_t *bytes,
                             struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT ifnull(sum(size), 0) FROM uploads "
                           "WHERE principal = ? AND time_ms > ?", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, principal);
    sqlite3_bind_int64(st, 2, since_ms);
    rc = store_one_int64(st, bytes, "reading uploads", err);
    return rc < 0 ? rc : 0;
}

int store_uploads_known(sqlite3 *db, const char *principal, const char *sha,
                        struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT 1 FROM uploads WHERE principal = ? "
                           "AND sha = ?", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, principal);
    store_bind_text(st, 2, sha);
    return store_exists(st, "reading uploads", err);
}
