/*
 * sandbox_fs — the run's view of the file system.
 *
 * Built in the child's private mount namespace, bwrap-style: a tmpfs is
 * stacked on /tmp and pivoted to, which leaves the host tree at /oldroot;
 * the run's tree is then assembled in the new root from binds of
 * /oldroot, and /oldroot is detached before anything untrusted runs.
 *
 *   /usr /bin /sbin /lib* /etc /opt   read-only binds (recursive, nosuid,
 *                                    nodev), /etc/shadow-like files masked,
 *                                    /etc/resolv.conf names slirp4netns's
 *                                    DNS when the network is granted
 *   /tmp                             the run's scratch tmpfs, size = disk
 *                                    quota; $HOME, /var/tmp and /dev/shm
 *                                    are binds of subdirs of it, so all
 *                                    scratch space shares one bound
 *   /run /root /home                 empty read-only tmpfs (munge, D-Bus,
 *                                    other users' files are not there)
 *   /dev                             null zero full random urandom only
 *   /proc                            fresh, for the run's PID namespace
 *   spec->hidden                     empty read-only tmpfs (or an empty
 *                                    file) wherever they are visible
 *   workdir, iodir                   read-write binds at the same paths,
 *                                    made after the hiding so they show
 *                                    through a hidden state directory (a
 *                                    person's tree run by root: the work
 *                                    dir idmapped, sandbox_idmap.c)
 *   /                                read-only
 */
#include "sandbox/sandbox_int.h"
#include "core/path.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/mount.h>

#define OLD "/oldroot"

static const char *const sys_dirs[] = {"/usr", "/bin", "/sbin", "/lib",
    "/lib32", "/lib64", "/libx32", "/etc", "/opt", NULL};
static const char *const empty_dirs[] = {"/run", "/root", "/home", NULL};
static const char *const masked_files[] = {"/etc/shadow", "/etc/gshadow",
    "/etc/shadow-", "/etc/gshadow-", "/etc/sudoers", NULL};
static const char *const dev_nodes[] = {"null", "zero", "full", "random",
    "urandom", NULL};

static int fs_errno(struct err *err, const char *what, const char *path)
{
    return err_errno(err, "file system: %s %s", what, path);
}

/* mkdir -p in the new root (paths are absolute, already in the new root). */
static int mkdir_p(const char *path, mode_t mode, struct err *err)
{
    char p[SBX_PATH_MAX];
    if (path_format(p, sizeof p, err, "%s", path))
        return err->code;
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, mode) < 0 && errno != EEXIST)
            return fs_errno(err, "mkdir", p);
        *s = c;
        if (c == '\0')
            return 0;
    }
}

static int touch(const char *path, struct err *err)
{
    char parent[SBX_PATH_MAX];
    if (path_format(parent, sizeof parent, err, "%s", path))
        return err->code;
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent) {
        *slash = '\0';
        if (mkdir_p(parent, 0755, err) < 0)
            return err->code;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0 && errno != EEXIST)
        return fs_errno(err, "create", path);
    if (fd >= 0)
        close(fd);
    return 0;
}

static int set_attrs(const char *path, uint64_t attrs, struct err *err)
{
    struct mount_attr ma;
    memset(&ma, 0, sizeof ma);
    ma.attr_set = attrs;
    if (syscall(SYS_mount_setattr, AT_FDCWD, path, AT_RECURSIVE, &ma,
                sizeof ma) < 0)
        return fs_errno(err, "mount_setattr", path);
    return 0;
}

/* Binds host path `src` (under /oldroot) at `dst`; symlinks are copied as
 * symlinks (Debian's /bin -> usr/bin) and missing sources skipped. */
