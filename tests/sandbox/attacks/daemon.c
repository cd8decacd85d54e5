/* Double-forks a setsid daemon named after argv[1] that keeps writing to
 * argv[2]; the parent exits at once. The harness checks no such process
 * survives the run and the file stops growing. */
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>
#include "common.h"

int main(int argc, char **argv)
{
    require_sandbox();
    if (argc < 3)
        return 2;
    if (fork() == 0) {
        setsid();
        if (fork() == 0) {
            signal(SIGTERM, SIG_IGN);
            signal(SIGHUP, SIG_IGN);
            prctl(PR_SET_NAME, argv[1], 0, 0, 0);
            for (;;) {
                int fd = open(argv[2], O_WRONLY | O_CREAT | O_APPEND, 0644);
                if (fd >= 0) {
                    ssize_t w = write(fd, "x", 1);
                    (void)w;
                    close(fd);
                }
                usleep(20000);
            }
        }
        _exit(0);
    }
    usleep(100000);
    printf("daemon started\n");
    return 1;
}
