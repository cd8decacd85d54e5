/* store — SQLite connection, migrations and transactions; see store.h. */
#include "store/store.h"
#include "store/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int store_fail(sqlite3 *db, int rc, const char *what, struct err *err)
{
    const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return err_set(err, ERR_BUSY, "%s: the database is locked by another "
                       "steward process; retry in a moment", what);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return err_set(err, ERR_INTERNAL, "%s: the database is corrupt (%s); "
                       "restore .steward/steward.db from a backup", what, msg);
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
        return err_set(err, ERR_USER, "%s: %s; check the permissions of "
                       ".steward/", what, msg);
    case SQLITE_FULL:
        return err_set(err, ERR_INTERNAL, "%s: disk full", what);
    default:
        return err_set(err, ERR_INTERNAL, "%s: %s", what, msg);
    }
}

int store_exec(sqlite3 *db, const char *sql, struct err *err)
{
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : store_fail(db, rc, "database", err);
}

int store_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st,
                  struct err *err)
{
    int rc = sqlite3_prepare_v2(db, sql, -1, st, NULL);
    return rc == SQLITE_OK ? 0 : store_fail(db, rc, "database", err);
}

int store_exec_stmt(sqlite3_stmt *st, struct err *err)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        ;
    int out = rc == SQLITE_DONE ? 0
              : store_fail(sqlite3_db_handle(st), rc, "database", err);
    sqlite3_finalize(st);
    return out;
}

int store_step(sqlite3_stmt *st, const char *what, struct err *err)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        return 1;
    return rc == SQLITE_DONE ? 0
           : store_fail(sqlite3_db_handle(st), rc, what, err);
}

int store_one_int64(sqlite3_stmt *st, int64_t *out, const char *what,
                    struct err *err)
{
    int rc = store_step(st, what, err);
    *out = rc == 1 ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return rc;
}

int store_exists(sqlite3_stmt *st, const char *what, struct err *err)
{
    int rc = store_step(st, what, err);
    sqlite3_finalize(st);
    return rc;
}

int store_ids(sqlite3_stmt *st, int64_t *ids, size_t max, size_t *n,
              const char *what, struct err *err)
{
    int rc = 0;
    *n = 0;
    while (*n < max && (rc = store_step(st, what, err)) == 1)
        ids[(*n)++] = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc < 0 ? rc : 0;
}

int store_each_text(sqlite3_stmt *st, store_text_fn fn, void *ctx,
                    const char *what, struct err *err)
{
    int rc;
    while ((rc = store_step(st, what, err)) == 1)
        fn(store_col_text(st, 0), ctx);
    sqlite3_finalize(st);
    return rc;
}

int store_json_rows(sqlite3_stmt *st, store_row_json_fn row,
                    const char *what, json_t **out, struct err *err)
{
    json_t *list = json_array();
    int rc;
    while ((rc = store_step(st, what, err)) == 1)
        json_array_append_new(list, row(st));
    sqlite3_finalize(st);
    if (rc) {
        json_decref(list);
        return rc;
    }
    *out = list;
    return 0;
}

json_t *store_row_id(sqlite3_stmt *st)
{
    return json_integer(sqlite3_column_int64(st, 0));
}

int store_exec_changes(sqlite3_stmt *st, struct err *err)
{
    sqlite3 *db = sqlite3_db_handle(st);   /* st is gone after exec */
    int rc = store_exec_stmt(st, err);
    return rc ? rc : sqlite3_changes(db);
}

int store_exec_insert(sqlite3_stmt *st, int64_t *id, struct err *err)
{
    sqlite3 *db = sqlite3_db_handle(st);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE && id)
        *id = sqlite3_last_insert_rowid(db);
    if (rc != SQLITE_DONE && sqlite3_errcode(db) == SQLITE_CONSTRAINT)
        rc = err_set(err, ERR_CONFLICT, "database: %s", sqlite3_errmsg(db));
    else if (rc != SQLITE_DONE)
        rc = store_fail(db, rc, "database", err);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : rc;
}

int store_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT)
             : sqlite3_bind_null(st, i);
}

const char *store_col_text(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    return s ? (const char *)s : "";
}

json_t *store_col_json(sqlite3_stmt *st, int i)
{
    const char *text = (const char *)sqlite3_column_text(st, i);
    json_t *v = text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;
    return v ? v : json_null();
}

json_t *store_col_int_or_null(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? json_null()
           : json_integer(sqlite3_column_int64(st, i));
}

int store_begin(sqlite3 *db, struct err *err)
{
    return store_exec(db, "BEGIN IMMEDIATE", err);
}

