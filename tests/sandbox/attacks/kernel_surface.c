/* The kernel attack surface a job never needs: bpf, perf, userfaultfd,
 * io_uring, keyrings, module loading, kexec, personality changes. */
#include <linux/bpf.h>
#include <sys/personality.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "common.h"

int main(void)
{
    struct { long nr; const char *what; } t[] = {
        {SYS_userfaultfd, "userfaultfd"},
        {SYS_io_uring_setup, "io_uring_setup"},
        {SYS_add_key, "add_key"},
        {SYS_keyctl, "keyctl"},
        {SYS_init_module, "init_module"},
        {SYS_kexec_load, "kexec_load"},
        {SYS_open_by_handle_at, "open_by_handle_at"},
    };
    char zero[256] = {0};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        long r = syscall(t[i].nr, 0, zero, zero, 0, 0);
        if (r >= 0 || errno != EPERM)
            printf("%s: %ld errno %d\n", t[i].what, r, errno);
        if (r >= 0)
            won(t[i].what);
        else if (errno != EPERM)
            won(t[i].what);   /* reached the kernel: not filtered */
        else
            lost(t[i].what);
    }
    union bpf_attr a;
    memset(&a, 0, sizeof a);
    if (syscall(SYS_bpf, BPF_MAP_CREATE, &a, sizeof a) >= 0 || errno != EPERM)
        won("bpf reached the kernel");
    if (syscall(SYS_perf_event_open, zero, 0, -1, -1, 0) >= 0 || errno != EPERM)
        won("perf_event_open reached the kernel");
    if (personality(ADDR_NO_RANDOMIZE) != -1 &&
        (personality(0xffffffff) & ADDR_NO_RANDOMIZE))
        won("personality ADDR_NO_RANDOMIZE");
    return verdict();
}
