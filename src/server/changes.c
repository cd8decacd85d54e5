/*
 * changes — what the server knows has changed: the change sequence, the
 * cached status summary, and the long polls waiting for a change.
 *
 * GET /api/v1/status is the page everybody polls, so the server answers
 * it from memory: no request child and no SQLite per request. The summary
 * is `status --json --limit CHANGES_STATUS_LIMIT` (bounded), run in a
 * request child as the server's own user by the changes thread, again when
 * something changed (a mutating request ended, the dispatcher started or
 * ended a run) and at most CHANGES_MAX_AGE_MS after the last refresh while
 * someone reads it.
 *
 * The change sequence counts changes since the server started; a long
 * poll (GET /api/v1/events?since=N) is suspended until the sequence passes
 * N or CHANGES_POLL_MS pass. One thread, woken by a condition variable or
 * the nearest deadline, refreshes and resumes: nothing busy-waits.
 */
#include "server/changes.h"
#include "server/collect.h"
#include "core/clock.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond;
static pthread_t thread;
static int running, stopping;
static struct server *server;
static long long seq;            /* changes seen */
static long long status_seq = -1; /* the change the summary reflects */
static long long refreshed_ms, read_ms;
static struct MHD_Response *summary;  /* the status JSON, or NULL */
static struct request *waiters;  /* suspended long polls */

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void server_changed(struct server *srv, int mutated)
{
    (void)srv;
    pthread_mutex_lock(&lock);
    seq += mutated ? 1 : 0;
    status_seq = mutated ? -1 : status_seq;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
}

static json_t *status_request(void)
{
    return json_pack("{s:{s:I,s:s,s:s},s:[s,s,s,s],s:s,s:s,s:s}", "who",
                     "uid", (json_int_t)getuid(), "agent", "", "token", "",
                     "argv", "status", "--json", "--limit",
                     CHANGES_STATUS_LIMIT, "cwd", server->root, "home",
                     server->home, "root", server->root);
}

/* The fields a list needs; the full record is GET experiments/ID. */
static char *summarize(const struct buf *out, size_t *len)
{
    static const char *const keep[] = {"id", "name", "state", "proposer",
                                       "campaign", "created_ms",
                                       "updated_ms"};
    json_t *all = json_loadb(out->data, out->len, 0, NULL), *e;
    json_t *list = json_array();
    size_t i;
    json_array_foreach(all, i, e) {
        json_t *one = json_object();
        for (size_t k = 0; k < sizeof keep / sizeof keep[0]; k++)
            json_object_set(one, keep[k], json_object_get(e, keep[k]));
        json_array_append_new(list, one);
    }
    char *text = json_is_array(all) ? json_dumps(list, JSON_COMPACT) : NULL;
    json_decref(all);
    json_decref(list);
    *len = text ? strlen(text) : 0;
    return text;
}

static struct MHD_Response *summary_response(struct buf *out)
{
    size_t len = 0;
    char *text = summarize(out, &len);
    struct MHD_Response *r = text ? MHD_create_response_from_buffer(
        len, text, MHD_RESPMEM_MUST_FREE) : NULL;
    if (!r) {
        free(text);
        return NULL;
    }
    MHD_add_response_header(r, "Content-Type", "application/json");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    return r;
}

/* Runs the summary's command (lock not held); keeps the last good one. */
static void refresh(long long at_seq)
{
    struct collected c;
    struct err err = ERR_INIT;
    json_t *req = status_request();
    collected_init(&c);
    int ok = req && !collect_run(req, &c, &err) && c.status == 0 &&
             !c.truncated && c.out.len;
    json_decref(req);
    pthread_mutex_lock(&lock);
    struct MHD_Response *fresh = ok ? summary_response(&c.out) : NULL;
    if (fresh) {
        if (summary)   /* connections it was queued on keep their ref */
            MHD_destroy_response(summary);
        summary = fresh;
    }
    refreshed_ms = now_ms();
    if (status_seq < 0 || at_seq >= status_seq)
        status_seq = at_seq;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
    collected_release(&c);
}

static void answer_waiter(struct request *rq, int timeout)
{
    json_t *a = json_pack("{s:I,s:b}", "seq", (json_int_t)seq, "timeout",
                          timeout);
    rq->reply = json_dumps(a, JSON_COMPACT);
    rq->reply_len = rq->reply ? strlen(rq->reply) : 0;
    rq->kind = REST_JSON;
    rq->status = 200;
    json_decref(a);
    rq->state = RQ_DONE;
    if (rq->c)
        MHD_resume_connection(rq->c);
}

