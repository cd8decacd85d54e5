/*
 * status_view — `steward status` without an id: one line per experiment
 * with how long it ran (or has been running) and its objective, after
 * the filters --state, --campaign and --limit. Also the compact
 * enforcement summary of `status ID` (the mechanisms stay in `show`).
 */
#include "cli/progress.h"
#include "cli/status_view.h"
#include "cli/util.h"
#include "core/clock.h"

#include <stdio.h>
#include <string.h>

/* Every state of DESIGN.md's state machine, for checking --state. */
static const char *const known_states[] = {
    "proposed", "denied", "pending_review", "rejected", "expired",
    "approved", "queued", "running", "succeeded", "failed", "timed_out",
    "killed", "cancelled", "lost", NULL,
};

static int known_state(const char *state)
{
    for (const char *const *k = known_states; *k; k++)
        if (!strcmp(*k, state))
            return 1;
    return 0;
}

int status_parse_states(char *list, const char **states, size_t max,
                        struct err *err)
{
    size_t n = 0;
    for (char *save = NULL, *t = strtok_r(list, ",", &save); t;
         t = strtok_r(NULL, ",", &save)) {
        if (!known_state(t))
            return err_set(err, ERR_USER, "--state: '%s' is no state (one "
                           "of proposed, pending_review, approved, queued, "
                           "running, succeeded, failed, ...)", t);
        if (n + 1 >= max)
            return err_set(err, ERR_USER, "--state: too many states");
        states[n++] = t;
    }
    if (!n)
        return err_set(err, ERR_USER, "--state needs a state");
    states[n] = NULL;
    return 0;
}

/* Drops experiments of other campaigns, then all but the last limit. */
void status_filter(json_t *list, const char *campaign,
                   const struct status_page *page)
{
    for (size_t i = json_array_size(list); i-- > 0;) {
        const json_t *e = json_array_get(list, i);
        const char *c = json_string_value(json_object_get(e, "campaign"));
        if ((campaign && (!c || strcmp(c, campaign))) ||
            json_integer_value(json_object_get(e, "id")) <= page->after)
            json_array_remove(list, i);
    }
    while (page->first > 0 && json_array_size(list) > (size_t)page->first)
        json_array_remove(list, json_array_size(list) - 1);
    while (page->limit > 0 && json_array_size(list) > (size_t)page->limit)
        json_array_remove(list, 0);
}

static void print_row(struct steward *s, const json_t *campaigns,
                      const json_t *exp, int64_t now, FILE *out)
{
    char took[32], obj[96];
    progress_time(exp, now, took, sizeof took);
    progress_objective(s, campaigns, exp, obj, sizeof obj);
    fprintf(out, "%5lld  %-14s %-20.20s %8s  %-20.20s %s\n",
            (long long)json_integer_value(json_object_get(exp, "id")),
            json_string_value(json_object_get(exp, "state")),
            json_string_value(json_object_get(exp, "name")), took, obj,
            json_string_value(json_object_get(exp, "proposer")));
}

void status_print_list(struct steward *s, const json_t *list, FILE *out)
{
    json_t *campaigns = progress_campaigns(s), *exp;
    int64_t now = clock_wall_ms();
    size_t i;
    fprintf(out, "%5s  %-14s %-20s %8s  %-20s %s\n", "ID", "STATE", "NAME",
            "TIME", "OBJECTIVE", "PROPOSER");
    json_array_foreach(list, i, exp)
        print_row(s, campaigns, exp, now, out);
    json_decref(campaigns);
}

void status_enforcement(const json_t *exp, FILE *out)
{
    const json_t *enf = json_object_get(json_object_get(exp, "run"),
                                        "enforcement");
    const char *key;
    json_t *v;
    char weak[256] = "";
    int total = 0, held = 0;
    if (!json_is_object(enf))
        return;
    json_object_foreach((json_t *)enf, key, v) {
        const char *text = json_is_string(v) ? json_string_value(v) : "";
        if (!strcmp(key, "cgroup_mode"))
            continue;
        total++;
        if (strstr(text, "NOT ENFORCED") || !strncmp(text, "not ", 4)) {
            size_t used = strlen(weak);
            snprintf(weak + used, sizeof weak - used, "%s%s (%s)",
                     used ? ", " : "", key, strstr(text, "NOT ENFORCED")
                     ? "not enforced" : "unlimited");
        } else
            held++;
    }
    fprintf(out, "  enforced   %d of %d limits (cgroup %s); mechanisms: "
            "steward show %lld\n", held, total,
            json_string_value(json_object_get(enf, "cgroup_mode")) ?
            json_string_value(json_object_get(enf, "cgroup_mode")) : "?",
            (long long)json_integer_value(json_object_get(exp, "id")));
    if (*weak)
        fprintf(out, "  NOT held   %s\n", weak);
}