static int bind(const char *src, const char *dst, uint64_t attrs,
                struct err *err)
{
    char from[SBX_PATH_MAX], target[SBX_PATH_MAX];
    struct stat st;
    /* cut, from would be another host path bound in the run's tree */
    if (path_format(from, sizeof from, err, OLD "%s", src))
        return err->code;
    if (lstat(from, &st) < 0)
        return errno == ENOENT ? 0 : fs_errno(err, "stat", src);
    if (S_ISLNK(st.st_mode)) {
        ssize_t n = readlink(from, target, sizeof target - 1);
        if (n < 0)
            return fs_errno(err, "readlink", src);
        target[n] = '\0';
        return symlink(target, dst) < 0 && errno != EEXIST
                   ? fs_errno(err, "symlink", dst) : 0;
    }
    int rc = S_ISDIR(st.st_mode) ? mkdir_p(dst, 0755, err) : touch(dst, err);
    if (rc < 0)
        return rc;
    if (mount(from, dst, NULL, MS_BIND | MS_REC, NULL) < 0)
        return fs_errno(err, "bind", src);
    return set_attrs(dst, attrs, err);
}

static int tmpfs(const char *dst, const char *opts, int ro, struct err *err)
{
    if (mkdir_p(dst, 0755, err) < 0)
        return err->code;
    unsigned long fl = MS_NOSUID | MS_NODEV | (ro ? MS_RDONLY : 0);
    if (mount("tmpfs", dst, "tmpfs", fl, opts) < 0)
        return fs_errno(err, "tmpfs", dst);
    return 0;
}

/* Leaves the host tree at /oldroot and a fresh tmpfs as "/". */
static int fs_enter_staging(struct err *err)
{
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
        return fs_errno(err, "make private", "/");
    if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV,
              "mode=0755,size=1m") < 0)
        return fs_errno(err, "staging tmpfs", "/tmp");
    if (mkdir("/tmp" OLD, 0700) < 0)
        return fs_errno(err, "mkdir", OLD);
    if (syscall(SYS_pivot_root, "/tmp", "/tmp" OLD) < 0)
        return fs_errno(err, "pivot_root", "/tmp");
    if (chdir("/") < 0)
        return fs_errno(err, "chdir", "/");
    return 0;
}

static int fs_system(struct err *err)
{
    const uint64_t ro = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
                        MOUNT_ATTR_NODEV;
    for (size_t i = 0; sys_dirs[i]; i++)
        if (bind(sys_dirs[i], sys_dirs[i], ro, err) < 0)
            return err->code;
    for (size_t i = 0; masked_files[i]; i++) {
        struct stat st;
        if (lstat(masked_files[i], &st) == 0 && S_ISREG(st.st_mode) &&
            (mount("/.empty", masked_files[i], NULL, MS_BIND, NULL) < 0 ||
             set_attrs(masked_files[i], ro, err) < 0))
            return fs_errno(err, "mask", masked_files[i]);
    }
    return 0;
}

/* Parses "0,1,3" into device numbers; at most 16, each below 256. */
static int gpu_list(const char *ids, int *out, struct err *err)
{
    int n = 0;
    for (const char *p = ids; *p;) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p || v < 0 || v > 255 || n >= 16 ||
            (*end != ',' && *end != '\0'))
            return err_set(err, ERR_USER, "gpu ids must look like \"0,1\", "
                           "not \"%.40s\"", ids);
        out[n++] = (int)v;
        p = *end ? end + 1 : end;
    }
    return n;
}

/* The assigned GPUs' device nodes and the shared control nodes. A GPU
 * that is assigned but missing fails the start: no silent CPU fallback. */
