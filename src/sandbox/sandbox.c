/*
 * sandbox — the supervisor's side of one sandboxed run: start, wait, stop.
 *
 * The run is started with clone3 into fresh namespaces (and, with cgroup
 * v2, straight into its own cgroup). The first process in the new PID
 * namespace is our tiny init (sandbox_child.c): it builds the file system
 * view, drops every privilege, installs the seccomp filter, forks the run's
 * command, forwards signals to it and reaps orphans. When init exits, the
 * kernel kills everything left in the PID namespace, so a run can never
 * outlive its supervisor's verdict: that is the invariant sandbox_wait
 * relies on, with the cgroup kill as a second line.
 *
 * Start is synchronous up to the exec: setup errors (a bad mount, a
 * command not found) come back from sandbox_start as errors, not as a run
 * that silently failed. The report pipe carries them; its close-on-exec
 * end closing is the "exec happened" signal.
 */
#include "sandbox/sandbox_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/sched.h>
#include "core/clock.h"


static int spec_check(const struct sandbox_spec *s, struct err *err)
{
    if (!s->argv || !s->argv[0] || !s->argv[0][0])
        return err_set(err, ERR_USER, "sandbox: no command to run");
    if (!s->env)
        return err_set(err, ERR_USER, "sandbox: no environment given");
    const char *paths[] = {s->workdir, s->iodir, s->stdout_path,
                           s->stderr_path};
    for (size_t i = 0; i < (s->stdio_inherit ? 2u : 4u); i++) {
        if (!paths[i] || paths[i][0] != '/' ||
            strlen(paths[i]) >= SBX_PATH_MAX / 2)
            return err_set(err, ERR_USER, "sandbox: work dir, io dir and "
                           "log paths must be absolute and shorter than %d",
                           SBX_PATH_MAX / 2);
    }
    if (s->limits.mem_bytes < 0 || s->limits.pids < 0 ||
        s->limits.disk_bytes < 0 || s->limits.log_bytes < 0 ||
        !(s->limits.cpus >= 0 && s->limits.cpus <= 4096))
        return err_set(err, ERR_USER, "sandbox: negative or absurd limit");
    if (s->limits.gpus > 0 && (!s->gpu_ids || !s->gpu_ids[0]))
        return err_set(err, ERR_USER, "sandbox: %d GPU(s) asked but none "
                       "assigned (gpu_ids)", s->limits.gpus);
    return 0;
}

static struct sandbox *sandbox_alloc(const struct sandbox_spec *spec)
{
    struct sandbox *sb = calloc(1, sizeof *sb);
    if (!sb)
        return NULL;
    sb->pid = -1;
    sb->pidfd = -1;
    sb->status_fd = -1;
    sb->net.pid = -1;
    sb->net.exit_fd = -1;
    sbx_stream_init(&sb->out);
    sbx_stream_init(&sb->errs);
    sb->log_cap = spec->limits.log_bytes ? spec->limits.log_bytes
                                         : SBX_DEFAULT_LOG;
    sb->disk_quota = spec->limits.disk_bytes ? spec->limits.disk_bytes
                                             : SBX_DEFAULT_DISK;
    return sb;
}

/* Canonical paths for the child: the new root is assembled from
 * /oldroot/<path>, where an absolute symlink in the path would resolve
 * against the wrong root. */
static int canon_paths(struct sandbox *sb, const struct sandbox_spec *spec,
                       struct sandbox_spec *out, struct err *err)
{
    *out = *spec;
    if (!realpath(spec->workdir, sb->workdir))
        return err_errno(err, "sandbox: work dir %s", spec->workdir);
    if (!realpath(spec->iodir, sb->iodir))
        return err_errno(err, "sandbox: io dir %s", spec->iodir);
    out->workdir = sb->workdir;
    out->iodir = sb->iodir;
    size_t n = 0;
    for (; spec->hidden && spec->hidden[n]; n++) {
        char real[PATH_MAX];
        if (n >= SBX_HIDDEN_MAX)
            return err_set(err, ERR_USER, "sandbox: more than %d hidden "
                           "paths", SBX_HIDDEN_MAX);
        sb->hidden[n] = strdup(realpath(spec->hidden[n], real)
                                   ? real : spec->hidden[n]);
        if (!sb->hidden[n])
            return err_set(err, ERR_INTERNAL, "sandbox: out of memory");
    }
    sb->hidden[n] = NULL;
    out->hidden = (const char *const *)sb->hidden;
    return 0;
}

