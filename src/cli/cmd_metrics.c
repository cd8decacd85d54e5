/* cmd_metrics — `steward metrics ID`: captured metrics, table, chart or
 * JSON. */
#include "cli/metrics_view.h"
#include "cli/util.h"
#include "core/json.h"
#include "core/parse.h"

#include <getopt.h>
#include <stdio.h>

#define TABLE_ROWS 40

static const char usage[] =
    "usage: steward metrics ID [--plot [--metric NAME] [--width N]\n"
    "                          [--height N]] [--all] [--json]\n\n"
    "Prints the metrics the latest run of experiment ID reported through\n"
    "$STEWARD_METRICS: one row per step, one column per metric (at most\n"
    "40 rows spread over the run unless --all). --plot draws a chart per\n"
    "metric instead (default 60 columns by 8 rows). --json prints\n"
    "{\"metric\": [[step, value], ...]} (NaN and infinities as \"nan\",\n"
    "\"inf\", \"-inf\").\n";

struct metrics_opts {
    int json, plot, all;
    int64_t width, height;
    const char *only;
};

/* Returns the index of the id, -1 after --help, -2 on a bad option. */
static int parse_opts(int argc, char **argv, struct metrics_opts *o,
                      struct err *err)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'}, {"plot", no_argument, NULL, 'p'},
        {"all", no_argument, NULL, 'a'}, {"help", no_argument, NULL, 'h'},
        {"metric", required_argument, NULL, 'm'},
        {"width", required_argument, NULL, 'w'},
        {"height", required_argument, NULL, 'H'}, {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h')
            return printf("%s", usage), -1;
        if (c == 'j' || c == 'p' || c == 'a')
            *(c == 'j' ? &o->json : c == 'p' ? &o->plot : &o->all) = 1;
        else if (c == 'm')
            o->only = optarg;
        else if (c == 'w' || c == 'H') {
            if (parse_int64(optarg, c == 'w' ? "--width" : "--height", 1,
                            1000, c == 'w' ? &o->width : &o->height, err))
                return cli_fail(err, 0), -2;
        } else
            return cli_usage(argv[0], "unknown option"), -2;
    }
    return optind;
}

static int render(const json_t *metrics, const struct metrics_opts *o,
                  struct err *err)
{
    if (o->json)
        return cli_print_json((json_t *)metrics) ? err_set(err,
               ERR_INTERNAL, "could not print the metrics") : 0;
    if (o->plot)
        return metrics_plot(metrics, o->only, (int)o->width, (int)o->height,
                            stdout, err);
    return metrics_table(metrics, o->all ? 0 : TABLE_ROWS, stdout, err);
}

int cmd_metrics(int argc, char **argv)
{
    struct metrics_opts o = {0, 0, 0, 60, 8, NULL};
    struct err err = ERR_INIT;
    int i = parse_opts(argc, argv, &o, &err);
    if (i < 0)
        return i == -1 ? 0 : 1;
    if (argc - i != 1)
        return cli_usage(argv[0], "expected one experiment id");
    struct steward *s;
    int64_t id;
    json_t *metrics = NULL;
    if (cli_parse_id(argv[i], &id, &err))
        return cli_fail(&err, o.json);
    int rc = cli_open(&s, o.json);
    if (rc)
        return rc;
    rc = steward_metrics(s, id, &metrics, &err);
    steward_close(s);
    rc = rc ? rc : render(metrics, &o, &err);
    json_decref(metrics);
    return rc ? cli_fail(&err, o.json) : 0;
}
