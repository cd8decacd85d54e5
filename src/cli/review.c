/* review — what `approve` and `reject` share: ids, --reason, the loop. */
#include "cli/review.h"
#include "cli/util.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct option opts[] = {
    {"reason", required_argument, NULL, 'r'},
    {"campaign", required_argument, NULL, 'c'},
    {"json", no_argument, NULL, 'j'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static void print_outcome(struct steward *s, int64_t id, int approve)
{
    json_t *exp = NULL;
    struct err err = ERR_INIT;
    const char *state = !steward_show(s, id, &exp, &err)
        ? json_string_value(json_object_get(exp, "state")) : NULL;
    if (approve && state && !strcmp(state, "pending_review"))
        printf("experiment %lld: approval recorded; the policy needs more "
               "human approvals\n", (long long)id);
    else
        printf("experiment %lld %s\n", (long long)id,
               approve ? "approved" : "rejected");
    json_decref(exp);
}

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
            print_outcome(s, id, approve);
        json_array_append_new(results, json_pack("{s:s,s:b,s:s}", "id",
            ids[i], "ok", !rc, "error", rc ? err.msg : ""));
    }
    if (json)
        (void)cli_print_json(results);
    json_decref(results);
    return status;
}

/* The ids of every proposal of campaign waiting for review. */
static int campaign_ids(struct steward *s, const char *campaign, char ***ids,
                        int *n)
{
    static const char *const waiting[] = {"pending_review", NULL};
    struct err err = ERR_INIT;
    json_t *list;
    if (steward_list(s, waiting, &list, &err))
        return cli_fail(&err, 0);
    *ids = calloc(json_array_size(list) + 1, sizeof **ids);
    *n = 0;
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e) {
        const char *c = json_string_value(json_object_get(e, "campaign"));
        if (*ids && c && !strcmp(c, campaign) &&
            asprintf(&(*ids)[*n], "%lld", (long long)json_integer_value(
                         json_object_get(e, "id"))) >= 0)
            (*n)++;
    }
    json_decref(list);
    return *ids ? 0 : 3;
}

static int review_campaign(struct steward *s, const char *campaign,
                           int approve, const char *reason, int json)
{
    char **ids = NULL;
    int n = 0, rc = campaign_ids(s, campaign, &ids, &n);
    if (!rc && n == 0 && !json)
        printf("nothing of campaign %s waits for review\n", campaign);
    if (!rc && n)
        rc = review_ids(s, ids, n, approve, reason, json);
    for (int i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
    return rc;
}

int cli_review(int argc, char **argv, int approve, const char *usage)
{
    const char *reason = "", *campaign = NULL;
    int json = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "r:jh", opts, NULL)) != -1) {
        if (c == 'c')
            campaign = optarg;
        else if (c == 'r')
            reason = optarg;
        else if (c == 'j')
            json = 1;
        else if (c == 'h')
            return printf("%s", usage), 0;
        else
            return cli_usage(argv[0], "unknown option");
    }
    if (optind == argc && !campaign)
        return cli_usage(argv[0], "which experiments? give ids or "
                         "--campaign NAME");
    if (!approve && !*reason)
        return cli_usage(argv[0], "say why with --reason \"...\"");
    struct steward *s;
    int rc = cli_open(&s, json);
    if (rc)
        return rc;
    rc = campaign ? review_campaign(s, campaign, approve, reason, json)
                  : review_ids(s, argv + optind, argc - optind, approve,
                               reason, json);
    steward_close(s);
    return rc;
}
