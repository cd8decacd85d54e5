/*
 * cmd_campaign — `steward campaign create|approve|list|summary`.
 */
#include "campaign/campaign.h"
#include "cli/util.h"
#include "core/parse.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SPACE_FILE_MAX (1 << 20)

static const char usage[] =
    "usage: steward campaign create NAME --objective \"maximize METRIC\"\n"
    "           [envelope: --max-runs N --cpus N --mem SIZE --time DURATION\n"
    "            --disk SIZE --gpus N --command ARGV0\n"
    "            --param-range NAME=LO:HI|A,B,C... --cpu-hours X]\n"
    "           [search: --space FILE --sampler tpe|random|grid\n"
    "            --pruner none|asha|median --seed N --trials N --slots N\n"
    "            --min-resource R --max-resource R --eta F -- COMMAND...]\n"
    "       steward campaign approve NAME [--reason TEXT]\n"
    "       steward campaign resume NAME [--reason TEXT]\n"
    "       steward campaign delete NAME [--reason TEXT]\n"
    "       steward campaign list [--json]\n"
    "       steward campaign summary NAME [--json]\n\n"
    "A campaign is an objective and an envelope a human approves once:\n"
    "proposals inside it (tag them with 'steward propose --campaign NAME')\n"
    "run without further review; anything outside goes to the queue; when\n"
    "the envelope is spent, further proposals wait for a human. With\n"
    "--space, the campaign searches on its own: the dispatcher asks the\n"
    "sampler for trials, proposes them (through policy and budgets like\n"
    "any agent), feeds intermediate metrics to the pruner and final values\n"
    "back. The space syntax is the one of 'steward search --stdio'.\n"
    "summary lists what was tried, the best trial and region, what failed\n"
    "or diverged and why, what was pruned, and agents' own proposals.\n"
    "The envelope is closed: an unset per-run limit is the default a\n"
    "proposal gets (the policy's `default` line; no gpu), without --max-runs\n"
    "every proposal waits for a human, a parameter needs a range (here or\n"
    "in --space), and the command must be exactly --command (or the\n"
    "search's command) with the file it names as it was at creation.\n"
    "A campaign whose search hits an error is marked failed with the\n"
    "reason; after 3 trials in a row denied by policy it is paused. Both\n"
    "stop its search only; a human lifts them with 'campaign resume'.\n"
    "'campaign delete' (owner) hides a campaign nobody wants and stops its\n"
    "search; its experiments stay on record and its name stays taken.\n";

struct create_args {
    struct campaign_spec spec;
    char metric[128];
    char *space;
};

static int add_range(json_t *env, const char *text, struct err *err)
{
    const char *eq = strchr(text, '=');
    double lo, hi;
    char name[65], tail;
    if (!eq || eq == text || eq - text > 64)
        return err_set(err, ERR_USER, "--param-range '%s': expected "
                       "NAME=LO:HI or NAME=A,B,C", text);
    snprintf(name, sizeof name, "%.*s", (int)(eq - text), text);
    json_t *params = json_object_get(env, "params");
    if (!params)
        json_object_set_new(env, "params", params = json_object());
    if (sscanf(eq + 1, "%lf:%lf%c", &lo, &hi, &tail) == 2) /* checked later */
        return json_object_set_new(params, name, json_pack("[f,f]", lo, hi));
    char buf[1024];
    /* cut, the envelope would allow other values than those given */
    if ((size_t)snprintf(buf, sizeof buf, "%s", eq + 1) >= sizeof buf)
        return err_set(err, ERR_USER, "--param-range %s: the values are %zu "
                       "bytes, at most %zu fit; give fewer or shorter "
                       "values, or a range LO:HI", name, strlen(eq + 1),
                       sizeof buf - 1);
    json_t *set = json_array();
    for (char *save, *v = strtok_r(buf, ",", &save); v;
         v = strtok_r(NULL, ",", &save))
        json_array_append_new(set, json_string(v));
    return json_object_set_new(params, name, set);
}

