/* cmd_logs — `steward logs ID`: the captured stdout and stderr of a run. */
#include "api/retention.h"
#include "cli/util.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: steward logs ID [--stdout|--stderr] [-f|--follow]\n\n"
    "Prints what the latest run of experiment ID wrote: stdout, then\n"
    "stderr (each capped at the sandbox's log limit). With -f, prints the\n"
    "logs as they grow (the run's stderr on stderr) and returns when the\n"
    "run has ended; an experiment waiting to run is waited for.\n";

int logs_follow(struct steward *s, int64_t id, int want_out, int want_err,
                struct err *err);

static int cat_file(const char *path, const char *label, int headers)
{
    char block[65536];
    FILE *f = fopen(path, "re");
    if (!f)
        return 0;
    if (headers)
        printf("==> %s <==\n", label);
    size_t n;
    while ((n = fread(block, 1, sizeof block, f)) > 0)
        fwrite(block, 1, n, stdout);
    fclose(f);
    return 1;
}

int cmd_logs(int argc, char **argv)
{
    static const struct option opts[] = {
        {"stdout", no_argument, NULL, 'o'},
        {"stderr", no_argument, NULL, 'e'},
        {"follow", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int want_out = 1, want_err = 1, follow = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "hf", opts, NULL)) != -1) {
        if (c == 'h')
            return printf("%s", usage), 0;
        if (c == '?')
            return cli_usage(argv[0], "unknown option");
        if (c == 'f') {
            follow = 1;
            continue;
        }
        want_out = c == 'o';
        want_err = c == 'e';
    }
    if (argc - optind != 1)
        return cli_usage(argv[0], "expected one experiment id");
    struct err err = ERR_INIT;
    struct steward *s;
    int64_t id;
    char dir[API_PATH_MAX], path[API_PATH_MAX + 16];
    if (cli_parse_id(argv[optind], &id, &err))
        return cli_fail(&err, 0);
    int rc = cli_open(&s, 0);
    if (rc)
        return rc;
    if (follow) {
        rc = logs_follow(s, id, want_out, want_err, &err);
        steward_close(s);
        return rc ? cli_fail(&err, 0) : 0;
    }
    rc = steward_run_dir(s, id, dir, sizeof dir, &err);
    steward_close(s);
    if (!rc && retention_pruned(dir))
        rc = err_set(&err, ERR_NOTFOUND, "the logs of experiment %lld's run "
                     "were removed by retention ('steward gc'); its digest "
                     "and metrics remain", (long long)id);
    if (rc)
        return cli_fail(&err, 0);
    fflush(stdout);
    snprintf(path, sizeof path, "%s/stdout.log", dir);
    if (want_out)
        cat_file(path, "stdout", want_err);
    snprintf(path, sizeof path, "%s/stderr.log", dir);
    if (want_err)
        cat_file(path, "stderr", want_out);
    return 0;
}
