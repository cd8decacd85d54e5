/*
 * cmd_propose — `steward propose --name N [resources] -- CMD...`.
 *
 * Records a proposal and prints the policy's verdict: approved to run,
 * waiting for review, or denied (exit 2) with the reasons.
 */
#include "cli/util.h"
#include "core/json.h"
#include "core/parse.h"
#include "policy/policy.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: steward propose --name NAME [options] -- COMMAND [ARGS...]\n\n"
    "Proposes an experiment. The policy decides at once: approved (runs on\n"
    "the next dispatch), waiting for review (a human sees it in 'steward\n"
    "queue'), or denied (exit 2, with the reasons).\n\n"
    "options:\n"
    "  --name NAME          short name (required)\n"
    "  --cpus N             CPU cores (fractions allowed, at least 0.01)\n"
    "  --mem SIZE           memory limit, e.g. 512M, 4G\n"
    "  --gpus N             GPUs (default 0)\n"
    "  --time DURATION      wall-time limit, e.g. 90s, 5m, 2h\n"
    "  --disk SIZE          work-directory quota\n"
    "  --network            ask for network access (none by default)\n"
    "  --param NAME=VALUE   a parameter (repeatable); the run reads\n"
    "                       STEWARD_PARAMS and STEWARD_PARAM_<NAME>\n"
    "  --tag TAG            a tag (repeatable)\n"
    "  --rationale TEXT     the one-paragraph why, for the reviewer\n"
    "  --campaign NAME      the campaign this belongs to\n"
    "  --json               print the result as JSON\n\n"
    "The working directory (here) is snapshotted now, with your own\n"
    "permissions (the policy's secrets and .steward left out, at most\n"
    "--disk bytes): the run sees exactly that tree, and an approval binds\n"
    "it. Contents are stored once in .steward/cas ('steward gc' prunes).\n"
    "Limits not given come from the policy's 'default' statement (else\n"
    "the built-in cpus 1, mem 2G, time 1h, disk 10G).\n";

static const struct option opts[] = {
    {"name", required_argument, NULL, 'n'},
    {"cpus", required_argument, NULL, 'c'},
    {"mem", required_argument, NULL, 'm'},
    {"gpus", required_argument, NULL, 'g'},
    {"time", required_argument, NULL, 't'},
    {"disk", required_argument, NULL, 'd'},
    {"network", no_argument, NULL, 'N'},
    {"param", required_argument, NULL, 'p'},
    {"tag", required_argument, NULL, 'T'},
    {"rationale", required_argument, NULL, 'r'},
    {"campaign", required_argument, NULL, 'C'},
    {"json", no_argument, NULL, 'j'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* 0 means "the policy's default" inside a proposal: said explicitly, it
 * is a mistake. */
static int positive(double v, const char *what, struct err *err)
{
    if (v > 0)
        return 0;
    return err_set(err, ERR_USER, "%s must be positive", what);
}

/* Where the defaults come from, for --help: this project's policy, else
 * the built-in table. */
static void print_defaults(void)
{
    char path[4096], mem[32], time[32], disk[32];
    struct policy *pol = NULL;
    struct err err = ERR_INIT;
    int have = !policy_find_default(path, sizeof path, &err) &&
               !policy_load(path, &pol, NULL, &err);
    const struct policy_defaults *d = policy_defaults(pol);
    format_size(d->mem_bytes, mem, sizeof mem);
    format_duration(d->time_seconds, time, sizeof time);
    format_size(d->disk_bytes, disk, sizeof disk);
    printf("\nDefaults here (%s): cpus %g, mem %s, time %s, disk %s\n",
           have ? path : "built in", d->cpus, mem, time, disk);
    policy_free(pol);
}

static int apply_opt(int c, const char *arg, struct proposal *p, int *json,
                     struct err *err)
{
    switch (c) {
    case 'n': p->name = arg; return 0;
    case 'c': return parse_double(arg, "--cpus", &p->cpus, err) ? err->code
                     : positive(p->cpus, "--cpus", err);
    case 'm': return parse_size(arg, "--mem", &p->mem_bytes, err) ? err->code
                     : positive((double)p->mem_bytes, "--mem", err);
    case 'g': return parse_int64(arg, "--gpus", 0, 1024, &p->gpus, err);
    case 't': return parse_duration(arg, "--time", &p->time_s, err)
                     ? err->code : positive((double)p->time_s, "--time", err);
    case 'd': return parse_size(arg, "--disk", &p->disk_bytes, err)
                     ? err->code
                     : positive((double)p->disk_bytes, "--disk", err);
    case 'N': p->network = 1; return 0;
    case 'p': return proposal_add_param(p->params, arg, err);
    case 'T': return json_array_append_new(p->tags, json_string(arg))
                     ? err_set(err, ERR_USER, "--tag: not valid UTF-8") : 0;
    case 'r': p->rationale = arg; return 0;
    case 'C': p->campaign = arg; return 0;
    case 'j': *json = 1; return 0;
    default:
        return err_set(err, ERR_USER, "unknown option; see 'steward propose "
                       "--help'");
    }
}

static void print_result(int64_t id, const json_t *d, int json)
{
    const char *verdict = json_string_value(json_object_get(d, "verdict"));
    if (json) {
        json_t *o = json_pack("{s:I,s:O}", "id", (json_int_t)id, "decision",
                              d);
        (void)cli_print_json(o);
        json_decref(o);
        return;
    }
    const char *what = !strcmp(verdict, "auto") ? "approved by policy"
                       : !strcmp(verdict, "deny") ? "DENIED by policy"
                       : "waiting for review";
    printf("experiment %lld: %s\n", (long long)id, what);
    size_t k;
    json_t *w;
    json_array_foreach(json_object_get(d, "warnings"), k, w)
        fprintf(stderr, "steward: warning: %s\n", json_string_value(w));
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(d, "reasons"), i, r)
        printf("  - %s\n", json_is_string(r) ? json_string_value(r)
               : json_string_value(json_object_get(r, "reason")));
}

static int propose(struct proposal *p, int json)
{
    struct steward *s;
    struct err err = ERR_INIT;
    int64_t id = 0;
    json_t *decision = NULL;
    int rc = cli_open(&s, json);
    if (rc)
        return rc;
    rc = steward_propose(s, p, &id, &decision, &err);
    if (decision)
        print_result(id, decision, json);
    json_decref(decision);
    steward_close(s);
    return rc ? (json && decision ? err_exit_status(rc) : cli_fail(&err, json))
              : 0;
}

int cmd_propose(int argc, char **argv)
{
    struct proposal p;
    struct err err = ERR_INIT;
    char cwd[API_PATH_MAX];
    int json = 0, c, rc = 0;
    proposal_defaults(&p);
    p.params = json_object();
    p.tags = json_array();
    optind = 1;
    while (!rc && (c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        if (c == 'h') {
            printf("%s", usage);
            print_defaults();
            goto out;
        }
        rc = apply_opt(c, optarg, &p, &json, &err);
    }
    if (!rc && !steward_workdir(cwd, sizeof cwd) == 0)
        rc = err_errno(&err, "current directory");
    p.argv = argv + optind;
    p.workdir = cwd;
    rc = rc ? cli_fail(&err, json) : propose(&p, json);
out:
    json_decref(p.params);
    json_decref(p.tags);
    return rc;
}
