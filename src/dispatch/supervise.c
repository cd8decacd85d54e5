/*
 * supervise — one process per run, from its start to its outcome.
 *
 * A supervisor never opens the database: the server owns it. Over the
 * socket it was born with, the supervisor says who it is; the dispatcher
 * records the start with that identity and answers with the run: its id,
 * the approved experiment, its snapshot's manifest and the policy's word
 * on it (the secrets to hide, or why it is refused: runpolicy.c); or it
 * closes the socket when the run is not to start. The supervisor builds
 * the run's tree, starts it in its sandbox, then loops: pump logs and
 * wait a little, keep the live digest, enforce the wall-time limit
 * (SIGTERM, grace, SIGKILL of every process of the run) and honour a stop
 * request (SIGTERM to the supervisor: cancel, halt --kill). When the run
 * ends it leaves its outcome in runs/<id>/end.json (outcome.c) and exits;
 * the server, watching its pidfd, records it. The limits it enforces come
 * from the approved proposal; nothing the run writes can change them.
 */
#include "dispatch/dispatch.h"
#include "api/runpath.h"
#include "dispatch/dispatch_int.h"
#include "dispatch/runctx.h"
#include "snapshot/snapshot.h"
#include "core/clock.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SUPERVISE_TICK_MS 100

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static int grace_ms(void)
{
    const char *env = getenv("STEWARD_GRACE_MS");
    long v = env ? strtol(env, NULL, 10) : DISPATCH_GRACE_MS;
    return v > 0 && v < 600000 ? (int)v : DISPATCH_GRACE_MS;
}

/* The run's tree: the approved snapshot, copied out of the content store
 * and checked byte for byte (see src/snapshot/materialize.c). */
static int materialize(struct runctx *c, struct err *err)
{
    struct cas *store = NULL;
    int rc = c->manifest ? cas_open(c->home, &store, err)
             : err_set(err, ERR_CONFLICT, "%s", c->no_manifest);
    rc = rc ? rc : snapshot_materialize(store, c->manifest, c->work, err);
    cas_free(store);
    return rc;
}

static int make_paths(struct runctx *c, struct err *err)
{
    if (run_path(c->home, c->run_id, NULL, c->dir, sizeof c->dir - 32))
        return err_set(err, ERR_USER, "state directory path too long");
    snprintf(c->work, sizeof c->work, "%s/work", c->dir);
    snprintf(c->io, sizeof c->io, "%s/io", c->dir);
    snprintf(c->metrics, sizeof c->metrics, "%s/" RUN_METRICS, c->dir);
    snprintf(c->out_log, sizeof c->out_log, "%s/stdout.log", c->dir);
    snprintf(c->err_log, sizeof c->err_log, "%s/stderr.log", c->dir);
    char artifacts[API_PATH_MAX + 16];
    snprintf(artifacts, sizeof artifacts, "%s/artifacts", c->io);
    if ((mkdir(c->dir, 0700) && errno != EEXIST) ||
        (mkdir(c->io, 0755) && errno != EEXIST) ||
        (mkdir(artifacts, 0755) && errno != EEXIST))
        return err_errno(err, "creating %s", c->dir);
    return materialize(c, err);
}

static int fill_argv(struct runctx *c, struct err *err)
{
    json_t *argv = json_object_get(c->exp, "argv");
    size_t i;
    json_t *a;
    if (json_array_size(argv) == 0 || json_array_size(argv) > RUN_ARGV_MAX)
        return err_set(err, ERR_INTERNAL, "experiment has a bad command");
    json_array_foreach(argv, i, a) c->argv[i] = json_string_value(a);
    c->argv[json_array_size(argv)] = NULL;
    return 0;
}

/* Every limit comes from the approved experiment; one missing or not
 * positive refuses the run (0 would mean "unlimited" to the sandbox). */
