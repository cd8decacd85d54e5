/* upload — contents sent ahead of a large proposal; see upload.h. */
#include "client/upload.h"
#include "core/b64.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Raw bytes per request: base64 makes 32 MiB of a 64 MiB body cap. */
#define UPLOAD_BATCH (24LL << 20)
#define UPLOAD_OUTPUT_MAX (16u << 20)

static int64_t file_size(const json_t *manifest, size_t i)
{
    return json_integer_value(json_array_get(json_array_get(
        json_object_get(manifest, "files"), i), 2));
}

/* Runs an internal command whose input is the request's "snapshot"
 * object; *out is its JSON output. */
static int internal(const struct client_link *link, const char *cmd,
                    const char *cwd, json_t *snap, json_t **out,
                    struct err *err)
{
    struct client_output o;
    json_object_set_new(snap, "root", json_string(cwd));
    json_t *req = json_pack("{s:[s],s:s,s:[],s:O}", "argv", cmd, "cwd", cwd,
                            "files", "snapshot", snap);
    client_output_init(&o, UPLOAD_OUTPUT_MAX);
    int rc = req ? client_request_capture(link, req, &o, err)
                 : err_set(err, ERR_INTERNAL, "out of memory");
    *out = !rc && o.status == 0 ? json_loads(o.out.data ? o.out.data : "",
                                             0, NULL) : NULL;
    if (!rc && !*out)
        rc = err_set(err, o.status == 4 ? ERR_FORBIDDEN : ERR_USER,
                     "sending the working tree: %s",
                     o.err.data && *o.err.data ? o.err.data : "refused");
    client_output_free(&o);
    json_decref(req);
    json_decref(snap);
    return rc;
}

int upload_plan(const struct client_link *link, const char *cwd,
                const struct snapshot_manifest *m, const json_t *manifest,
                json_t **todo, int64_t *bytes, struct err *err)
{
    json_t *first = json_object(), *ask = json_array(), *have = NULL;
    *todo = NULL;
    *bytes = 0;
    for (size_t i = 0; i < snapshot_file_count(m); i++)
        if (!json_object_get(first, snapshot_file_sha(m, i))) {
            json_object_set_new(first, snapshot_file_sha(m, i),
                                json_integer((json_int_t)i));
            json_array_append_new(ask, json_string(snapshot_file_sha(m, i)));
        }
    int rc = internal(link, "__uploaded", cwd,
                      json_pack("{s:o}", "ask", ask), &have, err);
    size_t k;
    json_t *sha;
    json_array_foreach(have, k, sha)
        json_object_del(first, json_string_value(sha));
    const char *key;
    json_t *idx;
    if (!rc) {
        *todo = json_array();
        json_object_foreach(first, key, idx) {
            json_array_append(*todo, idx);
            *bytes += file_size(manifest, (size_t)json_integer_value(idx));
        }
    }
    json_decref(have);
    json_decref(first);
    return rc;
}

json_t *upload_read(const struct snapshot_manifest *m, size_t i, int64_t off,
                    int64_t len, struct err *err)
{
    int fd = -1;
    unsigned char *bin = malloc(len ? (size_t)len : 1);
    int64_t got = 0;
    if (!bin || snapshot_open_file(m, i, &fd, err)) {
        free(bin);
        return NULL;
    }
    while (got < len) {
        ssize_t n = pread(fd, bin + got, (size_t)(len - got), off + got);
        if (n <= 0)
            break;
        got += n;
    }
    close(fd);
    json_t *s = got == len ? b64_json(bin, (size_t)got) : NULL;
    free(bin);
    if (!s && !err->code)
        err_set(err, ERR_USER, "a file changed while it was read; propose "
                "again");
    return s;
}

static int send_batch(const struct client_link *link, const char *cwd,
                      json_t *contents, struct err *err)
{
    json_t *out = NULL;
    int rc = json_object_size(contents)
             ? internal(link, "__upload", cwd, json_pack("{s:O}", "contents",
                                                         contents), &out, err)
             : 0;
    json_object_clear(contents);
    json_decref(out);
    return rc;
}

/* A content larger than a batch, in parts of one batch each. */
static int send_parts(const struct client_link *link, const char *cwd,
                      const struct snapshot_manifest *m, size_t i,
                      int64_t size, struct err *err)
{
    json_t *out = NULL;
    int rc = 0;
    for (int64_t off = 0; !rc && off < size; off += UPLOAD_BATCH) {
        int64_t len = size - off < UPLOAD_BATCH ? size - off : UPLOAD_BATCH;
        json_t *data = upload_read(m, i, off, len, err);
        rc = !data ? err->code
             : internal(link, "__upload", cwd, json_pack(
                   "{s:{s:s,s:I,s:I,s:o}}", "part", "sha",
                   snapshot_file_sha(m, i), "offset", (json_int_t)off,
                   "total", (json_int_t)size, "data", data), &out, err);
        json_decref(out);
        out = NULL;
    }
    return rc;
}

int upload_send(const struct client_link *link, const char *cwd,
                const struct snapshot_manifest *m, const json_t *manifest,
                const json_t *todo, struct err *err)
{
    json_t *batch = json_object(), *idx;
    int64_t held = 0;
    size_t k;
    int rc = 0;
    json_array_foreach(todo, k, idx) {
        size_t i = (size_t)json_integer_value(idx);
        int64_t size = file_size(manifest, i);
        if (rc)
            break;
        if (held + size > UPLOAD_BATCH) {
            rc = send_batch(link, cwd, batch, err);
            held = 0;
        }
        if (!rc && size > UPLOAD_BATCH) {
            rc = send_parts(link, cwd, m, i, size, err);
            continue;
        }
        json_t *data = rc ? NULL : upload_read(m, i, 0, size, err);
        rc = rc ? rc : !data ? err->code : 0;
        if (data)
            json_object_set_new(batch, snapshot_file_sha(m, i), data);
        held += size;
    }
    rc = rc ? rc : send_batch(link, cwd, batch, err);
    json_decref(batch);
    return rc;
}
