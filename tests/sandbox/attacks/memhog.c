/* Allocates and touches argv[1] MiB; escapes if it got it all. */
#include <sys/mman.h>
#include "common.h"

int main(int argc, char **argv)
{
    require_sandbox();
    long mib = argc > 1 ? atol(argv[1]) : 1024, got = 0;
    for (; got < mib; got += 16) {
        char *p = mmap(NULL, 16 << 20, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            break;
        memset(p, 1, 16 << 20);
    }
    printf("touched %ld MiB\n", got);
    if (got >= mib)
        won("memory beyond the limit");
    else
        lost("memory hog");
    return verdict();
}
