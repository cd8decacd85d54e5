/* cmd_promote — `steward promote request|status|approve|reject|rollback|
 * history`: moving a candidate to production behind the policy's gates
 * and humans' approvals (src/promote/). */
#include "cli/util.h"
#include "core/clock.h"
#include "promote/promote.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: steward promote request CANDIDATE --to production [--reason TEXT]\n"
    "       steward promote status [ID] [--json]\n"
    "       steward promote approve ID [--reason TEXT]\n"
    "       steward promote reject ID --reason TEXT\n"
    "       steward promote rollback NAME --to production [--reason TEXT]\n"
    "       steward promote history NAME [--json]\n\n"
    "Nothing reaches production without humans. Anyone, agents included,\n"
    "may request a promotion; its gates come from the policy (stored\n"
    "comparisons against production's run, eval and red-team runs, N\n"
    "approvals from distinct humans other than the requester; see\n"
    "docs/promotion.md). 'status' shows each gate met or not, why, and the\n"
    "evidence it cites; without ID, every promotion waiting. Each approval\n"
    "is bound to the candidate, the policy and the evidence: a change of\n"
    "any voids it. The approval that completes every gate runs the\n"
    "policy's deploy hook, sandboxed, with the artifact's path; only if it\n"
    "succeeds does the production pointer move (approve again to retry a\n"
    "failed hook). 'rollback' moves NAME back to the candidate the current\n"
    "one replaced (who may: the policy). 'history' lists the pointer's\n"
    "moves: who, when, which evidence. Agents may never approve, reject or\n"
    "roll back (exit 4, recorded in the ledger).\n";

struct opts {
    const char *to, *reason;
    const char *arg;
};

static int parse(int argc, char **argv, struct opts *o, int json)
{
    static const struct option opts[] = {
        {"to", required_argument, NULL, 't'},
        {"reason", required_argument, NULL, 'r'},
        {"json", no_argument, NULL, 'j'},
        {NULL, 0, NULL, 0},
    };
    int c;
    (void)json;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 't')
            o->to = optarg;
        else if (c == 'r')
            o->reason = optarg;
        else if (c == '?')
            return cli_usage("promote", "unknown option");
    }
    if (argc - optind > 1)
        return cli_usage("promote", "%s takes one operand", argv[0]);
    o->arg = optind < argc ? argv[optind] : NULL;
    return 0;
}

static int request(struct steward *s, int argc, char **argv, int json)
{
    struct opts o = {0};
    struct err err = ERR_INIT;
    int64_t cand = 0, id = 0;
    int rc = parse(argc, argv, &o, json);
    if (rc)
        return rc;
    if (!o.arg || !o.to)
        return cli_usage("promote", "request takes CANDIDATE --to production");
    if (cli_parse_id(o.arg, &cand, &err) ||
        steward_promote_request(s, cand, o.to, o.reason, &id, &err))
        return cli_fail(&err, json);
    printf(json ? "{\"promotion\":%lld,\"candidate\":%lld}\n"
                : "promotion %lld: candidate %lld waiting for its gates and "
                  "humans; 'steward promote status %lld'\n",
           (long long)id, (long long)cand, (long long)id);
    return 0;
}

static void print_evidence(const json_t *ev)
{
    size_t i;
    json_t *e;
    json_array_foreach(ev, i, e) {
        const char *kind = json_string_value(json_object_get(e, "cites"));
        if (kind && !strcmp(kind, "approval"))
            printf("      approval by %s%s\n", json_string_value(
                   json_object_get(e, "by")), json_is_true(json_object_get(
                   e, "valid")) ? "" : " (VOID: given before a change)");
        else
            printf("      %s %lld%s%s\n", kind ? kind : "?", (long long)
                   json_integer_value(json_object_get(e, "id")),
                   json_object_get(e, "state") ? " " : "",
                   json_object_get(e, "state") ? json_string_value(
                   json_object_get(e, "state")) : "");
    }
}

