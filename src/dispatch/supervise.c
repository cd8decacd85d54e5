/*
 * supervise — one process per run, from queued to a final state.
 *
 * The supervisor starts the run in its sandbox, then loops: pump logs and
 * wait a little, ingest new metrics, enforce the wall-time limit (SIGTERM,
 * grace, SIGKILL of every process of the run) and honour a stop request
 * (SIGTERM to the supervisor: cancel, halt --kill). When the run ends it
 * records the outcome in one transaction. The limits it enforces come from
 * the approved proposal in the database; nothing the run writes can change
 * them.
 */
#include "api/handle.h"
#include "dispatch/dispatch.h"
#include "dispatch/dispatch_int.h"
#include "dispatch/runctx.h"
#include "capture/metrics.h"
#include "snapshot/snapshot.h"
#include "core/clock.h"
#include "store/store.h"

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

static int run_experiment_id(struct steward *s, int64_t run, int64_t *exp,
                             struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "SELECT experiment_id FROM runs WHERE id = ?",
                           &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, run);
    rc = sqlite3_step(st);
    *exp = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return *exp ? 0 : err_set(err, ERR_NOTFOUND, "no run %lld", (long long)run);
}

/* The run's tree: the approved snapshot, copied out of the content store
 * and checked byte for byte (see src/snapshot/materialize.c). */
static int materialize(struct runctx *c, struct err *err)
{
    struct cas *store = NULL;
    const char *snap = json_string_value(json_object_get(c->exp, "snapshot"));
    int rc = snap ? cas_open(c->s->home, &store, err)
             : err_set(err, ERR_CONFLICT, "the experiment has no snapshot");
    rc = rc ? rc : snapshot_materialize(c->s->db, store, snap, c->work, err);
    cas_free(store);
    return rc;
}

static int make_paths(struct runctx *c, struct err *err)
{
    int n = snprintf(c->dir, sizeof c->dir, "%s/runs/%lld", c->s->home,
                     (long long)c->run_id);
    if (n < 0 || (size_t)n + 32 >= sizeof c->dir)
        return err_set(err, ERR_USER, "state directory path too long");
    snprintf(c->work, sizeof c->work, "%s/work", c->dir);
    snprintf(c->io, sizeof c->io, "%s/io", c->dir);
    snprintf(c->metrics, sizeof c->metrics, "%s/io/metrics.jsonl", c->dir);
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
    spec->limits.disk_bytes = json_integer_value(json_object_get(res,
                                                                 "disk_bytes"));
    spec->limits.gpus = (int)json_integer_value(json_object_get(res, "gpus"));
}

struct outcome {
    int timed_out, killed;
};

