/* Fills the disk from the work dir: many files just under any per-file
 * limit, until it is stopped. Escapes if it wrote argv[1] MiB. */
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include "common.h"

int main(int argc, char **argv)
{
    require_sandbox();
    long target = argc > 1 ? atol(argv[1]) : 512, written = 0;
    static char buf[1 << 20];
    memset(buf, 'D', sizeof buf);
    signal(SIGXFSZ, SIG_IGN);
    for (int f = 0; written < target; f++) {
        char name[64];
        snprintf(name, sizeof name, "fill-%d", f);
        int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0)
            break;
        for (int i = 0; i < 8 && written < target; i++, written++)
            if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf) {
                close(fd);
                goto out;
            }
        fsync(fd);
        close(fd);
    }
out:
    printf("wrote %ld MiB\n", written);
    if (written >= target)
        won("filled the disk past the quota");
    else
        lost("disk fill");
    return verdict();
}
