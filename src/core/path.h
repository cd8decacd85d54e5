/*
 * path — paths built into fixed arrays, never cut short.
 *
 * snprintf cuts what does not fit, and a cut path is another path: a
 * parent directory, a sibling, another cgroup, another socket. Every path
 * steward builds from input (a state or project directory, a run id, a
 * directory entry, a policy's secret) goes through path_format, which
 * either writes the whole path or fails and leaves nothing usable.
 */
#ifndef STEWARD_CORE_PATH_H
#define STEWARD_CORE_PATH_H

#include <stddef.h>
#include "core/err.h"

/* Formats a path into out (size bytes). ERR_USER when it does not fit:
 * out is then "" (never a prefix of the path, which names another file)
 * and the message quotes the path's start and end, so that the end says
 * which file it was for, with its length and the limit. */
int path_format(char *out, size_t size, struct err *err, const char *fmt,
                ...) __attribute__((format(printf, 4, 5))) MUST_USE;

#endif
