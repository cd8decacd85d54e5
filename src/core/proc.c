/* proc — process identity; see proc.h. */
#include "core/proc.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int proc_start_time(pid_t pid, char *out, size_t n)
{
    char path[64], line[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "re");
    if (!f)
        return -1;
    size_t len = fread(line, 1, sizeof line - 1, f);
    fclose(f);
    line[len] = '\0';
    /* comm may hold spaces and parentheses: fields restart after the last
     * ')'. starttime is field 22, the 20th after it. */
    char *p = strrchr(line, ')');
    for (int field = 2; p && field < 22; field++)
        p = strchr(p + 1, ' ');
    if (!p)
        return -1;
    size_t w = strcspn(p + 1, " ");
    snprintf(out, n, "%.*s", (int)w, p + 1);
    return 0;
}

/* A zombie has exited: only its parent has not reaped it yet (a
 * supervisor's parent is init, which may take its time). */
static int is_zombie(pid_t pid)
{
    char path[64], line[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "re");
    if (!f)
        return 1;
    size_t len = fread(line, 1, sizeof line - 1, f);
    fclose(f);
    line[len] = '\0';
    char *p = strrchr(line, ')');
    return !p || p[1] != ' ' || p[2] == 'Z' || p[2] == 'X';
}

int proc_alive(pid_t pid, const char *start_time)
{
    char now[32];
    if (pid <= 0 || proc_start_time(pid, now, sizeof now))
        return 0;
    return !strcmp(now, start_time) && !is_zombie(pid);
}

int proc_fork_detached(void)
{
    pid_t mid = fork();
    if (mid < 0)
        return -1;
    if (mid == 0) {
        pid_t child = fork();
        if (child == 0)
            return 0;
        _exit(child < 0 ? 1 : 0);
    }
    int st = 0;
    while (waitpid(mid, &st, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 1 : -1;
}

int proc_sibling_exe(const char *name, char *out, size_t n)
{
    char self[4096];
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len <= 0)
        return snprintf(out, n, "%s", name), -1;
    self[len] = '\0';
    char *slash = strrchr(self, '/');
    *slash = '\0';
    int w = snprintf(out, n, "%s/%s", self, name);
    return w < 0 || (size_t)w >= n || access(out, X_OK) ? -1 : 0;
}

const char *proc_steward_exe(void)
{
    static char path[4096];
    char self[4096];
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len <= 0)
        return "/proc/self/exe";
    self[len] = '\0';
    const char *base = strrchr(self, '/');
    if (strcmp(base ? base + 1 : self, "steward-serve") ||
        proc_sibling_exe("steward", path, sizeof path))
        return "/proc/self/exe";
    return path;
}
