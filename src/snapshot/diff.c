/*
 * diff — the code a reviewer reads: the unified diff of one file between
 * two stored contents, made by diffutils' `diff -u` (essential on Debian;
 * a GPL tool used through its command), bounded in size.
 *
 * Contents come from the store by hash, never from a working tree, so the
 * diff shows exactly what the snapshots bind. Binary and oversized files
 * get a one-line note instead of a diff.
 */
#include "snapshot/snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define DIFF_PROGRAM "/usr/bin/diff"
#define DIFF_INPUT_MAX (1 << 20)   /* larger files: a note, no diff */
#define DIFF_SNIFF 8000            /* a NUL in this prefix: binary */

/* The object's path, or /dev/null for a side that has no such file. */
static int side_path(struct cas *c, const char *sha, char *out, size_t n,
                     struct err *err)
{
    if (!sha) {
        snprintf(out, n, "/dev/null");
        return 0;
    }
    return cas_path(c, sha, out, n, err);
}

/* A note when the file is not shown as text ("binary", "too large"),
 * else NULL. */
static const char *not_text(const char *path)
{
    char head[DIFF_SNIFF];
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return "content missing from the store";
    ssize_t n = fstat(fd, &st) ? -1 : read(fd, head, sizeof head);
    close(fd);
    if (n < 0)
        return "content unreadable";
    if (st.st_size > DIFF_INPUT_MAX)
        return "too large to show";
    return memchr(head, '\0', (size_t)n) ? "binary" : NULL;
}

/* "a/PATH" with control characters as '?': a label is one diff line. */
static void label(const char *prefix, const char *path, char *out, size_t n)
{
    snprintf(out, n, "%s%s", prefix, path);
    for (char *p = out; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
}

/* Reads at most cap bytes of fd into *text; *cut when more was there. */
static int read_capped(int fd, size_t cap, char **text, int *cut)
{
    char *b = malloc(cap + 1);
    size_t len = 0;
    ssize_t r;
    if (!b)
        return -1;
    while (len < cap && ((r = read(fd, b + len, cap - len)) > 0 ||
                         (r < 0 && errno == EINTR)))
        len += r > 0 ? (size_t)r : 0;
    char probe;
    *cut = len == cap && read(fd, &probe, 1) > 0;
    b[len] = '\0';
    *text = b;
    return 0;
}

static int run_diff(char *const argv[], size_t cap, char **text, int *cut,
                    struct err *err)
{
    static char *const envp[] = {"LC_ALL=C", NULL};
    int p[2];
    pid_t pid;
    posix_spawn_file_actions_t fa;
    if (pipe2(p, O_CLOEXEC))
        return err_errno(err, "diff: pipe");
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, p[1], 1);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    int rc = posix_spawn(&pid, DIFF_PROGRAM, &fa, NULL, argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    close(p[1]);
    if (rc) {
        close(p[0]);
        return err_set(err, ERR_INTERNAL, "cannot run %s: %s", DIFF_PROGRAM,
                       strerror(rc));
    }
    int bad = read_capped(p[0], cap, text, cut), status = 0;
    if (*cut)
        kill(pid, SIGKILL);
    close(p[0]);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (bad || (!*cut && (!WIFEXITED(status) || WEXITSTATUS(status) > 1))) {
        free(bad ? NULL : *text);
        *text = NULL;
        return err_set(err, ERR_INTERNAL, "%s failed on %s", DIFF_PROGRAM,
                       argv[3]);
    }
    return 0;
}

int snapshot_diff_file(struct cas *c, const char *path, const char *was,
                       const char *now, size_t cap, json_t **out,
                       struct err *err)
{
    char old[4096], new[4096], la[1024], lb[1024], *text = NULL;
    const char *note = NULL;
    int cut = 0;
    if (side_path(c, was, old, sizeof old, err) ||
        side_path(c, now, new, sizeof new, err))
        return err->code;
    if (!(note = was ? not_text(old) : NULL) && now)
        note = not_text(new);
    label(was ? "a/" : "/dev/null", was ? path : "", la, sizeof la);
    label(now ? "b/" : "/dev/null", now ? path : "", lb, sizeof lb);
    char *argv[] = {"diff", "-u", "--label", la, "--label", lb, old, new,
                    NULL};
    if (!note && run_diff(argv, cap, &text, &cut, err))
        return err->code;
    *out = json_pack("{s:s,s:s,s:s?,s:b,s:s?}", "path", path, "change",
                     !was ? "added" : !now ? "removed" : "changed", "diff",
                     text, "truncated", cut, "note", note);
    free(text);
    return *out ? 0 : err_set(err, ERR_INTERNAL, "out of memory");
}
