/*
 * sandbox_child — the run's side of the sandbox, from clone to exec.
 *
 * The cloned process is PID 1 of the run's PID namespace and our init. It
 * waits for the supervisor to map its ids and place it in its cgroup, then
 * builds the run's world (hostname, loopback, file system), drops every
 * privilege (capabilities in all five sets, setuid to the run uid,
 * no_new_privs), installs the seccomp filter, and forks the command. It
 * then only reaps and forwards signals; when the command exits, init
 * reports its wait status and exits, and the kernel kills whatever the run
 * left behind in the namespace (daemons included).
 *
 * Everything here runs in a forked copy of the supervisor: no allocation
 * that matters, no return to the caller, _exit on every path.
 */
#include "sandbox/sandbox_int.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <net/if.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/capability.h>
#include <sched.h>

extern char **environ;

/* Fixed fd numbers in the child, so one close_range drops the rest. */
enum { FD_SYNC = 3, FD_REPORT, FD_STATUS, FD_OUT, FD_ERR, FD_IN,
       FD_TREE, FD_FIRST_FREE };

static void child_fail(char kind, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

static void child_fail(char kind, const char *fmt, ...)
{
    char msg[ERR_MSG_MAX];
    msg[0] = kind;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + 1, sizeof msg - 1, fmt, ap);
    va_end(ap);
    ssize_t w = write(FD_REPORT, msg, strlen(msg));
    (void)w;
    _exit(127);
}

/* Moves the fds we keep to fixed numbers and closes every other one (the
 * supervisor's database, sockets, other runs' pipes). Returns where the
 * idmapped work dir's mount is now, or -1 without one. */
static int child_fds(const struct sbx_child_args *a)
{
    int keep[] = {a->sync_fd, a->report_fd, a->status_fd, a->out_fd,
                  a->err_fd, a->in_fd, a->workdir_tree};
    int n = a->workdir_tree >= 0 ? 7 : 6;
    int tmp[7];
    for (int i = 0; i < n; i++)
        tmp[i] = fcntl(keep[i], F_DUPFD_CLOEXEC, 64);
    for (int i = 0; i < n; i++)
        if (tmp[i] < 0 || dup3(tmp[i], FD_SYNC + i, O_CLOEXEC) < 0)
            _exit(127);
    syscall(SYS_close_range, FD_SYNC + n, ~0U, 0);
    return a->workdir_tree >= 0 ? FD_TREE : -1;
}

static void lo_up(void)
{
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        child_fail('I', "loopback: socket: %s", strerror(errno));
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    memcpy(ifr.ifr_name, "lo", 3);
    ifr.ifr_flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING;
    if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
        child_fail('I', "loopback up: %s", strerror(errno));
    close(s);
}

static void drop_caps_all(void)
{
    for (int cap = 0; cap <= 63; cap++)
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno == EINVAL)
            break;
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
}

static void capset_zero(void)
{
    struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct d[2];
    memset(d, 0, sizeof d);
    if (syscall(SYS_capset, &h, d) < 0)
        child_fail('I', "capset: %s", strerror(errno));
}

/* From namespace root to the run uid with no capability left anywhere. */
static void drop_privileges(const struct sbx_child_args *a)
{
    if (getuid() == 0) {
        if (setgroups(0, NULL) < 0 || setresgid(a->run_gid, a->run_gid,
                                                a->run_gid) < 0)
            child_fail('I', "setgid %u: %s", (unsigned)a->run_gid,
                       strerror(errno));
    }
    drop_caps_all();
    if (getuid() != a->run_uid &&
        setresuid(a->run_uid, a->run_uid, a->run_uid) < 0)
        child_fail('I', "setuid %u: %s", (unsigned)a->run_uid,
                   strerror(errno));
    capset_zero();
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        child_fail('I', "no_new_privs: %s", strerror(errno));
}

static int wait_byte(char want)
{
    char c = 0;
    ssize_t n;
    while ((n = read(FD_SYNC, &c, 1)) < 0 && errno == EINTR)
        ;
    return n == 1 && c == want;
}

static void setup_world(const struct sbx_child_args *a)
{
    struct err err = ERR_INIT;
    if (sethostname("steward-run", 11) < 0)
        child_fail('I', "hostname: %s", strerror(errno));
    lo_up();
    if (sbx_fs_setup(a, &err) < 0)
        child_fail(err.code == ERR_USER ? 'U' : 'I', "%s", err.msg);
    /* the supervisor has placed us in the run's cgroups: that is the
     * root of the cgroup namespace */
    if (!wait_byte('c'))
        _exit(127);
    if (a->cg_mode != SBX_CG_NONE && unshare(CLONE_NEWCGROUP) < 0)
        child_fail('I', "cgroup namespace: %s", strerror(errno));
    if (sbx_rlimits_apply(a->spec, a->cg_mode, &err) < 0)
        child_fail('I', "%s", err.msg);
    drop_privileges(a);
    if (sbx_seccomp_load(&err) < 0)
        child_fail('I', "%s", err.msg);
}

