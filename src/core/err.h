/*
 * err — how steward reports failure.
 *
 * Every function that can fail takes a `struct err *` and returns 0 on
 * success or a negative ERR_* code. The message says what was wrong, on
 * which input, and what to do; the code says which kind of failure it was,
 * and the CLI maps it to an exit status (see cli/cli.h). A function fills
 * `err` only when it fails, and the first failure wins: err_set on an
 * already-set err is ignored, so the innermost, most specific message is
 * the one the user reads.
 */
#ifndef STEWARD_CORE_ERR_H
#define STEWARD_CORE_ERR_H

#include <stddef.h>

#define MUST_USE __attribute__((warn_unused_result))

enum err_code {
    ERR_OK = 0,
    ERR_USER = -1,      /* bad input: fix the command and retry */
    ERR_DENIED = -2,    /* the policy said no */
    ERR_INTERNAL = -3,  /* a bug or an environment failure */
    ERR_FORBIDDEN = -4, /* the principal's role may not do this */
    ERR_NOTFOUND = -5,  /* no such id or name */
    ERR_CONFLICT = -6,  /* state changed under us, or illegal transition */
    ERR_BUSY = -7,      /* database locked: retry later */
    ERR_HALTED = -8,    /* a halt is in force */
};

#define ERR_MSG_MAX 512

struct err {
    int code;
    char msg[ERR_MSG_MAX];
};

#define ERR_INIT {0, {0}}

/* Records a failure (unless one is already recorded) and returns `code`. */
int err_set(struct err *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records a failure from errno: "<what>: <strerror>". Returns ERR_INTERNAL
 * or ERR_USER for ENOENT/EACCES-style errors a user can fix. */
int err_errno(struct err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Forgets a recorded failure, for callers that handled it. */
void err_clear(struct err *err);

/* The exit status a command returns for this error code. */
int err_exit_status(int code);

/* A short name for an error code ("user", "denied"...), for --json. */
const char *err_code_name(int code);

#endif
