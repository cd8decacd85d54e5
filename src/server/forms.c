/*
 * forms — what the web page's forms ask, turned into CLI argv: approve
 * (one or several ids), reject (a reason required), cancel (one id), halt
 * (a reason and a ticked confirmation), resume (a scope). Fields are
 * percent-decoded into bounded buffers; ids are digits, a reason is at
 * most FORMS_REASON_MAX bytes of UTF-8, a campaign a [A-Za-z0-9._-] name.
 * Unknown fields are ignored (browsers send the button's).
 */
#include "server/forms.h"
#include "server/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIELD_MAX 1024

struct fields {
    char csrf[80], reason[FIELD_MAX], confirm[8], scope[80];
    char ids[ROUTES_IDS_MAX][20];
    int nids, bad;
};

static int hex(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f'
        ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decodes s[0..len) into out (n bytes); -1 if it does not fit or is
 * malformed. */
static int decode(const char *s, size_t len, char *out, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        int c = (unsigned char)s[i];
        if (c == '%' && (i + 2 >= len || hex(s[i + 1]) < 0 ||
                         hex(s[i + 2]) < 0))
            return -1;
        if (c == '%')
            c = hex(s[i + 1]) * 16 + hex(s[i + 2]), i += 2;
        else if (c == '+')
            c = ' ';
        if (o + 1 >= n || c == 0)
            return -1;
        out[o++] = (char)c;
    }
    out[o] = '\0';
    return 0;
}

static void field(struct fields *f, const char *k, size_t kn, const char *v,
                  size_t vn)
{
    char *dst = NULL;
    size_t n = 0;
    if (kn == 4 && !strncmp(k, "csrf", 4)) dst = f->csrf, n = sizeof f->csrf;
    else if (kn == 6 && !strncmp(k, "reason", 6))
        dst = f->reason, n = sizeof f->reason;
    else if (kn == 7 && !strncmp(k, "confirm", 7))
        dst = f->confirm, n = sizeof f->confirm;
    else if (kn == 5 && !strncmp(k, "scope", 5))
        dst = f->scope, n = sizeof f->scope;
    else if (kn == 2 && !strncmp(k, "id", 2) && f->nids < ROUTES_IDS_MAX)
        dst = f->ids[f->nids++], n = sizeof f->ids[0];
    if (dst && decode(v, vn, dst, n))
        f->bad = 1;
}

static void split(const char *body, size_t len, struct fields *f)
{
    const char *end = body + len;
    for (const char *p = body; p && p < end;) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *stop = amp ? amp : end;
        const char *eq = memchr(p, '=', (size_t)(stop - p));
        if (eq)
            field(f, p, (size_t)(eq - p), eq + 1, (size_t)(stop - eq - 1));
        p = amp ? amp + 1 : NULL;
    }
}

static int ids_ok(const struct fields *f, int min, int max)
{
    for (int i = 0; i < f->nids; i++)
        if (!f->ids[i][0] || strspn(f->ids[i], "0123456789") !=
            strlen(f->ids[i]))
            return 0;
    return f->nids >= min && f->nids <= max;
}

static int add(json_t *argv, const char *s)
{
    json_t *v = json_string(s);   /* NULL for bytes that are not UTF-8 */
    return v ? json_array_append_new(argv, v) : -1;
}

static int add_ids(json_t *argv, const struct fields *f)
{
    int rc = 0;
    for (int i = 0; i < f->nids && !rc; i++)
        rc = add(argv, f->ids[i]);
    return rc;
}

static int add_reason(json_t *argv, const struct fields *f)
{
    return f->reason[0] ? add(argv, "--reason") || add(argv, f->reason) : 0;
}

/* The command of one form; why says what is wrong with the fields. */
static int build(const char *url, struct fields *f, struct form_call *call,
                 const char **why)
{
    json_t *a = call->argv;
    if (!strcmp(url, "/approve"))
        return !ids_ok(f, 1, ROUTES_IDS_MAX) ? (*why = "pick at least one "
               "proposal", -1) : add(a, "approve") || add_ids(a, f) ||
               add_reason(a, f);
    if (!strcmp(url, "/reject"))
        return !ids_ok(f, 1, ROUTES_IDS_MAX) || !f->reason[0] ? (*why =
               "a rejection needs a proposal and a reason", -1)
               : add(a, "reject") || add_ids(a, f) || add_reason(a, f);
    if (!strcmp(url, "/cancel"))
        return !ids_ok(f, 1, 1) ? (*why = "cancel one experiment", -1)
               : (snprintf(call->back, sizeof call->back, "/runs/%s",
                           f->ids[0]), add(a, "cancel") || add_ids(a, f));
    if (!strcmp(url, "/halt"))
        return !f->reason[0] || strcmp(f->confirm, "yes") ? (*why = "a halt "
               "needs a reason and the box ticked", -1) : add(a, "halt") ||
               add_reason(a, f);
    return add(a, "resume") || (strcmp(f->scope, "global") && f->scope[0] &&
           (add(a, "--campaign") || add(a, f->scope)));
}

static const char *const known[] = {"/approve", "/reject", "/cancel",
                                    "/halt", "/resume"};

int forms_parse(const char *url, const char *body, size_t len,
                struct form_call *call, char *why, size_t n)
{
    struct fields *f = calloc(1, sizeof *f);
    const char *problem = "a malformed or oversized field";
    int rc = -1, found = 0;
    memset(call, 0, sizeof *call);
    snprintf(call->back, sizeof call->back, "/queue");
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        found |= !strcmp(url, known[i]);
    if (!found) {
        snprintf(why, n, "No such form.");
        free(f);
        return FORMS_UNKNOWN;
    }
    call->argv = json_array();
    if (f && call->argv) {
        split(body ? body : "", len, f);
        if (!f->bad && strlen(f->reason) <= FORMS_REASON_MAX)
            rc = build(url, f, call, &problem) ? -1 : 0;
        snprintf(call->csrf, sizeof call->csrf, "%s", f->csrf);
    }
    if (rc) {
        snprintf(why, n, "Refused: %s; nothing was done.", problem);
        json_decref(call->argv);
        call->argv = NULL;
    }
    free(f);
    return rc;
}
