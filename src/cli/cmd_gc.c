/* cmd_gc — `steward gc`, the one garbage collection: retention for the
 * files of old runs (the rule from the options, else the policy's
 * `retain` statement, api/retention.c), then the content store's
 * collection of what nothing references (snapshot/gc.c). This file only
 * parses and reports. */
#include "api/retention.h"
#include "cli/util.h"
#include "core/parse.h"

#include <getopt.h>
#include <stdio.h>

static const char usage[] =
    "usage: steward gc [--keep-days N] [--keep-last N] [--dry-run] [--json]\n\n"
    "First retention: removes the logs and io/ directories of ended runs,\n"
    "and the stored\n"
    "artifacts only they named, unless the run ended less than N days ago\n"
    "(--keep-days) or is among the N newest ended runs (--keep-last).\n"
    "Metrics, manifests (hashes, sizes), digests, snapshots and the ledger\n"
    "stay. Without options, the policy's rule applies, e.g.\n"
    "  retain logs and artifacts for 30d and of the last 200 runs\n"
    "and 'steward dispatch' and 'serve' apply it when they start. Owners\n"
    "only; each pass is one ledger entry. --dry-run shows what would go.\n"
    "Then the store: snapshots nothing names, stored file contents no\n"
    "snapshot lists, artifacts no run lists, temp files of interrupted\n"
    "writes (not with --dry-run). Refused (exit 7) while a proposal or a\n"
    "run start uses the store.\n";

struct gc_opts {
    struct retention r;
    int json, given;
};

static int parse_opts(int argc, char **argv, struct gc_opts *o,
                      struct err *err)
{
    static const struct option opts[] = {
        {"keep-days", required_argument, NULL, 'd'},
        {"keep-last", required_argument, NULL, 'l'},
        {"dry-run", no_argument, NULL, 'n'}, {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
    };
    int c;
    int64_t v;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h')
            return printf("%s", usage), -1;
        if (c == 'n' || c == 'j') {
            *(c == 'n' ? &o->r.dry_run : &o->json) = 1;
            continue;
        }
        if (c != 'd' && c != 'l')
            return cli_usage(argv[0], "unknown option"), -2;
        if (parse_int64(optarg, c == 'd' ? "--keep-days" : "--keep-last", 0,
                        1000000, &v, err))
            return cli_fail(err, o->json), -2;
        *(c == 'd' ? &o->r.keep_ms : &o->r.keep_last) = c == 'd'
            ? v * 86400 * 1000 : v;
        o->given = 1;
    }
    if (optind < argc)
        return cli_usage(argv[0], "gc takes no operands"), -2;
    return 0;
}

/* "812 bytes", "70.0 KiB", "1.2 GiB". */
static void human_size(int64_t bytes, char *out, size_t n)
{
    static const char *const units[] = {"KiB", "MiB", "GiB", "TiB"};
    double v = (double)bytes;
    int u = -1;
    while (v >= 1024 && u < 3) {
        v /= 1024;
        u++;
    }
    if (u < 0)
        snprintf(out, n, "%lld bytes", (long long)bytes);
    else
        snprintf(out, n, "%.1f %s", v, units[u]);
}

static void report(const json_t *rep)
{
    char size[32];
    const json_t *runs = json_object_get(rep, "runs");
    human_size(json_integer_value(json_object_get(rep, "bytes")), size,
               sizeof size);
    printf("%s the logs of %zu run(s) and %lld stored artifact(s): %s\n",
           json_is_true(json_object_get(rep, "dry_run")) ? "would remove"
                                                         : "removed",
           json_array_size(runs),
           (long long)json_integer_value(json_object_get(rep, "artifacts")),
           size);
    size_t i;
    json_t *run;
    json_array_foreach(runs, i, run)
        printf("%s#%lld", i ? " " : "  runs ",
               (long long)json_integer_value(run));
    if (json_array_size(runs))
        putchar('\n');
}

static void report_store(const json_t *r)
{
    printf("removed %lld snapshots, %lld contents, %lld artifacts, %lld "
           "temp files (%lld bytes)\n",
           (long long)json_integer_value(json_object_get(r, "snapshots")),
           (long long)json_integer_value(json_object_get(r, "objects")),
           (long long)json_integer_value(json_object_get(r, "artifacts")),
           (long long)json_integer_value(json_object_get(r, "temp")),
           (long long)json_integer_value(json_object_get(r, "bytes")));
}

/* Retention, when a rule applies; *rep stays NULL when none does. */
static int retain(struct steward *s, struct gc_opts *o, json_t **rep,
                  struct err *err)
{
    int found = 1;
    int dry = o->r.dry_run;
    if (!o->given && steward_retention_policy(s, &o->r, &found, err))
        return err->code;
    o->r.dry_run = dry;
    if (!found)
        return 0;
    return steward_retention(s, &o->r, rep, err);
}

static int gc(struct steward *s, struct gc_opts *o, struct err *err)
{
    json_t *rep = NULL, *store = NULL;
    int rc = retain(s, o, &rep, err);
    rc = rc || o->r.dry_run ? rc : steward_gc(s, &store, err);
    if (rc)
        return rc;
    if (o->json) {
        json_t *all = json_pack("{s:O?,s:O?}", "retention", rep, "store",
                                store);
        (void)cli_print_json(all);
        json_decref(all);
    } else {
        if (rep)
            report(rep);
        else
            printf("no retention rule: the files of old runs stay (give "
                   "--keep-days or --keep-last, or add e.g. 'retain logs and "
                   "artifacts for 30d' to the policy)\n");
        if (store)
            report_store(store);
    }
    json_decref(rep);
    json_decref(store);
    return 0;
}

int cmd_gc(int argc, char **argv)
{
    struct gc_opts o = {{-1, -1, 0}, 0, 0};
    struct err err = ERR_INIT;
    int rc = parse_opts(argc, argv, &o, &err);
    if (rc)
        return rc == -1 ? 0 : 1;
    struct steward *s;
    rc = cli_open(&s, o.json);
    if (rc)
        return rc;
    rc = gc(s, &o, &err);
    steward_close(s);
    return rc ? cli_fail(&err, o.json) : 0;
}
