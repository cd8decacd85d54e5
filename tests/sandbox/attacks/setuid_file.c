/* A setuid or setgid program left in the work dir: run as root with a
 * person's tree bound idmapped, it would be the host's setuid-root
 * program. Every way to set the bits is tried; the host side also looks
 * at the files afterwards. */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "common.h"

static void check(const char *path, const char *how)
{
    struct stat st;
    if (stat(path, &st) == 0 && (st.st_mode & (S_ISUID | S_ISGID)))
        won(how);
    else
        lost(how);
}

int main(void)
{
    int fd = open("plain", O_CREAT | O_WRONLY, 0755);
    if (fd >= 0)
        close(fd);
    (void)chmod("plain", 04755);
    check("plain", "chmod u+s");
    (void)chmod("plain", 02755);
    check("plain", "chmod g+s");
    fd = open("plain", O_RDONLY);
    if (fd >= 0) {
        (void)fchmod(fd, 04755);
        close(fd);
    }
    check("plain", "fchmod u+s");
    (void)fchmodat(AT_FDCWD, "plain", 06755, 0);
    check("plain", "fchmodat");
    (void)syscall(452 /* fchmodat2 */, AT_FDCWD, "plain", 04755, 0);
    check("plain", "fchmodat2");
    fd = open("created", O_CREAT | O_WRONLY, 04755);
    if (fd >= 0)
        close(fd);
    check("created", "open(O_CREAT, 04755)");
    fd = openat(AT_FDCWD, "created2", O_CREAT | O_WRONLY, 02755);
    if (fd >= 0)
        close(fd);
    check("created2", "openat(O_CREAT, 02755)");
    fd = creat("created3", 04755);
    if (fd >= 0)
        close(fd);
    check("created3", "creat(04755)");
    (void)mknod("node", S_IFREG | 04755, 0);
    check("node", "mknod(S_IFREG|04755)");
    return verdict();
}
