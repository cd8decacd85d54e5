/* cmd_ledger — `steward ledger verify|export`. */
#include "cli/util.h"
#include "ledger/ledger.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: steward ledger verify [--json]\n"
    "       steward ledger export --json\n\n"
    "verify recomputes the hash chain of every entry and names the first\n"
    "bad seq if any entry was edited, deleted, inserted or reordered\n"
    "(exit 1 then). export streams every entry as one JSON object per line.\n";

static int verify(struct steward *s, int json)
{
    struct ledger_check c;
    struct err err = ERR_INIT;
    if (ledger_verify(s->db, &c, &err))
        return cli_fail(&err, json);
    if (json) {
        json_t *o = json_pack("{s:b,s:I,s:I,s:s,s:s}", "ok", !c.first_bad,
                              "entries", (json_int_t)c.entries, "first_bad",
                              (json_int_t)c.first_bad, "problem", c.problem,
                              "head", c.head);
        (void)cli_print_json(o);
        json_decref(o);
    } else if (c.first_bad) {
        printf("ledger BROKEN at seq %lld: %s\n", (long long)c.first_bad,
               c.problem);
    } else {
        printf("ledger ok: %lld entries, head %.16s…\n",
               (long long)c.entries, c.head);
    }
    return c.first_bad ? 1 : 0;
}

static int print_entry(json_t *entry, void *ctx)
{
    (void)ctx;
    return cli_print_json(entry) ? 1 : 0;
}

int cmd_ledger(int argc, char **argv)
{
    int json = 0;
    int i = cli_simple_opts(argc, argv, &json, usage);
    if (i < 0)
        return i == -1 ? 0 : 1;
    if (argc - i != 1 || (strcmp(argv[i], "verify") &&
                          strcmp(argv[i], "export")))
        return cli_usage(argv[0], "expected 'verify' or 'export'");
    struct steward *s;
    struct err err = ERR_INIT;
    int rc = cli_open(&s, json);
    if (rc)
        return rc;
    if (!strcmp(argv[i], "verify"))
        rc = verify(s, json);
    else if (ledger_each(s->db, 1, print_entry, NULL, &err) < 0)
        rc = cli_fail(&err, json);
    steward_close(s);
    return rc;
}
