/* cmd_show — `steward show ID`: the full record of one experiment. */
#include "cli/util.h"

#include <stdio.h>
#include <stdlib.h>

static const char usage[] =
    "usage: steward show ID\n\n"
    "Prints the full record of an experiment as JSON: the proposal, the\n"
    "policy decision and its reasons, reviews, and the latest run.\n";

int cmd_show(int argc, char **argv)
{
    int json = 1;
    int i = cli_simple_opts(argc, argv, &json, usage);
    if (i < 0)
        return i == -1 ? 0 : 1;
    if (argc - i != 1)
        return cli_usage(argv[0], "expected one experiment id");
    struct steward *s;
    struct err err = ERR_INIT;
    int64_t id;
    json_t *exp = NULL;
    if (cli_parse_id(argv[i], &id, &err))
        return cli_fail(&err, json);
    int rc = cli_open(&s, json);
    if (rc)
        return rc;
    rc = steward_show(s, id, &exp, &err);
    steward_close(s);
    if (rc)
        return cli_fail(&err, json);
    char *text = json_dumps(exp, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    printf("%s\n", text ? text : "{}");
    free(text);
    json_decref(exp);
    return 0;
}
