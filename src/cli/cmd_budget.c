/* cmd_budget — `steward budget`: accounts, reserved, spent, remaining. */
#include "cli/util.h"

#include <stdio.h>

static const char usage[] =
    "usage: steward budget [--json]\n\n"
    "Shows every budget account the policy declares (`budget N METRIC per\n"
    "ACCOUNT per WINDOW`): its limit, what approved work has reserved and\n"
    "not yet settled (lost runs keep their reservation), what finished runs\n"
    "spent, and what remains. A budget 'per agent' or 'per campaign' has one\n"
    "account per name seen. Budgets are changed by editing the policy.\n";

static void print(const json_t *a)
{
    const char *name = json_string_value(json_object_get(a, "name"));
    const char *window = json_string_value(json_object_get(a, "window"));
    char account[160];
    snprintf(account, sizeof account, "%s%s%s", json_string_value(
             json_object_get(a, "scope")), name ? " " : "", name ? name : "");
    printf("%-28s %-12s %-6s %9.2f %9.2f %9.2f %9.2f\n", account,
           json_string_value(json_object_get(a, "metric")),
           *window ? window : "-",
           json_number_value(json_object_get(a, "limit")),
           json_number_value(json_object_get(a, "reserved")),
           json_number_value(json_object_get(a, "spent")),
           json_number_value(json_object_get(a, "remaining")));
}

int cmd_budget(int argc, char **argv)
{
    int json = 0;
    struct steward *s;
    struct err err = ERR_INIT;
    json_t *list = NULL;
    int rc = cli_simple_start(argc, argv, usage, &json, &s);
    if (rc >= 0)
        return rc;
    rc = steward_budgets(s, &list, &err);
    steward_close(s);
    if (rc)
        return cli_fail(&err, json);
    if (json) {
        (void)cli_print_json(list);
    } else if (!json_array_size(list)) {
        printf("the policy declares no budget\n");
    } else {
        printf("%-28s %-12s %-6s %9s %9s %9s %9s\n", "account", "metric",
               "window", "limit", "reserved", "spent", "remaining");
        size_t k;
        json_t *a;
        json_array_foreach(list, k, a) print(a);
    }
    json_decref(list);
    return 0;
}
