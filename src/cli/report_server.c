/*
 * report_server — `steward report` while a server owns the project (see
 * cmd_report.c): the server answers the bundle, the client writes it.
 */
#include "cli/report_files.h"
#include "cli/util.h"
#include "client/client.h"
#include "core/fdio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BUNDLE_MAX (80u << 20)   /* both outputs of doc.h, JSON-quoted */
#define REPORT_ARGS_MAX 64

/* argv without --out/-o and their value, with --bundle once at its end. */
static int bundle_argv(int argc, char **argv, char **out)
{
    int n = 0;
    for (int i = 0; i < argc && n < REPORT_ARGS_MAX - 2; i++) {
        if (!strcmp(argv[i], "--out") || !strcmp(argv[i], "-o")) {
            i++;
            continue;
        }
        if (!strncmp(argv[i], "--out=", 6) || !strcmp(argv[i], "--bundle") ||
            (!strncmp(argv[i], "-o", 2) && argv[i][2]))
            continue;
        out[n++] = argv[i];
    }
    out[n++] = "--bundle";
    out[n] = NULL;
    return n;
}

static int write_bundle(const struct buf *b, const char *dir,
                        const char *campaign, struct err *err)
{
    json_t *o = json_loadb(b->data ? b->data : "", b->len, 0, NULL);
    struct report_out r = {
        (char *)json_string_value(json_object_get(o, "markdown")),
        (char *)json_string_value(json_object_get(o, "html"))};
    int rc = r.md && r.html ? report_write_files(dir, campaign, &r, err)
             : err_set(err, ERR_INTERNAL, "the server's report was not a "
                       "report bundle");
    json_decref(o);
    return rc;
}

int report_via_server(const char *socket, int argc, char **argv,
                      const char *dir, const char *campaign, int bundle)
{
    char *args[REPORT_ARGS_MAX];
    struct client_output o;
    struct err err = ERR_INIT;
    const char *token = getenv("STEWARD_TOKEN");
    int n = bundle_argv(argc, argv, args);
    client_output_init(&o, BUNDLE_MAX);
    int rc = client_exec_capture(socket, token && *token ? token : NULL, n,
                                 args, &o, &err);
    if (!rc && o.err.len)
        (void)fd_write_all(STDERR_FILENO, o.err.data, o.err.len);
    if (!rc && o.truncated)
        rc = err_set(&err, ERR_INTERNAL, "the report is larger than %u MiB",
                     BUNDLE_MAX >> 20);
    int status = rc ? cli_fail(&err, 0) : o.status;
    if (!status && bundle)
        (void)fd_write_all(STDOUT_FILENO, o.out.data, o.out.len);
    else if (!status && write_bundle(&o.out, dir, campaign, &err))
        status = cli_fail(&err, 0);
    client_output_free(&o);
    return status;
}
