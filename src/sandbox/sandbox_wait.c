/*
 * sandbox_wait — the supervisor's loop over one running sandbox: pump the
 * logs, enforce the disk quota and the kill deadline, and collect the end.
 *
 * The end of a run is init's exit (the pidfd becomes readable). By then the
 * kernel has killed and reaped everything else in the run's PID namespace,
 * so the pipes reach EOF and the rusage of init covers the whole tree.
 */
#include "sandbox/sandbox_int.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "core/clock.h"

#define NS_PER_MS 1000000LL
#define SBX_DISK_SCAN_MIN_MS 50
#define SBX_DRAIN_MS 2000

static void kill_all(struct sandbox *sb)
{
    if (sb->pidfd >= 0)
        syscall(SYS_pidfd_send_signal, sb->pidfd, SIGKILL, NULL, 0);
    else if (sb->pid > 0)
        kill(sb->pid, SIGKILL);
    sbx_cg_kill(sb->cg);
}

void sandbox_terminate(struct sandbox *sb, int grace_ms)
{
    if (!sb || sb->ended || sb->pid <= 0)
        return;
    if (grace_ms <= 0) {
        kill_all(sb);
        return;
    }
    /* init forwards SIGTERM to every process of the run. */
    if (sb->pidfd >= 0)
        syscall(SYS_pidfd_send_signal, sb->pidfd, SIGTERM, NULL, 0);
    int64_t at = clock_mono_ns() + (int64_t)grace_ms * NS_PER_MS;
    if (sb->kill_at_ns == 0 || at < sb->kill_at_ns)
        sb->kill_at_ns = at;
}

static int64_t disk_used(const struct sandbox *sb)
{
    int64_t used = sbx_disk_usage(sb->workdir);
    size_t wl = strlen(sb->workdir);
    int io_inside = strncmp(sb->iodir, sb->workdir, wl) == 0 &&
                    (sb->iodir[wl] == '/' || sb->iodir[wl] == '\0');
    return io_inside ? used : used + sbx_disk_usage(sb->iodir);
}

/* When to scan next: every SBX_DISK_SCAN_MIN_MS, or ten times the scan's
 * own cost if a huge tree makes that longer, but sooner while the run is
 * writing fast towards its quota (half the projected time to reach it,
 * down to 2 ms), which keeps the overshoot small without scanning often
 * when nothing grows. */
static int64_t disk_gap(struct sandbox *sb, int64_t used, int64_t now,
                        int64_t cost)
{
    int64_t gap = SBX_DISK_SCAN_MIN_MS * NS_PER_MS;
    if (cost * 10 > gap)
        return cost * 10;
    int64_t dt = now - sb->last_disk_ns, grew = used - sb->last_disk_used;
    if (sb->last_disk_ns > 0 && grew > 0 && dt > 0) {
        double eta = (double)(sb->disk_quota - used) / grew * (double)dt;
        int64_t soon = (int64_t)(eta / 2);
        gap = soon < 2 * NS_PER_MS ? 2 * NS_PER_MS : soon < gap ? soon : gap;
    }
    return gap;
}

/* Rescans the writable dirs when due; kills the run over its quota. */
static void disk_check(struct sandbox *sb, int64_t now)
{
    if (now < sb->next_disk_ns || sb->disk_exceeded)
        return;
    int64_t used = disk_used(sb);
    int64_t end = clock_mono_ns();
    sb->next_disk_ns = end + disk_gap(sb, used, end, end - now);
    sb->last_disk_ns = end;
    sb->last_disk_used = used;
    if (used > sb->disk_quota) {
        sb->disk_exceeded = 1;
        kill_all(sb);
    }
}

static int64_t min_pos(int64_t a, int64_t b)
{
    if (a <= 0)
        return b;
    return b <= 0 || a < b ? a : b;
}

/* Drains the pipes after the end; every writer is dead, so EOF is near. */
static void drain(struct sandbox *sb)
{
    int64_t until = clock_mono_ns() + SBX_DRAIN_MS * NS_PER_MS;
    while ((sb->out.pipe_fd >= 0 || sb->errs.pipe_fd >= 0) &&
           clock_mono_ns() < until) {
        struct pollfd p[2] = {{sb->out.pipe_fd, POLLIN, 0},
                              {sb->errs.pipe_fd, POLLIN, 0}};
        if (poll(p, 2, 100) < 0 && errno != EINTR)
            break;
        sbx_stream_pump(&sb->out, sb->log_cap);
        sbx_stream_pump(&sb->errs, sb->log_cap);
    }
}

