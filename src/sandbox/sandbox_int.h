/*
 * sandbox_int — what the sandbox's own files share and nobody else sees:
 * the sandbox object, the child-side setup entry point, and the pieces
 * (cgroups, mounts, seccomp, log pump) each file owns.
 */
#ifndef STEWARD_SANDBOX_INT_H
#define STEWARD_SANDBOX_INT_H

#include <stdint.h>
#include <sys/types.h>
#include <jansson.h>
#include "core/err.h"
#include "sandbox/sandbox.h"

#define SBX_DEFAULT_PIDS 256
#define SBX_DEFAULT_LOG (64LL << 20)
#define SBX_DEFAULT_DISK (10LL << 30)
#define SBX_PATH_MAX 4096
#define SBX_HIDDEN_MAX 64

/* One captured stream: pipe read end → log file, capped. */
struct sbx_stream {
    int pipe_fd;      /* -1 once at EOF */
    int file_fd;
    int64_t written;
    int64_t dropped;
};

/* Cgroup modes, best first. */
enum { SBX_CG_NONE = 0, SBX_CG_V1 = 1, SBX_CG_V2 = 2 };
enum { SBX_V1_MEMORY, SBX_V1_PIDS, SBX_V1_CPU, SBX_V1_FREEZER, SBX_V1_N };

/* What the host offers: where our cgroups go in each mode. */
struct sbx_cg_probe {
    int mode;
    char v2_base[SBX_PATH_MAX];           /* cgroup2 dir we create under */
    char v1_base[SBX_V1_N][SBX_PATH_MAX]; /* per-controller dirs */
    char why[256];                        /* why the better modes were not */
};

/* One run's cgroup(s). */
struct sbx_cgroup {
    int mode;
    int v2_fd;                            /* dir fd for CLONE_INTO_CGROUP */
    int placed;                           /* clone3 put the child there */
    int swap_capped;                      /* the swap limit write succeeded */
    char v2[SBX_PATH_MAX];
    char v1[SBX_V1_N][SBX_PATH_MAX];
};

/* sandbox_cgroup.c */
int sbx_cg_detect(const char *root, const char *proc_cgroup, const char *force,
                  struct sbx_cg_probe *p);
int sbx_cg_create(const struct sbx_cg_probe *p, const struct sandbox_limits *l,
                  struct sbx_cgroup **out, struct err *err) MUST_USE;
int sbx_cg_attach(struct sbx_cgroup *cg, pid_t pid, struct err *err) MUST_USE;
void sbx_cg_kill(struct sbx_cgroup *cg);
int sbx_cg_oom_killed(const struct sbx_cgroup *cg);
int64_t sbx_cg_peak_kb(const struct sbx_cgroup *cg);
void sbx_cg_destroy(struct sbx_cgroup *cg);
void sbx_cg_report(int mode, const struct sandbox_limits *l, json_t *report);
/* The host's probe (honours STEWARD_CGROUP_MODE), kept a few seconds
 * per process unless fresh; returns its mode. */
int sbx_cg_probe_host(struct sbx_cg_probe *p, int fresh);
/* Writes val to the cgroup file dir/file; 0, or -1. */
int sbx_cg_put(const char *dir, const char *file, const char *val);
/* dir/file into out: 0, or -1 with errno ENAMETOOLONG when it does not
 * fit (a cut path is another cgroup's file, or the directory itself). */
int sbx_cg_file(char *out, size_t n, const char *dir, const char *file);

/* What init tells the supervisor when the command ends: its wait status
 * and the peak RSS of the run's processes init reaped (init's own memory,
 * a copy of the supervisor's, must not count as the run's). */
struct sbx_status {
    int32_t status;
    int32_t pad;
    int64_t maxrss_kb;
};

/* The sandbox object: everything the supervisor holds for one run. */
/* sandbox_net.c: slirp4netns joined to a granted sandbox's network
 * namespace (egress without the host's loopback). */
