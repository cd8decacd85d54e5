/* path — checked path formatting; see path.h. */
#include "core/path.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* How many bytes of a refused path the message quotes at each end. */
#define PATH_SHOWN 60
/* The longest refused path whose end can still be quoted. */
#define PATH_QUOTED_MAX 8192

/* "start...end" of a path len bytes long, from its copy in full (cut when
 * the path is longer than full: then only its start is known). */
static void path_quote(char *out, size_t n, const char *full, size_t len)
{
    size_t have = strlen(full);
    if (have < len)
        snprintf(out, n, "%.*s...", 2 * PATH_SHOWN, full);
    else if (len <= 2 * PATH_SHOWN + 3)
        snprintf(out, n, "%s", full);
    else
        snprintf(out, n, "%.*s...%s", PATH_SHOWN, full,
                 full + len - PATH_SHOWN);
}

static int path_refuse(char *out, size_t size, int len, struct err *err,
                       const char *fmt, va_list ap)
{
    char full[PATH_QUOTED_MAX], shown[2 * PATH_SHOWN + 8];
    if (size)
        out[0] = '\0';
    if (len < 0)
        return err_set(err, ERR_INTERNAL, "a path of the form '%.80s' "
                       "could not be formatted", fmt);
    vsnprintf(full, sizeof full, fmt, ap);
    path_quote(shown, sizeof shown, full, (size_t)len);
    return err_set(err, ERR_USER, "path too long: \"%s\" is %d bytes, at "
                   "most %zu fit; use a shorter directory or name", shown,
                   len, size ? size - 1 : 0);
}

int path_format(char *out, size_t size, struct err *err, const char *fmt,
                ...)
{
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int len = vsnprintf(out, size, fmt, ap);
    va_end(ap);
    int rc = len >= 0 && (size_t)len < size
             ? 0 : path_refuse(out, size, len, err, fmt, again);
    va_end(again);
    return rc;
}
