/*
 * tokens — who a bearer token is, remembered for a few seconds, so that
 * the routes the server answers from memory (status, events) need no
 * SQLite per request. The first sight of a token opens the project as
 * that token (the library's own check); the answer is kept under the
 * token's SHA-256 (never the token) for TOKENS_TTL_MS and forgotten as
 * soon as anything changes (a revocation is a change).
 */
#include "server/tokens.h"
#include "server/changes.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

#define TOKENS_N 16
#define TOKENS_TTL_MS 10000

struct known {
    unsigned char digest[crypto_hash_sha256_BYTES];
    char role[16];
    long long until_ms, seq;
};

static struct known known[TOKENS_N];
static unsigned next_slot;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int recall(const unsigned char *d, char *role, size_t n)
{
    int found = 0;
    long long now = now_ms(), seq = changes_seq();
    pthread_mutex_lock(&lock);
    for (int i = 0; i < TOKENS_N && !found; i++)
        if (known[i].until_ms > now && known[i].seq == seq &&
            !memcmp(known[i].digest, d, sizeof known[i].digest))
            found = snprintf(role, n, "%s", known[i].role) >= 0;
    pthread_mutex_unlock(&lock);
    return found;
}

static void remember(const unsigned char *d, const char *role, long long seq)
{
    pthread_mutex_lock(&lock);
    struct known *k = &known[next_slot++ % TOKENS_N];
    memcpy(k->digest, d, sizeof k->digest);
    snprintf(k->role, sizeof k->role, "%s", role);
    k->until_ms = now_ms() + TOKENS_TTL_MS;
    k->seq = seq;
    pthread_mutex_unlock(&lock);
}

int tokens_role(const char *home, const char *token, char *role, size_t n)
{
    unsigned char d[crypto_hash_sha256_BYTES];
    struct steward *s = NULL;
    struct err err = ERR_INIT;
    crypto_hash_sha256(d, (const unsigned char *)token, strlen(token));
    if (recall(d, role, n))
        return role[0] ? 0 : -1;
    long long seq = changes_seq();
    int rc = steward_open_peer(home, (uid_t)-1, "", token, &s, &err);
    snprintf(role, n, "%s", rc ? "" : steward_who(s)->role);
    steward_close(s);
    if (!rc)
        remember(d, role, seq);
    return role[0] ? 0 : -1;
}
