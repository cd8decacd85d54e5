/* cmd_metrics — `steward metrics ID`: captured metrics, table or JSON. */
#include "cli/util.h"
#include "core/json.h"

#include <math.h>
#include <stdio.h>

static const char usage[] =
    "usage: steward metrics ID [--json]\n\n"
    "Prints the metrics the latest run of experiment ID reported through\n"
    "$STEWARD_METRICS: a table of step and value per metric, or with --json\n"
    "{\"metric\": [[step, value], ...]} (NaN and infinities as \"nan\",\n"
    "\"inf\", \"-inf\").\n";

static void print_table(const json_t *metrics)
{
    const char *name;
    json_t *series;
    json_object_foreach((json_t *)metrics, name, series) {
        size_t i;
        json_t *pt;
        printf("%s\n  %10s  %s\n", name, "step", "value");
        json_array_foreach(series, i, pt) {
            double v = NAN;
            (void)json_get_double(json_array_get(pt, 1), &v);
            printf("  %10lld  %.6g\n",
                   (long long)json_integer_value(json_array_get(pt, 0)), v);
        }
    }
    if (!json_object_size(metrics))
        printf("no metrics reported\n");
}

int cmd_metrics(int argc, char **argv)
{
    int json = 0;
    int i = cli_simple_opts(argc, argv, &json, usage);
    if (i < 0)
        return i == -1 ? 0 : 1;
    if (argc - i != 1)
        return cli_usage(argv[0], "expected one experiment id");
    struct err err = ERR_INIT;
    struct steward *s;
    int64_t id;
    json_t *metrics = NULL;
    if (cli_parse_id(argv[i], &id, &err))
        return cli_fail(&err, json);
    int rc = cli_open(&s, json);
    if (rc)
        return rc;
    rc = steward_metrics(s, id, &metrics, &err);
    steward_close(s);
    if (rc)
        return cli_fail(&err, json);
    if (json)
        (void)cli_print_json(metrics);
    else
        print_table(metrics);
    json_decref(metrics);
    return 0;
}
