/*
 * prescan — does a policy say `require token`, even when it does not
 * parse?
 *
 * Identity must never depend on the policy parsing: when a syntax error
 * made every tokenless caller "nobody", nobody could apply the fixed
 * policy, and proposals were refused as forbidden instead of denied with
 * the error. So whether a token is required is read by this tolerant
 * scan, statement by statement (lines, `;`-separated statements and
 * `\`-continued lines): one whose first two words are `require token`
 * (comments and any blanks allowed) in the policy or any file it
 * includes. Everything else in the file is ignored here; the real parser
 * decides everything else, and any error still denies every proposal.
 * An unreadable file says nothing (it cannot be parsed either: proposals
 * are denied with the reason, and the owner can apply a fixed policy).
 */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/pstate.h"

static int scan_file(const char *path, int depth);

/* The next blank-separated word of *p into out; 0 when there is none. */
static int word(const char **p, char *out, size_t n)
{
    const char *s = *p + strspn(*p, " \t\r\\");
    size_t len = strcspn(s, " \t\r#\\");
    if (!len || *s == '#')
        return 0;
    snprintf(out, n, "%.*s", (int)(len < n ? len : n - 1), s);
    *p = s + len;
    return 1;
}

/* `include "FILE"`: the path, relative to the including file. */
static int include_target(const char *from, const char *line, char *out,
                          size_t n)
{
    const char *q = strchr(line, '"'), *e = q ? strchr(q + 1, '"') : NULL;
    char dir[PATH_MAX];
    /* cut, its dirname would be another directory */
    if (!e || (size_t)snprintf(dir, sizeof dir, "%s", from) >= sizeof dir)
        return -1;
    int w = q[1] == '/' ? snprintf(out, n, "%.*s", (int)(e - q - 1), q + 1)
            : snprintf(out, n, "%s/%.*s", dirname(dir), (int)(e - q - 1),
                       q + 1);
    return w < 0 || (size_t)w >= n ? -1 : 0;
}

static int scan_line(const char *path, const char *line, int depth)
{
    char first[16], second[16], inc[PATH_MAX];
    const char *p = line;
    if (!word(&p, first, sizeof first))
        return 0;
    if (!strcmp(first, "include"))
        return !include_target(path, p, inc, sizeof inc) &&
               scan_file(inc, depth + 1);
    return !strcmp(first, "require") && word(&p, second, sizeof second) &&
           !strcmp(second, "token");
}

static int scan_file(const char *path, int depth)
{
    size_t len = 0;
    const char *why;
    if (depth > POLICY_INCLUDE_DEPTH)
        return 0;
    char *text = policy_read_file(path, &len, &why);
    int found = 0;
    for (char *c = text ? strstr(text, "\\\n") : NULL; c;
         c = strstr(c, "\\\n"))
        c[0] = c[1] = ' '; /* a continued line is one statement */
    for (char *save, *line = text ? strtok_r(text, "\n;", &save) : NULL;
         line && !found; line = strtok_r(NULL, "\n;", &save))
        found = scan_line(path, line, depth);
    free(text);
    return found;
}

int policy_file_requires_token(const char *path)
{
    return scan_file(path, 0);
}