static void print_deploy(const json_t *d)
{
    if (!json_is_object(d)) {
        printf("  deploy hook: none in the policy (the pointer moves once "
               "the artifact's hash checks)\n");
        return;
    }
    char *reads = json_dumps(json_object_get(d, "reads"), JSON_COMPACT);
    printf("  deploy hook: %s\n    sandboxed, within %llds, network %s, "
           "credential files %s\n", json_string_value(json_object_get(d,
           "command")), (long long)json_integer_value(json_object_get(d,
           "time_s")), json_is_true(json_object_get(d, "network"))
           ? "GRANTED" : "none", reads ? reads : "[]");
    free(reads);
}

static void print_gates(const json_t *gates)
{
    const json_t *g;
    size_t i;
    json_array_foreach(gates, i, g) {
        printf("  [%s] %s: %s\n", json_is_true(json_object_get(g, "met"))
               ? "met" : "NOT MET", json_string_value(json_object_get(g,
               "gate")), json_string_value(json_object_get(g, "why")));
        print_evidence(json_object_get(g, "evidence"));
    }
}

static void print_card(const json_t *c)
{
    const json_t *cand = json_object_get(c, "candidate");
    const char *state = json_string_value(json_object_get(c, "state"));
    int waiting = !strcmp(state, "waiting");
    printf("promotion %lld: candidate %lld (%s, experiment %lld) -> %s   "
           "%s\n",
           (long long)json_integer_value(json_object_get(c, "promotion")),
           (long long)json_integer_value(json_object_get(cand, "id")),
           json_string_value(json_object_get(cand, "name")),
           (long long)json_integer_value(json_object_get(cand, "experiment")),
           json_string_value(json_object_get(c, "target")),
           waiting ? "WAITING" : state);
    printf("  requested by %s; in production now: ", json_string_value(
           json_object_get(c, "requester")));
    if (json_is_integer(json_object_get(c, "production")))
        printf("candidate %lld\n", (long long)json_integer_value(
               json_object_get(c, "production")));
    else
        printf("nothing\n");
    print_gates(json_object_get(c, "gates"));
    print_deploy(json_object_get(c, "deploy"));
    if (waiting)
        printf("  %s\n", json_is_true(json_object_get(c, "ready"))
               ? "every gate holds: an approval deploys it"
               : "not ready: every gate must be met before it deploys");
}

static int status(struct steward *s, int argc, char **argv, int json)
{
    struct opts o = {0};
    struct err err = ERR_INIT;
    int64_t id = 0;
    json_t *out = NULL, *c;
    size_t i;
    int rc = parse(argc, argv, &o, json);
    if (rc)
        return rc;
    rc = o.arg ? cli_parse_id(o.arg, &id, &err) : 0;
    rc = rc ? rc : o.arg ? steward_promote_status(s, id, &out, &err)
                         : steward_promote_waiting(s, &out, &err);
    if (rc)
        return cli_fail(&err, json);
    if (json)
        (void)cli_print_json(out);
    else if (o.arg)
        print_card(out);
    else if (!json_array_size(out))
        printf("no promotion is waiting\n");
    json_array_foreach(out, i, c) if (!json)
        print_card(c);
    json_decref(out);
    return 0;
}

static void print_hook(const json_t *h)
{
    if (json_is_object(h))
        printf("  deploy hook %s; its output ends:\n%s", json_string_value(
               json_object_get(h, "ended")), json_string_value(
               json_object_get(h, "stdout")));
}

static int approve(struct steward *s, int argc, char **argv, int json)
{
    struct opts o = {0};
    struct err err = ERR_INIT;
    int64_t id = 0;
    json_t *card = NULL;
    int rc = parse(argc, argv, &o, json);
    if (rc)
        return rc;
    if (!o.arg)
        return cli_usage("promote", "approve takes a promotion ID");
    if (cli_parse_id(o.arg, &id, &err) ||
        steward_promote_approve(s, id, o.reason, &card, &err))
        return cli_fail(&err, json);
    if (json)
        (void)cli_print_json(card);
    else if (json_is_true(json_object_get(card, "deployed")))
        printf("promotion %lld: approved and DEPLOYED: candidate %lld is in "
               "production\n", (long long)id, (long long)json_integer_value(
               json_object_get(json_object_get(card, "candidate"), "id"))),
        print_hook(json_object_get(card, "hook"));
    else
        printf("promotion %lld: approval recorded; still waiting "
               "('steward promote status %lld')\n", (long long)id,
               (long long)id);
    json_decref(card);
    return 0;
}

