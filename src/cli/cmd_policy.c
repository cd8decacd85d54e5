/*
 * cmd_policy — `steward policy check|eval|explain|diff|default`.
 *
 * A thin front end over src/policy: check compiles a file and lists every
 * error at file:line:col; eval decides a hand-written request; explain
 * turns a stored decision into text; diff shows which decisions a new
 * version would change; default prints the starter policy.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/path.h"
#include "policy/policy.h"

#define DIFF_REQUESTS_MAX 10000

struct policy_opts {
    int json;
    const char *request;
    const char *requests;
    const char *decision;
    int last;
};

int policy_explain_id(const char *id_text, int json);
int policy_diff_stored(const char *new_path, int last, int json);
int policy_apply_file(const char *file, int json);

static const char usage_text[] =
"usage: steward policy check [FILE] [--json]\n"
"       steward policy eval FILE --request JSON|@FILE [--json]\n"
"       steward policy explain ID | --decision FILE|- [--json]\n"
"       steward policy diff NEW [--last N] [--json]\n"
"       steward policy diff OLD NEW --requests FILE [--json]\n"
"       steward policy apply FILE [--json]\n"
"       steward policy default\n"
"\n"
"check    compile the policy (default: .steward/policy of the project found\n"
"         from the current directory upwards, or $STEWARD_HOME/policy) and\n"
"         print 'ok: N rules, hash HEX' or every error as file:line:col;\n"
"         exit 1 on any error.\n"
"eval     decide one request written as JSON, e.g.\n"
"         '{\"principal\":\"bot\",\"role\":\"agent\",\"command\":\"python3 "
"train.py\",\n"
"           \"cpus\":2,\"time\":\"30m\",\"usage\":{\"cpu-hours principal "
"day\":3}}'\n"
"         and print the verdict with the rules that fired. A policy that\n"
"         fails to load decides deny ('policy error: ...'). Exit 0.\n"
"explain  which rules fired for proposal ID, why, with what values (or\n"
"         for a decision given as JSON), one line per rule.\n"
"diff     with NEW alone: what the policy file NEW would decide\n"
"         differently from the current policy for the last N proposals\n"
"         (default 100) -- the dry run to read before switching. With OLD\n"
"         NEW --requests: the same over a JSON array of requests.\n"
"apply    check FILE and install it as the project's policy, with a\n"
"         ledger entry holding the old and new hashes (owners only; read\n"
"         'policy diff FILE' first). An edit made to .steward/policy by\n"
"         hand is recorded at the next decision as made outside steward.\n"
"default  print the starter policy that 'steward init' writes.\n"
"\n"
"--json prints machine-readable output. The language: docs/policy.md.\n";

static int parse_opts(int argc, char **argv, struct policy_opts *o)
{
    static const struct option longs[] = {
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {"request", required_argument, NULL, 'r'},
        {"requests", required_argument, NULL, 'R'},
        {"decision", required_argument, NULL, 'd'},
        {"last", required_argument, NULL, 'l'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        switch (c) {
        case 'j': o->json = 1; break;
        case 'r': o->request = optarg; break;
        case 'R': o->requests = optarg; break;
        case 'd': o->decision = optarg; break;
        case 'l': o->last = (int)strtol(optarg, NULL, 10); break;
        case 'h': fputs(usage_text, stdout); return 1;
        default: return -1;
        }
    }
    return 0;
}

static void print_diags(const struct policy_diags *d, int json,
                        const struct err *err)
{
    if (json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < d->n; i++)
            json_array_append_new(arr, json_pack("{s:s,s:i,s:i,s:s,s:s}",
                "file", d->items[i].file, "line", d->items[i].line, "col",
                d->items[i].col, "message", d->items[i].msg, "hint",
                d->items[i].hint));
        json_t *o = json_pack("{s:b,s:o,s:s}", "ok", 0, "errors", arr,
                              "error", err->msg);
        (void)cli_print_json(o);
        json_decref(o);
        return;
    }
    for (size_t i = 0; i < d->n; i++) {
        const struct policy_diag *g = &d->items[i];
        if (g->line > 0)
            fprintf(stderr, "%s:%d:%d: %s\n", g->file, g->line, g->col,
                    g->msg);
        else
            fprintf(stderr, "%s: %s\n", g->file, g->msg);
        if (g->hint[0])
            fprintf(stderr, "    hint: %s\n", g->hint);
    }
    if (d->dropped)
        fprintf(stderr, "(%zu more errors)\n", d->dropped);
}

static int policy_path(int argc, char **argv, char *path, size_t n,
                       struct err *err)
{
    if (optind < argc)   /* cut, it would name another file */
        return path_format(path, n, err, "%s", argv[optind]);
    return policy_find_default(path, n, err);
}