static int fs_gpus(const char *ids, struct err *err)
{
    const uint64_t at = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC;
    int id[16];
    int n = gpu_list(ids, id, err);
    if (n < 0)
        return n;
    if (access(OLD "/dev/nvidiactl", F_OK) < 0)
        return err_set(err, ERR_USER, "gpus assigned but this host has no "
                       "/dev/nvidiactl");
    char node[64], host[80];
    for (int i = 0; i < n; i++) {
        snprintf(node, sizeof node, "/dev/nvidia%d", id[i]);
        snprintf(host, sizeof host, OLD "%s", node);
        if (access(host, F_OK) < 0)
            return err_set(err, ERR_USER, "gpu %d: no %s on this host",
                           id[i], node);
        if (bind(node, node, at, err) < 0)
            return err->code;
    }
    const char *shared[] = {"/dev/nvidiactl", "/dev/nvidia-uvm",
                            "/dev/nvidia-uvm-tools", "/dev/nvidia-modeset"};
    for (size_t i = 0; i < 4; i++)
        if (bind(shared[i], shared[i], at, err) < 0)
            return err->code;
    return 0;
}

static int fs_dev(struct err *err)
{
    char dst[64], src[64];
    if (tmpfs("/dev", "mode=0755,size=64k", 0, err) < 0)
        return err->code;
    for (size_t i = 0; dev_nodes[i]; i++) {
        snprintf(dst, sizeof dst, "/dev/%s", dev_nodes[i]);
        snprintf(src, sizeof src, OLD "/dev/%s", dev_nodes[i]);
        if (touch(dst, err) < 0)
            return err->code;
        if (mount(src, dst, NULL, MS_BIND, NULL) < 0)
            return fs_errno(err, "bind", dst);
    }
    const char *links[][2] = {{"/proc/self/fd", "/dev/fd"},
        {"/proc/self/fd/0", "/dev/stdin"}, {"/proc/self/fd/1", "/dev/stdout"},
        {"/proc/self/fd/2", "/dev/stderr"}};
    for (size_t i = 0; i < 4; i++)
        if (symlink(links[i][0], links[i][1]) < 0)
            return fs_errno(err, "symlink", links[i][1]);
    return 0;
}

static int under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* HOME from the run's environment, if absolute and sane. */
static const char *env_home(const struct sandbox_spec *spec)
{
    for (size_t i = 0; spec->env[i]; i++)
        if (strncmp(spec->env[i], "HOME=/", 6) == 0 &&
            strlen(spec->env[i]) < SBX_PATH_MAX / 2 &&
            !strstr(spec->env[i], "/.."))
            return spec->env[i] + 5;
    return NULL;
}

/* The one scratch tmpfs (/tmp) and its binds; then the empty ones. */
static int fs_scratch(const struct sbx_child_args *a, struct err *err)
{
    char opts[128];
    const struct sandbox_limits *l = &a->spec->limits;
    int64_t size = l->disk_bytes ? l->disk_bytes : SBX_DEFAULT_DISK;
    /* tmpfs is memory: with no memory cgroup to charge it to, the memory
     * limit bounds it too. */
    if (a->cg_mode == SBX_CG_NONE && l->mem_bytes > 0 && l->mem_bytes < size)
        size = l->mem_bytes;
    for (size_t i = 0; empty_dirs[i]; i++)
        if (tmpfs(empty_dirs[i], "mode=0755,size=64k", 0, err) < 0)
            return err->code;
    snprintf(opts, sizeof opts, "mode=1777,size=%lld,nr_inodes=65536",
             (long long)size);
    if (tmpfs("/tmp", opts, 0, err) < 0)
        return err->code;
    const char *home = env_home(a->spec);
    if (home && under(home, "/tmp"))
        home = NULL;   /* already in the scratch tmpfs */
    const char *sub[][2] = {{"/tmp/.home", home}, {"/tmp/.var-tmp", "/var/tmp"},
                            {"/tmp/.shm", "/dev/shm"}};
    for (size_t i = 0; i < 3; i++) {
        if (!sub[i][1])
            continue;
        if (mkdir_p(sub[i][0], 0700, err) < 0 || mkdir_p(sub[i][1], 0755, err) < 0)
            return err->code;
        if (chown(sub[i][0], a->run_uid, a->run_gid) < 0 ||
            mount(sub[i][0], sub[i][1], NULL, MS_BIND, NULL) < 0)
            return fs_errno(err, "scratch bind", sub[i][1]);
    }
    return 0;
}