/* Resumes the polls that have news or waited long enough; returns the
 * nearest deadline of the rest (lock held). */
static long long wake_waiters(long long now)
{
    long long next = now + CHANGES_POLL_MS;
    struct request **p = &waiters;
    while (*p) {
        struct request *rq = *p;
        if (seq > rq->since || now >= rq->deadline_ms) {
            *p = rq->next_waiter;
            answer_waiter(rq, seq <= rq->since);
            continue;
        }
        next = rq->deadline_ms < next ? rq->deadline_ms : next;
        p = &rq->next_waiter;
    }
    return next;
}

static int wants_refresh(long long now)
{
    int read_lately = now - read_ms < CHANGES_MAX_AGE_MS * 5;
    return status_seq != seq ||
           (read_lately && now - refreshed_ms >= CHANGES_MAX_AGE_MS);
}

static void wait_until(long long at_ms)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    long long d = at_ms - now_ms();
    d = d < 1 ? 1 : d;
    t.tv_sec += d / 1000;
    t.tv_nsec += (d % 1000) * 1000000;
    if (t.tv_nsec >= 1000000000)
        t.tv_sec++, t.tv_nsec -= 1000000000;
    pthread_cond_timedwait(&cond, &lock, &t);
}

static void *changes_loop(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lock);
    while (!stopping) {
        long long now = now_ms();
        if (wants_refresh(now)) {
            long long at = seq;
            pthread_mutex_unlock(&lock);
            refresh(at);
            pthread_mutex_lock(&lock);
            continue;
        }
        long long next = wake_waiters(now);
        long long age = refreshed_ms + CHANGES_MAX_AGE_MS;
        wait_until(age > now && age < next ? age : next);
    }
    pthread_mutex_unlock(&lock);
    return NULL;
}

int changes_start(struct server *srv, struct err *err)
{
    pthread_condattr_t a;
    server = srv;
    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(&cond, &a);
    pthread_condattr_destroy(&a);
    if (pthread_create(&thread, NULL, changes_loop, NULL))
        return err_set(err, ERR_INTERNAL, "cannot start the changes thread");
    running = 1;
    return 0;
}

void changes_stop(void)
{
    if (!running)
        return;
    pthread_mutex_lock(&lock);
    stopping = 1;
    while (waiters) {
        struct request *rq = waiters;
        waiters = rq->next_waiter;
        answer_waiter(rq, 1);
    }
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
    pthread_join(thread, NULL);
    running = 0;
    if (summary)
        MHD_destroy_response(summary);
    summary = NULL;
}

/* Queues the summary on c (MHD counts its references, so a refresh may
 * replace it while it is sent), waiting up to a few seconds for the
 * first one. MHD_NO when there is none. */
enum MHD_Result changes_queue_status(struct MHD_Connection *c)
{
    enum MHD_Result ok = MHD_NO;
    long long give_up = now_ms() + 5000;
    pthread_mutex_lock(&lock);
    read_ms = now_ms();
    while (!summary && !stopping && now_ms() < give_up) {
        pthread_cond_broadcast(&cond);
        wait_until(give_up);
    }
    if (summary)
        ok = MHD_queue_response(c, MHD_HTTP_OK, summary);
    pthread_mutex_unlock(&lock);
    return ok;
}

long long changes_seq(void)
{
    pthread_mutex_lock(&lock);
    long long s = seq;
    pthread_mutex_unlock(&lock);
    return s;
}

/* Pooled endpoints: suspends c until news (the changes thread resumes it).
 * Thread-per-connection endpoints: waits here. */
void changes_poll(struct request *rq, struct MHD_Connection *c, int pooled)
{
    pthread_mutex_lock(&lock);
    rq->deadline_ms = now_ms() + CHANGES_POLL_MS;
    rq->c = NULL;
    if (seq > rq->since || stopping) {
        answer_waiter(rq, 0);
    } else if (pooled) {
        rq->c = c;
        rq->state = RQ_WAITING;
        MHD_suspend_connection(c);
        rq->next_waiter = waiters;
        waiters = rq;
        pthread_cond_broadcast(&cond);
    } else {
        while (seq <= rq->since && !stopping && now_ms() < rq->deadline_ms)
            wait_until(rq->deadline_ms);
        answer_waiter(rq, seq <= rq->since);
    }
    pthread_mutex_unlock(&lock);
}
