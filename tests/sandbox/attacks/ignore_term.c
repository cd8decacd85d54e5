/* Ignores SIGTERM (and its children too) and runs forever. */
#include <signal.h>
#include <unistd.h>
#include "common.h"

int main(void)
{
    require_sandbox();
    signal(SIGTERM, SIG_IGN);
    signal(SIGINT, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    if (fork() == 0)
        for (;;)
            pause();
    printf("ignoring SIGTERM\n");
    fflush(stdout);
    for (;;)
        sleep(1);
}