static int watch(struct runctx *c, struct sandbox *sb,
                 struct metrics_ingest *mi, struct sandbox_exit *ex,
                 struct outcome *o, struct err *err)
{
    json_t *res = json_object_get(c->exp, "resources");
    int64_t deadline = clock_mono_ns() +
        json_integer_value(json_object_get(res, "time_s")) * 1000000000LL;
    int rc, terminating = 0;
    while ((rc = sandbox_wait(sb, SUPERVISE_TICK_MS, ex, err)) == 0) {
        struct err ignored = ERR_INIT;
        if (metrics_ingest_file(mi, c->metrics, &ignored))
            fprintf(stderr, "steward supervisor: %s\n", ignored.msg);
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

/* Why the run was asked to stop (cancel, halt, pruner), as recorded by
 * whoever asked. */
static void stop_request(struct runctx *c, char *out, size_t n)
{
    sqlite3_stmt *st;
    snprintf(out, n, "stopped on request");
    if (sqlite3_prepare_v2(c->s->db, "SELECT stop_request FROM runs WHERE "
                           "id = ?", -1, &st, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_int64(st, 1, c->run_id);
    if (sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_type(st, 0) != SQLITE_NULL)
        snprintf(out, n, "%s", store_col_text(st, 0));
    sqlite3_finalize(st);
}

static const char *final_state(struct runctx *c, const struct sandbox_exit *ex,
                               const struct outcome *o, char *reason,
                               size_t n)
{
    if (o->timed_out)
        return snprintf(reason, n, "wall-time limit reached"), "timed_out";
    if (o->killed)
        return stop_request(c, reason, n), "killed";
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

static int run_sandboxed(struct runctx *c, struct err *err)
{
    struct sandbox_spec spec;
    struct sandbox *sb = NULL;
    struct metrics_ingest *mi = NULL;
    struct sandbox_exit ex = {0};
    struct outcome o = {0, 0};
    char reason[256];
    fill_spec(c, &spec);
    int rc = metrics_ingest_open(c->s->db, c->run_id, &mi, err);
    rc = rc ? rc : sandbox_start(&spec, &sb, err);
    c->started_s = (double)clock_wall_ms() / 1000;
    c->live = rc ? NULL : livedigest_new(c->dir, c->metrics);
    rc = rc ? rc : watch(c, sb, mi, &ex, &o, err);
    if (!rc && metrics_ingest_file(mi, c->metrics, err))
        err_clear(err);
    const char *state = rc ? "failed" : final_state(c, &ex, &o, reason,
                                                    sizeof reason);
    if (rc)
        snprintf(reason, sizeof reason, "could not run: %s", err->msg);
    struct digest_runinfo info = {state, (double)ex.wall_ms / 1000,
                                  ex.exited, ex.exit_code, 0, reason,
                                  (long long)ex.log_dropped};
    livedigest_finish(c->live, c->dir, &info);
    json_t *report = sb ? sandbox_report(sb) : NULL;
    struct err end_err = ERR_INIT;
    int end_rc = record_end(c, state, reason, &ex, report, &end_err);
    json_decref(report);
    sandbox_free(sb);
    metrics_ingest_free(mi);
    livedigest_free(c->live);
    c->live = NULL;
    if (end_rc)
        fprintf(stderr, "steward supervisor: %s\n", end_err.msg);
    return end_rc ? end_rc : rc;
}

static int prepare(struct runctx *c, struct err *err)
{
    int rc = run_experiment_id(c->s, c->run_id, &c->exp_id, err);
    rc = rc ? rc : steward_load(c->s, c->exp_id, &c->exp, err);
    rc = rc ? rc : record_start(c, err);
    if (rc)
        return rc;
    rc = check_resources(c, err);
    rc = rc ? rc : make_paths(c, err);
    rc = rc ? rc : fill_argv(c, err);
    rc = rc ? rc : runenv_build(c, err);
    rc = rc ? rc : runpolicy_apply(c, err);
    if (rc) { /* running already: the failure must be recorded */
        struct sandbox_exit ex = {0};
        char reason[ERR_MSG_MAX + 32];
        struct err ignored = ERR_INIT;
        snprintf(reason, sizeof reason, "%s: %s", rc == ERR_DENIED
                 ? "refused" : "could not start", err->msg);
        if (record_end(c, "failed", reason, &ex, NULL, &ignored))
            fprintf(stderr, "steward supervisor: %s\n", ignored.msg);
    }
    return rc;
}

/* A supervisor outlives the command that started it: its stdio must not
 * hold that command's terminal or pipes open. Messages go to
 * runs/<id>/supervisor.log. */
static void detach_stdio(const char *home, int64_t run_id)
{
    char dir[API_PATH_MAX], log[API_PATH_MAX + 32];
    snprintf(dir, sizeof dir, "%s/runs/%lld", home, (long long)run_id);
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

int supervise_run(const char *home, int64_t run_id)
{
    struct runctx c;
    struct err err = ERR_INIT;
    struct sigaction sa = {.sa_handler = on_stop};
    memset(&c, 0, sizeof c);
    setsid();
    detach_stdio(home, run_id);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    c.run_id = run_id;
    int rc = steward_open_home(home, &c.s, &err);
    rc = rc ? rc : prepare(&c, &err);
    rc = rc ? rc : run_sandboxed(&c, &err);
    if (rc)
        fprintf(stderr, "steward supervisor (run %lld): %s\n",
                (long long)run_id, err.msg);
    runenv_free(&c);
    json_decref(c.exp);
    steward_close(c.s);
    return rc ? 1 : 0;
}
