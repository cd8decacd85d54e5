/* review — what `approve` and `reject` share: ids, --reason, the loop. */
#include "cli/review.h"
#include "cli/util.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const struct option opts[] = {
    {"reason", required_argument, NULL, 'r'},
    {"json", no_argument, NULL, 'j'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* Reviews each id; every one is its own transaction, so one failure does
 * not undo the others. Returns the exit status of the first failure. */
static int review_ids(struct steward *s, char **ids, int n, int approve,
                      const char *reason, int json)
{
    int status = 0;
    json_t *results = json_array();
    for (int i = 0; i < n; i++) {
        struct err err = ERR_INIT;
        int64_t id = 0;
        int rc = cli_parse_id(ids[i], &id, &err);
        rc = rc ? rc : steward_review(s, id, approve, reason, &err);
        if (rc && !status)
            status = err_exit_status(rc);
        if (rc && !json)
            fprintf(stderr, "steward: %s\n", err.msg);
        else if (!json)
            printf("experiment %lld %s\n", (long long)id,
                   approve ? "approved" : "rejected");
        json_array_append_new(results, json_pack("{s:s,s:b,s:s}", "id",
            ids[i], "ok", !rc, "error", rc ? err.msg : ""));
    }
    if (json)
        (void)cli_print_json(results);
    json_decref(results);
    return status;
}

int cli_review(int argc, char **argv, int approve, const char *usage)
{
    const char *reason = "";
    int json = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "r:jh", opts, NULL)) != -1) {
        if (c == 'r')
            reason = optarg;
        else if (c == 'j')
            json = 1;
        else if (c == 'h')
            return printf("%s", usage), 0;
        else
            return cli_usage(argv[0], "unknown option");
    }
    if (optind == argc)
        return cli_usage(argv[0], "which experiments? give one or more ids");
    if (!approve && !*reason)
        return cli_usage(argv[0], "say why with --reason \"...\"");
    struct steward *s;
    int rc = cli_open(&s, json);
    if (rc)
        return rc;
    rc = review_ids(s, argv + optind, argc - optind, approve, reason, json);
    steward_close(s);
    return rc;
}
