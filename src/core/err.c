/* err — failure records; see err.h. */
#include "core/err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int err_vset(struct err *err, int code, const char *fmt, va_list ap)
{
    if (!err || err->code != 0)
        return code;
    err->code = code;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    return code;
}

int err_set(struct err *err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vset(err, code, fmt, ap);
    va_end(ap);
    return code;
}

int err_errno(struct err *err, const char *fmt, ...)
{
    int saved = errno;
    int code = (saved == ENOENT || saved == EACCES || saved == ENOTDIR ||
                saved == EISDIR || saved == EEXIST) ? ERR_USER : ERR_INTERNAL;
    char what[ERR_MSG_MAX / 2];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return err_set(err, code, "%s: %s", what, strerror(saved));
}

void err_clear(struct err *err)
{
    err->code = 0;
    err->msg[0] = '\0';
}

int err_exit_status(int code)
{
    switch (code) {
    case ERR_OK: return 0;
    case ERR_USER: case ERR_NOTFOUND: return 1;
    case ERR_DENIED: return 2;
    case ERR_FORBIDDEN: return 4;
    case ERR_CONFLICT: case ERR_HALTED: return 5;
    case ERR_BUSY: return 6;
    default: return 3;
    }
}

const char *err_code_name(int code)
{
    switch (code) {
    case ERR_OK: return "ok";
    case ERR_USER: return "user";
    case ERR_DENIED: return "denied";
    case ERR_FORBIDDEN: return "forbidden";
    case ERR_NOTFOUND: return "not_found";
    case ERR_CONFLICT: return "conflict";
    case ERR_BUSY: return "busy";
    case ERR_HALTED: return "halted";
    default: return "internal";
    }
}
