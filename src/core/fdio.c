/* fdio — see fdio.h. */
#include "core/fdio.h"

#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

typedef ssize_t (*io_fn)(int fd, char *p, size_t n);

/* One loop for every direction: io moves some bytes, 0 is the end. */
static int all(int fd, char *p, size_t n, io_fn io)
{
    while (n) {
        ssize_t got = io(fd, p, n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return -1;
        p += got;
        n -= (size_t)got;
    }
    return 0;
}

static ssize_t io_write(int fd, char *p, size_t n)
{
    return write(fd, p, n);
}

static ssize_t io_send(int fd, char *p, size_t n)
{
    return send(fd, p, n, MSG_NOSIGNAL);
}

static ssize_t io_read(int fd, char *p, size_t n)
{
    return read(fd, p, n);
}

int fd_write_all(int fd, const void *p, size_t n)
{
    return all(fd, (char *)p, n, io_write);
}

int fd_send_all(int fd, const void *p, size_t n)
{
    return all(fd, (char *)p, n, io_send);
}

int fd_read_all(int fd, void *p, size_t n)
{
    return all(fd, p, n, io_read);
}
