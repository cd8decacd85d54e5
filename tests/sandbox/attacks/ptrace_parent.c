/* Attaches to its parent, to init and reads their memory. */
#include <fcntl.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "common.h"

static void attack(pid_t pid)
{
    char what[64], buf[16], path[64];
    snprintf(what, sizeof what, "ptrace attach %d", (int)pid);
    if (ptrace(PTRACE_ATTACH, pid, 0, 0) == 0)
        won(what);
    else
        lost(what);
    struct iovec l = {buf, sizeof buf}, r = {(void *)0x400000, sizeof buf};
    snprintf(what, sizeof what, "process_vm_readv %d", (int)pid);
    if (process_vm_readv(pid, &l, 1, &r, 1, 0) >= 0)
        won(what);
    else
        lost(what);
    snprintf(path, sizeof path, "/proc/%d/mem", (int)pid);
    int fd = open(path, O_RDONLY);
    if (fd >= 0)
        won(path);
    else
        lost(path);
    snprintf(path, sizeof path, "/proc/%d/environ", (int)pid);
    fd = open(path, O_RDONLY);
    if (fd >= 0 && read(fd, buf, sizeof buf) > 0)
        won(path);
    else
        lost(path);
}

int main(void)
{
    attack(getppid());
    attack(1);
    pid_t child = fork();
    if (child == 0) {
        if (ptrace(PTRACE_TRACEME, 0, 0, 0) == 0)
            printf("ESCAPED: traceme\n");
        _exit(0);
    }
    int st;
    waitpid(child, &st, 0);
    fflush(stdout);
    return verdict();
}
