/* parse — strict text-to-number conversions; see parse.h. */
#include "core/parse.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int parse_int64(const char *s, const char *what, int64_t min, int64_t max,
                int64_t *out, struct err *err)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || errno)
        return err_set(err, ERR_USER, "%s: '%s' is not an integer", what, s);
    if (v < min || v > max)
        return err_set(err, ERR_USER, "%s: %lld is out of range [%lld, %lld]",
                       what, v, (long long)min, (long long)max);
    *out = v;
    return 0;
}

int parse_double(const char *s, const char *what, double *out, struct err *err)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (!*s || *end || errno || !isfinite(v))
        return err_set(err, ERR_USER, "%s: '%s' is not a finite number",
                       what, s);
    *out = v;
    return 0;
}

static int size_shift(const char *unit)
{
    static const char *units = "KMGTP";
    if (!*unit || !strcmp(unit, "B"))
        return 0;
    const char *p = strchr(units, toupper((unsigned char)unit[0]));
    if (!p)
        return -1;
    const char *rest = unit + 1;
    if (*rest && strcmp(rest, "B") && strcmp(rest, "iB"))
        return -1;
    return 10 * (int)(p - units + 1);
}

int parse_size(const char *s, const char *what, int64_t *bytes, struct err *err)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    int shift = (end == s || errno) ? -1 : size_shift(end);
    if (shift < 0 || !isfinite(v) || v < 0)
        return err_set(err, ERR_USER,
                       "%s: '%s' is not a size; use a number with an optional "
                       "unit K, M, G or T (e.g. 512M)", what, s);
    double b = ldexp(v, shift);
    if (b > 9.0e18)
        return err_set(err, ERR_USER, "%s: '%s' is too large", what, s);
    *bytes = (int64_t)b;
    return 0;
}

static int64_t duration_unit(char c)
{
    switch (c) {
    case 's': return 1;
    case 'm': return 60;
    case 'h': return 3600;
    case 'd': return 86400;
    case 'w': return 7 * 86400;
    default: return 0;
    }
}

int parse_duration(const char *s, const char *what, int64_t *seconds,
                   struct err *err)
{
    const char *p = s;
    double total = 0;
    do {
        char *end;
        errno = 0;
        double v = strtod(p, &end);
        int64_t unit = *end ? duration_unit(*end) : 1;
        if (end == p || errno || !isfinite(v) || v < 0 || !unit)
            return err_set(err, ERR_USER,
                           "%s: '%s' is not a duration; use e.g. 90s, 5m, 2h, "
                           "1h30m or 1d", what, s);
        total += v * (double)unit;
        p = *end ? end + 1 : end;
    } while (*p);
    if (total > 1e12)
        return err_set(err, ERR_USER, "%s: '%s' is too long", what, s);
    *seconds = (int64_t)llround(total);
    return 0;
}

void format_size(int64_t bytes, char *out, size_t n)
{
    static const char units[] = "KMGTP";
    int i = -1;
    double v = (double)bytes;
    while (v >= 1024 && i < 4 && fmod(v, 1024) == 0) {
        v /= 1024;
        i++;
    }
    if (i < 0)
        snprintf(out, n, "%lld", (long long)bytes);
    else
        snprintf(out, n, "%.0f%c", v, units[i]);
}

void format_duration(int64_t seconds, char *out, size_t n)
{
    int64_t h = seconds / 3600, m = seconds % 3600 / 60, s = seconds % 60;
    if (h && (m || s) && !s)
        snprintf(out, n, "%lldh%lldm", (long long)h, (long long)m);
    else if (h && !m && !s)
        snprintf(out, n, "%lldh", (long long)h);
    else if (!h && m && !s)
        snprintf(out, n, "%lldm", (long long)m);
    else
        snprintf(out, n, "%llds", (long long)seconds);
}
