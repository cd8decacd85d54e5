/* progress — elapsed time, objective and progress lines; see progress.h. */
#include "cli/progress.h"
#include "campaign/campaign.h"
#include "cli/util.h"
#include "core/clock.h"
#include "core/json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t field(const json_t *o, const char *key)
{
    return (int64_t)json_integer_value(json_object_get(o, key));
}

void progress_time(const json_t *exp, int64_t now_ms, char *out, size_t n)
{
    const json_t *run = json_object_get(exp, "run");
    int64_t start = field(run, "started_ms"), end = field(run, "ended_ms");
    out[0] = '\0';
    if (start > 0)
        cli_ms_duration((end ? end : now_ms) - start, out, n);
}

json_t *progress_campaigns(struct steward *s)
{
    struct err err = ERR_INIT;
    json_t *list = NULL;
    return steward_campaign_list(s, &list, &err) ? NULL : list;
}

static const char *objective_metric(const json_t *campaigns, const char *name)
{
    size_t i;
    json_t *c;
    json_array_foreach(campaigns, i, c)
        if (!strcmp(name, json_string_value(json_object_get(c, "name"))))
            return json_string_value(json_object_get(c, "metric"));
    return NULL;
}

void progress_objective(struct steward *s, const json_t *campaigns,
                        const json_t *exp, char *out, size_t n)
{
    const char *camp = json_string_value(json_object_get(exp, "campaign"));
    const char *metric = camp ? objective_metric(campaigns, camp) : NULL;
    char group[32];
    double *values = NULL;
    size_t count = 0;
    struct err err = ERR_INIT;
    out[0] = '\0';
    if (!metric || !json_is_object(json_object_get(exp, "run")))
        return;
    snprintf(group, sizeof group, "%lld", (long long)field(exp, "id"));
    if (!steward_group_values(s, group, metric, &values, &count, &err) &&
        count == 1 && !isnan(values[0]))
        snprintf(out, n, "%s=%.4g", metric, values[0]);
    free(values);
}

static void print_line(struct progress_ctx *p, struct steward *s,
                       const json_t *exp, int64_t run, int ended)
{
    char when[16], took[32], obj[96];
    const json_t *r = json_object_get(exp, "run");
    time_t now = (time_t)(clock_wall_ms() / 1000);
    struct tm tm;
    if (!localtime_r(&now, &tm) || !strftime(when, sizeof when, "%H:%M:%S",
                                             &tm))
        snprintf(when, sizeof when, "--:--:--");
    progress_time(exp, clock_wall_ms(), took, sizeof took);
    progress_objective(s, p->campaigns, exp, obj, sizeof obj);
    printf("%s %s #%lld %s (run %lld)", when, ended ? "ended  " : "started",
           (long long)field(exp, "id"),
           json_string_value(json_object_get(exp, "name")), (long long)run);
    if (ended)
        printf(": %s, %s in %s%s%s",
               json_string_value(json_object_get(exp, "state")),
               json_string_value(json_object_get(r, "end_reason")), took,
               *obj ? ", " : "", obj);
    putchar('\n');
}

void progress_print(void *ctx, struct steward *s, int64_t exp, int64_t run,
                    int ended)
{
    struct progress_ctx *p = ctx;
    struct err err = ERR_INIT;
    json_t *e = NULL;
    if (ended) { /* a campaign may have been created since the last end */
        json_decref(p->campaigns);
        p->campaigns = progress_campaigns(s);
    }
    if (p->json)
        printf("{\"event\":\"%s\",\"experiment\":%lld,\"run\":%lld}\n",
               ended ? "ended" : "started", (long long)exp, (long long)run);
    else if (!steward_show(s, exp, &e, &err))
        print_line(p, s, e, run, ended);
    json_decref(e);
    fflush(stdout);
}
