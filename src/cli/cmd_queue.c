/* cmd_queue — `steward queue`: the review cards waiting for a human. */
#include "cli/render.h"
#include "cli/util.h"

#include <stdio.h>

static const char usage[] =
    "usage: steward queue [--json]\n\n"
    "Shows the proposals waiting for a human, oldest first, one card each:\n"
    "who proposed, why, the command, params, resources, estimated cost and\n"
    "the policy's reasons for asking. Decide with 'steward approve ID' or\n"
    "'steward reject ID --reason ...'.\n";

int cmd_queue(int argc, char **argv)
{
    static const char *const waiting[] = {"pending_review", NULL};
    int json = 0;
    int i = cli_simple_opts(argc, argv, &json, usage);
    if (i < 0)
        return i == -1 ? 0 : 1;
    struct steward *s;
    struct err err = ERR_INIT;
    json_t *list = NULL;
    int rc = cli_open(&s, json);
    if (rc)
        return rc;
    if (!json)
        cli_print_halts(s, stdout);
    rc = steward_list(s, waiting, &list, &err);
    if (rc) {
        steward_close(s);
        return cli_fail(&err, json);
    }
    if (!json && !json_array_size(list))
        printf("nothing waits for review\n");
    size_t k;
    json_t *exp;
    json_array_foreach(list, k, exp) {
        steward_card_extras(s, exp);
        if (!json)
            render_card(exp, stdout);
    }
    if (json)
        (void)cli_print_json(list);
    json_decref(list);
    steward_close(s);
    return 0;
}
