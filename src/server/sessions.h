/* sessions — logins, sessions and CSRF tokens of the web page (see
 * sessions.c). */
#ifndef STEWARD_SERVER_SESSIONS_H
#define STEWARD_SERVER_SESSIONS_H

#include <stddef.h>
#include <sys/types.h>

#define SESSIONS_SECRET_LEN 64   /* hex of 32 random bytes */

/* The person a session acts as: what the request child's principal is. */
struct session_who {
    uid_t uid;            /* the human's uid, or (uid_t)-1 */
    char token[96];       /* the bearer token they logged in with, or "" */
    char name[128];       /* "user:alice", for the log */
};

/* A one-time login token (t, hex) for who, valid for a minute. -1 when
 * too many are pending. */
int sessions_login_new(const struct session_who *who, char *t, size_t n);
/* Uses up login token t; sid gets the new session's id. -1: unknown,
 * used or expired. */
int sessions_login_take(const char *t, char *sid, size_t n);
/* The session sid (touched): who it is, and a fresh one-time CSRF token
 * in csrf when csrf is not NULL. -1: no such live session. */
int sessions_use(const char *sid, struct session_who *who, char *csrf,
                 size_t n);
/* Uses up csrf, one of sid's tokens. -1: absent, replayed or foreign. */
int sessions_csrf_take(const char *sid, const char *csrf);
void sessions_end(const char *sid);

#endif