/* Covers one hidden path if it is visible in the new root. */
static int hide(const char *path, struct err *err)
{
    struct stat st;
    if (path[0] != '/' || lstat(path, &st) < 0)
        return 0;   /* not visible: nothing to cover */
    if (S_ISDIR(st.st_mode))
        return tmpfs(path, "mode=0755,size=4k", 0, err);
    if (mount("/.empty", path, NULL, MS_BIND, NULL) < 0)
        return fs_errno(err, "hide", path);
    return set_attrs(path, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
                     MOUNT_ATTR_NODEV, err);
}

/* Which of the three hiding passes a path belongs to: 0 outside the
 * writable dirs, 1 inside the work dir (not the io dir), 2 inside the io
 * dir. Each pass runs before the next bind, so a hidden path never covers
 * a writable dir bound inside it (an agent's socket dir inside its
 * project's hidden .steward-agents), and a writable dir never uncovers a
 * path hidden inside it. */
static int hide_pass(const struct sandbox_spec *s, const char *path)
{
    if (under(path, s->iodir))
        return 2;
    return under(path, s->workdir) ? 1 : 0;
}

static int fs_hidden(const struct sbx_child_args *a, int pass,
                     struct err *err)
{
    const struct sandbox_spec *s = a->spec;
    for (size_t i = 0; s->hidden && s->hidden[i]; i++)
        if (hide_pass(s, s->hidden[i]) == pass &&
            hide(s->hidden[i], err) < 0)
            return err->code;
    return 0;
}

/* The work dir the supervisor idmapped (sandbox_idmap.c), moved into
 * place like a bind. */
static int fs_attach(int tree, const char *dir, struct err *err)
{
    if (mkdir_p(dir, 0755, err) < 0)
        return err->code;
    int rc = (int)syscall(SYS_move_mount, tree, "", AT_FDCWD, dir,
                          MOVE_MOUNT_F_EMPTY_PATH);
    close(tree);
    return rc < 0 ? fs_errno(err, "attach idmapped", dir) : 0;
}

static int fs_writable(const char *dir, struct err *err)
{
    const uint64_t rw = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
    struct stat st;
    char from[SBX_PATH_MAX];
    if (path_format(from, sizeof from, err, OLD "%s", dir))
        return err->code;
    if (lstat(from, &st) < 0 || !S_ISDIR(st.st_mode))
        return err_set(err, ERR_USER, "file system: %s is not a "
                       "directory (no symlinks)", dir);
    return bind(dir, dir, rw, err) < 0 ? err->code : 0;
}

/* Paths of the work dir the command may read but not change. */
static int fs_readonly(const struct sbx_child_args *a, struct err *err)
{
    const uint64_t ro = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
                        MOUNT_ATTR_NODEV;
    const char *const *r = a->spec->readonly;
    for (size_t i = 0; r && r[i]; i++)
        if (under(r[i], a->spec->workdir) && bind(r[i], r[i], ro, err) < 0)
            return err->code;
    return 0;
}

/* Hidden directories were writable tmpfs while writable dirs were bound
 * inside them; from now on nothing can be put there. */
static int fs_seal_hidden(const struct sbx_child_args *a, struct err *err)
{
    const char *const *h = a->spec->hidden;
    for (size_t i = 0; h && h[i]; i++) {
        struct stat st;
        if (h[i][0] != '/' || lstat(h[i], &st) < 0 || !S_ISDIR(st.st_mode))
            continue;
        /* EINVAL: not a mount point, so not one we covered (a path
         * that only appeared when a writable dir was bound inside) */
        if (mount(NULL, h[i], NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID |
                  MS_NODEV, "size=4k") < 0 && errno != EINVAL)
            return fs_errno(err, "seal hidden", h[i]);
    }
    return 0;
}

