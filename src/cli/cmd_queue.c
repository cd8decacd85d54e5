/* cmd_queue — `steward queue`: the review cards waiting for a human. */
#include "cli/commands.h"
#include "cli/render.h"
#include "cli/util.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: steward queue [--json]\n\n"
    "Shows the proposals waiting for a human, oldest first, one card each:\n"
    "who proposed, why, the command, params, resources, estimated cost and\n"
    "the policy's reasons for asking. Decide with 'steward approve ID' or\n"
    "'steward reject ID --reason ...'.\n";

/* The cards waiting for a human, on out; -1 with err when they cannot be
 * read (after the halt banners, in text). */
static int queue_print(struct steward *s, int json, FILE *out,
                       struct err *err)
{
    static const char *const waiting[] = {"pending_review", NULL};
    json_t *list = NULL;
    if (!json)
        cli_print_halts(s, out);
    if (steward_list(s, waiting, &list, err))
        return -1;
    if (!json && !json_array_size(list))
        fprintf(out, "nothing waits for review\n");
    size_t k;
    json_t *exp;
    json_array_foreach(list, k, exp) {
        steward_card_extras(s, exp);
        if (!json)
            render_card(exp, out);
    }
    if (json)
        (void)cli_print_json_to(out, list);
    json_decref(list);
    return 0;
}

int cmd_queue(int argc, char **argv)
{
    int json = 0;
    struct steward *s;
    struct err err = ERR_INIT;
    int rc = cli_simple_start(argc, argv, usage, &json, &s);
    if (rc >= 0)
        return rc;
    rc = queue_print(s, json, stdout, &err) ? cli_fail(&err, json) : 0;
    steward_close(s);
    return rc;
}

int queue_answer(struct steward *s, int argc, char **argv, FILE *out)
{
    struct err err = ERR_INIT;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json"))
            return -1;   /* anything else: a child gives its usage */
        json = 1;
    }
    return queue_print(s, json, out, &err);
}