static int reject(struct steward *s, int argc, char **argv, int json)
{
    struct opts o = {0};
    struct err err = ERR_INIT;
    int64_t id = 0;
    int rc = parse(argc, argv, &o, json);
    if (rc)
        return rc;
    if (!o.arg || !o.reason || !*o.reason)
        return cli_usage("promote", "reject takes ID --reason TEXT");
    if (cli_parse_id(o.arg, &id, &err) ||
        steward_promote_reject(s, id, o.reason, &err))
        return cli_fail(&err, json);
    printf(json ? "{\"promotion\":%lld,\"state\":\"rejected\"}\n"
                : "promotion %lld rejected\n", (long long)id);
    return 0;
}

static int rollback(struct steward *s, int argc, char **argv, int json)
{
    struct opts o = {0};
    struct err err = ERR_INIT;
    json_t *out = NULL;
    int rc = parse(argc, argv, &o, json);
    if (rc)
        return rc;
    if (!o.arg || !o.to)
        return cli_usage("promote", "rollback takes NAME --to production");
    if (steward_promote_rollback(s, o.arg, o.to, o.reason, &out, &err))
        return cli_fail(&err, json);
    if (json)
        (void)cli_print_json(out);
    else
        printf("%s rolled back: candidate %lld is in production again "
               "(replacing %lld)\n", o.arg, (long long)json_integer_value(
               json_object_get(out, "candidate")), (long long)
               json_integer_value(json_object_get(out, "replaced")));
    json_decref(out);
    return 0;
}

/* One move of the pointer: when, what, who, and the evidence it moved
 * on, one line per gate. */
static void print_move(const json_t *h)
{
    const json_t *ev = json_object_get(h, "evidence"), *g;
    const char *reason = json_string_value(json_object_get(ev, "reason"));
    char when[40];
    size_t i;
    clock_format_iso(json_integer_value(json_object_get(h, "time_ms")), when,
                     sizeof when);
    printf("%s  %-16s candidate %lld by %s\n", when, json_string_value(
           json_object_get(h, "action")), (long long)json_integer_value(
           json_object_get(h, "candidate")), json_string_value(
           json_object_get(h, "by")));
    if (reason && *reason)
        printf("    reason: %s\n", reason);
    json_array_foreach(json_object_get(ev, "gates"), i, g)
        printf("    %s: %s\n", json_string_value(json_object_get(g, "gate")),
               json_string_value(json_object_get(g, "why")));
    if (json_is_object(json_object_get(ev, "hook")))
        printf("    deploy hook: %s\n", json_string_value(json_object_get(
               json_object_get(ev, "hook"), "ended")));
}

static int history(struct steward *s, int argc, char **argv, int json)
{
    struct opts o = {0};
    struct err err = ERR_INIT;
    json_t *out = NULL, *h;
    size_t i;
    int rc = parse(argc, argv, &o, json);
    if (rc)
        return rc;
    if (!o.arg)
        return cli_usage("promote", "history takes a candidate NAME");
    if (steward_promote_history(s, o.arg, &out, &err))
        return cli_fail(&err, json);
    if (json)
        (void)cli_print_json(out);
    else if (!json_array_size(out))
        printf("%s has never been in production\n", o.arg);
    json_array_foreach(out, i, h) if (!json)
        print_move(h);
    json_decref(out);
    return 0;
}

int cmd_promote(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        {"request", request}, {"status", status}, {"approve", approve},
        {"reject", reject}, {"rollback", rollback}, {"history", history},
        {NULL, NULL},
    };
    return cli_run_sub(argc, argv, subs, usage);
}
