/*
 * sessions — who is logged in to the web page, in the server's memory.
 *
 * A login begins with `steward open` on the humans' socket: the server
 * vouches for the caller (a human's role, from the peer's uid or token)
 * and keeps a one-time login token for SESSIONS_LOGIN_MS. Its first use
 * (GET /login?t=...) makes a session: a random id in an HttpOnly,
 * SameSite=Strict cookie, valid SESSIONS_IDLE_MS after its last use and
 * never longer than SESSIONS_LIFE_MS. Every page a session sees carries a
 * fresh one-time CSRF token; a form is obeyed only with one the session
 * holds, which it then forgets (a replayed or absent token is a 403). A
 * session keeps its newest SESSIONS_CSRF_MAX tokens (several tabs).
 *
 * Nothing here is stored: a restarted server forgets every session.
 * Comparisons of secrets are constant-time.
 */
#include "server/sessions.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define SESSIONS_MAX 64
#define LOGINS_MAX 16
#define SESSIONS_CSRF_MAX 32
#define SESSIONS_LOGIN_MS 60000LL
#define SESSIONS_IDLE_MS (8LL * 3600 * 1000)
#define SESSIONS_LIFE_MS (24LL * 3600 * 1000)

struct secret { char hex[SESSIONS_SECRET_LEN + 1]; };

struct login {
    struct secret t;
    struct session_who who;
    long long until_ms;
};

struct session {
    struct secret id;
    struct session_who who;
    long long born_ms, used_ms;
    struct secret csrf[SESSIONS_CSRF_MAX];
    unsigned next_csrf;
};

static struct login logins[LOGINS_MAX];
static struct session sessions[SESSIONS_MAX];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void fresh(struct secret *s)
{
    unsigned char raw[SESSIONS_SECRET_LEN / 2];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(s->hex, sizeof s->hex, raw, sizeof raw);
}

/* Constant-time; an empty secret matches nothing. */
static int same(const struct secret *s, const char *text)
{
    return s->hex[0] && text && strlen(text) == SESSIONS_SECRET_LEN &&
           !sodium_memcmp(s->hex, text, SESSIONS_SECRET_LEN);
}

static int alive(const struct session *s, long long now)
{
    return s->id.hex[0] && now - s->used_ms < SESSIONS_IDLE_MS &&
           now - s->born_ms < SESSIONS_LIFE_MS;
}

int sessions_login_new(const struct session_who *who, char *t, size_t n)
{
    long long now = now_ms();
    int slot = -1;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < LOGINS_MAX && slot < 0; i++)
        if (logins[i].until_ms <= now)
            slot = i;
    if (slot >= 0) {
        fresh(&logins[slot].t);
        logins[slot].who = *who;
        logins[slot].until_ms = now + SESSIONS_LOGIN_MS;
        snprintf(t, n, "%s", logins[slot].t.hex);
    }
    pthread_mutex_unlock(&lock);
    return slot >= 0 ? 0 : -1;
}

/* The slot a new session takes: a free or dead one, else the oldest. */
static struct session *session_slot(long long now)
{
    struct session *oldest = &sessions[0];
    for (int i = 0; i < SESSIONS_MAX; i++) {
        if (!alive(&sessions[i], now))
            return &sessions[i];
        if (sessions[i].used_ms < oldest->used_ms)
            oldest = &sessions[i];
    }
    return oldest;
}

int sessions_login_take(const char *t, char *sid, size_t n)
{
    long long now = now_ms();
    int rc = -1;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < LOGINS_MAX && rc; i++) {
        if (logins[i].until_ms <= now || !same(&logins[i].t, t))
            continue;
        struct session *s = session_slot(now);
        memset(s, 0, sizeof *s);
        fresh(&s->id);
        s->who = logins[i].who;
        s->born_ms = s->used_ms = now;
        snprintf(sid, n, "%s", s->id.hex);
        memset(&logins[i], 0, sizeof logins[i]);   /* used once */
        rc = 0;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

static struct session *find(const char *sid, long long now)
{
    for (int i = 0; sid && i < SESSIONS_MAX; i++)
        if (alive(&sessions[i], now) && same(&sessions[i].id, sid))
            return &sessions[i];
    return NULL;
}

int sessions_use(const char *sid, struct session_who *who, char *csrf,
                 size_t n)
{
    long long now = now_ms();
    pthread_mutex_lock(&lock);
    struct session *s = find(sid, now);
    if (s) {
        s->used_ms = now;
        *who = s->who;
        if (csrf) {
            struct secret *c = &s->csrf[s->next_csrf++ % SESSIONS_CSRF_MAX];
            fresh(c);
            snprintf(csrf, n, "%s", c->hex);
        }
    }
    pthread_mutex_unlock(&lock);
    return s ? 0 : -1;
}

int sessions_csrf_take(const char *sid, const char *csrf)
{
    int rc = -1;
    pthread_mutex_lock(&lock);
    struct session *s = find(sid, now_ms());
    for (int i = 0; s && i < SESSIONS_CSRF_MAX && rc; i++)
        if (same(&s->csrf[i], csrf)) {
            memset(&s->csrf[i], 0, sizeof s->csrf[i]);   /* once */
            rc = 0;
        }
    pthread_mutex_unlock(&lock);
    return rc;
}

void sessions_end(const char *sid)
{
    pthread_mutex_lock(&lock);
    struct session *s = find(sid, now_ms());
    if (s)
        memset(s, 0, sizeof *s);
    pthread_mutex_unlock(&lock);
}
