/* cmd_show — `steward show ID`: the full record of one experiment, or
 * with --diff the code it runs as a diff against the most similar earlier
 * experiment. */
#include "cli/render.h"
#include "cli/util.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static const char usage[] =
    "usage: steward show ID [--diff]\n\n"
    "Prints the full record of an experiment as JSON: the proposal, the\n"
    "policy decision and its reasons, reviews, the latest run, the most\n"
    "similar earlier experiment (\"similar\") and the code that differs\n"
    "from it (\"code_diff\").\n\n"
    "  --diff   print only the code diff, as unified diffs of the files\n"
    "           that differ from the most similar earlier experiment's\n"
    "           snapshot (at most 20 files, 64 KiB)\n";

/* 0 on success with *diff set; -1 after --help; -2 on a bad option. */
static int show_opts(int argc, char **argv, int *diff)
{
    static const struct option opts[] = {
        {"diff", no_argument, NULL, 'd'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "djh", opts, NULL)) != -1) {
        if (c == 'd')
            *diff = 1;
        else if (c == 'h')
            return printf("%s", usage), -1;
        else if (c != 'j')
            return cli_usage(argv[0], "unknown option"), -2;
    }
    return optind;
}

static void print_diff(const json_t *exp)
{
    const json_t *sim = json_object_get(exp, "similar");
    if (!json_array_size(json_object_get(exp, "code_diff"))) {
        printf(json_is_object(sim) ? "same code as #%lld\n"
               : "no earlier experiment runs the same command\n",
               (long long)json_integer_value(json_object_get(sim, "id")));
        return;
    }
    printf("code of #%lld against #%lld:\n",
           (long long)json_integer_value(json_object_get(exp, "id")),
           (long long)json_integer_value(json_object_get(sim, "id")));
    render_code_diff(exp, -1, stdout);
}

int cmd_show(int argc, char **argv)
{
    int diff = 0;
    int i = show_opts(argc, argv, &diff);
    if (i < 0)
        return i == -1 ? 0 : 1;
    if (argc - i != 1)
        return cli_usage(argv[0], "expected one experiment id");
    struct steward *s;
    struct err err = ERR_INIT;
    int64_t id;
    json_t *exp = NULL;
    if (cli_parse_id(argv[i], &id, &err))
        return cli_fail(&err, !diff);
    int rc = cli_open(&s, !diff);
    if (rc)
        return rc;
    rc = steward_show(s, id, &exp, &err);
    if (!rc)
        steward_card_extras(s, exp);
    steward_close(s);
    if (rc)
        return cli_fail(&err, !diff);
    if (diff) {
        print_diff(exp);
    } else {
        char *text = json_dumps(exp, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        printf("%s\n", text ? text : "{}");
        free(text);
    }
    json_decref(exp);
    return 0;
}