static int open_log(const char *path, struct err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
                  0640);
    if (fd < 0)
        return err_errno(err, "sandbox: cannot open log %s", path);
    return fd;
}

/* The fds a start needs; each pair is [read, write]. */
struct start_fds {
    int out[2], errs[2], sync[2], report[2], status[2];
};

static void fds_close(struct start_fds *f)
{
    int *all = &f->out[0];
    for (size_t i = 0; i < sizeof *f / sizeof(int); i++)
        if (all[i] >= 0) {
            close(all[i]);
            all[i] = -1;
        }
}

static int fds_open(struct start_fds *f, struct err *err)
{
    int *all = &f->out[0];
    for (size_t i = 0; i < sizeof *f / sizeof(int); i++)
        all[i] = -1;
    for (size_t i = 0; i < sizeof *f / sizeof(int); i += 2)
        if (pipe2(all + i, O_CLOEXEC) < 0) {
            fds_close(f);
            return err_errno(err, "sandbox: pipe");
        }
    /* the sync channel is a socket so a child that died early cannot
     * SIGPIPE the supervisor (send with MSG_NOSIGNAL) */
    close(f->sync[0]);
    close(f->sync[1]);
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, f->sync) < 0) {
        f->sync[0] = f->sync[1] = -1;
        fds_close(f);
        return err_errno(err, "sandbox: socketpair");
    }
    return 0;
}

/* clone3 into new namespaces (and the v2 cgroup); falls back to clone. */
static pid_t sbx_clone(uint64_t flags, struct sbx_cgroup *cg, int *pidfd)
{
    struct clone_args ca;
    memset(&ca, 0, sizeof ca);
    ca.flags = flags | CLONE_PIDFD;
    ca.pidfd = (uint64_t)(uintptr_t)pidfd;
    ca.exit_signal = SIGCHLD;
    if (cg && cg->v2_fd >= 0) {
        ca.flags |= CLONE_INTO_CGROUP;
        ca.cgroup = (uint64_t)cg->v2_fd;
    }
    long r = syscall(SYS_clone3, &ca, sizeof ca);
    if (r > 0 && (ca.flags & CLONE_INTO_CGROUP))
        cg->placed = 1;
    if (r >= 0 || (errno != ENOSYS && errno != E2BIG))
        return (pid_t)r;
    r = syscall(SYS_clone, (unsigned long)(flags | SIGCHLD), NULL, NULL,
                NULL, NULL);
    if (r > 0)
        *pidfd = (int)syscall(SYS_pidfd_open, (pid_t)r, 0);
    return (pid_t)r;
}

static int write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t n = strlen(text);
    ssize_t w = write(fd, text, n);
    close(fd);
    return w == (ssize_t)n ? 0 : -1;
}

/* The run's user namespace maps only what it needs. Unprivileged: our
 * own uid and gid (setgroups denied, as the kernel requires). Root: 0 (for
 * the setup, with capabilities in the namespace only) and the run's uid
 * and gid, which the child switches to before exec. */
static int map_ids(pid_t pid, const struct sbx_child_args *a, struct err *err)
{
    char path[64], line[96];
    const char *files[] = {"uid_map", "gid_map"};
    unsigned run[] = {(unsigned)a->run_uid, (unsigned)a->run_gid};
    snprintf(path, sizeof path, "/proc/%d/setgroups", (int)pid);
    if (a->unpriv && write_file(path, "deny") < 0)
        return err_errno(err, "sandbox: %s", path);
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, files[i]);
        if (a->unpriv)
            snprintf(line, sizeof line, "%u %u 1\n", run[i], run[i]);
        else
            snprintf(line, sizeof line, "0 0 1\n%u %u 1\n", run[i], run[i]);
        if (write_file(path, line) < 0)
            return err_errno(err, "sandbox: %s", path);
    }
    return 0;
}

