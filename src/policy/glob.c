/*
 * glob — the policy's `matching "..."` patterns.
 *
 * Shell-style: '*' matches any run of bytes (including '/' and spaces, so
 * "python3 train.py*" covers every argument list), '?' any one byte,
 * "[abc]", "[a-z]" and "[!abc]" a byte from (or not from) a set, and '\'
 * makes the next byte literal. Bytes, not locale characters: the policy
 * must match the same way on every machine. Matching is iterative with
 * one backtrack point (the last '*'), so it is linear-ish and needs no
 * recursion; glibc's fnmatch pays for locale handling we do not want.
 */
#include <stddef.h>

#include "policy/internal.h"

/* The ']' closing a set whose body starts at p (just after '['), or NULL
 * when there is none, in which case the '[' is an ordinary byte. A ']'
 * right after '[' or "[!" belongs to the set. */
static const char *set_end(const char *p)
{
    if (*p == '!' || *p == '^')
        p++;
    if (*p == ']')
        p++;
    while (*p && *p != ']') {
        if (*p == '\\' && p[1])
            p++;
        p++;
    }
    return *p == ']' ? p : NULL;
}

/* The byte at *p (after a backslash escape), advancing *p past it. */
static unsigned char set_byte(const char **p, const char *end)
{
    if (**p == '\\' && *p + 1 < end)
        (*p)++;
    return (unsigned char)*(*p)++;
}

static int in_set(const char *p, const char *end, unsigned char c)
{
    int negate = *p == '!' || *p == '^';
    int hit = 0;
    if (negate)
        p++;
    while (p < end) {
        unsigned char lo = set_byte(&p, end), hi = lo;
        if (*p == '-' && p + 1 < end) {
            p++;
            hi = set_byte(&p, end);
        }
        if (c >= lo && c <= hi)
            hit = 1;
    }
    return hit != negate;
}

/* Matches one non-'*' pattern element at *pp against c, advancing *pp. */
static int glob_one(const char **pp, unsigned char c)
{
    const char *p = *pp, *end;
    if (*p == '?') {
        *pp = p + 1;
        return 1;
    }
    if (*p == '[' && (end = set_end(p + 1))) {
        *pp = end + 1;
        return in_set(p + 1, end, c);
    }
    if (*p == '\\' && p[1])
        p++;
    *pp = p + 1;
    return (unsigned char)*p == c;
}

int policy_glob(const char *pat, const char *s)
{
    const char *star_p = NULL, *star_s = NULL;
    while (*s) {
        if (*pat == '*') {
            while (*pat == '*')
                pat++;
            if (!*pat)
                return 1;
            star_p = pat;
            star_s = s;
            continue;
        }
        const char *p = pat;
        if (*p && glob_one(&p, (unsigned char)*s)) {
            pat = p;
            s++;
            continue;
        }
        if (!star_p)
            return 0;
        pat = star_p;
        s = ++star_s;
    }
    while (*pat == '*')
        pat++;
    return *pat == 0;
}
