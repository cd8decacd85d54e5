/* cmd_status — `steward status [ID]`: where experiments stand. */
#include "cli/render.h"
#include "cli/util.h"

#include <stdio.h>

static const char usage[] =
    "usage: steward status [ID] [--json]\n\n"
    "Without ID, one line per experiment. With ID: state, exit, duration,\n"
    "resource use, the enforcement report of its sandbox and the last value\n"
    "of each metric.\n";

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
    }
    json_decref(metrics);
    json_decref(exp);
    return 0;
}

static int status_all(struct steward *s, int json)
{
    struct err err = ERR_INIT;
    json_t *list = NULL;
    if (steward_list(s, NULL, &list, &err))
        return cli_fail(&err, json);
    if (json)
        (void)cli_print_json(list);
    else if (!json_array_size(list))
        printf("no experiments yet; propose one with 'steward propose'\n");
    size_t i;
    json_t *exp;
    json_array_foreach(list, i, exp) if (!json) render_line(exp, stdout);
    json_decref(list);
    return 0;
}

int cmd_status(int argc, char **argv)
{
    int json = 0;
    int i = cli_simple_opts(argc, argv, &json, usage);
    if (i < 0)
        return i == -1 ? 0 : 1;
    if (argc - i > 1)
        return cli_usage(argv[0], "expected at most one experiment id");
    struct err err = ERR_INIT;
    int64_t id = 0;
    if (argc - i == 1 && cli_parse_id(argv[i], &id, &err))
        return cli_fail(&err, json);
    struct steward *s;
    int rc = cli_open(&s, json);
    if (rc)
        return rc;
    if (!json)
        cli_print_halts(s, stdout);
    rc = id ? status_one(s, id, json) : status_all(s, json);
    steward_close(s);
    return rc;
}
