/*
 * sandbox_seccomp — the system-call filter every run lives under.
 *
 * Default allow, with a deny list of what a research job never needs and
 * an attacker wants: kernel attack surface (bpf, perf, userfaultfd,
 * io_uring, keyrings, modules, kexec), other processes (ptrace,
 * process_vm_*, pidfd_getfd), the mount and namespace machinery, terminal
 * injection (TIOCSTI, TIOCLINUX), and raw, packet and non-route netlink
 * sockets. Denials return EPERM rather than killing, because programs
 * probe (glibc, Python and CUDA all try things and fall back).
 *
 * Nothing gets a setuid or setgid bit (chmod and every call that creates
 * with a mode; openat2, whose mode the filter cannot see, is ENOSYS).
 *
 * clone3 answers ENOSYS: its flags live in memory the filter cannot read,
 * and glibc falls back to clone, whose flag word we can check. Any
 * syscall made through a foreign ABI (i386 int 0x80, x32) kills the
 * process: the filter is written for the native ABI only, and libseccomp
 * adds the x32 check to the x86-64 filter.
 */
#include "sandbox/sandbox_int.h"

#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <seccomp.h>

static const char *const denied[] = {
    "ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd",
    "mount", "umount2", "pivot_root", "chroot", "setns", "unshare",
    "fsopen", "fsconfig", "fsmount", "fspick", "move_mount", "open_tree",
    "mount_setattr", "keyctl", "add_key", "request_key", "bpf",
    "perf_event_open", "kexec_load", "kexec_file_load", "init_module",
    "finit_module", "delete_module", "open_by_handle_at",
    "name_to_handle_at", "userfaultfd", "io_uring_setup", "io_uring_enter",
    "io_uring_register", "quotactl", "swapon", "swapoff", "reboot", "acct",
    "syslog", "iopl", "ioperm", "uselib", "vhangup", "lookup_dcookie",
    "fanotify_init", "settimeofday", "clock_settime", "clock_adjtime",
    "adjtimex", "nfsservctl", NULL};

static int deny(scmp_filter_ctx ctx, const char *name)
{
    int nr = seccomp_syscall_resolve_name(name);
    if (nr == __NR_SCMP_ERROR)
        return 0;   /* not on this architecture */
    return seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 0);
}

static int deny_clone_ns(scmp_filter_ctx ctx)
{
    const unsigned long ns[] = {CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID,
        CLONE_NEWNET, CLONE_NEWIPC, CLONE_NEWUTS, CLONE_NEWCGROUP};
    int rc = 0;
    for (size_t i = 0; i < sizeof ns / sizeof ns[0] && rc == 0; i++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
                              SCMP_A0(SCMP_CMP_MASKED_EQ, ns[i], ns[i]));
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
    return rc;
}

/* Socket families: unix, inet, inet6 and netlink-route only; no raw. */
static int deny_sockets(scmp_filter_ctx ctx)
{
    int rc = 0;
    for (int af = 0; af < AF_MAX && rc == 0; af++)
        if (af != AF_UNIX && af != AF_INET && af != AF_INET6 &&
            af != AF_NETLINK)
            rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
                                  SCMP_SYS(socket), 1, SCMP_A0(SCMP_CMP_EQ, af));
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socket), 1,
                              SCMP_A0(SCMP_CMP_GE, AF_MAX));
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socket), 2,
                              SCMP_A0(SCMP_CMP_EQ, AF_NETLINK),
                              SCMP_A2(SCMP_CMP_NE, NETLINK_ROUTE));
    const int inet[] = {AF_INET, AF_INET6};
    const int bad_type[] = {SOCK_RAW, SOCK_PACKET};
    for (int i = 0; i < 2 && rc == 0; i++)
        for (int t = 0; t < 2 && rc == 0; t++)
            rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socket),
                                  2, SCMP_A0(SCMP_CMP_EQ, inet[i]),
                                  SCMP_A1(SCMP_CMP_MASKED_EQ, 0xf, bad_type[t]));
    return rc;
}

