/* artifacts — listing and opening a run's artifacts; see artifacts.h. */
#include "api/handle.h"
#include "api/artifacts.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NAME_MAX_LEN 4096

int artifact_name_check(const char *name, struct err *err)
{
    size_t n = strlen(name);
    if (!n || n > NAME_MAX_LEN || name[0] == '/')
        return err_set(err, ERR_USER, "artifact '%.200s': give the path as "
                       "'steward artifacts ID' lists it (relative)", name);
    for (const char *p = name; *p; p += strcspn(p, "/"), p += *p == '/') {
        size_t len = strcspn(p, "/");
        if (!len || (len == 1 && p[0] == '.') ||
            (len == 2 && !strncmp(p, "..", 2)))
            return err_set(err, ERR_USER, "artifact '%.200s': '.', '..' and "
                           "empty components are refused", name);
    }
    for (const char *p = name; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return err_set(err, ERR_USER, "artifact names hold no control "
                           "characters");
    return 0;
}

static int store_path(struct steward *s, const char *sha, char *out,
                      size_t n, struct err *err)
{
    if (strlen(sha) != 64 || strspn(sha, "0123456789abcdef") != 64)
        return err_set(err, ERR_INTERNAL, "a manifest entry has no valid "
                       "sha256");
    if ((size_t)snprintf(out, n, "%s/artifacts/%s", s->home, sha) >= n)
        return err_set(err, ERR_USER, "path too long: %s/artifacts", s->home);
    return 0;
}

/* The manifest of the latest run, with "present" set per file. */
static json_t *manifest(struct steward *s, const json_t *run)
{
    json_t *art = json_object_get(run, "artifacts");
    json_t *files = json_array(), *f;
    size_t i;
    json_array_foreach(json_object_get(art, "files"), i, f) {
        char path[API_PATH_MAX];
        struct err ignored = ERR_INIT;
        const char *sha = json_string_value(json_object_get(f, "sha256"));
        json_t *copy = json_deep_copy(f);
        int ok = sha && !store_path(s, sha, path, sizeof path, &ignored) &&
                 access(path, R_OK) == 0;
        json_object_set_new(copy, "present", json_boolean(ok));
        json_array_append_new(files, copy);
    }
    json_t *skipped = json_object_get(art, "skipped");
    return json_pack("{s:o,s:O,s:I}", "files", files, "skipped",
                     skipped ? skipped : json_array(), "total_bytes",
                     json_integer_value(json_object_get(art, "total_bytes")));
}

int steward_artifacts(struct steward *s, int64_t id, json_t **out,
                      struct err *err)
{
    json_t *exp = NULL;
    int rc = steward_show(s, id, &exp, err);
    if (rc)
        return rc;
    json_t *run = json_object_get(exp, "run");
    if (!json_is_object(run))
        rc = err_set(err, ERR_USER, "experiment %lld has not run yet (it is "
                     "%s)", (long long)id,
                     json_string_value(json_object_get(exp, "state")));
    else
        *out = manifest(s, run);
    if (!rc) {
        json_object_set_new(*out, "experiment", json_integer(id));
        json_object_set(*out, "run", json_object_get(run, "id"));
    }
    json_decref(exp);
    return rc;
}

static const json_t *find_entry(const json_t *list, const char *name)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(list, "files"), i, f) {
        const char *path = json_string_value(json_object_get(f, "path"));
        if (path && !strcmp(path, name))
            return f;
    }
    return NULL;
}

static int open_entry(struct steward *s, const json_t *f, int *fd,
                      struct err *err)
{
    char path[API_PATH_MAX];
    int rc = store_path(s, json_string_value(json_object_get(f, "sha256")),
                        path, sizeof path, err);
    if (rc)
        return rc;
    *fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (*fd >= 0)
        return 0;
    if (errno == ENOENT)
        return err_set(err, ERR_NOTFOUND, "the content of artifact '%s' was "
                       "removed by retention ('steward gc'); only its hash "
                       "and size are kept", json_string_value(
                           json_object_get(f, "path")));
    return err_errno(err, "opening %s", path);
}

int steward_artifact_open(struct steward *s, int64_t id, const char *name,
                          int *fd, char *sha, int64_t *size, struct err *err)
{
    json_t *list = NULL;
    int rc = artifact_name_check(name, err);
    rc = rc ? rc : steward_artifacts(s, id, &list, err);
    if (rc)
        return rc;
    const json_t *f = find_entry(list, name);
    if (!f)
        rc = err_set(err, ERR_NOTFOUND, "experiment %lld has no artifact "
                     "'%s'; 'steward artifacts %lld' lists them",
                     (long long)id, name, (long long)id);
    else
        rc = open_entry(s, f, fd, err);
    if (!rc) {
        snprintf(sha, 65, "%s",
                 json_string_value(json_object_get(f, "sha256")));
        *size = (int64_t)json_integer_value(json_object_get(f, "size"));
    }
    json_decref(list);
    return rc;
}