static int read_space(const char *path, char **out, struct err *err)
{
    FILE *f = fopen(path, "re");
    if (!f)
        return err_errno(err, "--space %s", path);
    char *text = calloc(1, SPACE_FILE_MAX + 1);
    size_t n = text ? fread(text, 1, SPACE_FILE_MAX + 1, f) : 0;
    fclose(f);
    if (!text || n > SPACE_FILE_MAX) {
        free(text);
        return err_set(err, ERR_USER, "--space %s: larger than 1 MiB", path);
    }
    *out = text;
    return 0;
}

static int set_int(json_t *o, const char *key, const char *v, const char *what,
                   struct err *err)
{
    int64_t x;
    int rc = parse_int64(v, what, 0, INT64_MAX / 2, &x, err);
    return rc ? rc : json_object_set_new(o, key, json_integer(x));
}

static int set_num(json_t *o, const char *key, const char *v, const char *what,
                   struct err *err)
{
    double x;
    int rc = parse_double(v, what, &x, err);
    return rc ? rc : json_object_set_new(o, key, json_real(x));
}

static int set_size(json_t *o, const char *key, const char *v,
                    const char *what, int duration, struct err *err)
{
    int64_t x;
    int rc = duration ? parse_duration(v, what, &x, err)
                      : parse_size(v, what, &x, err);
    return rc ? rc : json_object_set_new(o, key, json_integer(x));
}

static int create_opt(int c, const char *v, struct create_args *a,
                      struct err *err)
{
    json_t *env = a->spec.envelope, *opt = a->spec.options;
    switch (c) {
    case 'o': return campaign_parse_objective(v, &a->spec, a->metric,
                                              sizeof a->metric, err);
    case 'M': return set_int(env, "max_runs", v, "--max-runs", err);
    case 'c': return set_num(env, "cpus", v, "--cpus", err);
    case 'm': return set_size(env, "mem_bytes", v, "--mem", 0, err);
    case 't': return set_size(env, "time_s", v, "--time", 1, err);
    case 'd': return set_size(env, "disk_bytes", v, "--disk", 0, err);
    case 'g': return set_int(env, "gpus", v, "--gpus", err);
    case 'C': return json_object_set_new(env, "command", json_string(v));
    case 'p': return add_range(env, v, err);
    case 'H': return set_num(env, "cpu_hours", v, "--cpu-hours", err);
    case 'S': return read_space(v, &a->space, err);
    case 'a': return json_object_set_new(opt, "sampler", json_string(v));
    case 'P': return json_object_set_new(opt, "pruner", json_string(v));
    case 'e': return set_int(opt, "seed", v, "--seed", err);
    case 'n': return set_int(opt, "trials", v, "--trials", err);
    case 'l': return set_int(opt, "slots", v, "--slots", err);
    case 'r': return set_num(opt, "min_resource", v, "--min-resource", err);
    case 'R': return set_num(opt, "max_resource", v, "--max-resource", err);
    case 'E': return set_num(opt, "eta", v, "--eta", err);
    case 'j': return 0; /* --json: read by cmd_campaign */
    default: return err_set(err, ERR_USER, "unknown option; see 'steward "
                            "campaign --help'");
    }
}

static int parse_create(int argc, char **argv, struct create_args *a,
                        struct err *err)
{
    static const struct option opts[] = {
        {"objective", 1, NULL, 'o'}, {"max-runs", 1, NULL, 'M'},
        {"cpus", 1, NULL, 'c'}, {"mem", 1, NULL, 'm'}, {"time", 1, NULL, 't'},
        {"gpus", 1, NULL, 'g'}, {"command", 1, NULL, 'C'},
        {"disk", 1, NULL, 'd'},
        {"param-range", 1, NULL, 'p'}, {"cpu-hours", 1, NULL, 'H'},
        {"space", 1, NULL, 'S'}, {"sampler", 1, NULL, 'a'},
        {"pruner", 1, NULL, 'P'}, {"seed", 1, NULL, 'e'},
        {"trials", 1, NULL, 'n'}, {"slots", 1, NULL, 'l'},
        {"min-resource", 1, NULL, 'r'}, {"max-resource", 1, NULL, 'R'},
        {"eta", 1, NULL, 'E'}, {"json", 0, NULL, 'j'}, {NULL, 0, NULL, 0},
    };
    int c, rc = 0;
    optind = 1;
    while (!rc && (c = getopt_long(argc, argv, "+", opts, NULL)) != -1)
        rc = create_opt(c, optarg, a, err);
    return rc;
}

