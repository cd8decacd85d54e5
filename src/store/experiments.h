/*
 * experiments — the `experiments` table's rows: each proposal with its
 * command, params, resources, content hash, decision and state. Which
 * state may follow which is api/state.c's; what a proposal may ask is the
 * policy's. Selections over many rows are in experiment_lists.h.
 */
#ifndef STEWARD_STORE_EXPERIMENTS_H
#define STEWARD_STORE_EXPERIMENTS_H

#include <jansson.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"

/* A new experiment, in state 'proposed'; argv, params and tags are JSON
 * text. */
struct store_experiment_new {
    const char *name, *proposer, *role, *campaign;
    const char *argv, *workdir, *params, *tags, *rationale;
    const char *content_hash, *snapshot;
    double cpus;
    int64_t mem_bytes, gpus, time_s, disk_bytes;
    int network;
    int64_t now_ms;
};

/* Inserts it; *id is the new experiment's. */
int store_experiments_insert(sqlite3 *db, const struct store_experiment_new *e,
                             int64_t *id, struct err *err) MUST_USE;

/* Sets the policy's decision (JSON text) and the policy's hash. */
int store_experiments_set_decision(sqlite3 *db, int64_t id,
                                   const char *decision,
                                   const char *policy_hash,
                                   struct err *err) MUST_USE;

/* Experiment id as api.h shows it (without run and reviews): 1, or 0
 * when there is none. */
int store_experiments_json(sqlite3 *db, int64_t id, json_t **out,
                           struct err *err) MUST_USE;

/* 1 when experiment id exists, else 0. */
int store_experiments_exists(sqlite3 *db, int64_t id,
                             struct err *err) MUST_USE;

/* The state of experiment id into out: 1, or 0 when there is none. */
int store_experiments_state(sqlite3 *db, int64_t id, char *out, size_t n,
                            struct err *err) MUST_USE;

/* Moves experiment id from state from to state to; returns 1, or 0 when
 * it was no longer in from. */
int store_experiments_move(sqlite3 *db, int64_t id, const char *from,
                           const char *to, int64_t now_ms,
                           struct err *err) MUST_USE;

#endif