int store_begin_read(sqlite3 *db, struct err *err)
{
    return store_exec(db, "BEGIN DEFERRED", err);
}

int store_begin_lazy(sqlite3 *db, struct err *err)
{
    int rc = store_exec(db, "PRAGMA synchronous = NORMAL", err);
    rc = rc ? rc : store_begin(db, err);
    if (rc)
        store_end_lazy(db);
    return rc;
}

void store_end_lazy(sqlite3 *db)
{
    store_rollback(db);   /* nothing when it committed */
    sqlite3_exec(db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
}

int store_commit(sqlite3 *db, struct err *err)
{
    int rc = store_exec(db, "COMMIT", err);
    if (rc)
        store_rollback(db);
    return rc;
}

void store_rollback(sqlite3 *db)
{
    if (!sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

int store_in_transaction(sqlite3 *db)
{
    return !sqlite3_get_autocommit(db);
}

int store_schema_version(void)
{
    return (int)schema_migration_count();
}

static int user_version(sqlite3 *db, int *version, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "PRAGMA user_version", &st, err);
    if (rc)
        return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : store_fail(db, rc, "reading schema version",
                                             err);
}

static int apply_migration(sqlite3 *db, int version, struct err *err)
{
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", version);
    int rc = store_begin(db, err);
    if (rc)
        return rc;
    rc = store_exec(db, schema_migration((size_t)version), err);
    if (!rc)
        rc = store_exec(db, pragma, err);
    if (!rc)
        return store_commit(db, err);
    store_rollback(db);
    return rc;
}

static int migrate(sqlite3 *db, struct err *err)
{
    int version = 0, latest = store_schema_version();
    int rc = user_version(db, &version, err);
    if (rc)
        return rc;
    if (version > latest)
        return err_set(err, ERR_USER, "the database has schema version %d but "
                       "this steward knows only up to %d; upgrade steward",
                       version, latest);
    while (!rc && version < latest)
        rc = apply_migration(db, ++version, err);
    return rc;
}

/* $STEWARD_BUSY_TIMEOUT_MS shortens the wait for a lock (tests). */
static int busy_timeout_ms(void)
{
    const char *env = getenv("STEWARD_BUSY_TIMEOUT_MS");
    long v = env ? strtol(env, NULL, 10) : STORE_BUSY_TIMEOUT_MS;
    return v > 0 && v <= 600000 ? (int)v : STORE_BUSY_TIMEOUT_MS;
}

static int configure(sqlite3 *db, struct err *err)
{
    sqlite3_busy_timeout(db, busy_timeout_ms());
    int rc = store_exec(db, "PRAGMA journal_mode = WAL", err);
    if (!rc)
        rc = store_exec(db, "PRAGMA foreign_keys = ON", err);
    if (!rc)
        rc = store_exec(db, "PRAGMA synchronous = FULL", err);
    return rc;
}

/* An existing project's database must exist and hold a schema: opened
 * as it is, a missing or empty file would become a new, empty project
 * over the old one's runs and history. */
static int check_existing(const char *path, struct err *err)
{
    struct stat st;
    if (stat(path, &st))
        return err_set(err, ERR_USER, "%s is missing: this project's history "
                       "lives in that file; restore it from a backup (or "
                       "move .steward away and run 'steward init' to start "
                       "a new project)", path);
    if (st.st_size == 0)
        return err_set(err, ERR_USER, "%s is empty: this project's history "
                       "was lost or the file was truncated; restore it from "
                       "a backup (steward never starts a new project over an "
                       "existing .steward/)", path);
    return 0;
}

static int check_schema(sqlite3 *db, const char *path, struct err *err)
{
    int version = 0;
    int rc = user_version(db, &version, err);
    if (!rc && version == 0)
        rc = err_set(err, ERR_USER, "%s holds no steward schema (an empty "
                     "or foreign database); restore it from a backup", path);
    return rc;
}

int store_open(const char *path, int create, sqlite3 **out, struct err *err)
{
    sqlite3 *db = NULL;
    if (!create && check_existing(path, err))
        return err->code;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                (create ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path, &db, flags, NULL);
    if (rc != SQLITE_OK) {
        store_fail(db, rc, path, err);
        sqlite3_close(db);
        return err->code;
    }
    sqlite3_busy_timeout(db, busy_timeout_ms()); /* before any read */
    rc = create ? 0 : check_schema(db, path, err);
    rc = rc ? rc : configure(db, err);
    if (!rc)
        rc = migrate(db, err);
    if (rc) {
        sqlite3_close(db);
        return rc;
    }
    *out = db;
    return 0;
}

void store_close(sqlite3 *db)
{
    if (db)
        sqlite3_close(db);
}
