/*
 * launch — one approved experiment to a running supervisor.
 *
 * The supervisor is forked first (by the zygote, else exec'd) with a
 * socket of its own, and says who it is; the start is recorded with that
 * identity (queue.c); then it gets its run: the approved experiment and
 * its snapshot's manifest, read here, since a supervisor never opens the
 * database. A run that is not to start (a halt, another dispatcher, an
 * approval that no longer binds) closes the socket, and the supervisor
 * exits without doing anything.
 *
 * One supervisor is kept born ahead, waiting for its run: forking it (two
 * forks from the zygote, then its word) was the largest step between an
 * approval and the start transaction, and it is now paid while the last
 * run goes, not before the next. A spare that died is replaced.
 */
#include "api/handle.h"
#include "dispatch/dispatch_int.h"
#include "core/proc.h"
#include "dispatch/runctx.h"
#include "snapshot/snapshot.h"

#include <stdio.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

/* How long a supervisor may take to say who it is or take its run. */
#define LAUNCH_TIMEOUT_S 10

/* The supervisor as a fresh exec of steward, its socket as descriptor
 * DISPATCH_CHANNEL_FD. An intermediate child exits at once, so the
 * supervisor never belongs to the dispatcher and init reaps it. Only
 * async-signal-safe calls between fork and exec: serve has threads. */
static int exec_supervisor(const char *home, int chan)
{
    fflush(NULL);
    int started = proc_fork_detached();
    if (started == 0) {
        if (dup2(chan, DISPATCH_CHANNEL_FD) < 0)
            _exit(127);
        syscall(SYS_close_range, DISPATCH_CHANNEL_FD + 1, ~0U, 0);
        execl(proc_steward_exe(), "steward", DISPATCH_SUPERVISE_CMD, home,
              (char *)NULL);
        _exit(127);
    }
    return started == 1 ? 0 : -1;
}

/* A supervisor forked and heard from: *chan is the dispatcher's end of
 * its socket. */
static int spawn(struct steward *s, int *chan, struct supervisor_id *sup,
                 struct err *err)
{
    int sv[2];
    struct timeval limit = {LAUNCH_TIMEOUT_S, 0};
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
        return err_errno(err, "creating a supervisor's socket");
    int z = zygote_start_supervisor(s->home, sv[1]);
    if (z == 1)
        z = exec_supervisor(s->home, sv[1]);
    close(sv[1]);
    setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    setsockopt(sv[0], SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
    json_t *hello = NULL;
    if (!z && !channel_read(sv[0], &hello))
        sup->pid = (pid_t)json_integer_value(json_object_get(hello, "pid"));
    json_decref(hello);
    if (z || !hello || sup->pid <= 0 ||
        proc_start_time(sup->pid, sup->start, sizeof sup->start)) {
        close(sv[0]);
        return err_set(err, ERR_INTERNAL, "could not start a run's "
                       "supervisor (%s)", z ? "fork failed"
                       : "it did not say who it is");
    }
    *chan = sv[0];
    return 0;
}

static struct {
    int chan;                    /* -1: none */
    struct supervisor_id sup;
} spare = {-1, {0, ""}};

/* The spare if it is still alive, else a new supervisor. */
static int take_supervisor(struct steward *s, int *chan,
                           struct supervisor_id *sup, struct err *err)
{
    if (spare.chan >= 0 && proc_alive(spare.sup.pid, spare.sup.start)) {
        *chan = spare.chan;
        *sup = spare.sup;
        spare.chan = -1;
        return 0;
    }
    launch_release_spare();
    return spawn(s, chan, sup, err);
}

void launch_release_spare(void)
{
    if (spare.chan >= 0)
        close(spare.chan);   /* it sees the end and exits */
    spare.chan = -1;
}

/* What the supervisor needs: the run, the experiment, its manifest (or
 * why there is none: the run then fails to start, on the record) and the
 * policy's word on how it runs. */
static json_t *run_message(struct steward *s, int64_t run, json_t *exp)
{
    json_t *manifest = NULL;
    struct err err = ERR_INIT;
    const char *snap = json_string_value(json_object_get(exp, "snapshot"));
    if (snap && snapshot_load(s->db, snap, &manifest, &err))
        manifest = NULL;
    return json_pack("{s:I,s:O,s:o,s:s,s:o}", "run", (json_int_t)run,
                     "experiment", exp, "manifest",
                     manifest ? manifest : json_null(), "manifest_error",
                     snap ? err.msg : "the experiment has no snapshot",
                     "policy", runpolicy_verdict(s->home));
}

int launch_experiment(struct steward *s, int64_t exp, int64_t *run,
                      struct err *err)
{
    struct supervisor_id sup = {0, ""};
    json_t *e = NULL;
    int chan = -1;
    *run = 0;
    int rc = steward_load(s, exp, &e, err);
    rc = rc ? rc : take_supervisor(s, &chan, &sup, err);
    rc = rc ? rc : start_experiment(s, exp, &sup, run, err);
    json_t *msg = !rc && *run ? run_message(s, *run, e) : NULL;
    /* Not sent: the supervisor ends with nothing to show, and the run
     * with it (lost) when its start was recorded. */
    if (msg && channel_send(chan, msg))
        fprintf(stderr, "steward: run %lld: its supervisor did not take "
                "it\n", (long long)*run);
    json_decref(msg);
    json_decref(e);
    if (chan >= 0)
        close(chan);
    struct err ignored = ERR_INIT;   /* the next launch tries again */
    if (!rc && spare.chan < 0 && spawn(s, &spare.chan, &spare.sup, &ignored))
        spare.chan = -1;
    return rc;
}
