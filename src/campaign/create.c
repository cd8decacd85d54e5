/*
 * create — creating, approving and listing campaigns.
 *
 * The envelope is a JSON object with any of: max_runs, cpus, mem_bytes,
 * time_s, gpus (per run), command (a glob over the command line), params
 * ({"lr": [lo, hi], "opt": ["adam", "sgd"]}), cpu_hours (total).
 */
#include "api/handle.h"
#include "campaign/campaign.h"
#include "api/proposal.h"
#include "api/principal.h"
#include "core/clock.h"
#include "ledger/ledger.h"
#include "search/search.h"
#include "store/campaigns.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "maximize METRIC" or "minimize METRIC", nothing more: a metric name
 * cut to fit, or a word after it dropped, would be another objective
 * than the one the human wrote. */
int campaign_parse_objective(const char *text, struct campaign_spec *spec,
                             char *metric, size_t n, struct err *err)
{
    const char *dir = text + strspn(text, " \t");
    size_t dl = strcspn(dir, " \t");
    const char *m = dir + dl + strspn(dir + dl, " \t");
    size_t ml = strcspn(m, " \t");
    int known = dl == 8 && (!strncmp(dir, "maximize", 8) ||
                            !strncmp(dir, "minimize", 8));
    if (!known || !ml || m[ml + strspn(m + ml, " \t")])
        return err_set(err, ERR_USER, "--objective '%.200s': expected "
                       "\"maximize METRIC\" or \"minimize METRIC\"", text);
    if (ml >= n)
        return err_set(err, ERR_USER, "--objective: the metric name is %zu "
                       "bytes, at most %zu; use a shorter name", ml, n - 1);
    memcpy(metric, m, ml);
    metric[ml] = '\0';
    spec->direction = dir[1] == 'a' ? "maximize" : "minimize";
    spec->metric = metric;
    return 0;
}

/* What the human leaves unset is what a proposal gets by default, written
 * down so that the envelope approved is the envelope checked: an unset
 * limit never means unlimited. */
static void close_envelope(const char *home, json_t *env)
{
    struct proposal d;
    proposal_defaults(&d);
    proposal_fill_defaults(home, &d);
    if (!json_object_get(env, "cpus"))
        json_object_set_new(env, "cpus", json_real(d.cpus));
    if (!json_object_get(env, "mem_bytes"))
        json_object_set_new(env, "mem_bytes", json_integer(d.mem_bytes));
    if (!json_object_get(env, "time_s"))
        json_object_set_new(env, "time_s", json_integer(d.time_s));
    if (!json_object_get(env, "disk_bytes"))
        json_object_set_new(env, "disk_bytes", json_integer(d.disk_bytes));
    if (!json_object_get(env, "gpus"))
        json_object_set_new(env, "gpus", json_integer(0));
}

/* Search options given to a campaign without a search space. */
static int search_only_options(const json_t *options, struct err *err)
{
    static const char *const keys[] = {"sampler", "pruner", "seed",
        "trials", "slots", "min_resource", "max_resource", "eta", NULL};
    for (size_t i = 0; keys[i]; i++)
        if (json_object_get(options, keys[i]))
            return err_set(err, ERR_USER, "search options (%s) need a search "
                           "space: add --space FILE and the trial command",
                           keys[i]);
    return 0;
}

static int check_search(const struct campaign_spec *c, struct err *err)
{
    struct search_space *space = NULL;
    int rc = campaign_check_options(c->options,
                                    !strcmp(c->direction, "maximize"), err);
    rc = rc ? rc : search_space_parse(c->space_text, "--space", &space, err);
    search_space_free(space);
    return rc;
}

static int check_spec(const struct campaign_spec *c, struct err *err)
{
    if (!c->name || !*c->name || strlen(c->name) > 64 ||
        strspn(c->name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
               "0123456789_.-") != strlen(c->name))
        return err_set(err, ERR_USER, "campaign name must be 1 to 64 "
                       "letters, digits, _ . -");
    if (!c->metric || !c->direction)
        return err_set(err, ERR_USER, "--objective is required, e.g. "
                       "--objective \"maximize val_acc\"");
    const char *cmd = json_string_value(json_object_get(c->envelope,
                                                        "command"));
    if (cmd && strpbrk(cmd, "*?["))
        return err_set(err, ERR_USER, "--command '%s': commands match "
                       "exactly (argv[0]), never as a pattern", cmd);
    if (c->space_text && (!c->argv || !c->argv[0]))
        return err_set(err, ERR_USER, "a searching campaign needs the trial "
                       "command after '--'");
    int rc = campaign_check_envelope(c->envelope, err);
    rc = rc ? rc : c->space_text ? check_search(c, err)
         : search_only_options(c->options, err);
    return rc;
}

