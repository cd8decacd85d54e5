/* Turns its metrics sink into a FIFO (a supervisor that opens it without
 * O_NONBLOCK blocks forever, and then enforces no time limit), and runs
 * forever. Only a supervisor that kills it on time stops it. */
#include <sys/stat.h>
#include <unistd.h>
#include "common.h"

int main(void)
{
    const char *sink = getenv("STEWARD_METRICS");
    if (!sink)
        return 2;
    unlink(sink);
    if (mkfifo(sink, 0644) < 0)
        lost("mkfifo");
    printf("sink is a FIFO now\n");
    fflush(stdout);
    for (;;)
        pause();
}