static int deny_misc(scmp_filter_ctx ctx)
{
    const unsigned long bad_ioctl[] = {TIOCSTI, TIOCLINUX};
    int rc = 0;
    for (size_t i = 0; i < 2 && rc == 0; i++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl), 1,
                              SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffUL,
                                      bad_ioctl[i]));
    /* personality: only the query (0xffffffff) is allowed. */
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
                              SCMP_SYS(personality), 1,
                              SCMP_A0(SCMP_CMP_NE, 0xffffffffUL));
    return rc;
}

/* No setuid or setgid bit is ever set: run as root, a person's tree is
 * bound idmapped (sandbox_idmap.c), so a file the run makes setuid would
 * be a setuid-root program on the host. Every call that takes a mode is
 * checked (its argument index given); openat2 carries its mode in memory
 * the filter cannot read, so it answers ENOSYS and libc falls back. */
#define NR_FCHMODAT2 452   /* Linux 6.6, one number on every architecture;
                              unknown to Debian 12's libseccomp */
static int deny_setid_modes(scmp_filter_ctx ctx)
{
    static const struct { const char *name; int nr; unsigned arg; }
    calls[] = {{"chmod", 0, 1}, {"fchmod", 0, 1}, {"fchmodat", 0, 2},
               {NULL, NR_FCHMODAT2, 2}, {"creat", 0, 1}, {"open", 0, 2},
               {"openat", 0, 3}, {"mknod", 0, 1}, {"mknodat", 0, 2}};
    const unsigned long bits[] = {S_ISUID, S_ISGID};
    int rc = 0;
    for (size_t i = 0; i < sizeof calls / sizeof calls[0] && rc == 0; i++) {
        int nr = calls[i].name ? seccomp_syscall_resolve_name(calls[i].name)
                               : calls[i].nr;
        for (size_t b = 0; b < 2 && rc == 0 && nr != __NR_SCMP_ERROR; b++)
            rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 1,
                                  (struct scmp_arg_cmp){calls[i].arg,
                                  SCMP_CMP_MASKED_EQ, bits[b], bits[b]});
    }
    int nr = seccomp_syscall_resolve_name("openat2");
    if (rc == 0 && nr != __NR_SCMP_ERROR)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), nr, 0);
    return rc;
}

static int build(scmp_filter_ctx ctx)
{
    int rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
                              SCMP_ACT_KILL_PROCESS);
    for (size_t i = 0; denied[i] && rc == 0; i++)
        rc = deny(ctx, denied[i]);
    if (rc == 0)
        rc = deny_clone_ns(ctx);
    if (rc == 0)
        rc = deny_sockets(ctx);
    if (rc == 0)
        rc = deny_misc(ctx);
    if (rc == 0)
        rc = deny_setid_modes(ctx);
    return rc;
}

/* The compiled program, built once per supervisor: compiling takes
 * longer than the rest of a sandbox start, and the child then only makes
 * one system call, with no allocation in a forked process. */
static struct sock_filter *prog;
static unsigned short prog_len;

static int export_prog(scmp_filter_ctx ctx)
{
    int fd = memfd_create("steward-seccomp", MFD_CLOEXEC);
    if (fd < 0 || seccomp_export_bpf(ctx, fd) < 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    off_t n = lseek(fd, 0, SEEK_END);
    struct sock_filter *p = n > 0 && n < 65536 ? malloc((size_t)n) : NULL;
    if (!p || pread(fd, p, (size_t)n, 0) != n) {
        free(p);
        close(fd);
        return -1;
    }
    close(fd);
    prog = p;
    prog_len = (unsigned short)(n / (off_t)sizeof *p);
    return 0;
}

int sbx_seccomp_prepare(struct err *err)
{
    if (prog)
        return 0;
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (!ctx)
        return err_set(err, ERR_INTERNAL, "seccomp: init failed");
    int rc = build(ctx);
    if (rc == 0 && export_prog(ctx) < 0)
        rc = -EIO;
    seccomp_release(ctx);
    if (rc < 0)
        return err_set(err, ERR_INTERNAL, "seccomp: cannot build the filter: "
                       "%s", strerror(-rc));
    return 0;
}

int sbx_seccomp_load(struct err *err)
{
    struct sock_fprog fp = {prog_len, prog};
    if (!prog)
        return err_set(err, ERR_INTERNAL, "seccomp: filter not prepared");
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp) < 0)
        return err_errno(err, "seccomp: cannot load the filter");
    return 0;
}
