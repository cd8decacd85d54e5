/*
 * cli_json — the CLI's JSON, captured in-process for a page (page.h).
 *
 * A page runs the very commands a terminal would (`queue --json`, ...),
 * as the same principal, with stdout pointed at a memfd for the call: no
 * second path to the state, and the role checks are the CLI's. Commands
 * parse options with getopt, whose state is reset before each.
 */
#include "web/page.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define CLI_ARGS_MAX 16

static json_t *parse(const char *text, size_t len)
{
    json_t *one = json_loadb(text, len, 0, NULL), *all;
    if (one || !len)
        return one;
    all = json_array();   /* JSON lines (ledger export) */
    for (const char *s = text, *end = text + len; all && s < end;) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
        json_t *v = n ? json_loadb(s, n, 0, NULL) : NULL;
        if (n && (!v || json_array_append_new(all, v)))
            json_decref(all), all = NULL;
        s += n + 1;
    }
    return all;
}

/* What fd holds, up to PAGE_JSON_MAX. */
static json_t *read_back(int fd)
{
    struct buf b;
    struct err err = ERR_INIT;
    char chunk[65536];
    ssize_t n;
    buf_init(&b, PAGE_JSON_MAX);
    lseek(fd, 0, SEEK_SET);
    while ((n = read(fd, chunk, sizeof chunk)) > 0)
        if (buf_append(&b, chunk, (size_t)n, &err)) {
            buf_free(&b);
            return NULL;
        }
    json_t *v = parse(b.data ? b.data : "", b.len);
    buf_free(&b);
    return v;
}

static int run_captured(struct page *p, int argc, char **argv, int fd)
{
    fflush(stdout);
    int saved = dup(1);
    if (saved < 0 || dup2(fd, 1) < 0)
        return 3;
    optind = 0;   /* glibc: a full reset of getopt's state */
    int rc = p->run(argc, argv);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    return rc;
}

json_t *page_cli(struct page *p, ...)
{
    char *argv[CLI_ARGS_MAX + 1];
    int argc = 0;
    va_list ap;
    va_start(ap, p);
    for (char *a; argc < CLI_ARGS_MAX && (a = va_arg(ap, char *));)
        argv[argc++] = a;
    va_end(ap);
    argv[argc] = NULL;
    int fd = memfd_create("steward-page", MFD_CLOEXEC);
    if (fd < 0) {
        p->status = 3;
        return NULL;
    }
    int rc = run_captured(p, argc, argv, fd);
    json_t *v = read_back(fd);
    close(fd);
    if (rc) {
        const char *e = json_string_value(json_object_get(v, "error"));
        const char *code = json_string_value(json_object_get(v, "code"));
        p->notfound = code && !strcmp(code, "not_found");
        snprintf(p->errmsg, sizeof p->errmsg, "%s", e ? e : "");
        p->status = p->status ? p->status : rc;
        json_decref(v);
        return NULL;
    }
    return v;
}
