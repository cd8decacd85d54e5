/*
 * sbx_run — runs one command in the sandbox through the C API and prints
 * how it ended as one JSON object. The escape suite (escape.py) drives
 * every attacker through it; the bench uses it too.
 *
 *   sbx_run [--work DIR] [--io DIR] [--mem BYTES] [--pids N] [--disk BYTES]
 *           [--log BYTES] [--time MS] [--grace MS] [--hide PATH]... [--net]
 *           [--set NAME=VALUE]... [--repeat N] [--collect STORE]
 *           -- CMD ARGS...
 *
 * The environment is built with sandbox_env_build from this process's own
 * (so secrets planted in it by the test must not get through). --repeat
 * runs the command N times and prints the median start-to-exit time.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/clock.h"
#include "sandbox/sandbox.h"

extern char **environ;

#define MAX_LIST 32

struct opts {
    struct sandbox_spec spec;
    const char *hidden[MAX_LIST + 1];
    const char *set[MAX_LIST + 1];
    int nhidden, nset;
    long time_ms, grace_ms, repeat;
    const char *store;
    char work[512], io[512], out[600], errp[600];
};

static void usage(void)
{
    fprintf(stderr, "usage: sbx_run [options] -- CMD ARGS...\n");
    exit(2);
}

static long num(const char *s)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end || v < 0)
        usage();
    return (long)v;
}

static void parse(int argc, char **argv, struct opts *o)
{
    static const struct option lo[] = {{"work", 1, 0, 'w'}, {"io", 1, 0, 'i'},
        {"mem", 1, 0, 'm'}, {"pids", 1, 0, 'p'}, {"disk", 1, 0, 'd'},
        {"log", 1, 0, 'l'}, {"time", 1, 0, 't'}, {"grace", 1, 0, 'g'},
        {"hide", 1, 0, 'h'}, {"net", 0, 0, 'n'}, {"set", 1, 0, 's'},
        {"repeat", 1, 0, 'r'}, {"cpus", 1, 0, 'c'}, {"collect", 1, 0, 'C'},
        {0, 0, 0, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "+", lo, NULL)) != -1) {
        switch (c) {
        case 'w': snprintf(o->work, sizeof o->work, "%s", optarg); break;
        case 'i': snprintf(o->io, sizeof o->io, "%s", optarg); break;
        case 'm': o->spec.limits.mem_bytes = num(optarg); break;
        case 'p': o->spec.limits.pids = num(optarg); break;
        case 'd': o->spec.limits.disk_bytes = num(optarg); break;
        case 'l': o->spec.limits.log_bytes = num(optarg); break;
        case 'c': o->spec.limits.cpus = (double)num(optarg); break;
        case 't': o->time_ms = num(optarg); break;
        case 'g': o->grace_ms = num(optarg); break;
        case 'r': o->repeat = num(optarg); break;
        case 'n': o->spec.network = 1; break;
        case 'C': o->store = optarg; break;
        case 'h': if (o->nhidden < MAX_LIST) o->hidden[o->nhidden++] = optarg;
                  break;
        case 's': if (o->nset < MAX_LIST) o->set[o->nset++] = optarg; break;
        default: usage();
        }
    }
    if (optind >= argc || !o->work[0])
        usage();
    o->spec.argv = (const char *const *)argv + optind;
}

static int run_once(struct opts *o, struct sandbox_exit *ex, json_t **report)
{
    struct err err = ERR_INIT;
    struct sandbox *sb;
    if (sandbox_start(&o->spec, &sb, &err) < 0) {
        printf("{\"start_error\": \"%s\"}\n", err.msg);
        return -1;
    }
    int64_t end = clock_mono_ns() + o->time_ms * 1000000LL;
    int rc, terminated = 0;
    while ((rc = sandbox_wait(sb, 50, ex, &err)) == 0)
        if (o->time_ms && !terminated && clock_mono_ns() >= end) {
            sandbox_terminate(sb, (int)o->grace_ms);
            terminated = 1;
        }
    if (report)
        *report = sandbox_report(sb);
    sandbox_free(sb);
    return rc == 1 ? 0 : -1;
}

/* The artifacts of <io>/artifacts, when --collect names a store. */
static json_t *collect(const struct opts *o)
{
    char dir[600];
    json_t *m = NULL;
    struct err err = ERR_INIT;
    if (!o->store)
        return json_null();
    snprintf(dir, sizeof dir, "%s/artifacts", o->io);
    if (sandbox_collect_artifacts(dir, o->store, NULL, &m, &err) < 0)
        return json_string(err.msg);
    return m;
}

static void print_exit(const struct opts *o, const struct sandbox_exit *ex,
                       json_t *report)
{
    json_t *j = json_pack("{s:i,s:i,s:i,s:i,s:i,s:I,s:I,s:I,s:o,s:o}",
        "exited", ex->exited, "exit_code", ex->exit_code, "signal",
        ex->signal, "oom_killed", ex->oom_killed, "disk_exceeded",
        ex->disk_exceeded, "log_dropped", (json_int_t)ex->log_dropped,
        "wall_ms", (json_int_t)ex->wall_ms, "max_rss_kb",
        (json_int_t)ex->max_rss_kb, "report", report, "artifacts",
        collect(o));
    char *s = json_dumps(j, JSON_COMPACT);
    printf("%s\n", s);
    free(s);
    json_decref(j);
}

static int cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static int repeat(struct opts *o)
{
    int64_t *t = calloc((size_t)o->repeat, sizeof *t);
    struct sandbox_exit ex;
    for (long i = 0; i < o->repeat; i++) {
        int64_t t0 = clock_mono_ns();
        if (run_once(o, &ex, NULL) < 0 || !ex.exited || ex.exit_code)
            return 1;
        t[i] = clock_mono_ns() - t0;
    }
    qsort(t, (size_t)o->repeat, sizeof *t, cmp);
    printf("%.3f\n", t[o->repeat / 2] / 1e6);
    free(t);
    return 0;
}

int main(int argc, char **argv)
{
    static struct opts o;
    struct err err = ERR_INIT;
    char **env;
    parse(argc, argv, &o);
    if (!o.io[0])
        snprintf(o.io, sizeof o.io, "%s", o.work);
    snprintf(o.out, sizeof o.out, "%s.stdout", o.work);
    snprintf(o.errp, sizeof o.errp, "%s.stderr", o.work);
    if (sandbox_env_build((const char *const *)environ, o.set, &env, &err) < 0)
        return 2;
    o.spec.env = (const char *const *)env;
    o.spec.workdir = o.work;
    o.spec.iodir = o.io;
    o.spec.stdout_path = o.out;
    o.spec.stderr_path = o.errp;
    o.spec.hidden = o.hidden;
    if (o.repeat)
        return repeat(&o);
    struct sandbox_exit ex;
    json_t *report = NULL;
    int rc = run_once(&o, &ex, &report);
    if (rc == 0)
        print_exit(&o, &ex, report);
    sandbox_env_free(env);
    return rc == 0 ? 0 : 1;
}
