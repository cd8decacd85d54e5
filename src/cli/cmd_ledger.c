/* cmd_ledger — `steward ledger verify|checkpoint|export`. */
#include "cli/util.h"
#include "ledger/ledger.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: steward ledger verify [--checkpoint FILE] [--json]\n"
    "       steward ledger checkpoint\n"
    "       steward ledger export --json\n\n"
    "verify recomputes the hash chain of every entry (an entry edited,\n"
    "deleted, inserted or reordered breaks it), then replays it and checks\n"
    "that the tables follow (experiments, approvals, halts, tokens, policy),\n"
    "naming the first mismatch (exit 1 then). With --checkpoint, it also\n"
    "proves the ledger extends a checkpoint kept elsewhere, which catches\n"
    "even a full, consistent rewrite.\n"
    "checkpoint prints the head signed with the project's Ed25519 key\n"
    "(.steward/ledger.key) and the public key: keep it off this machine.\n"
    "export streams every entry as one JSON object per line.\n";

static int verify(struct steward *s, const char *checkpoint, int json)
{
    json_t *r = NULL;
    struct err err = ERR_INIT;
    if (steward_ledger_verify(s, checkpoint, &r, &err))
        return cli_fail(&err, json);
    int ok = json_is_true(json_object_get(r, "ok"));
    if (json)
        (void)cli_print_json(r);
    else if (!ok)
        printf("ledger BROKEN: %s\n",
               json_string_value(json_object_get(r, "problem")));
    else
        printf("ledger ok: %lld entries, head %.16s…; tables follow from "
               "it%s\n", (long long)json_integer_value(json_object_get(r,
               "entries")), json_string_value(json_object_get(r, "head")),
               checkpoint ? "; extends the checkpoint" : "");
    json_decref(r);
    return ok ? 0 : 1;
}

static int checkpoint(struct steward *s)
{
    json_t *cp = NULL;
    struct err err = ERR_INIT;
    if (steward_ledger_checkpoint(s, &cp, &err))
        return cli_fail(&err, 0);
    int rc = cli_print_json(cp) ? 1 : 0;
    json_decref(cp);
    return rc;
}

static int print_entry(json_t *entry, void *ctx)
{
    (void)ctx;
    return cli_print_json(entry) ? 1 : 0;
}

static int run(struct steward *s, const char *what, const char *cp, int json)
{
    struct err err = ERR_INIT;
    if (!strcmp(what, "verify"))
        return verify(s, cp, json);
    if (!strcmp(what, "checkpoint"))
        return checkpoint(s);
    return steward_ledger_each(s, print_entry, NULL, &err)
           ? cli_fail(&err, json) : 0;
}

int cmd_ledger(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},
        {"checkpoint", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *cp = NULL;
    int json = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
        if (c == 'j') json = 1;
        else if (c == 'c') cp = optarg;
        else if (c == 'h') return printf("%s", usage), 0;
        else return cli_usage(argv[0], "unknown option");
    }
    if (argc - optind != 1 || (strcmp(argv[optind], "verify") &&
                               strcmp(argv[optind], "export") &&
                               strcmp(argv[optind], "checkpoint")))
        return cli_usage(argv[0], "expected 'verify', 'checkpoint' or "
                         "'export'");
    struct steward *s;
    int rc = cli_open(&s, json);
    if (rc)
        return rc;
    rc = run(s, argv[optind], cp, json);
    steward_close(s);
    return rc;
}