static void signals_default(void)
{
    sigset_t all;
    sigemptyset(&all);
    for (int s = 1; s < NSIG; s++)
        if (s != SIGKILL && s != SIGSTOP)
            signal(s, SIG_DFL);
    sigprocmask(SIG_SETMASK, &all, NULL);
}

static void run_exec(const struct sbx_child_args *a)
{
    if (setsid() < 0)
        child_fail('I', "setsid: %s", strerror(errno));
    signals_default();
    int in = a->spec->stdio_inherit ? FD_IN
                                    : open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (in < 0 || dup2(in, 0) < 0 || dup2(FD_OUT, 1) < 0 ||
        dup2(FD_ERR, 2) < 0)
        child_fail('I', "stdio: %s", strerror(errno));
    /* a person's terminal (the pty steward agent relays) is the
     * command's own controlling terminal */
    if (a->spec->stdio_inherit && isatty(0))
        ioctl(0, TIOCSCTTY, 0);
    syscall(SYS_close_range, FD_STATUS, ~0U, 0);
    const char *cwd = a->spec->cwd ? a->spec->cwd : a->spec->workdir;
    if (chdir(cwd) < 0)
        child_fail('U', "cannot enter work dir %s: %s", cwd,
                   strerror(errno));
    environ = (char **)a->spec->env;
    execvp(a->spec->argv[0], (char *const *)a->spec->argv);
    child_fail('U', "cannot run '%s': %s", a->spec->argv[0],
               strerror(errno));
}

static void forward(int sig)
{
    kill(-1, sig);   /* every process of the run but init */
}

static void init_signals(void)
{
    int fwd[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = forward;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof fwd / sizeof fwd[0]; i++)
        sigaction(fwd[i], &sa, NULL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

/* Reaps until the command ends; its status goes to the supervisor and
 * init's exit takes down the rest of the namespace. */
static void __attribute__((noreturn)) init_loop(pid_t main_pid)
{
    for (;;) {
        int st;
        pid_t p = waitpid(-1, &st, 0);
        if (p < 0 && errno == EINTR)
            continue;
        if (p < 0)
            _exit(0);
        if (p == main_pid) {
            struct rusage ru;
            struct sbx_status rep = {st, 0, 0};
            if (getrusage(RUSAGE_CHILDREN, &ru) == 0)
                rep.maxrss_kb = ru.ru_maxrss;
            ssize_t w = write(FD_STATUS, &rep, sizeof rep);
            (void)w;
            _exit(0);
        }
    }
}

/* init keeps nothing of the supervisor's: not its terminal, not its
 * log files. */
static void init_stdio(void)
{
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null >= 0)
        for (int fd = 0; fd <= 2; fd++)
            dup2(null, fd);
}

/* init is a fork of the supervisor, and /proc/1/cmdline is readable by
 * anyone in the namespace: wipe the supervisor's argv and environment
 * strings from init's memory (after the command was forked with its own
 * copy) so the run cannot read them. */
static void wipe_cmdline(void)
{
    char st[2048];
    int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
    ssize_t n = fd >= 0 ? read(fd, st, sizeof st - 1) : -1;
    if (fd >= 0)
        close(fd);
    if (n <= 0)
        return;
    st[n] = '\0';
    char *p = strrchr(st, ')');
    unsigned long v[4] = {0, 0, 0, 0};
    for (int field = 2; p && field <= 51; field++) {
        p = strchr(p + 1, ' ');
        if (p && field + 1 >= 48 && field + 1 <= 51)
            v[field + 1 - 48] = strtoul(p + 1, NULL, 10);
    }
    if (v[1] > v[0] && v[1] - v[0] < (1UL << 20))
        memset((void *)v[0], 0, v[1] - v[0]);
    if (v[3] > v[2] && v[3] - v[2] < (1UL << 24))
        memset((void *)v[2], 0, v[3] - v[2]);
    if (v[1] - v[0] > 20)
        memcpy((void *)v[0], "steward-init", 13);
}

void sbx_child_main(const struct sbx_child_args *args)
{
    struct sbx_child_args moved = *args;
    const struct sbx_child_args *a = &moved;
    moved.workdir_tree = child_fds(args);
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    if (!wait_byte('g'))
        _exit(127);
    setup_world(a);
    /* Changing credentials cleared the parent-death signal: set it again
     * so a supervisor killed with -9 takes its run with it. */
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    close(FD_SYNC);
    if (setsid() < 0)
        child_fail('I', "setsid: %s", strerror(errno));
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    init_signals();   /* before the fork: no window where TERM is lost */
    pid_t pid = fork();
    if (pid < 0)
        child_fail('I', "fork: %s", strerror(errno));
    if (pid == 0)
        run_exec(a);
    close(FD_REPORT);
    close(FD_OUT);
    close(FD_ERR);
    close(FD_IN);
    init_stdio();
    wipe_cmdline();
    init_loop(pid);
}
