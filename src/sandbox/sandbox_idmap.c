/*
 * sandbox_idmap — a person's tree, writable by a run that is not them.
 *
 * Run as root, the sandbox executes the command as another uid (65534 by
 * default) and normally hands it its work dir by chown. A person's own
 * tree (keep_owner: `steward agent` on a project) must never change
 * owner, so it is bound idmapped instead: the tree's owner appears inside
 * as the run's uid, and what the run creates is stored under the owner's
 * uid. Files of any other uid stay as foreign as before (unmapped ids
 * are nobody's, so only "other" permissions apply).
 *
 * The mount is made here, on the supervisor's side: an idmapped mount
 * needs CAP_SYS_ADMIN where the file system was mounted (the host), which
 * the run's own user namespace does not give. The child moves the
 * detached tree into its root (sandbox_fs.c). A file system that cannot
 * be idmapped leaves the old behaviour: the run writes only where its uid
 * may, and steward says so.
 */
#include "sandbox/sandbox_int.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* One line per id kind: the owner's id on disk shows as the run's. */
static int write_maps(pid_t pid, const struct stat *owner, uid_t uid,
                      gid_t gid)
{
    char path[64], line[64];
    snprintf(path, sizeof path, "/proc/%d/uid_map", (int)pid);
    snprintf(line, sizeof line, "%u %u 1\n", (unsigned)owner->st_uid,
             (unsigned)uid);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    int ok = fd >= 0 && write(fd, line, strlen(line)) == (ssize_t)strlen(line);
    if (fd >= 0)
        close(fd);
    snprintf(path, sizeof path, "/proc/%d/gid_map", (int)pid);
    snprintf(line, sizeof line, "%u %u 1\n", (unsigned)owner->st_gid,
             (unsigned)gid);
    fd = ok ? open(path, O_WRONLY | O_CLOEXEC) : -1;
    ok = fd >= 0 && write(fd, line, strlen(line)) == (ssize_t)strlen(line);
    if (fd >= 0)
        close(fd);
    return ok ? 0 : -1;
}

/* A user namespace holding the mapping, as an fd: a child enters a new
 * one and waits while we map it and open its ns file. */
static int mapping_userns(const struct stat *owner, uid_t uid, gid_t gid)
{
    int ready[2], done[2];
    if (pipe2(ready, O_CLOEXEC) < 0)
        return -1;
    if (pipe2(done, O_CLOEXEC) < 0) {
        close(ready[0]), close(ready[1]);
        return -1;
    }
    pid_t pid = fork();
    if (pid == 0) {
        close(ready[0]), close(done[1]);   /* EOF on done: parent done */
        char c = unshare(CLONE_NEWUSER) == 0 ? 'u' : 'x';
        if (write(ready[1], &c, 1) == 1)
            (void)read(done[0], &c, 1);
        _exit(0);
    }
    char c = 'x';
    int ns = -1;
    close(ready[1]), close(done[0]);
    if (pid > 0 && read(ready[0], &c, 1) == 1 && c == 'u' &&
        write_maps(pid, owner, uid, gid) == 0) {
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/ns/user", (int)pid);
        ns = open(path, O_RDONLY | O_CLOEXEC);
    }
    close(ready[0]), close(done[1]);   /* the child ends */
    while (pid > 0 && waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
    return ns;
}

int sbx_idmap_tree(const char *dir, uid_t uid, gid_t gid)
{
    struct stat owner;
    if (stat(dir, &owner) < 0)
        return -1;
    int ns = mapping_userns(&owner, uid, gid);
    if (ns < 0)
        return -1;
    int tree = (int)syscall(SYS_open_tree, AT_FDCWD, dir, OPEN_TREE_CLONE |
                            OPEN_TREE_CLOEXEC | AT_RECURSIVE);
    struct mount_attr ma;
    memset(&ma, 0, sizeof ma);
    ma.attr_set = MOUNT_ATTR_IDMAP | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
    ma.userns_fd = (uint64_t)ns;
    if (tree >= 0 && syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH |
                             AT_RECURSIVE, &ma, sizeof ma) < 0) {
        close(tree);
        tree = -1;
    }
    close(ns);
    return tree;
}
