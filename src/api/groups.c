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
#include "core/path.h"
#include "ledger/ledger.h"
#include "store/comparisons.h"
#include "store/experiment_lists.h"
#include "store/experiments.h"
#include "store/metrics.h"
#include "store/store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GROUP_MAX 10000

static int exists(struct steward *s, int64_t id, struct err *err)
{
    int rc = store_experiments_exists(s->db, id, err);
    if (rc == 0)
        return err_set(err, ERR_USER, "no such experiment %lld; see 'steward "
                       "status'", (long long)id);
    return rc < 0 ? rc : 0;
}

static int last_value(struct steward *s, int64_t id, const char *metric,
                      double *v, struct err *err)
{
    if (exists(s, id, err))
        return err->code;
    int rc = store_metrics_last_value(s->db, id, metric, v, err);
    if (rc == 0)
        return err_set(err, ERR_USER, "experiment %lld never reported %s; "
                       "see 'steward metrics %lld'", (long long)id, metric,
                       (long long)id);
    return rc < 0 ? rc : 0;
}

static int campaign_ids(struct steward *s, const char *name, int64_t *ids,
                        size_t *n, struct err *err)
{
    /* Trials the search pruned or saw diverge did not complete. */
    int rc = store_experiments_completed_in(s->db, name, ids, GROUP_MAX, n,
                                            err);
    if (rc)
        return rc;
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
    int rc = text ? store_begin(s->db, err) : err_set(err, ERR_INTERNAL,
                                                      "out of memory");
    rc = rc ? rc : store_comparisons_insert(s->db, a, b, text, s->who.name,
                                            clock_wall_ms(), id, err);
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
        rc = path_format(out, n, err, "%s/artifacts/%s", s->home, sha);
    else
        rc = err_set(err, ERR_USER, "experiment %lld has no artifact '%s'; "
                     "'steward show %lld' lists its artifacts",
                     (long long)id, name, (long long)id);
    json_decref(exp);
    return rc;
}
