/* Looks for file descriptors inherited from the supervisor (its database,
 * sockets, other runs' pipes): a run should hold only 0, 1 and 2. */
#include <dirent.h>
#include <unistd.h>
#include "common.h"

int main(void)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    while (d && (e = readdir(d))) {
        int fd = atoi(e->d_name);
        if (e->d_name[0] == '.' || fd <= 2 || fd == dirfd(d))
            continue;
        char path[64], target[512];
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
        ssize_t n = readlink(path, target, sizeof target - 1);
        target[n > 0 ? n : 0] = '\0';
        printf("inherited fd %d -> %s\n", fd, target);
        won("inherited a file descriptor");
    }
    if (!escaped)
        lost("no inherited fds");
    return verdict();
}
