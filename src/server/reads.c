/*
 * reads — the requests the server answers in its own process.
 *
 * A request child (exec.c) costs a process start and a fresh SQLite
 * connection: most of what `status 1 --json` takes, paid again by every
 * client that polls (an agent waiting through MCP, a script). The front
 * end registers the commands that can print from an open handle instead
 * (server_opts.answer_read: status, queue); they run here, one at a
 * time, on one handle kept open and made to act for each asker
 * (steward_act_for), with the principal a child would have. What a
 * child's open does besides (lost runs, expiry) the dispatcher does
 * about once a second.
 *
 * Only a request a child would run the same way is taken: no files or
 * snapshot sent, standing where a child would agree to stand. The answer
 * is kept only when the command succeeded; anything else goes to a child,
 * so an error has one wording and one exit status whichever path runs.
 */
#include "server/server_int.h"
#include "core/buf.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define READ_ARGS_MAX 32
/* An answer larger than this goes to a child instead, which streams it:
 * the server never holds an unbounded answer in memory. */
#define READ_ANSWER_MAX (8u << 20)

static struct {
    pthread_mutex_t lock;   /* one read at a time: the handle, getopt */
    server_read_fn answer;
    struct steward *s;
    char home[API_PATH_MAX];
} reads = {.lock = PTHREAD_MUTEX_INITIALIZER};

void reads_start(const char *home, server_read_fn answer)
{
    pthread_mutex_lock(&reads.lock);
    snprintf(reads.home, sizeof reads.home, "%s", home);
    reads.answer = answer;
    pthread_mutex_unlock(&reads.lock);
}

void reads_stop(void)
{
    pthread_mutex_lock(&reads.lock);
    steward_close(reads.s);
    reads.s = NULL;
    reads.answer = NULL;
    pthread_mutex_unlock(&reads.lock);
}

static void free_argv(char **argv, int argc)
{
    for (int i = 0; i < argc; i++)
        free(argv[i]);
}

/* The argv (copied) of a request a child would run as is; 0 or -1 when
 * it is not one. */
static int plain_argv(const json_t *req, char **argv)
{
    const json_t *a = json_object_get(req, "argv");
    char real[PATH_MAX];
    size_t n = json_array_size(a);
    if (!n || n > READ_ARGS_MAX || json_array_size(json_object_get(req,
        "files")) || json_object_get(req, "snapshot") ||
        request_stands_outside(req, real))
        return 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = json_string_value(json_array_get(a, i));
        /* copies: a command may split an option's value in place */
        if (!s || strchr(s, '\x01') || !(argv[i] = strdup(s)))
            return free_argv(argv, (int)i), -1;
    }
    argv[n] = NULL;
    return (int)n;
}

/* Acting for the request's asker on the kept handle. */
static int act_for(const json_t *req)
{
    const json_t *who = json_object_get(req, "who");
    struct err err = ERR_INIT;
    if (!reads.s && steward_open_home(reads.home, &reads.s, &err))
        return -1;
    return steward_act_for(reads.s,
        (uid_t)json_integer_value(json_object_get(who, "uid")),
        json_string_value(json_object_get(who, "agent")),
        json_string_value(json_object_get(who, "token")), &err);
}

/* An answer kept in memory up to READ_ANSWER_MAX; past it writes fail,
 * and so does the answer. */
static ssize_t capped_write(void *cookie, const char *p, size_t n)
{
    struct err ignored = ERR_INIT;  /* a failed answer goes to a child */
    return buf_append(cookie, p, n, &ignored) ? -1 : (ssize_t)n;
}

static FILE *capped_open(struct buf *b)
{
    cookie_io_functions_t io = {.write = capped_write};
    return fopencookie(b, "w", io);
}

int reads_answer(const json_t *req, char **text, size_t *len)
{
    char *argv[READ_ARGS_MAX + 1];
    int argc = plain_argv(req, argv);
    int rc = -1;
    *text = NULL;
    if (argc <= 0)
        return -1;
    struct buf out;
    buf_init(&out, READ_ANSWER_MAX);
    pthread_mutex_lock(&reads.lock);
    FILE *f = reads.answer && !act_for(req) ? capped_open(&out) : NULL;
    if (f) {
        rc = reads.answer(reads.s, argc, argv, f);
        rc = fclose(f) || rc ? -1 : 0;
    }
    pthread_mutex_unlock(&reads.lock);
    free_argv(argv, argc);
    if (rc || !out.data) {   /* an empty answer: the child's is as fast */
        buf_free(&out);
        return -1;
    }
    *len = out.len;
    *text = buf_take(&out);
    return 0;
}