struct sbx_net {
    pid_t pid;              /* -1: none */
    int exit_fd;            /* closing it makes slirp4netns exit */
};
int sbx_net_start(struct sbx_net *n, pid_t child, struct err *err);
void sbx_net_stop(struct sbx_net *n);

struct sandbox {
    pid_t pid;              /* the run's init (pid 1 in its namespace) */
    int pidfd;              /* readable when init exits */
    int status_fd;          /* init reports the main process's status */
    struct sbx_stream out, errs;
    int64_t log_cap;
    int64_t start_ns;
    int64_t kill_at_ns;     /* SIGKILL deadline after terminate; 0 = none */
    int64_t disk_quota;
    int64_t next_disk_ns;
    int64_t last_disk_ns;   /* time and result of the previous scan */
    int64_t last_disk_used;
    int disk_exceeded;
    int ended;
    int main_status;        /* wait status of the main process */
    int have_main_status;
    struct sandbox_exit ex;
    struct sbx_cgroup *cg;  /* NULL in rlimit mode */
    struct sbx_net net;     /* granted network, else pid -1 */
    char workdir[SBX_PATH_MAX];   /* canonical (realpath) */
    char iodir[SBX_PATH_MAX];
    char *hidden[SBX_HIDDEN_MAX + 1];  /* canonical where they exist */
    json_t *report;
};

/* sandbox_disk.c: bytes allocated under a directory (not following
 * symlinks or crossing mounts); bounded in entries visited. */
int64_t sbx_disk_usage(const char *dir);
/* sandbox_fs.c (supervisor side): makes the work and io dirs the run
 * uid's, so a run that is not root on the host can write them. */
int sbx_prepare_dirs(const struct sandbox_spec *spec, uid_t uid, gid_t gid,
                     struct err *err) MUST_USE;
/* sandbox_report.c */
void sbx_report_swap_uncapped(json_t *r, int mode, int64_t mem);
json_t *sbx_report_build(const struct sandbox_spec *spec, int cg_mode,
                         int unprivileged);

/* sandbox_pump.c: moves what is in the pipes into the log files. */
void sbx_stream_init(struct sbx_stream *s);
int sbx_stream_pump(struct sbx_stream *s, int64_t cap);  /* 1 = EOF */
void sbx_stream_close(struct sbx_stream *s);

/* sandbox_child.c: the child side, from clone to exec. Never returns. */
struct sbx_child_args {
    const struct sandbox_spec *spec;
    int sync_fd;       /* read end: parent says "go" (uid map, cgroup done) */
    int report_fd;     /* write end: setup/exec errors, EOF on exec */
    int status_fd;     /* write end: init writes the main wait status */
    int out_fd, err_fd;
    int in_fd;         /* stdin with stdio_inherit (else unused) */
    int unpriv;        /* 1 = the supervisor is not root */
    uid_t run_uid;
    gid_t run_gid;
    int cg_mode;       /* SBX_CG_* */
    int workdir_tree;  /* the work dir idmapped (a detached mount), or -1 */
};
void sbx_child_main(const struct sbx_child_args *a) __attribute__((noreturn));

/* sandbox_idmap.c (supervisor side, root): dir as a detached mount in
 * which its owner's files are uid's and gid's, and what uid creates is
 * stored as the owner's; -1 when the kernel or file system cannot. */
int sbx_idmap_tree(const char *dir, uid_t uid, gid_t gid);

/* sandbox_fs.c (child side): builds the run's root and pivots into it. */
int sbx_fs_setup(const struct sbx_child_args *a, struct err *err) MUST_USE;
/* sandbox_seccomp.c: compiles the filter once (supervisor side), then
 * loads it in the child (after no_new_privs). */
int sbx_seccomp_prepare(struct err *err) MUST_USE;
int sbx_seccomp_load(struct err *err) MUST_USE;
/* sandbox_limits.c (child side): rlimits for the run's processes. */
int sbx_rlimits_apply(const struct sandbox_spec *spec, int cg_mode,
                      struct err *err) MUST_USE;

#endif
