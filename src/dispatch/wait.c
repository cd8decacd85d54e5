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
#include "store/store.h"

#include <poll.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define WAIT_PIDFDS 63

/* pidfds of the supervisors of queued and running runs; returns how many. */
static int supervisor_fds(struct steward *s, struct pollfd *p, int max)
{
    sqlite3_stmt *st;
    struct err err = ERR_INIT;
    int n = 0;
    if (store_prepare(s->db, "SELECT supervisor_pid, supervisor_start FROM "
                      "runs r JOIN experiments e ON e.id = r.experiment_id "
                      "WHERE e.state IN ('queued', 'running') AND "
                      "supervisor_pid IS NOT NULL", &st, &err))
        return 0;
    while (n < max && sqlite3_step(st) == SQLITE_ROW) {
        pid_t pid = (pid_t)sqlite3_column_int64(st, 0);
        int fd = (int)syscall(SYS_pidfd_open, pid, 0);
        if (fd < 0)
            continue;
        /* a pid is an identity only with its start time */
        if (!proc_alive(pid, store_col_text(st, 1))) {
            close(fd);
            continue;
        }
        p[n].fd = fd, p[n].events = POLLIN, p[n].revents = 0;
        n++;
    }
    sqlite3_finalize(st);
    return n;
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
