/*
 * groups — the values a comparison compares, read from stored runs.
 *
 * A group is one experiment ("7"), seed repeats ("7,8,9"), or a campaign
 * ("campaign:NAME": its succeeded experiments, less the trials its
 * search pruned or saw diverge). Each experiment gives the
 * last value its latest run reported for the metric. Comparisons are
 * stored with the ledger, so promotion gates can cite them by id.
 */
#include "api/handle.h"
#include "api/api.h"
#include "api/principal.h"
#include "core/clock.h"
#include "core/parse.h"
#include "ledger/ledger.h"
#include "store/store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GROUP_MAX 10000

static int exists(struct steward *s, int64_t id, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "SELECT 1 FROM experiments WHERE id = ?",
                           &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return err_set(err, ERR_USER, "no such experiment %lld; see 'steward "
                       "status'", (long long)id);
    return rc == SQLITE_ROW ? 0 : store_fail(s->db, rc, "reading experiments",
                                             err);
}

static int last_value(struct steward *s, int64_t id, const char *metric,
                      double *v, struct err *err)
{
    sqlite3_stmt *st;
    if (exists(s, id, err))
        return err->code;
    int rc = store_prepare(s->db, "SELECT m.value FROM metrics m JOIN "
        "metric_series ms ON ms.id = m.series_id WHERE ms.run_id = (SELECT "
        "max(id) FROM runs WHERE experiment_id = ?) AND ms.name = ? ORDER BY "
        "m.step DESC LIMIT 1", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, metric);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *v = sqlite3_column_type(st, 0) == SQLITE_NULL ? NAN
             : sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return err_set(err, ERR_USER, "experiment %lld never reported %s; "
                       "see 'steward metrics %lld'", (long long)id, metric,
                       (long long)id);
    return rc == SQLITE_ROW ? 0 : store_fail(s->db, rc, "reading metrics",
                                             err);
}

static int campaign_ids(struct steward *s, const char *name, int64_t *ids,
                        size_t *n, struct err *err)
{
    sqlite3_stmt *st;
    /* Trials the search pruned or saw diverge did not complete. */
    int rc = store_prepare(s->db, "SELECT e.id FROM experiments e WHERE "
        "e.campaign = ? AND e.state = 'succeeded' AND NOT EXISTS (SELECT 1 "
        "FROM campaign_trials t WHERE t.experiment_id = e.id AND t.state != "
        "'complete') ORDER BY e.id LIMIT ?", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, name);
    sqlite3_bind_int(st, 2, GROUP_MAX);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        ids[(*n)++] = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return store_fail(s->db, rc, "reading campaign", err);
    return *n ? 0 : err_set(err, ERR_USER, "campaign %s has no succeeded "
                            "experiment to compare", name);
}

static int list_ids(const char *group, int64_t *ids, size_t *n,
                    struct err *err)
{
    char buf[4096];
    if (strlen(group) >= sizeof buf)
        return err_set(err, ERR_USER, "group '%.40s...' is too long", group);
    snprintf(buf, sizeof buf, "%s", group);
    for (char *save, *t = strtok_r(buf, ",", &save); t;
         t = strtok_r(NULL, ",", &save)) {
        if (*n == GROUP_MAX)
            return err_set(err, ERR_USER, "more than %d experiments in a "
                           "group", GROUP_MAX);
        int rc = parse_int64(t, "experiment id", 1, INT64_MAX, &ids[*n], err);
        if (rc)
            return err_set(err, ERR_USER, "'%s' is not a group: use an id, "
                           "ids like 3,4,5, or campaign:NAME", group);
        (*n)++;
    }
    return *n ? 0 : err_set(err, ERR_USER, "empty group");
}

int steward_group_values(struct steward *s, const char *group,
                         const char *metric, double **values, size_t *n,
                         struct err *err)
{
    int64_t *ids = calloc(GROUP_MAX, sizeof *ids);
    *n = 0;
    *values = NULL;
    if (!ids)
        return err_set(err, ERR_INTERNAL, "out of memory");
    int rc = !strncmp(group, "campaign:", 9)
             ? campaign_ids(s, group + 9, ids, n, err)
             : list_ids(group, ids, n, err);
    *values = rc ? NULL : calloc(*n, sizeof **values);
    if (!rc && !*values)
        rc = err_set(err, ERR_INTERNAL, "out of memory");
    for (size_t i = 0; !rc && i < *n; i++)
        rc = last_value(s, ids[i], metric, &(*values)[i], err);
    free(ids);
    if (rc) {
        free(*values);
        *values = NULL;
    }
    return rc;
}

int steward_record_comparison(struct steward *s, const char *a, const char *b,
                              const json_t *result, int64_t *id,
                              struct err *err)
{
    char *text = json_dumps(result, JSON_COMPACT);
    sqlite3_stmt *st;
    int rc = text ? store_begin(s->db, err) : err_set(err, ERR_INTERNAL,
                                                      "out of memory");
    rc = rc ? rc : store_prepare(s->db, "INSERT INTO comparisons(a, b, "
        "result, principal, created_ms) VALUES (?, ?, ?, ?, ?)", &st, err);
    if (!rc) {
        store_bind_text(st, 1, a);
        store_bind_text(st, 2, b);
        store_bind_text(st, 3, text);
        store_bind_text(st, 4, s->who.name);
        sqlite3_bind_int64(st, 5, clock_wall_ms());
        rc = store_exec_stmt(st, err);
        *id = sqlite3_last_insert_rowid(s->db);
    }
    char object[48];
    snprintf(object, sizeof object, "comparison:%lld", (long long)*id);
    json_t *p = json_pack("{s:s,s:s,s:O}", "a", a, "b", b, "verdict",
                          json_object_get(result, "verdict"));
    rc = rc ? rc : ledger_append(s->db, s->who.name, "compare", object, p,
                                 err);
    json_decref(p);
    rc = rc ? rc : store_commit(s->db, err);
    if (rc)
        store_rollback(s->db);
    free(text);
    return rc;
}

/* The stored path of artifact `name` of experiment id's latest run. */
int steward_artifact_path(struct steward *s, int64_t id, const char *name,
                          char *out, size_t n, struct err *err)
{
    json_t *exp = NULL;
    int rc = steward_load(s, id, &exp, err);
    if (rc)
        return rc;
    json_t *files = json_object_get(json_object_get(json_object_get(exp,
                                    "run"), "artifacts"), "files");
    size_t i;
    json_t *f;
    const char *sha = NULL;
    json_array_foreach(files, i, f)
        if (!strcmp(json_string_value(json_object_get(f, "path")) ?
                    json_string_value(json_object_get(f, "path")) : "", name))
            sha = json_string_value(json_object_get(f, "sha256"));
    if (sha)
        snprintf(out, n, "%s/artifacts/%s", s->home, sha);
    else
        rc = err_set(err, ERR_USER, "experiment %lld has no artifact '%s'; "
                     "'steward show %lld' lists its artifacts",
                     (long long)id, name, (long long)id);
    json_decref(exp);
    return rc;
}