static json_t *argv_json(char *const *argv)
{
    json_t *a = json_array();
    for (size_t i = 0; argv && argv[i]; i++)
        json_array_append_new(a, json_string(argv[i]));
    return a;
}

/* A searching campaign's trials all run the tree as it is now, and an
 * agent's proposals may run only the command file approved with it: the
 * snapshot is taken (by whoever creates the campaign, with their own
 * permissions) and approved with the envelope. */
static int take_snapshot(struct steward *s, const struct campaign_spec *c,
                         char snap[65], struct err *err)
{
    const char *dir = json_string_value(json_object_get(c->options,
                                                        "workdir"));
    json_t *disk = json_object_get(c->envelope, "disk_bytes");
    return steward_snapshot(s, dir ? dir : s->root, json_is_integer(disk)
                            ? json_integer_value(disk) : (int64_t)1 << 30,
                            snap, err);
}

static int insert(struct steward *s, const struct campaign_spec *c,
                  const char *snap, struct err *err)
{
    json_t *argv = argv_json(c->argv);
    char *env = json_dumps(c->envelope, JSON_COMPACT | JSON_SORT_KEYS);
    char *av = json_dumps(argv, JSON_COMPACT);
    char *opt = json_dumps(c->options, JSON_COMPACT | JSON_SORT_KEYS);
    struct store_campaign_new row = {c->name, c->metric, c->direction, env,
                                     c->argv ? av : NULL, c->space_text, opt,
                                     s->who.name, snap, clock_wall_ms()};
    int rc = store_campaigns_insert(s->db, &row, err);
    if (rc == ERR_CONFLICT) {
        err_clear(err);
        rc = err_set(err, ERR_USER, "a campaign named '%s' exists (a "
                     "deleted campaign keeps its name: history refers to "
                     "it); choose another name", c->name);
    }
    free(env);
    free(av);
    free(opt);
    json_decref(argv);
    return rc;
}

int steward_campaign_create(struct steward *s, const struct campaign_spec *c,
                            struct err *err)
{
    char object[96];
    if (!principal_may(s->who.role, "propose"))
        return steward_forbid(s, "campaign create", "campaign", err);
    int rc = check_spec(c, err);
    if (rc)
        return rc;
    close_envelope(steward_home(s), c->envelope);
    snprintf(object, sizeof object, "campaign:%s", c->name);
    char snap[65] = "";
    rc = take_snapshot(s, c, snap, err);
    if (rc)
        return rc;
    json_t *p = json_pack("{s:s,s:s,s:O,s:O,s:s}", "metric", c->metric,
                          "direction", c->direction, "envelope", c->envelope,
                          "options", c->options, "snapshot", snap);
    rc = store_begin(s->db, err);
    rc = rc ? rc : insert(s, c, *snap ? snap : NULL, err);
    rc = rc ? rc : ledger_append(s->db, s->who.name, "campaign.create",
                                 object, p, err);
    rc = rc ? rc : store_commit(s->db, err);
    if (rc)
        store_rollback(s->db);
    json_decref(p);
    return rc;
}

static int approve_txn(struct steward *s, const char *name, const char *object,
                       const char *reason, struct err *err)
{
    int rc = store_campaigns_approve(s->db, name, s->who.name,
                                     clock_wall_ms(), err);
    if (rc < 0)
        return rc;
    if (rc != 1)
        return err_set(err, ERR_CONFLICT, "no campaign '%s' waiting for "
                       "approval; see 'steward campaign list'", name);
    json_t *p = json_pack("{s:s}", "reason", reason ? reason : "");
    rc = ledger_append(s->db, s->who.name, "campaign.approve", object, p,
                       err);
    json_decref(p);
    return rc;
}

int steward_campaign_approve(struct steward *s, const char *name,
                             const char *reason, struct err *err)
{
    char object[96];
    snprintf(object, sizeof object, "campaign:%s", name);
    if (!principal_may(s->who.role, "campaign.approve"))
        return steward_forbid(s, "campaign approve", object, err);
    int rc = store_begin(s->db, err);
    rc = rc ? rc : approve_txn(s, name, object, reason, err);
    rc = rc ? rc : store_commit(s->db, err);
    if (rc)
        store_rollback(s->db);
    return rc;
}

int steward_campaign_list(struct steward *s, json_t **out, struct err *err)
{
    return store_campaigns_list(s->db, out, err);
}
