/*
 * fdio — moving all of a buffer through a file descriptor, across short
 * reads and writes and EINTR: pipes, sockets and terminals take and give
 * what they can.
 */
#ifndef STEWARD_CORE_FDIO_H
#define STEWARD_CORE_FDIO_H

#include <stddef.h>

/* 0 when all n bytes were written, -1 (errno set) otherwise. */
int fd_write_all(int fd, const void *p, size_t n);
/* The same on a socket whose peer may be gone: an error, never SIGPIPE. */
int fd_send_all(int fd, const void *p, size_t n);
/* 0 when n bytes were read; -1 at an error or at EOF before n bytes. */
int fd_read_all(int fd, void *p, size_t n);

#endif
