/*
 * record — the supervisor's two transactions: the run starts, the run
 * ends. Each moves the experiment's state, updates the run row and appends
 * the ledger entry together.
 */
#include "api/handle.h"
#include "dispatch/runctx.h"
#include "api/state.h"
#include "core/clock.h"
#include "core/proc.h"
#include "ledger/ledger.h"
#include "snapshot/snapshot.h"
#include "store/store.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void object_of(const struct runctx *ctx, char *out, size_t n)
{
    snprintf(out, n, "experiment:%lld", (long long)ctx->exp_id);
}

static int start_txn(struct runctx *ctx, struct err *err)
{
    char start[32] = "", object[48];
    sqlite3 *db = ctx->s->db;
    if (proc_start_time(getpid(), start, sizeof start))
        start[0] = '\0';
    int rc = state_move(db, ctx->exp_id, "queued", "running", err);
    sqlite3_stmt *st;
    rc = rc ? rc : store_prepare(db, "UPDATE runs SET supervisor_pid = ?, "
                                 "supervisor_start = ?, started_ms = ? "
                                 "WHERE id = ?", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, getpid());
    store_bind_text(st, 2, start);
    sqlite3_bind_int64(st, 3, clock_wall_ms());
    sqlite3_bind_int64(st, 4, ctx->run_id);
    rc = store_exec_stmt(st, err);
    object_of(ctx, object, sizeof object);
    json_t *payload = json_pack("{s:I,s:i}", "run", (json_int_t)ctx->run_id,
                                "supervisor_pid", (int)getpid());
    rc = rc ? rc : ledger_append(db, "steward", "run.start", object, payload,
                                 err);
    json_decref(payload);
    return rc;
}

/* A halt in force, global or on the experiment's campaign. */
static int halted(struct runctx *ctx, int *yes, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(ctx->s->db, "SELECT count(*) FROM halts h, "
        "experiments e WHERE e.id = ? AND h.resumed_ms IS NULL AND "
        "(h.scope = 'global' OR h.scope = 'campaign:' || e.campaign)", &st,
        err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, ctx->exp_id);
    rc = sqlite3_step(st);
    *yes = rc == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : store_fail(ctx->s->db, rc, "halts", err);
}

/* The run does not start: the experiment goes back to approved (held by
 * a halt) or to failed (no longer what was approved), on the record. */
static int refuse_txn(struct runctx *ctx, const char *to, const char *action,
                      const char *why, struct err *err)
{
    char object[48];
    sqlite3_stmt *st;
    int rc = state_move(ctx->s->db, ctx->exp_id, "queued", to, err);
    rc = rc ? rc : store_prepare(ctx->s->db, "UPDATE runs SET ended_ms = ?, "
                                 "end_reason = ? WHERE id = ?", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, clock_wall_ms());
    store_bind_text(st, 2, why);
    sqlite3_bind_int64(st, 3, ctx->run_id);
    rc = store_exec_stmt(st, err);
    object_of(ctx, object, sizeof object);
    json_t *payload = json_pack("{s:I,s:s}", "run", (json_int_t)ctx->run_id,
                                "reason", why);
    rc = rc ? rc : ledger_append(ctx->s->db, "steward", action, object,
                                 payload, err);
    json_decref(payload);
    return rc;
}

/* In the start's own transaction: no halt, and the approval still binds.
 * *gate is 0 to start, else the code the refusal returns (in why). */
static int gate_txn(struct runctx *ctx, int *gate, struct err *why,
                    struct err *err)
{
    int held = 0;
    int rc = halted(ctx, &held, err);
    *gate = 0;
    if (!rc && held) {
        *gate = err_set(why, ERR_HALTED, "held: a halt is in force; it runs "
                        "after resume");
        return refuse_txn(ctx, "approved", "run.held", why->msg, err);
    }
    if (!rc && (*gate = steward_check_binding(ctx->s, ctx->exp_id, why)))
        return refuse_txn(ctx, "failed", "run.refused", why->msg, err);
    return rc ? rc : start_txn(ctx, err);
}

int record_start(struct runctx *ctx, struct err *err)
{
    struct err why = ERR_INIT;
    int gate = 0;
    int rc = store_begin(ctx->s->db, err);
    rc = rc ? rc : gate_txn(ctx, &gate, &why, err);
    rc = rc ? rc : store_commit(ctx->s->db, err);
    if (rc)
        store_rollback(ctx->s->db);
    return rc ? rc : gate ? err_set(err, gate, "%s", why.msg) : 0;
}

