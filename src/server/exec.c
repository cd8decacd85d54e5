/*
 * exec — runs one CLI command for a client and streams its output.
 *
 * The command runs in a fresh exec of steward (`steward __exec`), spawned
 * with posix_spawn from the connection's thread: nothing of the server's
 * memory, threads or SQLite connections is shared with it. Its request
 * (who is asking, as decided by the server; argv; cwd; file contents)
 * arrives on fd 3, never in argv or the environment, where other
 * processes could read or set it. Its stdout and stderr come back as
 * frames (wire.h); the last frame is its exit status. A client that goes
 * away takes its command with it (SIGTERM): every mutation is one
 * transaction, so nothing is left half-done.
 *
 * Starting an exec costs more than the rest of a request (dynamic
 * linking), so a few children are started ahead and wait on fd 3 for
 * their request: a request takes a warm child, and a new one is started
 * after the request is handed over, off the client's path.
 */
#include "core/buf.h"
#include "core/fdio.h"
#include "server/server_int.h"
#include "core/proc.h"
#include "server/routes.h"
#include "server/wire.h"

#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

struct exec_run {
    struct server *srv;
    pid_t pid;
    int fd[2];          /* stdout, stderr of the command; -1 at EOF */
    int finished;       /* the exit frame was sent */
    int mutating;       /* its end is news for the long polls */
};

static int wait_status(pid_t pid)
{
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    if (WIFEXITED(st))
        return WEXITSTATUS(st);
    return 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

/* Reads what one stream has into a frame at buf. 0 at EOF. */
static ssize_t frame_from(int *fd, char tag, char *buf, size_t max)
{
    ssize_t n;
    while ((n = read(*fd, buf + WIRE_FRAME_HEAD, max - WIRE_FRAME_HEAD)) < 0 &&
           errno == EINTR)
        ;
    if (n <= 0) {
        close(*fd);
        *fd = -1;
        return 0;
    }
    char head[WIRE_FRAME_HEAD];
    int h = snprintf(head, sizeof head, "%c %zd\n", tag, n);
    memmove(buf + h, buf + WIRE_FRAME_HEAD, (size_t)n);
    memcpy(buf, head, (size_t)h);
    return h + n;
}

static ssize_t frame_exit(struct exec_run *r, char *buf, size_t max)
{
    if (r->finished)
        return MHD_CONTENT_READER_END_OF_STREAM;
    int status = wait_status(r->pid);
    r->pid = -1;
    r->finished = 1;
    server_changed(r->srv, r->mutating);
    server_wake(r->srv);
    return snprintf(buf, max, "x %d\n", status);
}

static ssize_t exec_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    struct exec_run *r = cls;
    while (r->fd[0] >= 0 || r->fd[1] >= 0) {
        struct pollfd p[2] = {{r->fd[0], POLLIN, 0}, {r->fd[1], POLLIN, 0}};
        if (poll(p, 2, -1) < 0 && errno != EINTR)
            return MHD_CONTENT_READER_END_WITH_ERROR;
        for (int i = 0; i < 2; i++) {
            if (r->fd[i] < 0 || !p[i].revents)
                continue;
            ssize_t n = frame_from(&r->fd[i], i ? 'e' : 'o', buf, max);
            if (n > 0)
                return n;
        }
    }
    return frame_exit(r, buf, max);
}

static void exec_free(void *cls)
{
    struct exec_run *r = cls;
    for (int i = 0; i < 2; i++)
        if (r->fd[i] >= 0)
            close(r->fd[i]);
    if (r->pid > 0) {
        kill(r->pid, SIGTERM);
        (void)wait_status(r->pid);
        server_changed(r->srv, r->mutating);
        server_wake(r->srv);
    }
    free(r);
}

static int spawn_child(int out, int errs, int req, pid_t *pid)
{
    posix_spawn_file_actions_t fa;
    char *argv[] = {"steward", WIRE_EXEC_CMD, NULL};
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, out, 1);
    posix_spawn_file_actions_adddup2(&fa, errs, 2);
    posix_spawn_file_actions_adddup2(&fa, req, 3);
    int rc = posix_spawn(pid, proc_steward_exe(), &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    return rc;
}

/* Hands the request to the child: it reads all of it before anything. */
static int send_request(int fd, const char *text)
{
    return fd_write_all(fd, text, strlen(text));
}

static void close_pair(int p[2])
{
    for (int i = 0; i < 2; i++)
        if (p[i] >= 0)
            close(p[i]);
}

/* A started child waiting for its request. */
struct warm {
    pid_t pid;
    int out, errs, req;   /* our ends */
};

#define WARM_MAX 2
static struct warm pool[WARM_MAX];
static int pool_n;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;

