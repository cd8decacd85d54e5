/* util — small helpers every command shares. */
#include "cli/util.h"
#include "core/parse.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

int cli_parse_id(const char *text, int64_t *id, struct err *err)
{
    return parse_int64(text, "experiment id", 1, INT64_MAX, id, err);
}

int cli_open(struct steward **s, int json)
{
    struct err err = ERR_INIT;
    if (steward_open(s, &err))
        return cli_fail(&err, json);
    return 0;
}

int cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return 1;
    return 0;
}

int cli_simple_opts(int argc, char **argv, int *json, const char *usage)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
        if (c == 'j')
            *json = 1;
        else if (c == 'h')
            return printf("%s", usage), -1;
        else
            return cli_usage(argv[0], "unknown option"), -2;
    }
    return optind;
}

int cli_simple_start(int argc, char **argv, const char *usage, int *json,
                     struct steward **s)
{
    int i = cli_simple_opts(argc, argv, json, usage);
    if (i < 0)
        return i == -1 ? 0 : 1;
    int rc = cli_open(s, *json);
    return rc ? rc : -1;
}

void cli_ms_duration(int64_t ms, char *out, size_t n)
{
    if (ms < 1000)
        snprintf(out, n, "%lldms", (long long)ms);
    else if (ms < 120000)
        snprintf(out, n, "%.1fs", (double)ms / 1000);
    else
        snprintf(out, n, "%lldm%02llds", (long long)(ms / 60000),
                 (long long)(ms / 1000 % 60));
}

void cli_print_halts(struct steward *s, FILE *out)
{
    struct err err = ERR_INIT;
    json_t *halts;
    if (steward_halts(s, &halts, &err))
        return;
    size_t i;
    json_t *h;
    json_array_foreach(halts, i, h)
        fprintf(out, "!! HALTED (%s) by %s: %s — 'steward resume' lifts it\n",
                json_string_value(json_object_get(h, "scope")),
                json_string_value(json_object_get(h, "by")),
                json_string_value(json_object_get(h, "reason")));
    json_decref(halts);
}

int cli_run_sub(int argc, char **argv, const struct cli_sub *subs,
                const char *usage)
{
    int json = 0;
    for (int i = 1; i < argc; i++)
        json |= !strcmp(argv[i], "--json");
    if (argc < 2 || cli_wants_help(argc, argv))
        return printf("%s", usage), argc < 2;
    const struct cli_sub *sub = subs;
    while (sub->name && strcmp(sub->name, argv[1]))
        sub++;
    if (!sub->name)
        return cli_usage(argv[0], "unknown subcommand '%s'", argv[1]);
    struct steward *s;
    int rc = cli_open(&s, json);
    if (rc)
        return rc;
    rc = sub->run(s, argc - 1, argv + 1, json);
    steward_close(s);
    return rc;
}
