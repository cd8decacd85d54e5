/*
 * snapshot — a proposal's working tree, read by the client.
 *
 * A proposal binds a snapshot of its working directory. Through the
 * server, the tree is read here, with the proposer's own permissions (an
 * agent's snapshot is what the agent sees, its sandbox's covers
 * included): the manifest goes with the request, and of the contents only
 * those this principal has not sent before — inline when they fit one
 * request, else sent ahead in batches and parts (client/upload.c). The
 * server stores each content by hash (checking it against its name),
 * leaves out the policy's secrets, and records the snapshot. It never
 * reads the tree itself.
 */
#include "client/client.h"
#include "client/upload.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CLIENT_TREE_MAX (1LL << 40)     /* the server holds it to --disk */
#define CLIENT_INLINE_MAX (40LL << 20)  /* contents sent with the request */

/* propose (not --help), campaign create: the commands that snapshot. */
static int snapshots(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return 0;
    return !strcmp(argv[0], "propose") ||
           (argc > 1 && !strcmp(argv[0], "campaign") &&
            !strcmp(argv[1], "create"));
}

static int add_contents(const struct snapshot_manifest *m,
                        const json_t *manifest, const json_t *todo,
                        json_t *contents, struct err *err)
{
    size_t k;
    json_t *idx;
    json_array_foreach(todo, k, idx) {
        size_t i = (size_t)json_integer_value(idx);
        int64_t size = json_integer_value(json_array_get(json_array_get(
            json_object_get(manifest, "files"), i), 2));
        json_t *c = upload_read(m, i, 0, size, err);
        if (!c)
            return err->code ? err->code : ERR_INTERNAL;
        json_object_set_new(contents, snapshot_file_sha(m, i), c);
    }
    return 0;
}

/* The contents to send: inline, or ahead of the request. */
static int contents_for(const struct client_link *link, const char *cwd,
                        const struct snapshot_manifest *m,
                        const json_t *manifest, json_t *contents,
                        struct err *err)
{
    json_t *todo = NULL;
    int64_t bytes = 0;
    int rc = upload_plan(link, cwd, m, manifest, &todo, &bytes, err);
    if (!rc && bytes <= CLIENT_INLINE_MAX)
        rc = add_contents(m, manifest, todo, contents, err);
    else if (!rc) {
        fprintf(stderr, "steward: sending %.1f MiB of the working tree "
                "ahead of the request (%zu contents)\n",
                (double)bytes / 1048576, json_array_size(todo));
        rc = upload_send(link, cwd, m, manifest, todo, err);
    }
    json_decref(todo);
    return rc;
}

int client_snapshot_attach(json_t *request, const struct client_link *link,
                           int argc, char **argv, struct err *err)
{
    char cwd[PATH_MAX];
    struct snapshot_manifest *m = NULL;
    if (!snapshots(argc, argv))
        return 0;
    if (!getcwd(cwd, sizeof cwd))
        return err_errno(err, "the working directory");
    struct snapshot_opts o = {cwd, NULL, 0, CLIENT_TREE_MAX,
                              SNAPSHOT_FILES_MAX, NULL, NULL, 1};
    if (snapshot_scan(&o, &m, err))
        return err->code;
    json_t *manifest = snapshot_manifest_json(m);
    json_t *contents = json_object();
    int rc = manifest && contents
             ? contents_for(link, cwd, m, manifest, contents, err)
             : err_set(err, ERR_INTERNAL, "out of memory");
    if (!rc)
        json_object_set_new(request, "snapshot", json_pack("{s:s,s:O,s:O}",
                            "root", cwd, "manifest", manifest, "contents",
                            contents));
    json_decref(manifest);
    json_decref(contents);
    snapshot_manifest_free(m);
    return rc;
}