/* Reads the child's setup report: EOF alone means the command is running. */
static int read_report(int fd, struct err *err)
{
    char msg[ERR_MSG_MAX];
    size_t len = 0;
    for (;;) {
        ssize_t n = read(fd, msg + len, sizeof msg - 1 - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0 || (len += (size_t)n) >= sizeof msg - 1)
            break;
    }
    if (len == 0)
        return 0;
    msg[len] = '\0';
    int code = msg[0] == 'U' ? ERR_USER : ERR_INTERNAL;
    return err_set(err, code, "sandbox: %s", msg + 1);
}

/* Every namespace, the network's too: a granted network is joined from
 * outside (sandbox_net.c), never the host's own. */
#define SBX_NS_FLAGS ((uint64_t)(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | \
                                 CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNET))

static int send_byte(struct start_fds *f, char c, struct err *err)
{
    if (send(f->sync[1], &c, 1, MSG_NOSIGNAL) != 1)
        return err_errno(err, "sandbox: cannot release the child");
    return 0;
}

/* Parent half of the start handshake. The ids are mapped first (the
 * child cannot create files before); the cgroup attach, which on v1 waits
 * for an RCU grace period, then overlaps the child's file system setup,
 * and the child waits for it before it forks the command. */
static int start_parent(struct sandbox *sb, struct start_fds *f,
                        const struct sbx_child_args *a, struct err *err)
{
    int rc = map_ids(sb->pid, a, err);
    if (rc == 0 && a->spec->network)
        rc = sbx_net_start(&sb->net, sb->pid, err);
    rc = rc ? rc : send_byte(f, 'g', err);
    if (rc == 0 && sb->cg)
        rc = sbx_cg_attach(sb->cg, sb->pid, err);
    rc = rc ? rc : send_byte(f, 'c', err);
    close(f->sync[1]);
    f->sync[1] = -1;
    if (rc == 0)
        rc = read_report(f->report[0], err);
    return rc;
}

static void child_args_fill(struct sbx_child_args *a,
                            const struct sandbox_spec *spec,
                            const struct start_fds *f, int unpriv, int mode)
{
    memset(a, 0, sizeof *a);
    a->spec = spec;
    a->sync_fd = f->sync[0];
    a->report_fd = f->report[1];
    a->status_fd = f->status[1];
    a->out_fd = spec->stdio_inherit ? spec->stdio_fds[1] : f->out[1];
    a->err_fd = spec->stdio_inherit ? spec->stdio_fds[2] : f->errs[1];
    a->in_fd = spec->stdio_inherit ? spec->stdio_fds[0] : f->out[1];
    a->unpriv = unpriv;
    a->run_uid = unpriv ? getuid() : (spec->run_uid ? spec->run_uid : 65534);
    a->run_gid = unpriv ? getgid() : (spec->run_gid ? spec->run_gid : 65534);
    a->cg_mode = mode;
    a->workdir_tree = -1;
}

/* Kills and reaps a child whose start failed. */
static void start_abort(struct sandbox *sb)
{
    if (sb->pid > 0) {
        kill(sb->pid, SIGKILL);
        while (waitpid(sb->pid, NULL, 0) < 0 && errno == EINTR)
            ;
        sb->pid = -1;
    }
}

static int start_spawn(struct sandbox *sb, const struct sandbox_spec *spec,
                       struct start_fds *f, int mode, struct err *err)
{
    int unpriv = geteuid() != 0;
    struct sbx_child_args a;
    child_args_fill(&a, spec, f, unpriv, mode);
    if (!unpriv && !spec->keep_owner) {
        int rc = sbx_prepare_dirs(spec, a.run_uid, a.run_gid, err);
        if (rc < 0)
            return rc;
    }
    if (!unpriv && spec->keep_owner &&
        (a.workdir_tree = sbx_idmap_tree(spec->workdir, a.run_uid,
                                         a.run_gid)) < 0)
        fprintf(stderr, "steward: %s cannot be bound idmapped here (kernel "
                "or file system); the command runs as uid %u and writes "
                "only where that uid may\n", spec->workdir,
                (unsigned)a.run_uid);
    fflush(NULL);
    pid_t pid = sbx_clone(SBX_NS_FLAGS, sb->cg, &sb->pidfd);
    if (a.workdir_tree >= 0 && pid != 0)
        close(a.workdir_tree);
    if (pid < 0)
        return err_errno(err, "sandbox: clone of the run's namespaces");
    if (pid == 0)
        sbx_child_main(&a);
    sb->pid = pid;
    sb->start_ns = clock_mono_ns();
    close(f->sync[0]);
    close(f->report[1]);
    close(f->status[1]);
    close(f->out[1]);
    close(f->errs[1]);
    f->sync[0] = f->report[1] = f->status[1] = f->out[1] = f->errs[1] = -1;
    int rc = start_parent(sb, f, &a, err);
    if (rc < 0)
        start_abort(sb);
    return rc;
}

