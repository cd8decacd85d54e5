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

/* Sends n bytes (n > 0) and, with the first of them, a copy of the
 * descriptor pass (SCM_RIGHTS) on the Unix socket sock. 0 or -1. */
int fd_send_with_fd(int sock, const void *p, size_t n, int pass);
/* Reads n bytes and the descriptor sent with them into *pass (-1 when
 * none came; any extra descriptor is closed). 0 or -1 (EOF, error). */
int fd_read_with_fd(int sock, void *p, size_t n, int *pass);

#endif
