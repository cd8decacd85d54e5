/* cmd_gc — `steward gc`: remove stored contents nothing references. */
#include "cli/util.h"

#include <getopt.h>
#include <stdio.h>

static const char usage[] =
    "usage: steward gc [--json]\n\n"
    "Removes what no experiment or campaign needs any more: snapshots\n"
    "nothing names, stored file contents no snapshot lists, artifacts no\n"
    "run lists, and temp files of interrupted writes. Owners only; on the\n"
    "record. Refused (exit 7) while a proposal or a run start uses the\n"
    "store.\n";

int cmd_gc(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int json = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'j') json = 1;
        else if (c == 'h') return printf("%s", usage), 0;
        else return cli_usage(argv[0], "unknown option");
    }
    struct steward *s;
    struct err err = ERR_INIT;
    json_t *r = NULL;
    int rc = cli_open(&s, json);
    if (rc)
        return rc;
    rc = steward_gc(s, &r, &err);
    steward_close(s);
    if (rc)
        return cli_fail(&err, json);
    if (json)
        (void)cli_print_json(r);
    else
        printf("removed %lld snapshots, %lld contents, %lld artifacts, %lld "
               "temp files (%lld bytes)\n",
               (long long)json_integer_value(json_object_get(r, "snapshots")),
               (long long)json_integer_value(json_object_get(r, "objects")),
               (long long)json_integer_value(json_object_get(r, "artifacts")),
               (long long)json_integer_value(json_object_get(r, "temp")),
               (long long)json_integer_value(json_object_get(r, "bytes")));
    json_decref(r);
    return 0;
}
