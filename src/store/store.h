/*
 * store — steward's state in one SQLite database (.steward/steward.db).
 *
 * The database runs in WAL mode with foreign keys on and a busy timeout,
 * so several steward processes (CLI, dispatcher, run supervisors) share it
 * safely. The schema is versioned with PRAGMA user_version and moved
 * forward by an ordered list of migrations, each applied in its own
 * transaction; a database newer than this binary is refused rather than
 * misread.
 *
 * Every mutation is one transaction: store_begin takes the write lock at
 * once (BEGIN IMMEDIATE) so two writers never deadlock on a lock upgrade,
 * and either store_commit or store_rollback ends it. A process killed at
 * any point leaves the last committed state, which SQLite's journal makes
 * whole again on the next open.
 *
 * SQL is only ever run through prepared statements with bound parameters.
 *
 * All of steward's SQL lives in this module, one file per table or
 * concern (tokens.c, runs.c, experiments.c...), so the server, the CLI
 * and every later front end reach the database by one path. Each of
 * those files takes the connection and plain C values (or JSON) and runs
 * inside the caller's transaction when there is one: the caller keeps the
 * logic and the transaction, the store keeps the SQL. A lookup returns 1
 * when it read its row, 0 when there is none (err untouched: what a
 * missing row means is the caller's to say), or a negative ERR_*.
 */
#ifndef STEWARD_STORE_STORE_H
#define STEWARD_STORE_STORE_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include "core/err.h"

#define STORE_BUSY_TIMEOUT_MS 10000

/* Opens (and with create, creates) the database at path and migrates it to
 * the current schema. */
int store_open(const char *path, int create, sqlite3 **db,
               struct err *err) MUST_USE;
void store_close(sqlite3 *db);

/* The schema version this binary writes. */
int store_schema_version(void);

int store_begin(sqlite3 *db, struct err *err) MUST_USE;
int store_commit(sqlite3 *db, struct err *err) MUST_USE;
/* A read transaction: every read until store_rollback sees the database
 * as it was at the first one, while writers go on (WAL). For a check
 * that reads several tables and must not see a write land between two
 * of its reads. */
int store_begin_read(sqlite3 *db, struct err *err) MUST_USE;

/* A transaction whose commit need not reach the disk at once: it becomes
 * durable with the next durable commit. Only for what a power loss may
 * take back and steward then derives again: metrics (read again from
 * their file, from the place saved with them) and a run's end (at worst
 * the run is marked lost). The database stays whole either way (WAL). One
 * disk sync less each. End with store_commit or store_rollback, then
 * store_end_lazy (which rolls back what is still open). */
int store_begin_lazy(sqlite3 *db, struct err *err) MUST_USE;
void store_end_lazy(sqlite3 *db);
void store_rollback(sqlite3 *db);
/* 1 inside a transaction (between store_begin and its end), else 0. */
int store_in_transaction(sqlite3 *db);

/* Prepares sql; on failure fills err with SQLite's message. */
int store_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st,
                  struct err *err) MUST_USE;

/* Steps a statement that returns no rows (or whose rows are ignored) to
 * completion and finalizes it. */
int store_exec_stmt(sqlite3_stmt *st, struct err *err) MUST_USE;

/* Steps st once: 1 with a row to read, 0 when done, or a negative ERR_*
 * (err says what failed). Does not finalize. */
int store_step(sqlite3_stmt *st, const char *what, struct err *err) MUST_USE;

/* Steps st once and finalizes it: 1 with *out set to the row's first
 * column, 0 (*out = 0) when there is no row, or a negative ERR_*. */
int store_one_int64(sqlite3_stmt *st, int64_t *out, const char *what,
                    struct err *err) MUST_USE;

/* Steps st once and finalizes it: 1 when it gave a row, 0 when not. */
int store_exists(sqlite3_stmt *st, const char *what,
                 struct err *err) MUST_USE;

/* Steps st to the end (or max rows) and finalizes it, putting each row's
 * first column in ids; *n is how many. */
int store_ids(sqlite3_stmt *st, int64_t *ids, size_t max, size_t *n,
              const char *what, struct err *err) MUST_USE;

/* Like store_exec_stmt; returns the number of rows changed (>= 0). */
int store_exec_changes(sqlite3_stmt *st, struct err *err) MUST_USE;

/* Like store_exec_stmt for an INSERT; sets *id (when not NULL) to the new
 * row's id. A violated constraint (most often a key already taken) fails
 * with ERR_CONFLICT, for the caller to say which. */
int store_exec_insert(sqlite3_stmt *st, int64_t *id,
                      struct err *err) MUST_USE;

/* Steps st to the end, calling fn with each row's first column as text,
 * and finalizes it. what names the read in an error. */
typedef void (*store_text_fn)(const char *text, void *ctx);
int store_each_text(sqlite3_stmt *st, store_text_fn fn, void *ctx,
                    const char *what, struct err *err) MUST_USE;

/* Steps st to the end and finalizes it; *out is the JSON array of what
 * row made of each row (set only on success). */
typedef json_t *(*store_row_json_fn)(sqlite3_stmt *st);
int store_json_rows(sqlite3_stmt *st, store_row_json_fn row,
                    const char *what, json_t **out, struct err *err) MUST_USE;

/* A row's first column as a JSON integer (for store_json_rows). */
json_t *store_row_id(sqlite3_stmt *st);

/* Runs one parameterless statement (DDL, PRAGMA). */
int store_exec(sqlite3 *db, const char *sql, struct err *err) MUST_USE;

/* Translates an SQLite result code into an err with context. */
int store_fail(sqlite3 *db, int rc, const char *what, struct err *err);

/* Binds helpers that accept NULL as SQL NULL. */
int store_bind_text(sqlite3_stmt *st, int i, const char *s);

/* A column as text, "" when NULL. */
const char *store_col_text(sqlite3_stmt *st, int i);

/* A JSON column as its value, or JSON null when NULL or not JSON. */
json_t *store_col_json(sqlite3_stmt *st, int i);

/* A column as a JSON integer, or JSON null when NULL. */
json_t *store_col_int_or_null(sqlite3_stmt *st, int i);

#endif
