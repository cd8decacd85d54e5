/* fdio — see fdio.h. */
#include "core/fdio.h"

#include <errno.h>
#include <string.h>
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

/* Room for one descriptor's control message, aligned as cmsg needs. */
union fd_control {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
};

int fd_send_with_fd(int sock, const void *p, size_t n, int pass)
{
    union fd_control ctl;
    struct iovec iov = {(void *)p, 1};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1,
                         .msg_control = ctl.buf,
                         .msg_controllen = sizeof ctl.buf};
    memset(&ctl, 0, sizeof ctl);
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &pass, sizeof pass);
    ssize_t sent;
    while ((sent = sendmsg(sock, &msg, MSG_NOSIGNAL)) < 0 && errno == EINTR)
        ;
    if (sent != 1)
        return -1;
    return fd_send_all(sock, (const char *)p + 1, n - 1);
}

/* The descriptors a message carried: the first kept, the rest closed. */
static void take_fds(struct msghdr *msg, int *pass)
{
    for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c;
         c = CMSG_NXTHDR(msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
            continue;
        size_t k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (size_t i = 0; i < k; i++) {
            int fd;
            memcpy(&fd, CMSG_DATA(c) + i * sizeof fd, sizeof fd);
            if (*pass < 0)
                *pass = fd;
            else
                close(fd);
        }
    }
}

int fd_read_with_fd(int sock, void *p, size_t n, int *pass)
{
    union fd_control ctl;
    struct iovec iov = {p, 1};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1,
                         .msg_control = ctl.buf,
                         .msg_controllen = sizeof ctl.buf};
    ssize_t got;
    *pass = -1;
    while ((got = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC)) < 0 &&
           errno == EINTR)
        ;
    if (got != 1)
        return -1;
    take_fds(&msg, pass);
    if (fd_read_all(sock, (char *)p + 1, n - 1) == 0)
        return 0;
    if (*pass >= 0)
        close(*pass);
    *pass = -1;
    return -1;
}
