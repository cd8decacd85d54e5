/* forkexec — median time of a bare fork/exec/wait of /bin/true, in ms. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/clock.h"

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 200;
    if (n < 1 || n > 100000)
        return 1;
    double *t = calloc((size_t)n, sizeof *t);
    for (int i = 0; i < n; i++) {
        int64_t t0 = clock_mono_ns();
        pid_t pid = fork();
        if (pid == 0) {
            execl("/bin/true", "true", (char *)NULL);
            _exit(127);
        }
        waitpid(pid, NULL, 0);
        t[i] = (double)(clock_mono_ns() - t0) / 1e6;
    }
    qsort(t, (size_t)n, sizeof *t, cmp);
    printf("%.3f\n", t[n / 2]);
    free(t);
    return 0;
}
