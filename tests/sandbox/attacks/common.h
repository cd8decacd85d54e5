/* Shared by the attackers: each prints "ESCAPED: <what>" and exits 0 when
 * its attack worked, and exits 1 ("blocked: ...") when it did not. */
#ifndef SBX_ATTACK_COMMON_H
#define SBX_ATTACK_COMMON_H
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int escaped __attribute__((unused));

__attribute__((unused)) static void won(const char *what)
{
    printf("ESCAPED: %s\n", what);
    fflush(stdout);
    escaped = 1;
}

__attribute__((unused)) static void lost(const char *what)
{
    printf("blocked: %s (%s)\n", what, strerror(errno));
    fflush(stdout);
}

/* Attackers that harm whatever they can reach (kill -1, fork bombs, disk
 * and memory fills) refuse to run anywhere but inside a steward sandbox,
 * so running one by hand on a host does no damage. */
#include <unistd.h>
__attribute__((unused)) static void require_sandbox(void)
{
    char h[64] = {0};
    if (gethostname(h, sizeof h - 1) < 0 || strcmp(h, "steward-run") != 0 ||
        getpid() > 64) {
        fprintf(stderr, "refusing to attack outside a steward sandbox\n");
        exit(2);
    }
}

__attribute__((unused)) static int verdict(void)
{
    return escaped ? 0 : 1;
}
#endif
