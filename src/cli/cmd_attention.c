/* cmd_attention — `steward attention [--campaign NAME]`. */
#include "cli/util.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>

static const char usage[] =
    "usage: steward attention [--campaign NAME] [--json]\n\n"
    "How much human attention steward is spending: human decisions per 100\n"
    "runs, median time from proposal to a human decision, the share of\n"
    "proposals the policy approved alone, denials, and reviews that expired\n"
    "unread.\n";

static void print(const json_t *a)
{
    json_t *per = json_object_get(a, "human_decisions_per_100_runs");
    json_t *wait = json_object_get(a, "median_time_to_decision_s");
    json_t *rate = json_object_get(a, "auto_approval_rate");
    printf("proposals                      %lld\n",
           (long long)json_integer_value(json_object_get(a, "proposals")));
    printf("runs                           %lld\n",
           (long long)json_integer_value(json_object_get(a, "runs")));
    if (json_is_number(per))
        printf("human decisions per 100 runs   %.1f\n",
               json_number_value(per));
    else
        printf("human decisions per 100 runs   - (no runs yet)\n");
    if (json_is_number(wait))
        printf("median time to decision        %.1f s\n",
               json_number_value(wait));
    else
        printf("median time to decision        - (no human decision yet)\n");
    printf("auto-approval rate             %.0f%%\n",
           json_is_number(rate) ? 100 * json_number_value(rate) : 0.0);
    printf("denied by policy               %lld\n",
           (long long)json_integer_value(json_object_get(a, "denied")));
    printf("expired reviews                %lld\n",
           (long long)json_integer_value(json_object_get(a,
                                                         "expired_reviews")));
}

int cmd_attention(int argc, char **argv)
{
    static const struct option opts[] = {
        {"campaign", required_argument, NULL, 'c'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *campaign = NULL;
    int json = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'c') campaign = optarg;
        else if (c == 'j') json = 1;
        else if (c == 'h') return printf("%s", usage), 0;
        else return cli_usage(argv[0], "unknown option");
    }
    struct steward *s;
    struct err err = ERR_INIT;
    json_t *a = NULL;
    int rc = cli_open(&s, json);
    if (rc)
        return rc;
    rc = steward_attention(s, campaign, &a, &err);
    steward_close(s);
    if (rc)
        return cli_fail(&err, json);
    if (json)
        (void)cli_print_json(a);
    else
        print(a);
    json_decref(a);
    return 0;
}