static int do_create(struct steward *s, int argc, char **argv, int json)
{
    struct create_args a;
    struct err err = ERR_INIT;
    char cwd[API_PATH_MAX];
    memset(&a, 0, sizeof a);
    a.spec.envelope = json_object();
    a.spec.options = json_object();
    a.spec.name = argc > 1 ? argv[1] : NULL;
    int rc = a.spec.name && argv[1][0] != '-' ? 0
             : err_set(&err, ERR_USER, "campaign create needs a NAME");
    rc = rc ? rc : parse_create(argc - 1, argv + 1, &a, &err);
    if (!rc && steward_workdir(cwd, sizeof cwd) == 0)
        json_object_set_new(a.spec.options, "workdir", json_string(cwd));
    a.spec.space_text = a.space;
    a.spec.argv = optind + 1 < argc ? argv + optind + 1 : NULL;
    rc = rc ? rc : steward_campaign_create(s, &a.spec, &err);
    json_decref(a.spec.envelope);
    json_decref(a.spec.options);
    free(a.space);
    if (rc)
        return cli_fail(&err, json);
    printf(json ? "{\"created\":\"%s\"}\n" : "campaign %s created; an owner "
           "approves its envelope with 'steward campaign approve %s'\n",
           a.spec.name, a.spec.name);
    return 0;
}

static void print_trial(const json_t *t)
{
    json_t *v = json_object_get(t, "value");
    char *params = json_dumps(json_object_get(t, "params"),
                              JSON_COMPACT | JSON_SORT_KEYS);
    printf("  #%-4lld %-8s %-9s %-12s %s %s\n",
           (long long)json_integer_value(json_object_get(t, "experiment")),
           json_string_value(json_object_get(t, "source")),
           json_string_value(json_object_get(t, "outcome")),
           json_is_number(v) ? "" : "-", params ? params : "{}",
           json_string_value(json_object_get(t, "note")));
    if (json_is_number(v))
        printf("         value %.6g\n", json_number_value(v));
    char *flags = json_array_size(json_object_get(t, "flags"))
                  ? json_dumps(json_object_get(t, "flags"), JSON_COMPACT)
                  : NULL;
    if (flags)
        printf("         digest flags %s\n", flags);
    free(flags);
    free(params);
}

static void print_summary(const json_t *sum)
{
    const json_t *c = json_object_get(sum, "counts");
    json_t *best = json_object_get(sum, "best");
    printf("campaign %s (%s): %s %s\n",
           json_string_value(json_object_get(sum, "name")),
           json_string_value(json_object_get(sum, "state")),
           json_string_value(json_object_get(sum, "direction")),
           json_string_value(json_object_get(sum, "metric")));
    printf("  trials: %lld complete, %lld pruned, %lld failed, %lld running\n",
           (long long)json_integer_value(json_object_get(c, "complete")),
           (long long)json_integer_value(json_object_get(c, "pruned")),
           (long long)json_integer_value(json_object_get(c, "failed")),
           (long long)json_integer_value(json_object_get(c, "running")));
    if (json_is_object(best)) {
        char *p = json_dumps(json_object_get(best, "params"),
                             JSON_COMPACT | JSON_SORT_KEYS);
        printf("  best: #%lld %s = %.6g\n",
               (long long)json_integer_value(json_object_get(best,
                                                             "experiment")),
               p ? p : "{}",
               json_number_value(json_object_get(best, "value")));
        free(p);
    }
    char *region = json_dumps(json_object_get(sum, "best_region"),
                              JSON_COMPACT | JSON_SORT_KEYS);
    printf("  best region: %s\n", region ? region : "{}");
    free(region);
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(sum, "trials"), i, t) print_trial(t);
}

