/* Writes argv[1] MiB to stdout and stderr as fast as it can. */
#include <unistd.h>
#include "common.h"

int main(int argc, char **argv)
{
    require_sandbox();
    long mib = argc > 1 ? atol(argv[1]) : 100;
    static char buf[1 << 20];
    memset(buf, 'A', sizeof buf);
    for (long i = 0; i < mib; i++) {
        if (write(1, buf, sizeof buf) < 0 || write(2, buf, sizeof buf) < 0)
            break;
    }
    return 1;
}
