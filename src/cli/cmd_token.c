/* cmd_token — `steward token create|list|revoke`. */
#include "cli/util.h"
#include "core/parse.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: steward token create --role owner|reviewer|agent --name NAME\n"
    "                            [--person PERSON] [--expires DURATION]\n"
    "       steward token list\n"
    "       steward token revoke NAME\n\n"
    "Tokens say who is asking: set STEWARD_TOKEN=<token> for the CLI (and\n"
    "MCP), or send 'Authorization: Bearer <token>' over HTTP. The token is\n"
    "printed once; steward keeps only its hash. Only owners manage tokens.\n"
    "An owner's or reviewer's token belongs to a person (--person, default\n"
    "the person named like the token, added if new) and acts as that\n"
    "person: two tokens of one person are one approval, not two.\n";

static int create(struct steward *s, int argc, char **argv, int json)
{
    static const struct option opts[] = {
        {"role", required_argument, NULL, 'r'},
        {"name", required_argument, NULL, 'n'},
        {"expires", required_argument, NULL, 'e'},
        {"person", required_argument, NULL, 'p'},
        {"json", no_argument, NULL, 'j'},
        {NULL, 0, NULL, 0},
    };
    const char *role = NULL, *name = NULL, *person = NULL;
    int64_t ttl = 0;
    char token[96];
    struct err err = ERR_INIT;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'r')
            role = optarg;
        else if (c == 'n')
            name = optarg;
        else if (c == 'p')
            person = optarg;
        else if (c == 'e' && parse_duration(optarg, "--expires", &ttl, &err))
            return cli_fail(&err, json);
        else if (c == '?')
            return cli_usage("token", "unknown option");
    }
    if (!role || !name)
        return cli_usage("token", "create needs --role and --name");
    if (steward_token_create_for(s, name, role, person, ttl, token,
                                 sizeof token, &err))
        return cli_fail(&err, json);
    if (json)
        printf("{\"name\":\"%s\",\"role\":\"%s\",\"token\":\"%s\"}\n", name,
               role, token);
    else
        printf("%s\n(token '%s' for role %s; shown once — store it now)\n",
               token, name, role);
    return 0;
}

static int list(struct steward *s, int argc, char **argv, int json)
{
    (void)argc, (void)argv;
    struct err err = ERR_INIT;
    json_t *all;
    if (steward_token_list(s, &all, &err))
        return cli_fail(&err, json);
    size_t i;
    json_t *t;
    if (json)
        (void)cli_print_json(all);
    json_array_foreach(all, i, t) if (!json)
        printf("%-20s %-9s %s\n", json_string_value(json_object_get(t, "name")),
               json_string_value(json_object_get(t, "role")),
               !json_is_null(json_object_get(t, "revoked_ms")) ? "revoked"
               : !json_is_null(json_object_get(t, "expires_ms")) ? "expires"
               : "active");
    json_decref(all);
    return 0;
}

static int revoke(struct steward *s, int argc, char **argv, int json)
{
    struct err err = ERR_INIT;
    if (argc < 2)
        return cli_usage("token", "revoke needs the token's NAME");
    if (steward_token_revoke(s, argv[1], &err))
        return cli_fail(&err, json);
    printf("token %s revoked\n", argv[1]);
    return 0;
}

int cmd_token(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        {"create", create}, {"list", list}, {"revoke", revoke},
        {NULL, NULL},
    };
    return cli_run_sub(argc, argv, subs, usage);
}
