/* Looks for a host process whose command line holds argv[1], and tries
 * to kill everything it can (kill -1). */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include "common.h"

int main(int argc, char **argv)
{
    require_sandbox();
    DIR *d = opendir("/proc");
    struct dirent *e;
    int n = 0;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue;
        n++;
        if (atoi(e->d_name) == getpid())
            continue;   /* our own command line holds the marker */
        char p[300], buf[4096];
        snprintf(p, sizeof p, "/proc/%s/cmdline", e->d_name);
        int fd = open(p, O_RDONLY);
        ssize_t r = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
        if (fd >= 0)
            close(fd);
        for (ssize_t i = 0; i < r; i++)
            if (buf[i] == '\0')
                buf[i] = ' ';
        buf[r > 0 ? r : 0] = '\0';
        if (argc > 1 && strstr(buf, argv[1]))
            won("saw the host's marker process");
    }
    printf("%d processes visible\n", n);
    if (n > 8)
        won("many processes visible");
    kill(-1, SIGKILL);
    return verdict();
}