static void take_fds(struct sandbox *sb, struct start_fds *f)
{
    sb->out.pipe_fd = f->out[0];
    sb->errs.pipe_fd = f->errs[0];
    sb->status_fd = f->status[0];
    f->out[0] = f->errs[0] = f->status[0] = -1;
    fcntl(sb->out.pipe_fd, F_SETFL, O_NONBLOCK);
    fcntl(sb->errs.pipe_fd, F_SETFL, O_NONBLOCK);
    fcntl(sb->status_fd, F_SETFL, O_NONBLOCK);
}

static int make_cgroups(struct sandbox *sb, const struct sandbox_spec *spec,
                        int fresh, int *mode, struct err *err)
{
    struct sbx_cg_probe probe;
    *mode = sbx_cg_probe_host(&probe, fresh);
    if (*mode < 0) {
        *mode = SBX_CG_NONE;
        return err_set(err, ERR_INTERNAL, "sandbox: cgroup mode: %s",
                       probe.why);
    }
    if (*mode == SBX_CG_NONE)
        return 0;
    return sbx_cg_create(&probe, &spec->limits, &sb->cg, err);
}

static int start_limits(struct sandbox *sb, const struct sandbox_spec *spec,
                        int *mode, struct err *err)
{
    if (sbx_seccomp_prepare(err) < 0)
        return err->code;
    int rc = make_cgroups(sb, spec, 0, mode, err);
    if (rc < 0) {   /* the host may have changed since the probe */
        err_clear(err);
        rc = make_cgroups(sb, spec, 1, mode, err);
    }
    return rc;
}

int sandbox_prepare(struct err *err)
{
    struct sbx_cg_probe ignored;
    (void)sbx_cg_probe_host(&ignored, 0);
    return sbx_seccomp_prepare(err) < 0 ? err->code : 0;
}

int sandbox_start(const struct sandbox_spec *spec, struct sandbox **out,
                  struct err *err)
{
    *out = NULL;
    int rc = spec_check(spec, err);
    if (rc < 0)
        return rc;
    struct sandbox *sb = sandbox_alloc(spec);
    if (!sb)
        return err_set(err, ERR_INTERNAL, "sandbox: out of memory");
    struct start_fds f;
    struct sandbox_spec canon;
    int mode = SBX_CG_NONE;
    if ((rc = canon_paths(sb, spec, &canon, err)) < 0 ||
        (rc = fds_open(&f, err)) < 0)
        goto fail_nofds;
    spec = &canon;
    if ((!spec->stdio_inherit &&
         ((sb->out.file_fd = open_log(spec->stdout_path, err)) < 0 ||
          (sb->errs.file_fd = open_log(spec->stderr_path, err)) < 0)) ||
        (rc = start_limits(sb, spec, &mode, err)) < 0 ||
        (rc = start_spawn(sb, spec, &f, mode, err)) < 0) {
        rc = rc < 0 ? rc : err->code;
        goto fail;
    }
    take_fds(sb, &f);
    fds_close(&f);
    sb->report = sbx_report_build(spec, mode, geteuid() != 0);
    if (sb->cg && spec->limits.mem_bytes > 0 && !sb->cg->swap_capped)
        sbx_report_swap_uncapped(sb->report, mode, spec->limits.mem_bytes);
    *out = sb;
    return 0;
fail:
    fds_close(&f);
fail_nofds:
    sandbox_free(sb);
    return rc < 0 ? rc : ERR_INTERNAL;
}

pid_t sandbox_pid(const struct sandbox *sb)
{
    return sb->pid;
}
