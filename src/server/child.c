/*
 * child — the request child's side of an exec (see exec.c): reads the
 * request the server wrote on fd 3, takes on the principal the server
 * decided, lays out the files the client sent, and runs the command.
 *
 * The server reads no file on a client's behalf: an operand that names a
 * file the client did not send is refused, since the server's permissions
 * are not the client's (an agent could otherwise name a secret the server
 * can read). An agent's working directory must lie inside the project,
 * the only tree it sees.
 */
#include "server/server_int.h"
#include "server/wire.h"
#include "api/principal.h"
#include "core/b64.h"
#include "core/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHILD_ARGS_MAX 512

struct child {
    json_t *req;
    char tmpdir[64];
    char *argv[CHILD_ARGS_MAX + 1];
    int argc;
    int nfiles;
};

static int read_request(json_t **out)
{
    struct buf b;
    struct err err = ERR_INIT;
    char chunk[65536];
    ssize_t n;
    buf_init(&b, WIRE_BODY_MAX + 65536);
    while ((n = read(3, chunk, sizeof chunk)) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || buf_append(&b, chunk, (size_t)n, &err)) {
            buf_free(&b);
            return -1;
        }
    }
    close(3);
    *out = json_loadb(b.data ? b.data : "", b.len, 0, NULL);
    buf_free(&b);
    return *out && json_is_object(*out) ? 0 : -1;
}

static void take_principal(const json_t *req)
{
    const json_t *who = json_object_get(req, "who");
    principal_impose((uid_t)json_integer_value(json_object_get(who, "uid")),
                     json_string_value(json_object_get(who, "agent")),
                     json_string_value(json_object_get(who, "token")));
    setenv("STEWARD_HOME", json_string_value(json_object_get(req, "home")),
           1);
    unsetenv("STEWARD_TOKEN");
    unsetenv("STEWARD_SOCKET");
}

static int write_file(const char *path, const char *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, data + done, len - done);
        if (n <= 0 && errno != EINTR)
            break;
        done += n > 0 ? (size_t)n : 0;
    }
    return close(fd) == 0 && done == len ? 0 : -1;
}

/* A content the client sent (base64) as a file. */
static int write_base64(const char *path, const char *b64, size_t len)
{
    size_t n = 0;
    unsigned char *bin = b64_decode(b64, len, &n);
    int rc = bin ? write_file(path, (const char *)bin, n) : -1;
    free(bin);
    return rc;
}

/* The contents the client sent become files in a private directory. */
static int lay_out_files(struct child *c)
{
    const json_t *files = json_object_get(c->req, "files");
    size_t i;
    const json_t *f;
    if (!json_array_size(files))
        return 0;
    snprintf(c->tmpdir, sizeof c->tmpdir, "/tmp/steward-exec.XXXXXX");
    if (!mkdtemp(c->tmpdir))
        return -1;
    json_array_foreach(files, i, f) {
        char path[128];
        snprintf(path, sizeof path, "%s/%zu", c->tmpdir, i);
        if (!json_is_string(f) || write_base64(path, json_string_value(f),
                                               json_string_length(f)) < 0)
            return -1;
        c->nfiles = (int)i + 1;
    }
    return 0;
}

static char *file_arg(struct child *c, const char *arg)
{
    char *mark = strstr(arg, WIRE_FILE_MARK);
    char *end;
    long n = mark ? strtol(mark + strlen(WIRE_FILE_MARK), &end, 10) : -1;
    if (!mark || *end || n < 0 || n >= c->nfiles)
        return NULL;
    size_t len = (size_t)(mark - arg) + strlen(c->tmpdir) + 32;
    char *out = malloc(len);
    if (out)
        snprintf(out, len, "%.*s%s/%ld", (int)(mark - arg), arg, c->tmpdir, n);
    return out;
}

/* An operand naming a path the client did not send: the server would
 * read it with its own permissions. */
static int unsent_path(const char *arg)
{
    const char *eq = arg[0] == '-' ? strchr(arg, '=') : NULL;
    const char *path = arg[0] == '-' ? (eq ? eq + 1 : NULL) : arg;
    struct stat st;
    return path && *path && !strchr(arg, '\x01') && lstat(path, &st) == 0 &&
           !S_ISDIR(st.st_mode);
}

