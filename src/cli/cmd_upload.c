/*
 * cmd_upload — the server's side of sending contents ahead of a large
 * proposal (client/upload.c): `__upload` stores what came with the
 * request, `__uploaded` says which asked-about contents this principal
 * sent before. Internal: only request children run them, with what the
 * client put in the request's "snapshot" object.
 */
#include "cli/commands.h"
#include "cli/util.h"

#include <stdio.h>

static int internal(json_t *(*op)(struct steward *, struct err *))
{
    struct steward *s;
    struct err err = ERR_INIT;
    int rc = cli_open(&s, 1);
    if (rc)
        return rc;
    json_t *out = op(s, &err);
    steward_close(s);
    if (!out)
        return cli_fail(&err, 1);
    (void)cli_print_json(out);
    json_decref(out);
    return 0;
}

static json_t *upload(struct steward *s, struct err *err)
{
    json_t *report = NULL;
    return steward_upload(s, &report, err) ? NULL : report;
}

static json_t *uploaded(struct steward *s, struct err *err)
{
    json_t *list = NULL;
    return steward_uploaded(s, &list, err) ? NULL : list;
}

int cmd_internal_upload(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return internal(upload);
}

int cmd_internal_uploaded(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return internal(uploaded);
}