static int do_check(int argc, char **argv, const struct policy_opts *o)
{
    char path[4096];
    struct err err = ERR_INIT;
    struct policy *p = NULL;
    struct policy_diags *d = calloc(1, sizeof *d);
    if (!d || policy_path(argc, argv, path, sizeof path, &err)) {
        free(d);
        return cli_fail(&err, o->json);
    }
    int rc = policy_load(path, &p, d, &err);
    if (rc) {
        print_diags(d, o->json, &err);
        free(d);
        return 1;
    }
    if (o->json) {
        json_t *j = json_pack("{s:b,s:s,s:i,s:s}", "ok", 1, "file", path,
                              "rules", (int)policy_rule_count(p), "hash",
                              policy_hash(p));
        (void)cli_print_json(j);
        json_decref(j);
    } else {
        printf("ok: %zu rules, hash %s\n", policy_rule_count(p),
               policy_hash(p));
    }
    policy_free(p);
    free(d);
    return 0;
}

/* JSON from an argument: inline text, "@FILE", or "-" for stdin. */
static json_t *json_arg(const char *arg, struct err *err)
{
    json_error_t je;
    json_t *j;
    if (!strcmp(arg, "-"))
        j = json_loadf(stdin, 0, &je);
    else if (arg[0] == '@')
        j = json_load_file(arg + 1, 0, &je);
    else if (arg[0] == '{' || arg[0] == '[')
        j = json_loads(arg, 0, &je);
    else
        j = json_load_file(arg, 0, &je);
    if (!j)
        err_set(err, ERR_USER, "bad JSON in %s: %s (line %d)", arg, je.text,
                je.line);
    return j;
}

static int print_decision(json_t *dj, int json, struct err *err)
{
    char *text = NULL;
    if (json)
        return cli_print_json(dj) ? err_set(err, ERR_INTERNAL, "print") : 0;
    if (policy_explain(dj, &text, err))
        return err->code;
    fputs(text, stdout);
    free(text);
    return 0;
}

static int eval_with(struct policy *p, const char *load_error,
                     const json_t *rj, int json, struct err *err)
{
    struct policy_json_request *jr = malloc(sizeof *jr);
    struct policy_decision *d = malloc(sizeof *d);
    int rc = ERR_INTERNAL;
    if (!jr || !d) {
        rc = err_set(err, ERR_INTERNAL, "out of memory");
    } else if (!(rc = policy_request_from_json(rj, jr, err))) {
        struct err e = ERR_INIT;
        if (p)
            (void)policy_decide(p, &jr->req, d, &e);
        else
            policy_decision_fail(d, load_error);
        json_t *dj = policy_decision_json(p, &jr->req, d);
        rc = dj ? print_decision(dj, json, err)
                : err_set(err, ERR_INTERNAL, "out of memory");
        json_decref(dj);
    }
    free(jr);
    free(d);
    return rc;
}

static int do_eval(int argc, char **argv, const struct policy_opts *o)
{
    struct err err = ERR_INIT, lerr = ERR_INIT;
    struct policy *p = NULL;
    if (optind >= argc || !o->request)
        return cli_usage("policy", "eval needs FILE and --request JSON");
    json_t *rj = json_arg(o->request, &err);
    if (!rj)
        return cli_fail(&err, o->json);
    if (policy_load(argv[optind], &p, NULL, &lerr))
        p = NULL;  /* decided below as the fail-closed deny */
    int rc = eval_with(p, lerr.msg, rj, o->json, &err);
    policy_free(p);
    json_decref(rj);
    return rc ? cli_fail(&err, o->json) : 0;
}

static int do_explain(int argc, char **argv, const struct policy_opts *o)
{
    struct err err = ERR_INIT;
    if (!o->decision && optind < argc)
        return policy_explain_id(argv[optind], o->json);
    if (!o->decision)
        return cli_usage("policy", "explain needs --decision FILE (or - for "
                         "stdin); explaining a proposal by id comes with the "
                         "store");
    json_t *dj = json_arg(o->decision, &err);
    int rc = dj ? print_decision(dj, o->json, &err) : err.code;
    json_decref(dj);
    return rc ? cli_fail(&err, o->json) : 0;
}

