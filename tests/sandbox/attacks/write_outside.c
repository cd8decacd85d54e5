/* Writes a file at each path given (outside the work dir); the harness
 * also checks the host side, so a write into the private scratch tmpfs
 * that never reaches the host does not count. */
#include <fcntl.h>
#include <unistd.h>
#include "common.h"

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        int fd = open(argv[i], O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0 && write(fd, "pwned\n", 6) == 6) {
            printf("wrote %s\n", argv[i]);
        } else {
            lost(argv[i]);
        }
        if (fd >= 0)
            close(fd);
    }
    return verdict();
}
