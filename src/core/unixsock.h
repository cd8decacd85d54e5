/*
 * unixsock — connecting to a Unix stream socket by path.
 */
#ifndef STEWARD_CORE_UNIXSOCK_H
#define STEWARD_CORE_UNIXSOCK_H

/* A connected, close-on-exec socket, or -1 with errno set (ENAMETOOLONG
 * when path does not fit a socket address). */
int unix_connect(const char *path);

/* 1 when something accepts connections at path. */
int unix_answers(const char *path);

#endif