static int update_run(struct runctx *ctx, const char *reason,
                      const struct sandbox_exit *ex, const char *enforcement,
                      const char *artifacts, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(ctx->s->db, "UPDATE runs SET ended_ms = ?, "
        "exit_code = ?, signal = ?, end_reason = ?, user_s = ?, sys_s = ?, "
        "max_rss_kb = ?, log_dropped = ?, enforcement = ?, job_id = ?, "
        "artifacts = ? WHERE id = ?", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, clock_wall_ms());
    if (ex->exited)
        sqlite3_bind_int(st, 2, ex->exit_code);
    if (ex->signal)
        sqlite3_bind_int(st, 3, ex->signal);
    store_bind_text(st, 4, reason);
    sqlite3_bind_double(st, 5, ex->user_s);
    sqlite3_bind_double(st, 6, ex->sys_s);
    sqlite3_bind_int64(st, 7, ex->max_rss_kb);
    sqlite3_bind_int64(st, 8, ex->log_dropped);
    store_bind_text(st, 9, enforcement);
    sqlite3_bind_null(st, 10);
    store_bind_text(st, 11, artifacts);
    sqlite3_bind_int64(st, 12, ctx->run_id);
    return store_exec_stmt(st, err);
}

/* The artifact manifest's hash, so the ledger binds what was kept. */
static json_t *manifest_hash(const char *artifacts)
{
    unsigned char d[crypto_hash_sha256_BYTES];
    char hex[65];
    if (!artifacts)
        return json_null();
    crypto_hash_sha256(d, (const unsigned char *)artifacts,
                       strlen(artifacts));
    sodium_bin2hex(hex, sizeof hex, d, sizeof d);
    return json_string(hex);
}

static int end_txn(struct runctx *ctx, const char *state, const char *reason,
                   const struct sandbox_exit *ex, json_t *report,
                   const char *enforcement, const char *artifacts,
                   struct err *err)
{
    char object[48];
    int rc = state_move(ctx->s->db, ctx->exp_id, "running", state, err);
    rc = rc ? rc : update_run(ctx, reason, ex, enforcement, artifacts, err);
    object_of(ctx, object, sizeof object);
    json_t *payload = json_pack("{s:I,s:s,s:s,s:o,s:I,s:O,s:o}", "run",
        (json_int_t)ctx->run_id, "state", state, "reason", reason,
        "exit_code", ex->exited ? json_integer(ex->exit_code) : json_null(),
        "wall_ms", (json_int_t)ex->wall_ms, "enforcement",
        report ? report : json_null(), "artifacts_sha256",
        manifest_hash(artifacts));
    rc = rc ? rc : ledger_append(ctx->s->db, "steward", "run.end", object,
                                 payload, err);
    json_decref(payload);
    return rc;
}

/* The run's artifacts, content-hashed into .steward/artifacts/. Failing
 * to collect them does not change how the run ended; it is noted. */
static char *collect_artifacts(struct runctx *ctx)
{
    static const struct sandbox_artifact_caps caps = {
        256LL << 20, 1LL << 30, 10000, 32,
    };
    char dir[API_PATH_MAX + 16], store[API_PATH_MAX + 16];
    json_t *manifest = NULL;
    struct err err = ERR_INIT;
    snprintf(dir, sizeof dir, "%s/artifacts", ctx->io);
    snprintf(store, sizeof store, "%s/artifacts", ctx->s->home);
    if (!ctx->io[0] ||
        sandbox_collect_artifacts(dir, store, &caps, &manifest, &err))
        manifest = json_pack("{s:s}", "error", ctx->io[0] ? err.msg
                             : "the run never started");
    /* Only the store keeps artifacts: what the run left (planted
     * symlinks, FIFOs) goes, so no later tool can follow it. */
    if (ctx->io[0])
        snapshot_remove_tree(dir);
    char *text = manifest ? json_dumps(manifest, JSON_COMPACT) : NULL;
    json_decref(manifest);
    return text;
}

int record_end(struct runctx *ctx, const char *state, const char *reason,
               const struct sandbox_exit *ex, json_t *enforcement,
               struct err *err)
{
    char *enf = enforcement ? json_dumps(enforcement, JSON_COMPACT) : NULL;
    /* The run's tree goes before its end is recorded: a run on record as
     * ended holds no disk but its logs (the store keeps the contents). */
    snapshot_remove_tree(ctx->work);
    struct cas *gc_guard = NULL; /* gc waits until the manifest commits */
    struct err ignored = ERR_INIT;
    if (cas_open(ctx->s->home, &gc_guard, &ignored))
        gc_guard = NULL;
    char *artifacts = collect_artifacts(ctx);
    int rc = store_begin(ctx->s->db, err);
    rc = rc ? rc : end_txn(ctx, state, reason, ex, enforcement, enf,
                           artifacts, err);
    rc = rc ? rc : store_commit(ctx->s->db, err);
    if (rc)
        store_rollback(ctx->s->db);
    cas_free(gc_guard);
    free(enf);
    free(artifacts);
    return rc;
}
