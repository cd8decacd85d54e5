/* cmd_status — `steward status [ID]`: where experiments stand. */
#include "cli/progress.h"
#include "cli/render.h"
#include "cli/status_view.h"
#include "cli/util.h"
#include "core/parse.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

#define STATES_MAX 16

static const char usage[] =
    "usage: steward status [ID] [--state S[,S...]] [--campaign NAME]\n"
    "                      [--after ID] [--first N | --limit N] [--json]\n\n"
    "Without ID, one line per experiment: state, how long it ran (or has\n"
    "been running), the last value of its campaign's objective metric,\n"
    "proposer. --state keeps those in the given states, --campaign those\n"
    "of one campaign, --after those with a larger id, --first the oldest\n"
    "N of what is left, --limit the newest N (--after and --first page\n"
    "through a long list). With ID: state, exit,\n"
    "duration, resource use, a summary of what the sandbox enforced (the\n"
    "mechanisms are in 'steward show ID') and the last value of each\n"
    "metric.\n";

struct status_opts {
    int json;
    const char *states[STATES_MAX];
    int filtered;
    const char *campaign;
    struct status_page page;
};

static void print_objective(struct steward *s, const json_t *exp)
{
    json_t *campaigns = progress_campaigns(s);
    char obj[96];
    progress_objective(s, campaigns, exp, obj, sizeof obj);
    if (*obj)
        printf("  objective  %s (campaign %s)\n", obj, json_string_value(
               json_object_get(exp, "campaign")));
    json_decref(campaigns);
}

static int status_one(struct steward *s, int64_t id, int json)
{
    struct err err = ERR_INIT;
    json_t *exp = NULL, *metrics = NULL;
    int rc = steward_show(s, id, &exp, &err);
    if (!rc && json_is_object(json_object_get(exp, "run")) &&
        steward_metrics(s, id, &metrics, &err))
        return json_decref(exp), cli_fail(&err, json);
    if (rc)
        return cli_fail(&err, json);
    if (json) {
        json_object_set_new(exp, "metrics",
                            metrics ? json_incref(metrics) : json_object());
        (void)cli_print_json(exp);
    } else {
        render_status(exp, metrics, stdout);
        print_objective(s, exp);
    }
    json_decref(metrics);
    json_decref(exp);
    return 0;
}

static int status_all(struct steward *s, const struct status_opts *o)
{
    struct err err = ERR_INIT;
    json_t *list = NULL;
    if (steward_list(s, o->filtered ? o->states : NULL, &list, &err))
        return cli_fail(&err, o->json);
    status_filter(list, o->campaign, &o->page);
    if (o->json)
        (void)cli_print_json(list);
    else if (!json_array_size(list))
        printf(o->filtered || o->campaign ? "no experiments match\n"
               : "no experiments yet; propose one with 'steward propose'\n");
    else
        status_print_list(s, list, stdout);
    json_decref(list);
    return 0;
}

/* Returns the index of the first operand, -1 after --help, -2 on error. */
static int parse_opts(int argc, char **argv, struct status_opts *o,
                      struct err *err)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'}, {"help", no_argument, NULL, 'h'},
        {"state", required_argument, NULL, 's'},
        {"campaign", required_argument, NULL, 'c'},
        {"limit", required_argument, NULL, 'l'},
        {"after", required_argument, NULL, 'a'},
        {"first", required_argument, NULL, 'f'}, {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
        if (c == 'h')
            return printf("%s", usage), -1;
        if (c == 'j')
            o->json = 1;
        else if (c == 'c')
            o->campaign = optarg;
        else if (c == 's' && !status_parse_states(optarg, o->states,
                                                  STATES_MAX, err))
            o->filtered = 1;
        else if ((c == 'l' && !parse_int64(optarg, "--limit", 1, 1000000,
                                           &o->page.limit, err)) ||
                 (c == 'f' && !parse_int64(optarg, "--first", 1, 1000000,
                                           &o->page.first, err)) ||
                 (c == 'a' && !parse_int64(optarg, "--after", 0, INT64_MAX,
                                           &o->page.after, err)))
            continue;
        else if (c == 's' || c == 'l' || c == 'f' || c == 'a')
            return cli_fail(err, o->json), -2;
        else
            return cli_usage(argv[0], "unknown option"), -2;
    }
    return optind;
}

int cmd_status(int argc, char **argv)
{
    struct status_opts o = {.json = 0};
    struct err err = ERR_INIT;
    int i = parse_opts(argc, argv, &o, &err);
    if (i < 0)
        return i == -1 ? 0 : 1;
    if (argc - i > 1)
        return cli_usage(argv[0], "expected at most one experiment id");
    int64_t id = 0;
    if (argc - i == 1 && cli_parse_id(argv[i], &id, &err))
        return cli_fail(&err, o.json);
    if (id && (o.filtered || o.campaign || o.page.limit || o.page.first ||
               o.page.after))
        return cli_usage(argv[0], "--state, --campaign, --after, --first "
                         "and --limit filter the list; give them without an "
                         "ID");
    if (o.page.first && o.page.limit)
        return cli_usage(argv[0], "--first (the oldest N) and --limit (the "
                         "newest N) exclude each other");
    struct steward *s;
    int rc = cli_open(&s, o.json);
    if (rc)
        return rc;
    if (!o.json)
        cli_print_halts(s, stdout);
    rc = id ? status_one(s, id, o.json) : status_all(s, &o);
    steward_close(s);
    return rc;
}
