/* cmd_status — `steward status [ID]`: where experiments stand. */
#include "cli/commands.h"
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
    int64_t id;   /* one experiment, or 0: the list */
};

static void print_objective(struct steward *s, const json_t *exp, FILE *out)
{
    json_t *campaigns = progress_campaigns(s);
    char obj[96];
    progress_objective(s, campaigns, exp, obj, sizeof obj);
    if (*obj)
        fprintf(out, "  objective  %s (campaign %s)\n", obj,
                json_string_value(json_object_get(exp, "campaign")));
    json_decref(campaigns);
}

static int status_one(struct steward *s, int64_t id, int json, FILE *out,
                      struct err *err)
{
    json_t *exp = NULL, *metrics = NULL;
    if (steward_show(s, id, &exp, err))
        return -1;
    if (json_is_object(json_object_get(exp, "run")) &&
        steward_metrics(s, id, &metrics, err))
        return json_decref(exp), -1;
    if (json) {
        json_object_set_new(exp, "metrics",
                            metrics ? json_incref(metrics) : json_object());
        (void)cli_print_json_to(out, exp);
    } else {
        render_status(exp, metrics, out);
        print_objective(s, exp, out);
    }
    json_decref(metrics);
    json_decref(exp);
    return 0;
}

static int status_all(struct steward *s, const struct status_opts *o,
                      FILE *out, struct err *err)
{
    json_t *list = NULL;
    if (steward_list(s, o->filtered ? o->states : NULL, &list, err))
        return -1;
    status_filter(list, o->campaign, &o->page);
    if (o->json)
        (void)cli_print_json_to(out, list);
    else if (!json_array_size(list))
        fprintf(out, o->filtered || o->campaign ? "no experiments match\n"
                : "no experiments yet; propose one with 'steward propose'\n");
    else
        status_print_list(s, list, out);
    json_decref(list);
    return 0;
}

/* What status prints for o, on out; -1 with err before printing it. */
static int status_print(struct steward *s, const struct status_opts *o,
                        FILE *out, struct err *err)
{
    if (!o->json)
        cli_print_halts(s, out);
    return o->id ? status_one(s, o->id, o->json, out, err)
                 : status_all(s, o, out, err);
}

enum { PARSED_HELP = 1, PARSED_USAGE = 2, PARSED_FAIL = 3 };

/* Reads the options into o; nothing is printed: 0, PARSED_HELP, or
 * PARSED_USAGE / PARSED_FAIL with err saying what was wrong. */
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
            return PARSED_HELP;
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
            return PARSED_FAIL;
        else
            return err_set(err, ERR_USER, "unknown option"), PARSED_USAGE;
    }
    return 0;
}

/* The options, then the operand and how they may combine. */
static int parse_status(int argc, char **argv, struct status_opts *o,
                        struct err *err)
{
    int rc = parse_opts(argc, argv, o, err);
    if (rc)
        return rc;
    if (argc - optind > 1)
        return err_set(err, ERR_USER, "expected at most one experiment id"),
               PARSED_USAGE;
    if (argc - optind == 1 && cli_parse_id(argv[optind], &o->id, err))
        return PARSED_FAIL;
    if (o->id && (o->filtered || o->campaign || o->page.limit ||
                  o->page.first || o->page.after))
        return err_set(err, ERR_USER, "--state, --campaign, --after, "
                       "--first and --limit filter the list; give them "
                       "without an ID"), PARSED_USAGE;
    if (o->page.first && o->page.limit)
        return err_set(err, ERR_USER, "--first (the oldest N) and --limit "
                       "(the newest N) exclude each other"), PARSED_USAGE;
    return 0;
}

int cmd_status(int argc, char **argv)
{
    struct status_opts o = {.json = 0};
    struct err err = ERR_INIT;
    switch (parse_status(argc, argv, &o, &err)) {
    case PARSED_HELP:
        return printf("%s", usage), 0;
    case PARSED_USAGE:
        return cli_usage(argv[0], "%s", err.msg);
    case PARSED_FAIL:
        return cli_fail(&err, o.json);
    }
    struct steward *s;
    int rc = cli_open(&s, o.json);
    if (rc)
        return rc;
    rc = status_print(s, &o, stdout, &err) ? cli_fail(&err, o.json) : 0;
    steward_close(s);
    return rc;
}

int status_answer(struct steward *s, int argc, char **argv, FILE *out)
{
    struct status_opts o = {.json = 0};
    struct err err = ERR_INIT;
    if (parse_status(argc, argv, &o, &err))
        return -1;
    return status_print(s, &o, out, &err);
}