static int build_argv(struct child *c)
{
    const json_t *argv = json_object_get(c->req, "argv");
    size_t i;
    const json_t *a;
    int dashes = 0;
    if (!json_array_size(argv) || json_array_size(argv) > CHILD_ARGS_MAX)
        return fprintf(stderr, "steward: a command needs 1 to %d "
                       "arguments\n", CHILD_ARGS_MAX), -1;
    json_array_foreach(argv, i, a) {
        const char *s = json_string_value(a);
        if (!s)
            return fprintf(stderr, "steward: arguments are strings\n"), -1;
        c->argv[i] = strchr(s, '\x01') ? file_arg(c, s) : strdup(s);
        if (!c->argv[i])
            return fprintf(stderr, "steward: bad file argument\n"), -1;
        dashes |= !strcmp(s, "--");
        if (i && !dashes && wire_names_file(c->argv, (int)i) &&
            unsent_path(s))
            return fprintf(stderr, "steward: '%s' names a file the server "
                           "would read for you; the client sends the files "
                           "it can read itself\n", s), -1;
        c->argc = (int)i + 1;
    }
    return 0;
}

static int under(const char *path, const char *root)
{
    size_t n = strlen(root);
    return !strncmp(path, root, n) && (path[n] == '/' || path[n] == '\0');
}

/* Only a peer of the server's own uid stands where the server could
 * stand anyway; an agent, a token holder (TCP) or another local user
 * works inside the project, since a proposal's working directory is read
 * with the server's permissions. */
static int may_stand_anywhere(const json_t *req)
{
    const json_t *who = json_object_get(req, "who");
    const char *agent = json_string_value(json_object_get(who, "agent"));
    const char *token = json_string_value(json_object_get(who, "token"));
    json_int_t uid = json_integer_value(json_object_get(who, "uid"));
    return !(agent && agent[0]) && !(token && token[0]) &&
           uid == (json_int_t)getuid();
}

int request_stands_outside(const json_t *req, char *real)
{
    const char *cwd = json_string_value(json_object_get(req, "cwd"));
    const char *root = json_string_value(json_object_get(req, "root"));
    const char *home = json_string_value(json_object_get(req, "home"));
    real[0] = '\0';
    if (!cwd || !realpath(cwd, real)) {
        real[0] = '\0';
        return 0;
    }
    return under(real, home) ||
           (!may_stand_anywhere(req) && !under(real, root));
}

/* The command runs where the client stands, never inside the state. A
 * client that sent its tree's snapshot needs nothing read there: the
 * command runs from the project (the tree may be one only the client can
 * read). */
static int enter_cwd(const json_t *req)
{
    const char *cwd = json_string_value(json_object_get(req, "cwd"));
    const char *root = json_string_value(json_object_get(req, "root"));
    const char *home = json_string_value(json_object_get(req, "home"));
    char real[PATH_MAX];
    if (cwd && json_object_get(req, "snapshot"))
        return under(cwd, home) || chdir(root) < 0 ? -1 : 0;
    if (request_stands_outside(req, real)) {
        fprintf(stderr, "steward: work inside the project (%s), not in %s\n",
                root, real);
        return -1;
    }
    if (!real[0] || chdir(real) < 0)
        return chdir(root) < 0 ? -1 : 0;
    return 0;
}

/* The snapshot the client sent with the request, taken as this one's. */
static int take_snapshot(const json_t *req)
{
    const json_t *snap = json_object_get(req, "snapshot");
    const char *root = json_string_value(json_object_get(snap, "root"));
    struct err err = ERR_INIT;
    if (!snap || !steward_snapshot_sent(root, (json_t *)snap, &err))
        return 0;
    fprintf(stderr, "steward: the snapshot sent: %s\n", err.msg);
    return -1;
}

static void child_release(struct child *c)
{
    for (int i = 0; i < c->argc; i++)
        free(c->argv[i]);
    for (int i = 0; i < c->nfiles; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%d", c->tmpdir, i);
        unlink(path);
    }
    if (c->tmpdir[0])
        rmdir(c->tmpdir);
    json_decref(c->req);
}

int server_exec_child(int (*run)(int argc, char **argv))
{
    struct child c;
    memset(&c, 0, sizeof c);
    if (read_request(&c.req) < 0) {
        fprintf(stderr, "steward: %s is internal to the server\n",
                WIRE_EXEC_CMD);
        return 3;
    }
    take_principal(c.req);
    int rc = take_snapshot(c.req);
    rc = rc ? rc : (lay_out_files(&c) < 0 ? -1 : enter_cwd(c.req));
    rc = rc ? rc : build_argv(&c);
    rc = rc ? 1 : run(c.argc, c.argv);
    fflush(NULL);
    child_release(&c);
    return rc;
}
