/*
 * report_files — see report_files.h. Each file is written beside its
 * final name and renamed into place, so a reader never sees half a
 * report; O_NOFOLLOW keeps a planted symlink from redirecting the write.
 */
#include "cli/report_files.h"
#include "cli/util.h"
#include "client/client.h"
#include "core/fdio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


/* report-NAME, with anything but [A-Za-z0-9._-] in NAME as '_'. */
static int default_dir(const char *campaign, char *out, size_t n,
                       struct err *err)
{
    int w = snprintf(out, n, "report-%s", campaign ? campaign : "attention");
    if (w < 0 || (size_t)w >= n)
        return err_set(err, ERR_USER, "campaign name too long for a "
                       "directory name; give --out");
    for (char *p = out + 7; *p; p++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                    "0123456789._-", *p))
            *p = '_';
    return 0;
}

static int write_one(const char *dir, const char *name, const char *text,
                     struct err *err)
{
    char path[PATH_MAX], tmp[PATH_MAX];
    int w = snprintf(path, sizeof path, "%s/%s", dir, name);
    int t = snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, name);
    if (w < 0 || (size_t)w >= sizeof path || t < 0 || (size_t)t >= sizeof tmp)
        return err_set(err, ERR_USER, "--out %s: path too long", dir);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
                  0644);
    if (fd < 0)
        return err_errno(err, "writing %s", tmp);
    int rc = fd_write_all(fd, text, strlen(text));
    if (close(fd) || rc || rename(tmp, path)) {
        int e = errno;
        (void)unlink(tmp);
        errno = e;
        return err_errno(err, "writing %s", path);
    }
    return 0;
}

int report_write_files(const char *dir, const char *campaign,
                       const struct report_out *r, struct err *err)
{
    char def[PATH_MAX];
    struct stat st;
    if (!dir) {
        int rc = default_dir(campaign, def, sizeof def, err);
        if (rc)
            return rc;
        dir = def;
    }
    if (mkdir(dir, 0755) && errno != EEXIST)
        return err_errno(err, "creating %s", dir);
    if (stat(dir, &st) || !S_ISDIR(st.st_mode))
        return err_set(err, ERR_USER, "--out %s is not a directory", dir);
    int rc = write_one(dir, "report.md", r->md, err);
    rc = rc ? rc : write_one(dir, "report.html", r->html, err);
    if (!rc)
        printf("wrote %s/report.md and %s/report.html\n", dir, dir);
    return rc;
}

int report_print_bundle(const struct report_out *r, struct err *err)
{
    json_t *o = json_pack("{s:s,s:s}", "markdown", r->md, "html", r->html);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (!text)
        return err_set(err, ERR_INTERNAL, "the report is not UTF-8 text");
    int rc = printf("%s\n", text) < 0 ? err_errno(err, "writing stdout") : 0;
    free(text);
    return rc;
}
