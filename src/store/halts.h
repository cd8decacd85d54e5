/*
 * halts — the `halts` table: every halt (global or of one campaign), who
 * called it and why, and who resumed it. A halt without resumed_ms is in
 * force.
 */
#ifndef STEWARD_STORE_HALTS_H
#define STEWARD_STORE_HALTS_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include "core/err.h"

int store_halts_insert(sqlite3 *db, const char *scope, const char *reason,
                       const char *by, int64_t now_ms,
                       struct err *err) MUST_USE;

/* Resumes every halt of scope in force; returns how many (>= 0). */
int store_halts_resume(sqlite3 *db, const char *scope, const char *by,
                       int64_t now_ms, struct err *err) MUST_USE;

/* The halts in force, oldest first, as {scope, reason, by, since_ms}. */
int store_halts_in_force(sqlite3 *db, json_t **out, struct err *err) MUST_USE;

/* 1 in *held when a halt in force (global, or of its campaign) holds
 * the experiment. */
int store_halts_holding(sqlite3 *db, int64_t experiment, int *held,
                        struct err *err) MUST_USE;

#endif
