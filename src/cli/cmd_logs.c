/* cmd_logs — `steward logs ID`: the captured stdout and stderr of a run. */
#include "api/retention.h"
#include "cli/util.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A log bigger than this is cut in --json output (the text form streams
 * it whole). */
#define LOGS_JSON_MAX (16 << 20)

static const char usage[] =
    "usage: steward logs ID [--stdout|--stderr] [--json] [-f|--follow]\n\n"
    "Prints what the latest run of experiment ID wrote: stdout, then\n"
    "stderr (each capped at the sandbox's log limit). With --json, one\n"
    "object {\"experiment\", \"stdout\", \"stderr\"} (bytes that are not\n"
    "UTF-8 become '?'). A log that cannot be read is an error (exit 1).\n"
    "With -f, prints the logs as they grow (the run's stderr on stderr)\n"
    "and returns when the run has ended; an experiment waiting to run is\n"
    "waited for.\n";

int logs_follow(struct steward *s, int64_t id, int want_out, int want_err,
                struct err *err);

static int cannot_read(const char *path)
{
    fprintf(stderr, "steward: cannot read %s: %s\n", path, strerror(errno));
    return 1;
}

static int cat_file(const char *path, const char *label, int headers)
{
    char block[65536];
    FILE *f = fopen(path, "re");
    if (!f)
        return cannot_read(path);
    if (headers)
        printf("==> %s <==\n", label);
    size_t n;
    while ((n = fread(block, 1, sizeof block, f)) > 0)
        fwrite(block, 1, n, stdout);
    fclose(f);
    return 0;
}

/* The file as a JSON string, or NULL (message printed). */
static json_t *file_json(const char *path)
{
    FILE *f = fopen(path, "re");
    char *text = f ? malloc(LOGS_JSON_MAX) : NULL;
    size_t n = text ? fread(text, 1, LOGS_JSON_MAX, f) : 0;
    if (f)
        fclose(f);
    if (!f || !text) {
        free(text);
        return cannot_read(path), NULL;
    }
    json_t *s = json_stringn(text, n);
    for (size_t i = 0; !s && i < n; i++)
        if ((unsigned char)text[i] >= 0x80)
            text[i] = '?';
    s = s ? s : json_stringn(text, n);
    free(text);
    return s;
}

static int print_json(int64_t id, const char *dir, int want_out, int want_err)
{
    char path[API_PATH_MAX + 16];
    json_t *o = json_pack("{s:I}", "experiment", (json_int_t)id), *v;
    int bad = 0;
    static const char *const names[] = {"stdout", "stderr"};
    const int want[] = {want_out, want_err};
    for (int k = 0; k < 2; k++) {
        if (!want[k])
            continue;
        snprintf(path, sizeof path, "%s/%s.log", dir, names[k]);
        if ((v = file_json(path)))
            json_object_set_new(o, names[k], v);
        else
            bad = 1;
    }
    if (!bad)
        (void)cli_print_json(o);
    json_decref(o);
    return bad;
}

static int print_text(const char *dir, int want_out, int want_err)
{
    char path[API_PATH_MAX + 16];
    int bad = 0;
    fflush(stdout);
    snprintf(path, sizeof path, "%s/stdout.log", dir);
    if (want_out)
        bad |= cat_file(path, "stdout", want_err);
    snprintf(path, sizeof path, "%s/stderr.log", dir);
    if (want_err)
        bad |= cat_file(path, "stderr", want_out);
    return bad;
}

int cmd_logs(int argc, char **argv)
{
    static const struct option opts[] = {
        {"stdout", no_argument, NULL, 'o'},
        {"stderr", no_argument, NULL, 'e'},
        {"json", no_argument, NULL, 'j'},
        {"follow", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int want_out = 1, want_err = 1, json = 0, follow = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "hf", opts, NULL)) != -1) {
        if (c == 'h')
            return printf("%s", usage), 0;
        if (c == '?')
            return cli_usage(argv[0], "unknown option");
        if (c == 'j' || c == 'f') {
            *(c == 'j' ? &json : &follow) = 1;
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
    char dir[API_PATH_MAX];
    if (cli_parse_id(argv[optind], &id, &err))
        return cli_fail(&err, json);
    int rc = cli_open(&s, json);
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
        return cli_fail(&err, json);
    return json ? print_json(id, dir, want_out, want_err)
                : print_text(dir, want_out, want_err);
}
