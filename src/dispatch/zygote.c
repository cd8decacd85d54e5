/*
 * zygote — starts run supervisors by fork, without an exec.
 *
 * A supervisor used to be a fresh exec of steward: dynamic linking and a
 * new process image cost several milliseconds per run, the largest part
 * of what dispatch adds to a run's own sandbox start. An exec was needed
 * because a plain fork of the dispatcher would inherit its SQLite
 * connection (whose locks do not survive fork) and, in `steward serve`,
 * its threads. The zygote is forked before either exists: while the
 * dispatcher's process is single-threaded and has opened no database. It
 * waits on a socket for "start a supervisor for HOME", with the new
 * supervisor's own socket to the dispatcher passed along (SCM_RIGHTS),
 * and forks the supervisor from its own clean image (detached: an
 * intermediate child exits at once, so init reaps the supervisor as
 * before). It ends when the dispatcher's end of the socket closes, kill -9
 * included; supervisors outlive it.
 *
 * The zygote also compiles the seccomp program once and keeps a recent
 * probe of the host's cgroups, which each supervisor would otherwise do
 * for itself.
 *
 * Without a zygote (not started, or gone), supervisors are exec'd as
 * before.
 */
#include "dispatch/dispatch_int.h"
#include "core/fdio.h"
#include "core/proc.h"
#include "sandbox/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

struct zygote_request {
    char home[API_PATH_MAX];
};

/* One socket each way (a socket, not a pipe: a dead zygote is an error
 * to send to, never a SIGPIPE to the dispatcher). */
static struct {
    pid_t pid;
    int fd;   /* requests out; one byte back each: 0 started, 1 failed */
} zygote = {-1, -1};

static char start_one(const struct zygote_request *rq, int fd, int chan)
{
    int started = proc_fork_detached();
    if (started == 0) {
        close(fd);
        signal(SIGPIPE, SIG_DFL);
        prctl(PR_SET_NAME, "steward-sup", 0, 0, 0);   /* for ps */
        _exit(supervise_run(rq->home, chan));
    }
    close(chan);   /* the supervisor's alone: its end is the run's */
    return started == 1 ? 0 : 1;
}

/* Keeps only stdio and its socket (as fd 3): nothing the dispatcher had
 * open reaches a supervisor. */
static void zygote_main(int fd) __attribute__((noreturn));
static void zygote_main(int fd)
{
    struct zygote_request rq;
    if (dup2(fd, 3) < 0)
        _exit(1);
    syscall(SYS_close_range, 4, ~0U, 0);
    signal(SIGINT, SIG_IGN);    /* a ^C reaches the dispatcher, which */
    signal(SIGTERM, SIG_DFL);   /* closes the socket: the zygote follows */
    signal(SIGCHLD, SIG_DFL);
    struct err ignored = ERR_INIT;   /* each supervisor tries again */
    int chan;
    while (fd_read_with_fd(3, &rq, sizeof rq, &chan) == 0) {
        if (sandbox_prepare(&ignored))   /* compiled once, inherited */
            err_clear(&ignored);
        rq.home[sizeof rq.home - 1] = '\0';
        char r = chan < 0 ? 1 : start_one(&rq, 3, chan);
        if (fd_send_all(3, &r, 1) < 0)
            break;
    }
    _exit(0);
}

int dispatch_zygote_start(void)
{
    int sv[2];
    if (zygote.pid > 0)
        return 0;
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(sv[0]);
        zygote_main(sv[1]);
    }
    close(sv[1]);
    if (pid < 0) {
        close(sv[0]);
        return -1;
    }
    zygote.pid = pid;
    zygote.fd = sv[0];
    return 0;
}

void dispatch_zygote_stop(void)
{
    if (zygote.pid <= 0)
        return;
    close(zygote.fd);
    while (waitpid(zygote.pid, NULL, 0) < 0 && errno == EINTR)
        ;
    zygote.pid = -1;
    zygote.fd = -1;
}

int zygote_start_supervisor(const char *home, int chan)
{
    struct zygote_request rq;
    char r;
    if (zygote.pid <= 0)
        return 1;
    memset(&rq, 0, sizeof rq);
    snprintf(rq.home, sizeof rq.home, "%s", home);
    if (fd_send_with_fd(zygote.fd, &rq, sizeof rq, chan) < 0 ||
        fd_read_all(zygote.fd, &r, 1) < 0) {
        dispatch_zygote_stop();   /* gone: exec from now on */
        return 1;
    }
    return r ? -1 : 0;
}