static int check_resources(struct runctx *c, struct err *err)
{
    static const char *const keys[] = {"cpus", "mem_bytes", "time_s",
                                       "disk_bytes"};
    json_t *res = json_object_get(c->exp, "resources");
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        json_t *v = json_object_get(res, keys[i]);
        if (!json_is_number(v) || json_number_value(v) <= 0)
            return err_set(err, ERR_DENIED, "the experiment's %s limit is "
                           "missing: refused rather than unlimited",
                           keys[i]);
    }
    return json_is_integer(json_object_get(res, "gpus")) ? 0
           : err_set(err, ERR_DENIED, "the experiment's gpus are missing");
}

static void fill_spec(struct runctx *c, struct sandbox_spec *spec)
{
    json_t *res = json_object_get(c->exp, "resources");
    memset(spec, 0, sizeof *spec);
    spec->argv = c->argv;
    spec->env = (const char *const *)c->env;
    spec->workdir = c->work;
    spec->iodir = c->io;
    spec->stdout_path = c->out_log;
    spec->stderr_path = c->err_log;
    spec->hidden = c->hidden;
    spec->network = json_is_true(json_object_get(c->exp, "network"));
    spec->limits.cpus = json_number_value(json_object_get(res, "cpus"));
    spec->limits.mem_bytes = json_integer_value(json_object_get(res,
                                                                "mem_bytes"));
    spec->limits.disk_bytes =
        json_integer_value(json_object_get(res, "disk_bytes"));
    spec->limits.gpus = (int)json_integer_value(json_object_get(res, "gpus"));
}

struct stop {
    int timed_out, killed;
};

static int watch(struct runctx *c, struct sandbox *sb,
                 struct sandbox_exit *ex, struct stop *o, struct err *err)
{
    json_t *res = json_object_get(c->exp, "resources");
    int64_t deadline = clock_mono_ns() +
        json_integer_value(json_object_get(res, "time_s")) * 1000000000LL;
    int rc, terminating = 0;
    while ((rc = sandbox_wait(sb, SUPERVISE_TICK_MS, ex, err)) == 0) {
        livedigest_tick(c->live, c->started_s);
        if (!terminating && clock_mono_ns() > deadline)
            o->timed_out = terminating = 1;
        else if (!terminating && stop_requested)
            o->killed = terminating = 1;
        else
            continue;
        sandbox_terminate(sb, o->killed ? 200 : grace_ms());
    }
    return rc < 0 ? rc : 0;
}

/* The state and its reason. A stop on request is worded by the server,
 * which knows who asked and why (cancel, halt, pruner). */
static const char *final_state(const struct sandbox_exit *ex,
                               const struct stop *o, char *reason, size_t n)
{
    if (o->timed_out)
        return snprintf(reason, n, "wall-time limit reached"), "timed_out";
    if (o->killed)
        return snprintf(reason, n, "stopped on request"), "killed";
    if (ex->oom_killed)
        return snprintf(reason, n, "memory limit reached"), "killed";
    if (ex->disk_exceeded)
        return snprintf(reason, n, "disk quota exceeded"), "killed";
    if (ex->exited && ex->exit_code == 0)
        return snprintf(reason, n, "exited 0"), "succeeded";
    if (ex->exited)
        return snprintf(reason, n, "exited %d", ex->exit_code), "failed";
    return snprintf(reason, n, "killed by signal %d (%s)", ex->signal,
                    strsignal(ex->signal)), "failed";
}

static void finish(struct runctx *c, const char *state, const char *reason,
                   const struct sandbox_exit *ex, struct sandbox *sb,
                   int stopped)
{
    struct digest_runinfo info = {state, (double)ex->wall_ms / 1000,
                                  ex->exited, ex->exit_code, 0, reason,
                                  (long long)ex->log_dropped};
    livedigest_finish(c->live, c->dir, &info);
    struct run_outcome out = {state, reason, stopped, ex,
                              sb ? sandbox_report(sb) : NULL};
    (void)outcome_write(c, &out);
    json_decref(out.enforcement);
}

