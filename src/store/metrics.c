/* metrics — reading metric series; see metrics.h. */
#include "store/metrics.h"
#include "store/store.h"
#include "core/json.h"

#include <math.h>
#include <stdlib.h>

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

struct store_metrics_writer {
    sqlite3 *db;
    int64_t run;
    sqlite3_stmt *point, *series, *place;
};

static const char sql_point[] =
    "INSERT INTO metrics(series_id, step, value) VALUES (?, ?, ?) "
    "ON CONFLICT(series_id, step) DO UPDATE SET value = excluded.value";
static const char sql_series[] =
    "INSERT INTO metric_series(run_id, name) VALUES (?, ?) "
    "ON CONFLICT(run_id, name) DO UPDATE SET name = excluded.name "
    "RETURNING id";
static const char sql_place[] =
    "UPDATE runs SET metrics_offset = ?, metrics_points = ?, "
    "metrics_bad_lines = ?, metrics_lines = ? WHERE id = ?";

static int load_place(sqlite3 *db, int64_t run,
                      struct store_metrics_place *p, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT metrics_offset, metrics_points, "
                           "metrics_bad_lines, metrics_lines FROM runs "
                           "WHERE id = ?", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, run);
    rc = store_step(st, "reading run", err);
    if (rc == 1)
        *p = (struct store_metrics_place){sqlite3_column_int64(st, 0),
            sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
            sqlite3_column_int64(st, 3)};
    sqlite3_finalize(st);
    return rc == 1 ? 0 : rc ? rc
           : err_set(err, ERR_NOTFOUND, "no run %lld", (long long)run);
}

int store_metrics_writer_open(sqlite3 *db, int64_t run,
                              struct store_metrics_writer **out,
                              struct store_metrics_place *place,
                              struct err *err)
{
    struct store_metrics_writer *w = calloc(1, sizeof *w);
    if (!w)
        return err_set(err, ERR_INTERNAL, "out of memory");
    w->db = db;
    w->run = run;
    int rc = load_place(db, run, place, err);
    rc = rc ? rc : store_prepare(db, sql_point, &w->point, err);
    rc = rc ? rc : store_prepare(db, sql_series, &w->series, err);
    rc = rc ? rc : store_prepare(db, sql_place, &w->place, err);
    if (rc) {
        store_metrics_writer_free(w);
        return rc;
    }
    *out = w;
    return 0;
}

int store_metrics_series(struct store_metrics_writer *w, const char *name,
                         int64_t *id, struct err *err)
{
    sqlite3_stmt *st = w->series;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, w->run);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return store_fail(w->db, rc, "recording a metric name", err);
    *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return 0;
}

int store_metrics_put(struct store_metrics_writer *w, int64_t series,
                      int64_t step, double value, struct err *err)
{
    sqlite3_stmt *st = w->point;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, series);
    sqlite3_bind_int64(st, 2, step);
    sqlite3_bind_double(st, 3, value);
    int rc = sqlite3_step(st);
    return rc == SQLITE_DONE ? 0 : store_fail(w->db, rc, "storing a metric",
                                              err);
}

int store_metrics_save_place(struct store_metrics_writer *w,
                             const struct store_metrics_place *p,
                             struct err *err)
{
    sqlite3_stmt *st = w->place;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, p->offset);
    sqlite3_bind_int64(st, 2, p->points);
    sqlite3_bind_int64(st, 3, p->bad_lines);
    sqlite3_bind_int64(st, 4, p->lines);
    sqlite3_bind_int64(st, 5, w->run);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : store_fail(w->db, rc, "saving counts",
                                              err);
}

void store_metrics_writer_free(struct store_metrics_writer *w)
{
    if (!w)
        return;
    sqlite3_finalize(w->point);
    sqlite3_finalize(w->series);
    sqlite3_finalize(w->place);
    free(w);
}
