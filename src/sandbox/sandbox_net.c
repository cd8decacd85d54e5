/*
 * sandbox_net — the network a run or an agent is granted: egress to the
 * world, never the host's own services.
 *
 * A granted sandbox still gets its own network namespace (so it reaches
 * no abstract Unix socket of the host: X11, D-Bus, a debugger); Debian's
 * slirp4netns joins it from outside and gives it a user-mode TCP/IP stack
 * (tap0, 10.0.2.100, DNS at 10.0.2.3) whose connections the host makes on
 * its behalf. --disable-host-loopback keeps 127.0.0.0/8 of the host out
 * of reach: steward's TCP API, databases, notebook servers listening on
 * loopback. slirp4netns runs with its own seccomp filter, and as root in
 * its own mount namespace too (unprivileged it cannot make one).
 *
 * It lives exactly as long as the sandbox: it exits when the write end of
 * its exit pipe closes, which the sandbox holds (also when the holder is
 * killed with -9).
 */
#include "sandbox/sandbox_int.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SLIRP_PROGRAM "/usr/bin/slirp4netns"

extern char **environ;

static int spawn_slirp(pid_t child, int ready_w, int exit_r, pid_t *pid)
{
    char target[16];
    snprintf(target, sizeof target, "%d", (int)child);
    char *argv[] = {"slirp4netns", "--configure", "--mtu=65520",
                    "--disable-host-loopback", "--enable-seccomp",
                    "--ready-fd=3", "--exit-fd=4", target, "tap0", NULL,
                    NULL};
    if (geteuid() == 0) {   /* a mount namespace of its own */
        memmove(argv + 5, argv + 4, 5 * sizeof *argv);
        argv[4] = "--enable-sandbox";
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, ready_w, 3);
    posix_spawn_file_actions_adddup2(&fa, exit_r, 4);
    int rc = posix_spawn(pid, SLIRP_PROGRAM, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    return rc;
}

/* Waits for slirp4netns to say tap0 is configured (it writes "1"). */
static int wait_ready(int fd)
{
    char c = 0;
    ssize_t n;
    while ((n = read(fd, &c, 1)) < 0 && errno == EINTR)
        ;
    return n == 1 && c == '1' ? 0 : -1;
}

int sbx_net_start(struct sbx_net *n, pid_t child, struct err *err)
{
    int ready[2], ex[2];
    if (access(SLIRP_PROGRAM, X_OK))
        return err_set(err, ERR_USER, "sandbox: the network is granted, "
                       "but %s is missing: install Debian's slirp4netns "
                       "(make deps does)", SLIRP_PROGRAM);
    if (access("/dev/net/tun", R_OK | W_OK))
        return err_set(err, ERR_USER, "sandbox: the network is granted, "
                       "but /dev/net/tun is missing: slirp4netns needs the "
                       "tun device (in a container: --device /dev/net/tun)");
    if (pipe2(ready, O_CLOEXEC))
        return err_errno(err, "sandbox: network: pipe");
    if (pipe2(ex, O_CLOEXEC)) {
        close(ready[0]);
        close(ready[1]);
        return err_errno(err, "sandbox: network: pipe");
    }
    int rc = spawn_slirp(child, ready[1], ex[0], &n->pid);
    close(ready[1]);
    close(ex[0]);
    n->exit_fd = ex[1];
    if (rc)
        n->pid = -1;
    int ok = !rc && wait_ready(ready[0]) == 0;
    close(ready[0]);
    if (ok)
        return 0;
    sbx_net_stop(n);
    return err_set(err, ERR_INTERNAL, "sandbox: network: %s did not set up "
                   "the run's network%s%s", SLIRP_PROGRAM, rc ? ": " : "",
                   rc ? strerror(rc) : "");
}

void sbx_net_stop(struct sbx_net *n)
{
    if (n->exit_fd >= 0)
        close(n->exit_fd);
    n->exit_fd = -1;
    if (n->pid > 0) {
        kill(n->pid, SIGKILL);
        while (waitpid(n->pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    n->pid = -1;
}