static int run_sandboxed(struct runctx *c, struct err *err)
{
    struct sandbox_spec spec;
    struct sandbox *sb = NULL;
    struct sandbox_exit ex = {0};
    struct stop o = {0, 0};
    char reason[ERR_MSG_MAX + 32];
    fill_spec(c, &spec);
    int rc = sandbox_start(&spec, &sb, err);
    c->started_s = (double)clock_wall_ms() / 1000;
    c->live = rc ? NULL : livedigest_new(c->dir, c->metrics);
    rc = rc ? rc : watch(c, sb, &ex, &o, err);
    const char *state = rc ? "failed" : final_state(&ex, &o, reason,
                                                    sizeof reason);
    if (rc)
        snprintf(reason, sizeof reason, "could not run: %s", err->msg);
    finish(c, state, reason, &ex, sb, o.killed);
    sandbox_free(sb);
    livedigest_free(c->live);
    c->live = NULL;
    return rc;
}

/* The run from the dispatcher's answer; a refusal to start is an
 * outcome like any other. */
static int prepare(struct runctx *c, struct err *err)
{
    int rc = check_resources(c, err);
    rc = rc ? rc : make_paths(c, err);
    rc = rc ? rc : fill_argv(c, err);
    rc = rc ? rc : runenv_build(c, err);
    rc = rc ? rc : runpolicy_take(c, c->policy, err);
    if (rc) {
        struct sandbox_exit ex = {0};
        char reason[ERR_MSG_MAX + 32];
        snprintf(reason, sizeof reason, "%s: %s", rc == ERR_DENIED
                 ? "refused" : "could not start", err->msg);
        finish(c, "failed", reason, &ex, NULL, 0);
    }
    return rc;
}

/* A supervisor outlives the command that started it: its stdio must not
 * hold that command's terminal or pipes open. Messages go to
 * runs/<id>/supervisor.log. */
static void detach_stdio(const char *home, int64_t run_id)
{
    char dir[API_PATH_MAX], log[API_PATH_MAX + 32];
    if (run_path(home, run_id, NULL, dir, sizeof dir))
        return;
    snprintf(log, sizeof log, "%s/supervisor.log", dir);
    if (mkdir(dir, 0700) && errno != EEXIST)
        return;
    int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
    int out = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (in >= 0)
        dup2(in, STDIN_FILENO);
    if (out >= 0) {
        dup2(out, STDOUT_FILENO);
        dup2(out, STDERR_FILENO);
    }
    if (in > STDERR_FILENO)
        close(in);
    if (out > STDERR_FILENO)
        close(out);
}

/* Says who it is, then takes the run; 0 when there is one to run. */
static int receive_run(struct runctx *c, int chan)
{
    json_t *hello = json_pack("{s:i}", "pid", (int)getpid());
    json_t *run = NULL;
    int rc = hello && !channel_send(chan, hello) &&
             !channel_read(chan, &run) ? 0 : -1;
    json_decref(hello);
    c->run_id = json_integer_value(json_object_get(run, "run"));
    c->exp = json_incref(json_object_get(run, "experiment"));
    c->manifest = json_incref(json_object_get(run, "manifest"));
    c->policy = json_incref(json_object_get(run, "policy"));
    if (json_is_null(c->manifest)) {
        json_decref(c->manifest);
        c->manifest = NULL;
    }
    snprintf(c->no_manifest, sizeof c->no_manifest, "%s",
             json_string_value(json_object_get(run, "manifest_error")));
    c->exp_id = json_integer_value(json_object_get(c->exp, "id"));
    json_decref(run);
    return !rc && c->run_id > 0 && c->exp_id > 0 ? 0 : -1;
}

int supervise_run(const char *home, int chan)
{
    struct runctx c;
    struct err err = ERR_INIT;
    struct sigaction sa = {.sa_handler = on_stop};
    memset(&c, 0, sizeof c);
    setsid();
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    c.home = home;
    int rc = receive_run(&c, chan);
    close(chan);
    if (!rc) {   /* else the dispatcher did not start it: nothing to do */
        detach_stdio(home, c.run_id);
        rc = prepare(&c, &err);
        rc = rc ? rc : run_sandboxed(&c, &err);
        if (rc)
            fprintf(stderr, "steward supervisor (run %lld): %s\n",
                    (long long)c.run_id, err.msg);
    }
    runenv_free(&c);
    json_decref(c.exp);
    json_decref(c.manifest);
    json_decref(c.policy);
    return rc > 0 ? 1 : 0;
}
