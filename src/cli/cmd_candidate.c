/* cmd_candidate — `steward candidate add|list|show`: a run's artifact
 * registered for promotion, with its lineage (src/promote/). */
#include "cli/util.h"
#include "core/clock.h"
#include "promote/promote.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: steward candidate add RUN PATH --name NAME [--parent ID]\n"
    "       steward candidate list [--json]\n"
    "       steward candidate show ID [--json]\n\n"
    "A candidate is one artifact of a succeeded run (PATH as 'steward\n"
    "artifacts RUN' lists it), named for what it is (--name classifier),\n"
    "with its lineage: run, params, code snapshot, the policy that decided\n"
    "the run, and its parent (default: the candidate of that name now in\n"
    "production). Its SHA-256 is checked against the content store now and\n"
    "again before it is deployed. Agents may add candidates. Next:\n"
    "'steward promote request ID --to production'.\n";

static int add(struct steward *s, int argc, char **argv, int json)
{
    static const struct option opts[] = {
        {"name", required_argument, NULL, 'n'},
        {"parent", required_argument, NULL, 'p'},
        {"json", no_argument, NULL, 'j'},
        {NULL, 0, NULL, 0},
    };
    const char *name = NULL;
    int64_t run = 0, parent = 0, id = 0;
    struct err err = ERR_INIT;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'n')
            name = optarg;
        else if (c == 'p' && cli_parse_id(optarg, &parent, &err))
            return cli_fail(&err, json);
        else if (c == '?')
            return cli_usage("candidate", "unknown option");
    }
    if (argc - optind != 2 || !name)
        return cli_usage("candidate", "add takes RUN PATH --name NAME");
    if (cli_parse_id(argv[optind], &run, &err) ||
        steward_candidate_add(s, run, argv[optind + 1], name, parent, &id,
                              &err))
        return cli_fail(&err, json);
    printf(json ? "{\"candidate\":%lld}\n" : "candidate %lld: %s from "
           "experiment %lld (%s)\n", (long long)id, name, (long long)run,
           argv[optind + 1]);
    return 0;
}

static void print_one(const json_t *c)
{
    const json_t *lin = json_object_get(c, "lineage");
    char when[40];
    clock_format_iso(json_integer_value(json_object_get(c, "added_ms")),
                     when, sizeof when);
    printf("candidate %lld: %s%s\n  artifact  %s of experiment %lld (run "
           "#%lld)\n  sha256    %s (%lld bytes)\n", (long long)
           json_integer_value(json_object_get(c, "id")),
           json_string_value(json_object_get(c, "name")),
           json_is_true(json_object_get(c, "in_production"))
           ? "  [in production]" : "",
           json_string_value(json_object_get(c, "path")),
           (long long)json_integer_value(json_object_get(c, "experiment")),
           (long long)json_integer_value(json_object_get(c, "run")),
           json_string_value(json_object_get(c, "sha256")),
           (long long)json_integer_value(json_object_get(c, "size")));
    char *params = json_dumps(json_object_get(lin, "params"), JSON_COMPACT);
    printf("  params    %s\n  snapshot  %.16s\n  policy    %.16s\n  parent    ",
           params ? params : "{}",
           json_string_value(json_object_get(lin, "snapshot")) ?
           json_string_value(json_object_get(lin, "snapshot")) : "-",
           json_string_value(json_object_get(lin, "policy_hash")) ?
           json_string_value(json_object_get(lin, "policy_hash")) : "-");
    free(params);
    if (json_is_integer(json_object_get(c, "parent")))
        printf("%lld\n", (long long)json_integer_value(json_object_get(c,
                                                                "parent")));
    else
        printf("none\n");
    printf("  added     by %s at %s\n", json_string_value(json_object_get(c,
           "added_by")), when);
}

static int show(struct steward *s, int argc, char **argv, int json)
{
    int64_t id = 0;
    json_t *c = NULL;
    struct err err = ERR_INIT;
    const char *arg = NULL;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--json"))
            arg = argv[i];
    if (!arg)
        return cli_usage("candidate", "show takes a candidate ID");
    if (cli_parse_id(arg, &id, &err) ||
        steward_candidate_show(s, id, &c, &err))
        return cli_fail(&err, json);
    if (json)
        (void)cli_print_json(c);
    else
        print_one(c);
    json_decref(c);
    return 0;
}

static int list(struct steward *s, int argc, char **argv, int json)
{
    json_t *all = NULL, *c;
    struct err err = ERR_INIT;
    size_t i;
    (void)argc, (void)argv;
    if (steward_candidate_list(s, &all, &err))
        return cli_fail(&err, json);
    if (json)
        (void)cli_print_json(all);
    else if (!json_array_size(all))
        printf("no candidates yet; 'steward candidate add RUN PATH --name "
               "NAME' registers one\n");
    json_array_foreach(all, i, c) if (!json)
        printf("%4lld  %-16s run %-5lld %-24s %.12s%s\n", (long long)
               json_integer_value(json_object_get(c, "id")),
               json_string_value(json_object_get(c, "name")),
               (long long)json_integer_value(json_object_get(c, "experiment")),
               json_string_value(json_object_get(c, "path")),
               json_string_value(json_object_get(c, "sha256")),
               json_is_true(json_object_get(c, "in_production"))
               ? "  [production]" : "");
    json_decref(all);
    return 0;
}

int cmd_candidate(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        {"add", add}, {"list", list}, {"show", show}, {NULL, NULL},
    };
    return cli_run_sub(argc, argv, subs, usage);
}
