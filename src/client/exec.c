/*
 * exec — a CLI command run on the server (see server/wire.h).
 *
 * Files the command reads are read here, with the caller's own
 * permissions, and sent as contents: the server reads nothing on a
 * client's behalf. The output comes back as frames, relayed to stdout and
 * stderr as it arrives (so `logs -f` follows a running run).
 */
#include "core/b64.h"
#include "core/fdio.h"
#include "client/client.h"
#include "client/conn.h"
#include "server/wire.h"
#include "core/buf.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CLIENT_FILE_MAX (16u << 20)

static int is_file(const char *path)
{
    struct stat st;
    return *path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* A file's content, base64 (contents may be any bytes). */
static json_t *read_file(const char *path, struct err *err)
{
    struct buf b;
    char chunk[65536];
    size_t n;
    FILE *f = fopen(path, "re");
    if (!f) {
        err_errno(err, "%s", path);
        return NULL;
    }
    buf_init(&b, CLIENT_FILE_MAX);
    int rc = 0;
    while (!rc && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = buf_append(&b, chunk, n, err);
    fclose(f);
    json_t *s = rc ? NULL : b64_json(b.data ? b.data : "", b.len);
    buf_free(&b);
    return s;
}

/* Replaces the file part of arg (all of it, or what follows '=' of an
 * option) with a mark naming its place in files. */
static json_t *marshal_arg(const char *arg, json_t *files, struct err *err)
{
    const char *eq = arg[0] == '-' ? strchr(arg, '=') : NULL;
    const char *path = arg[0] == '-' ? (eq ? eq + 1 : "") : arg;
    if (!is_file(path))
        return json_string(arg);
    json_t *content = read_file(path, err);
    if (!content)
        return NULL;
    json_array_append_new(files, content);
    char out[PATH_MAX + 64];
    /* cut, the option would reach the server without its file */
    if ((size_t)snprintf(out, sizeof out, "%.*s%s%zu", (int)(path - arg),
                         arg, WIRE_FILE_MARK, json_array_size(files) - 1) >=
        sizeof out) {
        err_set(err, ERR_USER, "option %.40s...: its name is too long", arg);
        return NULL;
    }
    return json_string(out);
}

static json_t *build_request(int argc, char **argv, struct err *err)
{
    char cwd[PATH_MAX];
    json_t *args = json_array(), *files = json_array();
    int dashes = 0;
    for (int i = 0; i < argc; i++) {
        dashes |= !strcmp(argv[i], "--");
        json_t *a = i && !dashes && wire_names_file(argv, i)
                        ? marshal_arg(argv[i], files, err)
                        : json_string(argv[i]);
        if (!a) {
            json_decref(args), json_decref(files);
            if (!err->code)
                err_set(err, ERR_USER, "argument %d is not UTF-8 text", i);
            return NULL;
        }
        json_array_append_new(args, a);
    }
    return json_pack("{s:o,s:s,s:o}", "argv", args, "cwd",
                     getcwd(cwd, sizeof cwd) ? cwd : "/", "files", files);
}

/* Where a command's output goes: to stdout and stderr as it arrives (the
 * CLI; through the terminal filter when they are terminals, see
 * core/ttysafe.h), or into bounded buffers (steward mcp). stream is 1 for
 * stdout, 2 for stderr. */
struct sink {
    void (*put)(struct sink *k, int stream, const char *p, size_t n);
    struct client_output *out;  /* capturing sinks only */
    int fd;                     /* put_file only */
    int failed;                 /* a write to fd failed */
};

/* stdout into a file the client opened, byte for byte; stderr relayed. */
static void put_file(struct sink *k, int stream, const char *p, size_t n)
{
    if (stream == 1 && k->fd >= 0) {
        if (fd_write_all(k->fd, p, n) < 0)
            k->failed = 1;
        return;
    }
    fwrite(p, 1, n, stderr);
    fflush(stderr);
}

static void put_stdio(struct sink *k, int stream, const char *p, size_t n)
{
    FILE *f = stream == 2 ? stderr : stdout;
    (void)k;
    fwrite(p, 1, n, f);
    fflush(f);
}

/* Output past a buffer's cap is dropped and the loss recorded: the
 * command still runs to its end and its status still arrives. */
static void put_buf(struct sink *k, int stream, const char *p, size_t n)
{
    struct err err = ERR_INIT;
    struct buf *b = stream == 2 ? &k->out->err : &k->out->out;
    if (buf_append(b, p, n, &err))
        k->out->truncated = 1;
}

/* Reads one frame header "T N\n" from the connection. */
static int frame_head(struct conn *c, char *tag, long *len, struct err *err)
{
    char *nl;
    while (!(nl = memchr(c->buf + c->pos, '\n', c->len - c->pos))) {
        int n = conn_fill(c, err);
        if (n <= 0)
            return n < 0 ? n : err_set(err, ERR_INTERNAL, "the steward "
                       "server broke off the command (did it stop?)");
    }
    *nl = '\0';
    if (sscanf(c->buf + c->pos, "%c %ld", tag, len) != 2 || *len < 0)
        return err_set(err, ERR_INTERNAL, "garbled answer from the server");
    c->pos = (size_t)(nl + 1 - c->buf);
    return 0;
}

static int frame_body(struct conn *c, struct sink *k, int stream, long len,
                      struct err *err)
{
    while (len > 0) {
        if (c->pos == c->len) {
            int n = conn_fill(c, err);
            if (n <= 0)
                return n < 0 ? n : err_set(err, ERR_INTERNAL, "the steward "
                           "server broke off the command (did it stop?)");
        }
        size_t take = c->len - c->pos < (size_t)len ? c->len - c->pos
                                                    : (size_t)len;
        k->put(k, stream, c->buf + c->pos, take);
        c->pos += take;
        len -= (long)take;
    }
    return 0;
}

static int relay(struct conn *c, struct sink *k, int *status,
                 struct err *err)
{
    for (;;) {
        char tag;
        long len;
        int rc = frame_head(c, &tag, &len, err);
        if (rc)
            return rc;
        if (tag == 'x')
            return *status = (int)len, 0;
        rc = frame_body(c, k, tag == 'e' ? 2 : 1, len, err);
        if (rc)
            return rc;
    }
}

/* A refusal of the request itself comes as JSON {"error", "code"}; its
 * message goes to the sink's stderr. */
static int refusal(struct conn *c, struct sink *k)
{
    struct err err = ERR_INIT;
    char line[ERR_MSG_MAX + 32];
    while (conn_fill(c, &err) > 0)
        ;
    json_t *o = json_loadb(c->buf + c->pos, c->len - c->pos, 0, NULL);
    const char *msg = json_string_value(json_object_get(o, "error"));
    int n = snprintf(line, sizeof line, "steward: %s\n",
                     msg ? msg : "the server refused");
    k->put(k, 2, line, n > 0 && (size_t)n < sizeof line ? (size_t)n
                                                        : strlen(line));
    json_decref(o);
    return c->status == 403 ? 4 : c->status == 400 ? 1 : 3;
}

/* Sends req to the server as token's holder (NULL: the socket's own
 * principal), the command's output into k. Returns its exit status, or a
 * negative code with err set when the server could not be reached. */
static int send_into(const char *socket, const char *token, const json_t *req,
                     struct sink *k, struct err *err)
{
    struct conn c;
    int status = 3;
    char *body = json_dumps(req, JSON_COMPACT);
    int rc = body ? conn_request(&c, socket, "POST", "/api/v1/exec", body,
                                 token, err)
                  : err_set(err, ERR_INTERNAL, "out of memory");
    free(body);
    if (rc)
        return rc;
    rc = c.status == 200 ? relay(&c, k, &status, err) : 0;
    status = c.status == 200 ? status : refusal(&c, k);
    conn_close(&c);
    return rc ? rc : status;
}

/* Runs argv on the server, its tree's snapshot attached when it makes
 * one. */
static int exec_into(const char *socket, const char *token, int argc,
                     char **argv, struct sink *k, struct err *err)
{
    json_t *req = build_request(argc, argv, err);
    struct client_link link = {socket, token};
    if (!req || client_snapshot_attach(req, &link, argc, argv, err)) {
        json_decref(req);
        return err->code ? err->code : ERR_INTERNAL;
    }
    int rc = send_into(socket, token, req, k, err);
    json_decref(req);
    return rc;
}

/* The CLI's run of argv on the server, as $STEWARD_TOKEN's holder if
 * set: its exit status, or a message and the status for the failure. */
static int cli_run(const char *socket, int argc, char **argv, struct sink *k)
{
    struct err err = ERR_INIT;
    const char *token = getenv("STEWARD_TOKEN");
    int rc = exec_into(socket, token && *token ? token : NULL, argc, argv, k,
                       &err);
    if (rc < 0) {
        fprintf(stderr, "steward: %s\n", err.msg);
        return err_exit_status(rc);
    }
    return rc;
}

int client_exec(const char *socket, int argc, char **argv)
{
    struct sink k = {put_stdio, NULL, -1, 0};
    return cli_run(socket, argc, argv, &k);
}

void client_output_init(struct client_output *o, size_t max)
{
    buf_init(&o->out, max);
    buf_init(&o->err, max);
    o->status = 3;
    o->truncated = 0;
}

void client_output_free(struct client_output *o)
{
    buf_free(&o->out);
    buf_free(&o->err);
}

int client_exec_capture(const char *socket, const char *token, int argc,
                        char **argv, struct client_output *o,
                        struct err *err)
{
    struct sink k = {put_buf, o, -1, 0};
    int rc = exec_into(socket, token, argc, argv, &k, err);
    if (rc < 0)
        return rc;
    o->status = rc;
    return 0;
}

int client_exec_to_fd(const char *socket, int argc, char **argv, int fd)
{
    struct sink k = {put_file, NULL, fd, 0};
    int rc = cli_run(socket, argc, argv, &k);
    if (k.failed) {
        fprintf(stderr, "steward: writing the output: %s\n", strerror(errno));
        return 1;
    }
    return rc;
}

int client_request_capture(const struct client_link *link, const json_t *req,
                           struct client_output *o, struct err *err)
{
    struct sink k = {put_buf, o, -1, 0};
    int rc = send_into(link->socket, link->token, req, &k, err);
    if (rc < 0)
        return rc;
    o->status = rc;
    return 0;
}

int client_call(const char *socket, const char *method, const char *url,
                const json_t *body, json_t **reply, int *status,
                struct err *err)
{
    struct conn c;
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    const char *token = getenv("STEWARD_TOKEN");
    int rc = conn_request(&c, socket, method, url, text,
                          token && *token ? token : NULL, err);
    free(text);
    if (rc)
        return rc;
    while ((rc = conn_fill(&c, err)) > 0)
        ;
    *status = c.status;
    *reply = rc ? NULL : json_loadb(c.buf + c.pos, c.len - c.pos, 0, NULL);
    conn_close(&c);
    if (!rc && !*reply)
        rc = err_set(err, ERR_INTERNAL, "the server's answer is not JSON");
    return rc;
}