static void exit_from_status(struct sandbox_exit *ex, int st)
{
    if (WIFEXITED(st)) {
        ex->exited = 1;
        ex->exit_code = WEXITSTATUS(st);
    } else if (WIFSIGNALED(st)) {
        ex->signal = WTERMSIG(st);
    }
}

/* The main process's wait status and peak RSS, as init reported them.
 * When init itself was killed (terminate, quota) the run died with it,
 * and init's own rusage is the best figure left. */
static void main_status(struct sandbox *sb, int init_status,
                        const struct rusage *ru, struct sbx_status *rep)
{
    ssize_t n = sb->status_fd >= 0 ? read(sb->status_fd, rep, sizeof *rep)
                                   : -1;
    if (n == (ssize_t)sizeof *rep)
        return;
    rep->status = WIFSIGNALED(init_status) ? init_status : SIGKILL;
    rep->maxrss_kb = ru->ru_maxrss;
}

static void finish(struct sandbox *sb)
{
    int st = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(sb->pid, &st, 0, &ru) < 0 && errno == EINTR)
        ;
    sbx_cg_kill(sb->cg);    /* second line; the PID namespace is gone */
    drain(sb);
    struct sandbox_exit *ex = &sb->ex;
    memset(ex, 0, sizeof *ex);
    struct sbx_status rep;
    main_status(sb, st, &ru, &rep);
    exit_from_status(ex, rep.status);
    ex->wall_ms = (clock_mono_ns() - sb->start_ns) / NS_PER_MS;
    ex->max_rss_kb = rep.maxrss_kb;
    int64_t peak = sbx_cg_peak_kb(sb->cg);
    if (peak > ex->max_rss_kb)
        ex->max_rss_kb = peak;
    ex->user_s = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6;
    ex->sys_s = (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
    ex->oom_killed = sbx_cg_oom_killed(sb->cg);
    ex->disk_exceeded = sb->disk_exceeded;
    ex->log_dropped = sb->out.dropped + sb->errs.dropped;
    sbx_net_stop(&sb->net);
    sb->ended = 1;
}

static int wait_step(struct sandbox *sb, int64_t deadline)
{
    int64_t now = clock_mono_ns();
    if (sb->kill_at_ns && now >= sb->kill_at_ns) {
        sb->kill_at_ns = 0;
        kill_all(sb);
    }
    disk_check(sb, now);
    int64_t until = min_pos(min_pos(deadline, sb->kill_at_ns),
                            sb->next_disk_ns);
    int ms = until > now ? (int)((until - now + NS_PER_MS - 1) / NS_PER_MS) : 0;
    struct pollfd p[3] = {{sb->out.pipe_fd, POLLIN, 0},
                          {sb->errs.pipe_fd, POLLIN, 0},
                          {sb->pidfd, POLLIN, 0}};
    if (poll(p, 3, ms) < 0 && errno != EINTR)
        return -1;
    sbx_stream_pump(&sb->out, sb->log_cap);
    sbx_stream_pump(&sb->errs, sb->log_cap);
    if (p[2].revents) {
        finish(sb);
        return 1;
    }
    return 0;
}

int sandbox_wait(struct sandbox *sb, int timeout_ms, struct sandbox_exit *ex,
                 struct err *err)
{
    int64_t deadline = clock_mono_ns() +
                       (int64_t)(timeout_ms > 0 ? timeout_ms : 0) * NS_PER_MS;
    while (!sb->ended) {
        int r = wait_step(sb, deadline);
        if (r < 0)
            return err_errno(err, "sandbox: poll");
        if (r == 0 && clock_mono_ns() >= deadline)
            return 0;
    }
    *ex = sb->ex;
    return 1;
}

void sandbox_free(struct sandbox *sb)
{
    if (!sb)
        return;
    if (sb->pid > 0 && !sb->ended) {
        kill_all(sb);
        while (waitpid(sb->pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    sbx_stream_close(&sb->out);
    sbx_stream_close(&sb->errs);
    if (sb->pidfd >= 0)
        close(sb->pidfd);
    if (sb->status_fd >= 0)
        close(sb->status_fd);
    sbx_net_stop(&sb->net);
    sbx_cg_destroy(sb->cg);
    json_decref(sb->report);
    for (size_t i = 0; sb->hidden[i]; i++)
        free(sb->hidden[i]);
    free(sb);
}
