/*
 * wait — how the dispatcher sleeps: until a run's supervisor ends (a
 * pidfd of each in-flight run's supervisor, from the pid and start time
 * the run row records), until the server says work may be waiting (its
 * eventfd), or at most ms. A slot that frees up is filled at once rather
 * than at the next look.
 */
#include "api/handle.h"
#include "dispatch/dispatch_int.h"
#include "core/proc.h"
#include "store/runs.h"

#include <poll.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define WAIT_PIDFDS 63

/* pidfds of the supervisors of queued and running runs; returns how many. */
static int supervisor_fds(struct steward *s, struct pollfd *p, int max)
{
    struct store_run_in_flight runs[WAIT_PIDFDS];
    struct err err = ERR_INIT;
    size_t n = 0;
    int got = 0;
    if (store_runs_in_flight(s->db, runs, (size_t)max, &n, &err))
        return 0;
    for (size_t i = 0; i < n; i++) {
        pid_t pid = (pid_t)runs[i].supervisor_pid;
        int fd = (int)syscall(SYS_pidfd_open, pid, 0);
        if (fd < 0)
            continue;
        /* a pid is an identity only with its start time */
        if (!proc_alive(pid, runs[i].supervisor_start)) {
            close(fd);
            continue;
        }
        p[got].fd = fd, p[got].events = POLLIN, p[got].revents = 0;
        got++;
    }
    return got;
}

int dispatch_wait(struct steward *s, int ms, int wake_fd)
{
    struct pollfd p[WAIT_PIDFDS + 1];
    int n = 0;
    if (wake_fd > 0) {
        p[n].fd = wake_fd, p[n].events = POLLIN, p[n].revents = 0;
        n++;
    }
    int first = n;
    n += supervisor_fds(s, p + n, WAIT_PIDFDS);
    if (n == 0) {
        struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
        return 0;
    }
    uint64_t drained;
    int ended = 0;
    if (poll(p, (nfds_t)n, ms) > 0 && first && (p[0].revents & POLLIN) &&
        read(wake_fd, &drained, sizeof drained) < 0)
        drained = 0;
    for (int i = first; i < n; i++) {
        ended |= (p[i].revents & POLLIN) != 0;
        close(p[i].fd);
    }
    return ended;
}
