/* Reads each path given and escapes if one holds the marker (argv[1]).
 * Paths are tried as given, then through /proc/1/root and /proc/1/cwd. */
#include <fcntl.h>
#include <unistd.h>
#include "common.h"

static void try_read(const char *path, const char *marker)
{
    char buf[65536];
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        lost(path);
        return;
    }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    buf[n > 0 ? n : 0] = '\0';
    if (n > 0 && strstr(buf, marker))
        won(path);
    else
        printf("read %s: no secret\n", path);
}

int main(int argc, char **argv)
{
    char p[4096];
    for (int i = 2; i < argc; i++) {
        try_read(argv[i], argv[1]);
        snprintf(p, sizeof p, "/proc/1/root%s", argv[i]);
        try_read(p, argv[1]);
    }
    return verdict();
}