static int load_requests(const json_t *arr, struct policy_json_request *jr,
                         struct policy_request *reqs, struct err *err)
{
    for (size_t i = 0; i < json_array_size(arr); i++) {
        if (policy_request_from_json(json_array_get(arr, i), &jr[i], err))
            return err->code;
        reqs[i] = jr[i].req;  /* points into jr[i], which stays put */
    }
    return 0;
}

static int print_diff(json_t *changes, size_t n, int json)
{
    if (json)
        return cli_print_json(changes) ? 3 : 0;
    printf("%zu of %zu decisions change\n", json_array_size(changes), n);
    size_t i;
    json_t *c;
    json_array_foreach(changes, i, c) {
        printf("  request %lld: %s -> %s\n",
               (long long)json_integer_value(json_object_get(c, "index")),
               json_string_value(json_object_get(c, "before")),
               json_string_value(json_object_get(c, "after")));
        size_t k;
        json_t *r;
        json_array_foreach(json_object_get(c, "after_reasons"), k, r)
            printf("      %s\n", json_string_value(r));
    }
    return 0;
}

static int diff_with(struct policy *a, struct policy *b, const json_t *arr,
                     int json, struct err *err)
{
    size_t n = json_array_size(arr);
    struct policy_json_request *jr = calloc(n ? n : 1, sizeof *jr);
    struct policy_request *reqs = calloc(n ? n : 1, sizeof *reqs);
    json_t *changes = NULL;
    int rc = jr && reqs ? load_requests(arr, jr, reqs, err)
                        : err_set(err, ERR_INTERNAL, "out of memory");
    if (!rc)
        rc = policy_diff(a, b, reqs, n, &changes, err);
    if (!rc)
        rc = print_diff(changes, n, json);
    json_decref(changes);
    free(jr);
    free(reqs);
    return rc;
}

static int do_diff(int argc, char **argv, const struct policy_opts *o)
{
    struct err err = ERR_INIT, ea = ERR_INIT, eb = ERR_INIT;
    struct policy *a = NULL, *b = NULL;
    if (optind + 1 == argc && !o->requests)
        return policy_diff_stored(argv[optind], o->last ? o->last : 100,
                                  o->json);
    if (optind + 2 > argc || !o->requests)
        return cli_usage("policy", "diff needs OLD NEW --requests FILE");
    json_t *arr = json_arg(o->requests, &err);
    if (arr && (!json_is_array(arr) ||
                json_array_size(arr) > DIFF_REQUESTS_MAX))
        err_set(&err, ERR_USER, "--requests must be a JSON array of at most "
                "%d requests", DIFF_REQUESTS_MAX);
    if (err.code) {
        json_decref(arr);
        return cli_fail(&err, o->json);
    }
    if (policy_load(argv[optind], &a, NULL, &ea))
        fprintf(stderr, "steward: old policy: %s\n", ea.msg);
    if (policy_load(argv[optind + 1], &b, NULL, &eb))
        fprintf(stderr, "steward: new policy: %s\n", eb.msg);
    int rc = diff_with(a, b, arr, o->json, &err);
    policy_free(a);
    policy_free(b);
    json_decref(arr);
    return rc > 0 ? rc : rc ? cli_fail(&err, o->json) : 0;
}

int cmd_policy(int argc, char **argv)
{
    struct policy_opts o = {0};
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? 1 : 0;
    }
    const char *sub = argv[1];
    int rc = parse_opts(argc - 1, argv + 1, &o);
    if (rc)
        return rc > 0 ? 0 : cli_usage("policy", "bad option");
    optind++;  /* index into argv, not argv + 1 */
    if (!strcmp(sub, "check"))
        return do_check(argc, argv, &o);
    if (!strcmp(sub, "eval"))
        return do_eval(argc, argv, &o);
    if (!strcmp(sub, "explain"))
        return do_explain(argc, argv, &o);
    if (!strcmp(sub, "diff"))
        return do_diff(argc, argv, &o);
    if (!strcmp(sub, "apply"))
        return optind < argc ? policy_apply_file(argv[optind], o.json)
               : cli_usage("policy", "apply needs a FILE");
    if (!strcmp(sub, "default"))
        return fputs(policy_default_text(), stdout) < 0 ? 3 : 0;
    return cli_usage("policy", "unknown subcommand '%s' (check, eval, "
                     "explain, diff, default)", sub);
}
