/* mount, umount, unshare, setns, chroot, pivot_root, namespace clones. */
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "common.h"

static int child(void *arg)
{
    (void)arg;
    return 0;
}

int main(void)
{
    if (mount("tmpfs", "/tmp", "tmpfs", 0, NULL) == 0) won("mount tmpfs");
    else lost("mount tmpfs");
    if (umount2("/etc", MNT_DETACH) == 0) won("umount /etc"); else lost("umount");
    if (umount2("/home", MNT_DETACH) == 0) won("umount /home");
    int flags[] = {CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWNET, CLONE_NEWPID,
                   CLONE_NEWUSER | CLONE_NEWNS};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        char what[64];
        snprintf(what, sizeof what, "unshare 0x%x", flags[i]);
        if (unshare(flags[i]) == 0) won(what); else lost(what);
    }
    static char stack[65536];
    pid_t p = clone(child, stack + sizeof stack, CLONE_NEWUSER | SIGCHLD, NULL);
    if (p > 0) { won("clone(CLONE_NEWUSER)"); waitpid(p, NULL, 0); }
    else lost("clone(CLONE_NEWUSER)");
    int fd = open("/proc/1/ns/mnt", O_RDONLY);
    if (fd >= 0 && setns(fd, 0) == 0) won("setns"); else lost("setns");
    if (chroot("/tmp") == 0) won("chroot"); else lost("chroot");
    if (syscall(SYS_pivot_root, "/tmp", "/tmp") == 0) won("pivot_root");
    else lost("pivot_root");
    return verdict();
}
