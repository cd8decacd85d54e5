/*
 * fdio — writing all of a buffer to a file descriptor, through short
 * writes and EINTR: pipes, sockets and terminals take what they can.
 */
#ifndef STEWARD_CORE_FDIO_H
#define STEWARD_CORE_FDIO_H

#include <stddef.h>

/* 0 when all n bytes were written, -1 (errno set) otherwise. */
int fd_write_all(int fd, const void *p, size_t n);

#endif
