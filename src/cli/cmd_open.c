/*
 * cmd_open — `steward open`: a one-time login URL for the web page.
 *
 * Runs in the caller's process (never as a request child) and asks the
 * server over its Unix socket, where the kernel says who the caller is:
 * the server gives a URL for that person only if a human role holds it,
 * so an agent (whose sessions reach only their own sockets) never obtains
 * a human's session.
 */
#include "cli/util.h"
#include "client/client.h"

#include <stdio.h>

static const char usage[] =
    "usage: steward open [--json]\n\n"
    "Prints a one-time URL that logs you in to the web page of the running\n"
    "'steward serve --listen ADDR:PORT' (valid 60 s, used once), as\n"
    "notebook servers do, so nobody pastes tokens. Humans only (owner,\n"
    "reviewer): an agent is refused (exit 4).\n";

static int fail_status(int status, json_t *r, int json)
{
    struct err err = ERR_INIT;
    const char *msg = json_string_value(json_object_get(r, "error"));
    err_set(&err, status == 403 ? ERR_FORBIDDEN : status == 409
            ? ERR_CONFLICT : status == 400 ? ERR_USER : ERR_INTERNAL, "%s",
            msg ? msg : "the server gave no login URL");
    json_decref(r);
    return cli_fail(&err, json);
}

int cmd_open(int argc, char **argv)
{
    char socket[4096];
    struct err err = ERR_INIT;
    int json = 0, status = 0;
    json_t *r = NULL;
    int i = cli_simple_opts(argc, argv, &json, usage);
    if (i < 0)
        return i == -1 ? 0 : 1;
    if (i < argc)
        return cli_usage(argv[0], "takes no operands");
    int found = client_find(socket, sizeof socket, &err);
    if (found <= 0) {
        if (!found)
            err_set(&err, ERR_CONFLICT, "no 'steward serve' runs for this "
                    "project; start one with --listen 127.0.0.1:PORT");
        return cli_fail(&err, json);
    }
    json_t *body = json_object();
    int rc = client_call(socket, "POST", "/api/v1/open", body, &r, &status,
                         &err);
    json_decref(body);
    if (rc)
        return cli_fail(&err, json);
    if (status != 200)
        return fail_status(status, r, json);
    if (json)
        cli_print_json(r);
    else
        printf("%s\n", json_string_value(json_object_get(r, "url")));
    json_decref(r);
    return 0;
}
