/*
 * manifest — a scan's result as canonical JSON, and the hash that names
 * it. The JSON lists directories and files sorted by path with only what
 * the run will see (mode, size, content hash), never inode numbers or
 * times, so one tree always has one name.
 */
#include "snapshot/manifest_int.h"
#include "core/sha256.h"

#include <stdlib.h>
#include <string.h>

static json_t *entry_json(const struct snap_entry *e)
{
    return e->is_dir ? json_pack("[s,i]", e->path, (int)e->mode)
           : json_pack("[s,i,I,s]", e->path, (int)e->mode,
                       (json_int_t)e->size, e->sha);
}

json_t *snapshot_manifest_json(const struct snapshot_manifest *m)
{
    json_t *dirs = json_array(), *files = json_array();
    for (size_t i = 0; dirs && files && i < manifest_count(m); i++) {
        const struct snap_entry *e = manifest_entry(m, i);
        if (json_array_append_new(e->is_dir ? dirs : files, entry_json(e))) {
            json_decref(dirs);
            json_decref(files);
            return NULL;
        }
    }
    return json_pack("{s:o,s:o}", "dirs", dirs, "files", files);
}

size_t snapshot_file_count(const struct snapshot_manifest *m)
{
    return m->files;
}

int64_t snapshot_byte_count(const struct snapshot_manifest *m)
{
    return m->bytes;
}

/* The i-th file (directories are skipped in the numbering). */
static const struct snap_entry *nth_file(const struct snapshot_manifest *m,
                                         size_t i)
{
    for (size_t k = 0; k < manifest_count(m); k++)
        if (!manifest_entry(m, k)->is_dir && i-- == 0)
            return manifest_entry(m, k);
    return NULL;
}

const char *snapshot_file_sha(const struct snapshot_manifest *m, size_t i)
{
    const struct snap_entry *e = nth_file(m, i);
    return e ? e->sha : NULL;
}

int snapshot_open_file(const struct snapshot_manifest *m, size_t i, int *fd,
                       struct err *err)
{
    const struct snap_entry *e = nth_file(m, i);
    if (!e)
        return err_set(err, ERR_USER, "no file %zu in the snapshot", i);
    return manifest_open_beneath(m->root_fd, e->path, fd, err);
}

int snapshot_manifest_hash(const json_t *manifest, char out[65],
                           struct err *err)
{
    char *text = json_dumps(manifest, JSON_COMPACT | JSON_SORT_KEYS);
    if (!text)
        return err_set(err, ERR_INTERNAL, "cannot encode the manifest");
    sha256_text_hex(text, out);
    free(text);
    return 0;
}
