/* cmd_person — `steward person add|list|remove`: who a uid is. */
#include "cli/util.h"
#include "core/parse.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: steward person add NAME --role owner|reviewer|agent [--uid UID]\n"
    "       steward person list\n"
    "       steward person remove NAME\n\n"
    "The server ('steward serve') decides who each local client is from\n"
    "its Unix uid, through this table: a uid that is nobody here may do\n"
    "nothing. 'steward init' records its caller as the first owner. Only\n"
    "owners change the table; every change is in the ledger.\n";

static int add(struct steward *s, int argc, char **argv, int json)
{
    static const struct option opts[] = {
        {"role", required_argument, NULL, 'r'},
        {"uid", required_argument, NULL, 'u'},
        {"json", no_argument, NULL, 'j'},
        {NULL, 0, NULL, 0},
    };
    const char *role = NULL;
    int64_t uid = -1;
    struct err err = ERR_INIT;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'r')
            role = optarg;
        else if (c == 'u' &&
                 parse_int64(optarg, "--uid", 0, 0x7fffffff, &uid, &err))
            return cli_fail(&err, json);
        else if (c == '?')
            return cli_usage("person", "unknown option");
    }
    if (!role || optind != argc - 1)
        return cli_usage("person", "add needs NAME and --role");
    if (steward_person_add(s, argv[optind], uid, role, &err))
        return cli_fail(&err, json);
    if (!json)
        printf("%s is now a person of this project (%s)\n", argv[optind],
               role);
    return 0;
}

static int list(struct steward *s, int argc, char **argv, int json)
{
    (void)argc, (void)argv;
    struct err err = ERR_INIT;
    json_t *all, *p;
    size_t i;
    if (steward_people(s, &all, &err))
        return cli_fail(&err, json);
    if (json)
        (void)cli_print_json(all);
    else
        json_array_foreach(all, i, p) {
            const json_t *uid = json_object_get(p, "uid");
            printf("%-20s %-9s uid %lld\n",
                   json_string_value(json_object_get(p, "name")),
                   json_string_value(json_object_get(p, "role")),
                   json_is_integer(uid) ? (long long)json_integer_value(uid)
                                        : -1LL);
        }
    json_decref(all);
    return 0;
}

static int remove_sub(struct steward *s, int argc, char **argv, int json)
{
    struct err err = ERR_INIT;
    if (argc != 2)
        return cli_usage("person", "remove needs the person's NAME");
    return steward_person_remove(s, argv[1], &err) ? cli_fail(&err, json)
                                                   : 0;
}

int cmd_person(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        {"add", add}, {"list", list}, {"remove", remove_sub},
        {NULL, NULL},
    };
    return cli_run_sub(argc, argv, subs, usage);
}
