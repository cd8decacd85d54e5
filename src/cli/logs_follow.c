/*
 * logs_follow — `steward logs -f ID`: prints a run's logs as they grow
 * and returns once the run has ended and everything it wrote is out.
 *
 * The supervisor appends to runs/<run>/stdout.log and stderr.log; this
 * side only reads, from the offset it reached, so following costs one
 * read per file per look. The run's own stdout goes to our stdout and its
 * stderr to our stderr, so the two stay apart as they would in a
 * terminal. An experiment that waits to run (approved, queued) is waited
 * for.
 */
#include "api/retention.h"
#include "cli/progress.h"
#include "cli/util.h"
#include "core/clock.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define FOLLOW_POLL_MS 200

struct stream {
    const char *name;   /* "stdout.log" */
    FILE *to;
    long offset;
    int wanted;
};

static void nap(void)
{
    struct timespec ts = {0, FOLLOW_POLL_MS * 1000000L};
    nanosleep(&ts, NULL);
}

/* Copies what the file gained since the last look. */
static void pump(const char *dir, struct stream *st)
{
    char path[API_PATH_MAX + 16], block[65536];
    size_t n;
    if (!st->wanted ||
        (size_t)snprintf(path, sizeof path, "%s/%s", dir, st->name) >=
            sizeof path)
        return;
    FILE *f = fopen(path, "re");
    if (!f)
        return;
    if (fseek(f, st->offset, SEEK_SET) == 0)
        while ((n = fread(block, 1, sizeof block, f)) > 0) {
            fwrite(block, 1, n, st->to);
            st->offset += (long)n;
        }
    fclose(f);
    fflush(st->to);
}

/* 1 when exp will never run; 0 while it waits or runs. */
static int never_runs(const json_t *exp)
{
    const char *state = json_string_value(json_object_get(exp, "state"));
    return !json_is_object(json_object_get(exp, "run")) && state &&
           strcmp(state, "approved") && strcmp(state, "queued");
}

static int run_ended(const json_t *exp)
{
    const json_t *run = json_object_get(exp, "run");
    return json_integer_value(json_object_get(run, "ended_ms")) > 0;
}

static void say_end(const json_t *exp)
{
    char took[32];
    const json_t *run = json_object_get(exp, "run");
    progress_time(exp, clock_wall_ms(), took, sizeof took);
    fprintf(stderr, "-- #%lld %s: %s, %s in %s\n",
            (long long)json_integer_value(json_object_get(exp, "id")),
            json_string_value(json_object_get(exp, "name")),
            json_string_value(json_object_get(exp, "state")),
            json_string_value(json_object_get(run, "end_reason")), took);
}

static void follow_pump(const char *dir, struct stream *st,
                        const json_t *ended)
{
    pump(dir, &st[0]);
    pump(dir, &st[1]);
    if (ended)
        say_end(ended);
}

/* One look: reads the record, pumps the logs; 1 when done. */
static int look(struct steward *s, int64_t id, struct stream *st,
                struct err *err)
{
    json_t *exp = NULL;
    char dir[API_PATH_MAX];
    if (steward_show(s, id, &exp, err))
        return -1;
    int done = never_runs(exp);
    if (done)
        err_set(err, ERR_USER, "experiment %lld is %s: it has no run to "
                "follow", (long long)id,
                json_string_value(json_object_get(exp, "state")));
    else if (json_is_object(json_object_get(exp, "run")) &&
             !steward_run_dir(s, id, dir, sizeof dir, err)) {
        done = run_ended(exp);
        if (retention_pruned(dir))
            err_set(err, ERR_NOTFOUND, "the logs of experiment %lld's run "
                    "were removed by retention ('steward gc')", (long long)id);
        else
            follow_pump(dir, st, done ? exp : NULL);
    }
    json_decref(exp);
    return err->code ? -1 : done;
}

int logs_follow(struct steward *s, int64_t id, int want_out, int want_err,
                struct err *err)
{
    struct stream st[2] = {
        {"stdout.log", stdout, 0, want_out},
        {"stderr.log", stderr, 0, want_err},
    };
    int rc;
    while ((rc = look(s, id, st, err)) == 0)
        nap();
    return rc < 0 ? err->code : 0;
}
