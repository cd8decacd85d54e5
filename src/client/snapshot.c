/*
 * snapshot — a proposal's working tree, read by the client.
 *
 * A proposal binds a snapshot of its working directory. Through the
 * server, the tree is read here, with the proposer's own permissions (an
 * agent's snapshot is what the agent sees, its sandbox's covers
 * included), and sent with the request: the manifest and each distinct
 * content once, base64. The server stores the contents by hash (checking
 * each against its name), leaves out the policy's secrets, and records the
 * snapshot. A tree too large for one request (CLIENT_SNAPSHOT_MAX) is not
 * sent; the server then reads it itself, as in direct mode.
 */
#include "client/client.h"
#include "core/b64.h"
#include "snapshot/snapshot.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CLIENT_SNAPSHOT_MAX (40LL << 20)

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

static json_t *read_content(const struct snapshot_manifest *m, size_t i,
                            int64_t size, struct err *err)
{
    int fd = -1;
    unsigned char *bin = malloc(size ? (size_t)size : 1);
    int64_t got = 0;
    if (!bin || snapshot_open_file(m, i, &fd, err)) {
        free(bin);
        return NULL;
    }
    while (got < size) {
        ssize_t n = read(fd, bin + got, (size_t)(size - got));
        if (n <= 0)
            break;
        got += n;
    }
    close(fd);
    json_t *s = got == size ? b64_json(bin, (size_t)got) : NULL;
    free(bin);
    if (!s)
        err_set(err, ERR_USER, "a file changed while it was read; propose "
                "again");
    return s;
}

static int add_contents(const struct snapshot_manifest *m,
                        const json_t *manifest, json_t *contents,
                        struct err *err)
{
    const json_t *files = json_object_get(manifest, "files");
    for (size_t i = 0; i < snapshot_file_count(m); i++) {
        const char *sha = snapshot_file_sha(m, i);
        int64_t size = json_integer_value(json_array_get(
            json_array_get(files, i), 2));
        if (json_object_get(contents, sha))
            continue;
        json_t *c = read_content(m, i, size, err);
        if (!c)
            return err->code ? err->code : ERR_INTERNAL;
        json_object_set_new(contents, sha, c);
    }
    return 0;
}

int client_snapshot_attach(json_t *request, int argc, char **argv,
                           struct err *err)
{
    char cwd[PATH_MAX];
    struct snapshot_manifest *m = NULL;
    if (!snapshots(argc, argv) || !getcwd(cwd, sizeof cwd))
        return 0;
    struct snapshot_opts o = {cwd, NULL, 0, CLIENT_SNAPSHOT_MAX,
                              SNAPSHOT_FILES_MAX, NULL, NULL, 1};
    struct err ignored = ERR_INIT;
    if (snapshot_scan(&o, &m, &ignored))
        return 0;   /* too large, or unreadable: the server reads it */
    json_t *manifest = snapshot_manifest_json(m);
    json_t *contents = json_object();
    int rc = manifest && contents ? add_contents(m, manifest, contents, err)
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
