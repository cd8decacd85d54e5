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
 */
#ifndef STEWARD_STORE_STORE_H
#define STEWARD_STORE_STORE_H

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
void store_rollback(sqlite3 *db);

/* Prepares sql; on failure fills err with SQLite's message. */
int store_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st,
                  struct err *err) MUST_USE;

/* Steps a statement that returns no rows (or whose rows are ignored) to
 * completion and finalizes it. */
int store_exec_stmt(sqlite3_stmt *st, struct err *err) MUST_USE;

/* Runs one parameterless statement (DDL, PRAGMA). */
int store_exec(sqlite3 *db, const char *sql, struct err *err) MUST_USE;

/* Translates an SQLite result code into an err with context. */
int store_fail(sqlite3 *db, int rc, const char *what, struct err *err);

/* Binds helpers that accept NULL as SQL NULL. */
int store_bind_text(sqlite3_stmt *st, int i, const char *s);

/* A column as text, "" when NULL. */
const char *store_col_text(sqlite3_stmt *st, int i);

#endif
