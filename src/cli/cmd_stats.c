/*
 * cmd_stats — `steward stats --batch`: the statistics library over JSON
 * lines for agents and tools that hold their own numbers. Needs no
 * project; the work is in src/stats/batch.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/parse.h"
#include "stats/batch.h"

static void stats_help(void)
{
    printf("usage: steward stats --batch [--max-line BYTES]\n\n"
           "Reads one JSON request per line on stdin and writes one JSON answer\n"
           "per line on stdout, in order, flushing each:\n\n"
           "  -> {\"id\": \"r1\", \"fn\": \"welch_ttest\", \"args\": {\"a\": [...], \"b\": [...]}}\n"
           "  <- {\"id\": \"r1\", \"result\": {\"statistic\": 2.63, \"df\": 2.03, \"pvalue\": 0.117}}\n"
           "  <- {\"id\": \"r2\", \"error\": \"holm: p[1] is NaN; p-values must be in [0, 1]\"}\n\n"
           "\"id\" (string or number) is echoed. Numbers may be JSON numbers or the\n"
           "strings \"nan\", \"inf\", \"-inf\", in requests and answers. NaN or infinite\n"
           "data is an error; special functions follow their limits. A malformed\n"
           "line (not JSON, unknown fn, missing or mistyped argument) is answered\n"
           "with an error and the stream goes on; blank lines are skipped; lines\n"
           "longer than --max-line (default and maximum 64M) are answered with an\n"
           "error. Exit status 0 once every line was read. No .steward/ needed.\n"
           "\"alternative\" is two-sided (default), less or greater (greater: the\n"
           "first sample is larger). Conventions follow scipy 1.10; see\n"
           "docs/stats.md.\n\ncatalogue (fn: args -> result keys):\n");
    for (const struct stats_batch_fn *f = stats_batch_catalogue(); f->name; f++)
        printf("  %-24s %s\n  %-24s   -> %s\n", f->name, f->args, "", f->result);
}

static int parse_max_line(const char *s, size_t *out)
{
    struct err err = ERR_INIT;
    int64_t v;
    if (parse_size(s, "--max-line", &v, &err) || v < 16 ||
        (uint64_t)v > STATS_BATCH_MAX_LINE)
        return cli_usage("stats", "--max-line must be a size in [16, 64M]");
    *out = (size_t)v;
    return 0;
}

int cmd_stats(int argc, char **argv)
{
    static const struct option opts[] = {
        {"batch", no_argument, NULL, 'b'},
        {"max-line", required_argument, NULL, 'm'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int batch = 0, c;
    size_t max_line = STATS_BATCH_MAX_LINE;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'h') {
            stats_help();
            return 0;
        }
        if (c == 'b')
            batch = 1;
        else if (c == 'm' && parse_max_line(optarg, &max_line))
            return 1;
        else if (c == '?')
            return cli_usage("stats", "unknown option");
    }
    if (!batch || optind < argc)
        return cli_usage("stats", "use 'steward stats --batch' (requests on stdin)");
    struct err err = ERR_INIT;
    if (stats_batch_run(stdin, stdout, max_line, &err))
        return cli_fail(&err, 0);
    return 0;
}
