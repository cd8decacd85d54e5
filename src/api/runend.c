/* runend — see runend.h. */
#include "api/handle.h"
#include "core/sha256.h"
#include "api/runend.h"
#include "api/runpath.h"
#include "api/state.h"
#include "capture/metrics.h"
#include "core/clock.h"
#include "ledger/ledger.h"
#include "store/runs.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RUNEND_MAX_BYTES (16 << 20)

static int known_state(const char *state)
{
    static const char *const ends[] = {"succeeded", "failed", "timed_out",
                                       "killed"};
    for (size_t i = 0; state && i < sizeof ends / sizeof ends[0]; i++)
        if (!strcmp(state, ends[i]))
            return 1;
    return 0;
}

json_t *runend_read(const char *home, int64_t run)
{
    char path[API_PATH_MAX + 48];
    json_t *end = run_path(home, run, "end.json", path, sizeof path) ? NULL
                  : json_load_file(path, JSON_DISABLE_EOF_CHECK, NULL);
    if (end && json_integer_value(json_object_get(end, "run")) == run &&
        known_state(json_string_value(json_object_get(end, "state"))) &&
        json_is_string(json_object_get(end, "reason")))
        return end;
    json_decref(end);
    return NULL;
}

static int int_of(const json_t *end, const char *key, int *out)
{
    const json_t *v = json_object_get(end, key);
    *out = (int)json_integer_value(v);
    return json_is_integer(v);
}

static double number_of(const json_t *end, const char *key)
{
    return json_number_value(json_object_get(end, key));
}

static int update_run(sqlite3 *db, int64_t run, const json_t *end,
                      const char *reason, const char *enforcement,
                      const char *artifacts, struct err *err)
{
    struct store_run_end e = {
        .now_ms = clock_wall_ms(), .reason = reason,
        .user_s = number_of(end, "user_s"), .sys_s = number_of(end, "sys_s"),
        .max_rss_kb = (int64_t)number_of(end, "max_rss_kb"),
        .log_dropped = (int64_t)number_of(end, "log_dropped"),
        .enforcement = enforcement, .artifacts = artifacts,
    };
    e.has_exit = int_of(end, "exit_code", &e.exit_code);
    e.has_signal = int_of(end, "signal", &e.signal);
    return store_runs_record_end(db, run, &e, err);
}

/* The artifact manifest's hash, so the ledger binds what was kept. */
static json_t *manifest_hash(const char *artifacts)
{
    char hex[SHA256_HEX];
    if (!artifacts)
        return json_null();
    sha256_text_hex(artifacts, hex);
    return json_string(hex);
}

static char *dump_or_null(const json_t *v)
{
    return v && !json_is_null(v) ? json_dumps(v, JSON_COMPACT) : NULL;
}

static int end_txn(struct steward *s, int64_t run, int64_t exp,
                   const json_t *end, const char *reason, struct err *err)
{
    char object[48];
    const char *state = json_string_value(json_object_get(end, "state"));
    json_t *enforcement = json_object_get(end, "enforcement");
    char *enf = dump_or_null(enforcement);
    char *artifacts = dump_or_null(json_object_get(end, "artifacts"));
    int rc = state_move(s->db, exp, "running", state, err);
    rc = rc ? rc : update_run(s->db, run, end, reason, enf, artifacts, err);
    snprintf(object, sizeof object, "experiment:%lld", (long long)exp);
    json_t *exit_code = json_object_get(end, "exit_code");
    json_t *payload = json_pack("{s:I,s:s,s:s,s:O,s:I,s:O,s:o}", "run",
        (json_int_t)run, "state", state, "reason", reason, "exit_code",
        json_is_integer(exit_code) ? exit_code : json_null(), "wall_ms",
        json_integer_value(json_object_get(end, "wall_ms")), "enforcement",
        enforcement ? enforcement : json_null(), "artifacts_sha256",
        manifest_hash(artifacts));
    rc = rc ? rc : ledger_append(s->db, "steward", "run.end", object,
                                 payload, err);
    json_decref(payload);
    free(enf);
    free(artifacts);
    return rc;
}

/* What the run appended to its metrics since the last look. Failing to
 * read them does not change how the run ended. */
static void ingest_rest(struct steward *s, int64_t run)
{
    char path[API_PATH_MAX + 64];
    struct metrics_ingest *mi = NULL;
    struct err ignored = ERR_INIT;
    if (!run_path(s->home, run, RUN_METRICS, path, sizeof path) &&
        !metrics_ingest_open(s->db, run, &mi, &ignored) &&
        metrics_ingest_file(mi, path, &ignored))
        err_clear(&ignored);
    metrics_ingest_free(mi);
}

int runend_record(struct steward *s, int64_t run, int64_t exp,
                  const json_t *end, struct err *err)
{
    char reason[ERR_MSG_MAX + 64];
    ingest_rest(s, run);
    snprintf(reason, sizeof reason, "%s",
             json_string_value(json_object_get(end, "reason")));
    int rc = 0;
    /* Stopped on request: worded by whoever asked (cancel, halt, pruner). */
    if (json_is_true(json_object_get(end, "stopped")))
        rc = store_runs_stop_request(s->db, run, reason, sizeof reason, err);
    rc = rc < 0 ? rc : store_begin_lazy(s->db, err);
    rc = rc ? rc : end_txn(s, run, exp, end, reason, err);
    rc = rc ? rc : store_commit(s->db, err);
    store_end_lazy(s->db);
    return rc;
}
