/*
 * cmd_report — `steward report CAMPAIGN | --since DURATION [--out DIR]`.
 *
 * Who writes the files: always the client, never the server. While
 * `steward serve` runs, this command asks the server for the report as
 * one JSON document ({"markdown", "html"}: `--bundle`) through the
 * ordinary exec route, and writes it here with the caller's own
 * permissions. In the server's request child (principal_imposed) the
 * command only ever prints the bundle: --out is refused there, so no
 * client, local or remote, can make the server write at a path of its
 * choosing. main.c lets this command run in the client for that reason.
 */
#include "api/principal.h"
#include "cli/report_files.h"
#include "cli/util.h"
#include "client/client.h"
#include "core/clock.h"
#include "core/parse.h"
#include "report/report.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: steward report CAMPAIGN [--out DIR]\n"
    "       steward report --since DURATION [--out DIR]\n"
    "       steward report (CAMPAIGN | --since DURATION) --bundle\n\n"
    "Writes a report as Markdown (DIR/report.md) and one self-contained\n"
    "HTML page (DIR/report.html: inline CSS and SVG, no script, a\n"
    "Content-Security-Policy that allows none).\n\n"
    "CAMPAIGN: objective and envelope, budget burn, best runs, metric\n"
    "curves, the search in parallel coordinates, anomalies the digest\n"
    "found, comparisons with verdicts, the decisions timeline (who\n"
    "approved what, when, how long it waited) and the promotion state.\n"
    "DIR defaults to report-CAMPAIGN.\n\n"
    "--since DURATION (24h, 7d, 90m): what needs your attention: active\n"
    "halts, pending cards and how long they waited, approvals that lapse\n"
    "within the same span ahead, anomalies of runs finished in the window,\n"
    "budgets at 80% of their limit or more, stopped campaigns. DIR\n"
    "defaults to report-attention.\n\n"
    "--bundle prints {\"markdown\", \"html\"} as JSON instead of writing\n"
    "files (what a server answers; the client writes the files).\n"
    "Reports only read. Everything an agent wrote is escaped.\n";

struct report_opts {
    const char *campaign, *since_text, *out;
    int64_t since_s;
    int bundle;
};

static int parse_opts(int argc, char **argv, struct report_opts *o)
{
    static const struct option opts[] = {
        {"since", required_argument, NULL, 's'},
        {"out", required_argument, NULL, 'o'},
        {"bundle", no_argument, NULL, 'b'},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
        if (c == 'h')
            return printf("%s", usage), -1;
        if (c == '?')
            return -2;
        if (c == 'b')
            o->bundle = 1;
        else
            *(c == 's' ? &o->since_text : &o->out) = optarg;
    }
    o->campaign = optind < argc ? argv[optind] : NULL;
    if (argc - optind > 1 || !o->campaign == !o->since_text)
        return cli_usage("report", "name one campaign, or --since DURATION"),
               -2;
    return 0;
}

static int generate(const struct report_opts *o, struct report_out *r,
                    struct err *err)
{
    struct steward *s;
    int rc = steward_open(&s, err);
    if (rc)
        return rc;
    rc = o->campaign ? report_campaign(s, o->campaign, clock_wall_ms(), r, err)
                     : report_attention(s, o->since_s, clock_wall_ms(), r,
                                        err);
    steward_close(s);
    return rc;
}

/* Here, in the process the caller started: generate and write. */
static int report_direct(const struct report_opts *o)
{
    struct err err = ERR_INIT;
    struct report_out r = {NULL, NULL};
    int rc = generate(o, &r, &err);
    rc = rc ? rc : o->bundle ? report_print_bundle(&r, &err)
                             : report_write_files(o->out, o->campaign, &r,
                                                  &err);
    report_out_free(&r);
    return rc ? cli_fail(&err, 0) : 0;
}

int cmd_report(int argc, char **argv)
{
    struct report_opts o = {NULL, NULL, NULL, 0, 0};
    struct err err = ERR_INIT;
    int rc = parse_opts(argc, argv, &o);
    if (rc)
        return rc == -1 ? 0 : 1;
    if (o.since_text &&
        parse_duration(o.since_text, "--since", &o.since_s, &err))
        return cli_fail(&err, 0);
    if (o.since_text && o.since_s <= 0)
        return cli_usage("report", "--since needs a duration above zero");
    if (principal_imposed()) {   /* the server's request child */
        if (o.out || !o.bundle)
            return err_set(&err, ERR_USER, "the server writes no report "
                           "files; ask with --bundle (the steward client "
                           "does, and writes them itself)"),
                   cli_fail(&err, 0);
        return report_direct(&o);
    }
    char socket[4096];
    int found = client_find(socket, sizeof socket, &err);
    if (found < 0)
        return cli_fail(&err, 0);
    return found ? report_via_server(socket, argc, argv, o.out, o.campaign,
                                     o.bundle)
                 : report_direct(&o);
}
