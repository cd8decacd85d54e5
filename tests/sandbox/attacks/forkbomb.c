/* Forks until refused; escapes if it got more than argv[1] processes. */
#include <signal.h>
#include <unistd.h>
#include "common.h"

int main(int argc, char **argv)
{
    require_sandbox();
    long limit = argc > 1 ? atol(argv[1]) : 64, n = 0;
    for (; n < 5000; n++) {
        pid_t p = fork();
        if (p < 0)
            break;
        if (p == 0) {
            pause();
            _exit(0);
        }
    }
    printf("forked %ld\n", n);
    if (n > limit)
        won("fork bomb beyond the pids limit");
    else
        lost("fork bomb");
    return verdict();
}
