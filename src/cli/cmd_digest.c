/*
 * cmd_digest — `steward digest`: log template mining and run digests from
 * files. The work is done by the digest library (src/digest/); this file
 * only parses options and picks the mode.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "digest/digest.h"

#define DIGEST_MAX_REFS 16

struct digest_opts {
    int json, templates;
    const char *format, *log_format, *metrics;
    const char *logs[DIGEST_MAX_REFS];
    const char *refs[DIGEST_MAX_REFS];
    int nlogs, nrefs;
};

static void digest_help(FILE *out)
{
    fprintf(out,
"usage: steward digest RUN_ID [--json]\n"
"       steward digest --templates [--format jsonl|csv] [--log-format FMT] FILE\n"
"       steward digest --log FILE... [--metrics FILE] [--reference FILE]...\n"
"                      [--log-format FMT] [--json]\n\n"
"Turns logs into something a human can read.\n\n"
"--templates mines log templates (an online miner: masks numbers, ids,\n"
"IPs, paths; clusters messages) and prints one row per input line, with\n"
"each line's template as of the end of the file:\n"
"  jsonl (default): {\"line\":1,\"cluster\":\"T12\",\"template\":\"...\"}\n"
"  csv:             LineId,EventId,EventTemplate (RFC 4180)\n\n"
"RUN_ID digests a stored run of this project: its stdout, stderr and\n"
"metrics, with succeeded runs of the same campaign as the reference.\n"
"--log prints the same digest for files, in at most 40 lines: key metrics (first, best,\n"
"last, sparkline), anomalies with the line numbers to look at (NaN/Inf,\n"
"divergence, OOM, tracebacks, segfaults, CUDA/NCCL errors, stalls, rate\n"
"spikes, templates not seen in the --reference logs), and the top\n"
"templates. --log may be repeated (stdout, stderr: lines are numbered per\n"
"file). --metrics is a JSON-lines file of {\"step\":N,\"loss\":x,...}.\n"
"--json prints the same digest as one JSON object.\n\n"
"--log-format FMT  Loghub-style header, e.g. '<Date> <Time> <Level> <Content>'\n"
"                  (<Name> captures a field, spaces match runs of whitespace,\n"
"                  \\[ is a literal, (...)? is optional); templates are mined\n"
"                  over <Content>. Default: common timestamp/level prefixes\n"
"                  are stripped.\n\n"
"Lines longer than 64 KiB are cut; a file still being written is read to\n"
"its current end. Exit status: 0 ok, 1 bad input (missing file, bad\n"
"option), 3 internal error.\n");
}

static int parse_opts(int argc, char **argv, struct digest_opts *o)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"json", no_argument, NULL, 'j'},
        {"templates", no_argument, NULL, 't'},
        {"format", required_argument, NULL, 'f'},
        {"log-format", required_argument, NULL, 'F'},
        {"log", required_argument, NULL, 'l'},
        {"metrics", required_argument, NULL, 'm'},
        {"reference", required_argument, NULL, 'r'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "hj", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': digest_help(stdout); return 1;
        case 'j': o->json = 1; break;
        case 't': o->templates = 1; break;
        case 'f': o->format = optarg; break;
        case 'F': o->log_format = optarg; break;
        case 'l':
            if (o->nlogs >= DIGEST_MAX_REFS)
                return -cli_usage(argv[0], "at most %d --log files",
                                  DIGEST_MAX_REFS);
            o->logs[o->nlogs++] = optarg;
            break;
        case 'm': o->metrics = optarg; break;
        case 'r':
            if (o->nrefs >= DIGEST_MAX_REFS)
                return -cli_usage(argv[0], "at most %d --reference files",
                                  DIGEST_MAX_REFS);
            o->refs[o->nrefs++] = optarg;
            break;
        default: return -cli_usage(argv[0], "unknown option");
        }
    }
    return 0;
}

static int run_templates(struct digest_opts *o, int argc, char **argv)
{
    enum digest_format fmt = DIGEST_JSONL;
    if (o->format && !strcmp(o->format, "csv"))
        fmt = DIGEST_CSV;
    else if (o->format && strcmp(o->format, "jsonl"))
        return cli_usage(argv[0], "--format must be jsonl or csv");
    if (optind != argc - 1)
        return cli_usage(argv[0], "--templates takes exactly one FILE");
    struct err err = ERR_INIT;
    if (digest_templates_file(argv[optind], o->log_format, fmt, stdout,
                              &err))
        return cli_fail(&err, o->json);
    return 0;
}

static int run_file(struct digest_opts *o)
{
    struct err err = ERR_INIT;
    struct digest_input in = {
        .logs = o->logs, .nlogs = (size_t)o->nlogs, .metrics = o->metrics,
        .refs = o->refs,
        .nrefs = (size_t)o->nrefs, .log_format = o->log_format,
        .info = {.state = NULL, .duration_s = -1, .has_exit = 0},
    };
    json_t *d = NULL;
    if (digest_run(&in, &d, &err))
        return cli_fail(&err, o->json);
    if (o->json)
        (void)cli_print_json(d);
    else
        digest_render_text(d, stdout);
    json_decref(d);
    return 0;
}

int digest_by_id(const char *id_text, int json);

int cmd_digest(int argc, char **argv)
{
    struct digest_opts o = {0};
    int rc = parse_opts(argc, argv, &o);
    if (rc)
        return rc < 0 ? -rc : 0;
    if (o.templates)
        return run_templates(&o, argc, argv);
    if (o.nlogs && optind == argc)
        return run_file(&o);
    if (optind == argc - 1)
        return digest_by_id(argv[optind], o.json);
    return cli_usage(argv[0], "give RUN_ID, --templates FILE or --log FILE");
}
