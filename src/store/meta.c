/* meta — named single values; see meta.h. */
#include "store/meta.h"
#include "store/store.h"

#include <stdio.h>

int store_meta_get(sqlite3 *db, const char *key, char *out, size_t n,
                   struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT value FROM meta WHERE key = ?", &st,
                           err);
    if (rc)
        return rc;
    store_bind_text(st, 1, key);
    rc = store_step(st, "reading meta", err);
    snprintf(out, n, "%s", rc == 1 ? store_col_text(st, 0) : "");
    sqlite3_finalize(st);
    return rc;
}

int store_meta_set(sqlite3 *db, const char *key, const char *value,
                   struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, value ? "INSERT INTO meta(key, value) VALUES "
                           "(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = "
                           "excluded.value" : "DELETE FROM meta WHERE key = "
                           "?1 AND ?2 IS NULL", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, key);
    store_bind_text(st, 2, value);
    return store_exec_stmt(st, err);
}
