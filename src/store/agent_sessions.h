/*
 * agent_sessions — the `agent_sessions` table: the agent sessions a
 * server listens for, so their sockets come back after a restart.
 */
#ifndef STEWARD_STORE_AGENT_SESSIONS_H
#define STEWARD_STORE_AGENT_SESSIONS_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include "core/err.h"

/* How many sessions named name are still running. */
int store_agent_sessions_live_count(sqlite3 *db, const char *name,
                                    int64_t *n, struct err *err) MUST_USE;

/* Starts the session named name (replacing an ended one). */
int store_agent_sessions_start(sqlite3 *db, const char *name,
                               const char *dir, const char *launcher,
                               int64_t now_ms, struct err *err) MUST_USE;

/* Ends the running session named name: 1, or 0 when none runs. */
int store_agent_sessions_end(sqlite3 *db, const char *name,
                             const char *outcome, int64_t now_ms,
                             struct err *err) MUST_USE;

/* The running sessions, by name, as {name, dir}. */
int store_agent_sessions_live(sqlite3 *db, json_t **out,
                              struct err *err) MUST_USE;

#endif
