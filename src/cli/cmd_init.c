/* cmd_init — `steward init [DIR]`: creates .steward/ (like git init). */
#include "cli/util.h"

#include <stdio.h>

static const char usage[] =
    "usage: steward init [DIR] [--json]\n\n"
    "Creates .steward/ in DIR (default: here): the database, a starter\n"
    "policy (.steward/policy) and the runs/ directory. Commands run in DIR\n"
    "or below find it, like git finds .git/; STEWARD_HOME=/path/.steward\n"
    "overrides the search.\n";

int cmd_init(int argc, char **argv)
{
    int json = 0;
    int i = cli_simple_opts(argc, argv, &json, usage);
    if (i < 0)
        return i == -1 ? 0 : 1;
    if (argc - i > 1)
        return cli_usage(argv[0], "expected at most one directory");
    const char *dir = i < argc ? argv[i] : ".";
    struct err err = ERR_INIT;
    if (steward_init(dir, &err))
        return cli_fail(&err, json);
    if (json)
        printf("{\"initialized\":true}\n");
    else
        printf("initialized steward project in %s/.steward\n", dir);
    return 0;
}