static int fs_finish(struct err *err)
{
    if (mkdir_p("/proc", 0555, err) < 0)
        return err->code;
    if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
              NULL) < 0)
        return fs_errno(err, "mount", "/proc");
    if (umount2(OLD, MNT_DETACH) < 0 || rmdir(OLD) < 0)
        return fs_errno(err, "detach", OLD);
    if (mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID |
              MS_NODEV, NULL) < 0)
        return fs_errno(err, "read-only", "/");
    return 0;
}

/* A granted network resolves names through slirp4netns's DNS proxy: the
 * host's resolver may listen on its loopback (127.0.0.53), which the run
 * cannot reach. A symlinked /etc/resolv.conf (into /run, empty here) is
 * left as it is. */
static int fs_resolver(const struct sbx_child_args *a, struct err *err)
{
    static const char conf[] = "nameserver 10.0.2.3\n";
    struct stat st;
    if (!a->spec->network || lstat("/etc/resolv.conf", &st) ||
        !S_ISREG(st.st_mode))
        return 0;
    int fd = open("/.resolv", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
    if (fd < 0 || write(fd, conf, sizeof conf - 1) != sizeof conf - 1) {
        if (fd >= 0)
            close(fd);
        return fs_errno(err, "write", "/.resolv");
    }
    close(fd);
    if (mount("/.resolv", "/etc/resolv.conf", NULL, MS_BIND, NULL) < 0 ||
        mount(NULL, "/etc/resolv.conf", NULL, MS_REMOUNT | MS_BIND |
              MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) < 0)
        return fs_errno(err, "bind", "/etc/resolv.conf");
    return 0;
}

int sbx_fs_setup(const struct sbx_child_args *a, struct err *err)
{
    const char *gpus = a->spec->gpu_ids;
    if (fs_enter_staging(err) < 0 || touch("/.empty", err) < 0 ||
        chmod("/.empty", 0444) < 0 || fs_system(err) < 0 ||
        fs_resolver(a, err) < 0 || fs_dev(err) < 0 || (gpus && *gpus && fs_gpus(gpus, err) < 0) ||
        fs_scratch(a, err) < 0 ||
        fs_hidden(a, 0, err) < 0 ||
        (a->workdir_tree >= 0 ? fs_attach(a->workdir_tree, a->spec->workdir,
                                          err)
                              : fs_writable(a->spec->workdir, err)) < 0 ||
        fs_hidden(a, 1, err) < 0 || fs_writable(a->spec->iodir, err) < 0 ||
        fs_hidden(a, 2, err) < 0 || fs_readonly(a, err) < 0 ||
        fs_seal_hidden(a, err) < 0 ||
        fs_finish(err) < 0)
        return err->code ? err->code : fs_errno(err, "setup", "/");
    return 0;
}

/* ---- supervisor side ---- */

static uid_t chown_uid;
static gid_t chown_gid;

/* A file with more than one link shares its inode with a name outside
 * the run's tree (a hard-linked snapshot): handing it to the run would
 * hand over the other name too, so it stays read-only to the run. */
static int chown_one(const char *path, const struct stat *st, int flag,
                     struct FTW *ftw)
{
    (void)flag; (void)ftw;
    if (!S_ISDIR(st->st_mode) && st->st_nlink > 1)
        return 0;
    return lchown(path, chown_uid, chown_gid) < 0 ? -1 : 0;
}

/* nftw has no context argument; the supervisor is single-threaded. */
int sbx_prepare_dirs(const struct sandbox_spec *spec, uid_t uid, gid_t gid,
                     struct err *err)
{
    const char *dirs[] = {spec->workdir, spec->iodir};
    chown_uid = uid;
    chown_gid = gid;
    for (size_t i = 0; i < 2; i++)
        if (nftw(dirs[i], chown_one, 32, FTW_PHYS | FTW_MOUNT) < 0)
            return err_errno(err, "sandbox: cannot hand %s to uid %u",
                             dirs[i], (unsigned)uid);
    return 0;
}
