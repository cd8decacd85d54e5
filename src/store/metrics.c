/* metrics — reading metric series; see metrics.h. */
#include "store/metrics.h"
#include "store/store.h"
#include "core/json.h"

#include <math.h>

static double col_value(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL
           ? NAN : sqlite3_column_double(st, i);
}

int store_metrics_last_value(sqlite3 *db, int64_t experiment,
                             const char *metric, double *value,
                             struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT m.value FROM metrics m JOIN "
        "metric_series ms ON ms.id = m.series_id WHERE ms.run_id = (SELECT "
        "max(id) FROM runs WHERE experiment_id = ?) AND ms.name = ? ORDER BY "
        "m.step DESC LIMIT 1", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, experiment);
    store_bind_text(st, 2, metric);
    rc = store_step(st, "reading metrics", err);
    if (rc == 1)
        *value = col_value(st, 0);
    sqlite3_finalize(st);
    return rc;
}

int store_metrics_each_point(sqlite3 *db, int64_t experiment,
                             const char *metric, int64_t after_step,
                             int64_t limit, store_point_fn fn, void *ctx,
                             struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT m.step, m.value FROM metrics m JOIN "
            "metric_series ms ON ms.id = m.series_id JOIN runs r ON r.id = "
            "ms.run_id WHERE r.experiment_id = ? AND ms.name = ? AND "
            "m.step > ? ORDER BY m.step LIMIT ?", &st, err), stop = 0;
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, experiment);
    store_bind_text(st, 2, metric);
    sqlite3_bind_int64(st, 3, after_step);
    sqlite3_bind_int64(st, 4, limit);
    while (!stop && sqlite3_step(st) == SQLITE_ROW)
        stop = fn(sqlite3_column_int64(st, 0), col_value(st, 1), ctx);
    sqlite3_finalize(st);
    return stop;
}

static void add_point(json_t *all, sqlite3_stmt *st)
{
    const char *name = store_col_text(st, 0);
    json_t *series = json_object_get(all, name);
    if (!series)
        json_object_set_new(all, name, series = json_array());
    json_array_append_new(series, json_pack("[I,o]",
        (json_int_t)sqlite3_column_int64(st, 1),
        json_from_double(col_value(st, 2))));
}

int store_metrics_of_run(sqlite3 *db, int64_t run, json_t **out,
                         struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT ms.name, m.step, m.value "
        "FROM metrics m JOIN metric_series ms ON ms.id = m.series_id "
        "WHERE ms.run_id = ? ORDER BY ms.name, m.step", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, run);
    json_t *all = json_object();
    while ((rc = store_step(st, "reading metrics", err)) == 1)
        add_point(all, st);
    sqlite3_finalize(st);
    if (rc) {
        json_decref(all);
        return rc;
    }
    *out = all;
    return 0;
}