static int do_show(struct steward *s, const char *sub, int argc, char **argv,
                   int json)
{
    struct err err = ERR_INIT;
    json_t *out = NULL;
    int rc;
    if (!strcmp(sub, "list"))
        rc = steward_campaign_list(s, &out, &err);
    else if (argc < 3)
        return cli_usage("campaign", "%s needs a campaign NAME", sub);
    else
        rc = steward_campaign_summary(s, argv[2], &out, &err);
    if (rc)
        return cli_fail(&err, json);
    size_t i;
    json_t *c;
    if (json)
        (void)cli_print_json(out);
    else if (!strcmp(sub, "summary"))
        print_summary(out);
    else
        json_array_foreach(out, i, c) {
            printf("%-20s %-9s %s %s, %lld experiments%s\n",
                   json_string_value(json_object_get(c, "name")),
                   json_string_value(json_object_get(c, "state")),
                   json_string_value(json_object_get(c, "direction")),
                   json_string_value(json_object_get(c, "metric")),
                   (long long)json_integer_value(json_object_get(c,
                                                         "experiments")),
                   json_is_true(json_object_get(c, "searching"))
                   ? ", searching" : "");
            if (json_is_string(json_object_get(c, "reason")))
                printf("  %s\n", json_string_value(json_object_get(c,
                                                                "reason")));
        }
    json_decref(out);
    return 0;
}

typedef int (*campaign_act)(struct steward *, const char *, const char *,
                            struct err *);

/* approve, resume, delete: NAME [--reason TEXT]. */
static int do_act(struct steward *s, int argc, char **argv, int json)
{
    static const struct {
        const char *sub, *done;
        campaign_act act;
    } acts[] = {
        {"approve", "envelope approved", steward_campaign_approve},
        {"resume", "resumed", steward_campaign_resume},
        {"delete", "deleted", steward_campaign_delete},
    };
    struct err err = ERR_INIT;
    const char *reason = "";
    size_t k = 0;
    while (strcmp(acts[k].sub, argv[1]))
        k++;
    for (int i = 3; i + 1 < argc; i++)
        if (!strcmp(argv[i], "--reason"))
            reason = argv[i + 1];
    if (argc < 3 || argv[2][0] == '-')
        return cli_usage("campaign", "%s needs a campaign NAME", argv[1]);
    if (acts[k].act(s, argv[2], reason, &err))
        return cli_fail(&err, json);
    printf(json ? "{\"%s\":\"%s\"}\n" : "campaign %2$s: %1$s\n",
           json ? argv[1] : acts[k].done, argv[2]);
    return 0;
}

int cmd_campaign(int argc, char **argv)
{
    int json = 0;
    for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
        json |= !strcmp(argv[i], "--json");
    if (argc < 2 || cli_wants_help(argc, argv))
        return printf("%s", usage), argc < 2;
    struct steward *s;
    int rc = cli_open(&s, json);
    if (rc)
        return rc;
    const char *sub = argv[1];
    if (!strcmp(sub, "create"))
        rc = do_create(s, argc - 1, argv + 1, json);
    else if (!strcmp(sub, "approve") || !strcmp(sub, "resume") ||
             !strcmp(sub, "delete"))
        rc = do_act(s, argc, argv, json);
    else if (!strcmp(sub, "list") || !strcmp(sub, "summary"))
        rc = do_show(s, sub, argc, argv, json);
    else
        rc = cli_usage(argv[0], "unknown subcommand '%s' (create, approve, "
                       "resume, delete, list, summary)", sub);
    steward_close(s);
    return rc;
}