static int warm_start(struct warm *w, struct err *err)
{
    int out[2] = {-1, -1}, errs[2] = {-1, -1}, req[2] = {-1, -1};
    int rc = 0;
    if (pipe2(out, O_CLOEXEC) || pipe2(errs, O_CLOEXEC) ||
        pipe2(req, O_CLOEXEC))
        rc = err_errno(err, "pipe");
    else if ((errno = spawn_child(out[1], errs[1], req[0], &w->pid)))
        rc = err_errno(err, "starting the command");
    if (!rc) {
        w->out = out[0], w->errs = errs[0], w->req = req[1];
        out[0] = errs[0] = req[1] = -1;
    }
    close_pair(out), close_pair(errs), close_pair(req);
    return rc;
}

/* Keeps the pool full; called off the client's path. */
void exec_pool_fill(void)
{
    struct err err = ERR_INIT;
    struct warm w;
    pthread_mutex_lock(&pool_lock);
    while (pool_n < WARM_MAX && warm_start(&w, &err) == 0)
        pool[pool_n++] = w;
    pthread_mutex_unlock(&pool_lock);
}

static int pool_take(struct warm *w, struct err *err)
{
    pthread_mutex_lock(&pool_lock);
    int have = pool_n > 0;
    if (have)
        *w = pool[--pool_n];
    pthread_mutex_unlock(&pool_lock);
    return have ? 0 : warm_start(w, err);
}

void exec_pool_drain(void)
{
    pthread_mutex_lock(&pool_lock);
    while (pool_n > 0) {
        struct warm *w = &pool[--pool_n];
        close(w->req);   /* EOF on fd 3: the child ends */
        close(w->out);
        close(w->errs);
        (void)wait_status(w->pid);
    }
    pthread_mutex_unlock(&pool_lock);
}

static int start(struct exec_run *r, const char *text, struct err *err)
{
    struct warm w;
    int rc = pool_take(&w, err);
    if (rc)
        return rc;
    r->pid = w.pid;
    r->fd[0] = w.out, r->fd[1] = w.errs;
    if (send_request(w.req, text) < 0)
        rc = err_errno(err, "handing the request to the command");
    close(w.req);
    exec_pool_fill();
    return rc;
}

int exec_begin(const char *text, pid_t *pid, int fd[2], struct err *err)
{
    struct exec_run r = {.pid = -1, .fd = {-1, -1}};
    int rc = start(&r, text, err);
    *pid = r.pid, fd[0] = r.fd[0], fd[1] = r.fd[1];
    if (rc && r.pid > 0) {
        close(fd[0]), close(fd[1]);
        kill(r.pid, SIGTERM);
        (void)wait_status(r.pid);
    }
    return rc;
}

int exec_end(pid_t pid)
{
    return wait_status(pid);
}

/* What the server answered itself (reads.c), as a child's frames. */
static struct MHD_Response *answered(char *text, size_t len,
                                     struct err *err)
{
    struct buf b;
    size_t at = 0;
    int rc = 0;
    buf_init(&b, (size_t)-1);
    while (!rc && at < len) {
        char head[WIRE_FRAME_HEAD];
        size_t n = len - at < 65536 ? len - at : 65536;
        int h = snprintf(head, sizeof head, "o %zu\n", n);
        rc = buf_append(&b, head, (size_t)h, err) ||
             buf_append(&b, text + at, n, err);
        at += n;
    }
    rc = rc || buf_append(&b, "x 0\n", 4, err);
    free(text);
    struct MHD_Response *r = rc ? NULL : MHD_create_response_from_buffer(
        b.len, b.data, MHD_RESPMEM_MUST_FREE);
    if (!r)
        buf_free(&b);
    return r;
}

struct MHD_Response *exec_response(struct server *srv, json_t *request,
                                   struct err *err)
{
    char *answer;
    size_t len;
    if (!reads_answer(request, &answer, &len))
        return answered(answer, len, err);
    struct exec_run *r = calloc(1, sizeof *r);
    char *text = json_dumps(request, JSON_COMPACT);
    if (!r || !text) {
        free(r), free(text);
        err_set(err, ERR_INTERNAL, "out of memory");
        return NULL;
    }
    r->srv = srv;
    r->mutating = routes_mutates(json_object_get(request, "argv"));
    r->pid = -1;
    r->fd[0] = r->fd[1] = -1;
    int rc = start(r, text, err);
    free(text);
    struct MHD_Response *resp = rc ? NULL : MHD_create_response_from_callback(
        MHD_SIZE_UNKNOWN, 64 * 1024, exec_read, r, exec_free);
    if (!resp) {
        exec_free(r);
        err_set(err, ERR_INTERNAL, "cannot start the response");
    }
    return resp;
}
