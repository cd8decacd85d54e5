/* principal — identity and the role table; see principal.h. */
#include "api/policy_file.h"
#include "api/people.h"
#include "api/principal.h"
#include "auth/token.h"
#include "policy/policy.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct grant {
    const char *action;
    const char *roles;   /* space-separated roles allowed */
};

/* DESIGN.md: agents propose and read; reviewers also decide; owners also
 * govern. Anything not listed is refused. */
static const struct grant grants[] = {
    {"propose", "owner reviewer agent"},
    {"read", "owner reviewer agent"},
    {"approve", "owner reviewer"},
    {"reject", "owner reviewer"},
    {"cancel", "owner reviewer"},
    {"dispatch", "owner reviewer"},
    {"halt", "owner reviewer"},
    {"resume", "owner reviewer"},
    {"policy", "owner"},
    {"gc", "owner"},
    {"budget", "owner"},
    {"token", "owner"},
    {"campaign.approve", "owner"},
    {"campaign.delete", "owner"},
    {"promote", "owner"},
    {"candidate.add", "owner reviewer agent"},
    {"promote.request", "owner reviewer agent"},
    {"promote.approve", "owner reviewer"},
    {"promote.reject", "owner reviewer"},
    {"promote.rollback", "owner reviewer"},
    {"people", "owner"},
    {"agent", "owner reviewer"},
    {"retention", "owner"},
};

int principal_may(const char *role, const char *action)
{
    size_t rl = strlen(role);
    if (!rl)
        return 0;
    for (size_t i = 0; i < sizeof grants / sizeof grants[0]; i++) {
        if (strcmp(grants[i].action, action))
            continue;
        for (const char *p = grants[i].roles; (p = strstr(p, role)); p += rl)
            if ((p == grants[i].roles || p[-1] == ' ') &&
                (p[rl] == ' ' || p[rl] == '\0'))
                return 1;
    }
    return 0;
}

static void local_user(struct principal *who)
{
    struct passwd *pw = getpwuid(getuid());
    int w = snprintf(who->name, sizeof who->name, "user:%s",
                     pw ? pw->pw_name : "unknown");
    /* a login name too long to hold is not cut (cut, it could be
     * another user's): the uid names this one alone */
    if (w < 0 || (size_t)w >= sizeof who->name)
        snprintf(who->name, sizeof who->name, "uid:%u", (unsigned)getuid());
    snprintf(who->role, sizeof who->role, "owner");
}

/* A policy that says `require token` makes a tokenless CLI nobody. Read
 * by a tolerant scan, never by parsing the policy: a syntax error must
 * deny proposals with the error, not make the owner nobody (who then
 * could not apply a fixed policy). */
static int tokens_required(const char *home)
{
    char path[API_PATH_MAX + 16];
    struct err ignored = ERR_INIT;
    if (policy_file_path(home, path, sizeof path, &ignored))
        return 1;                     /* no file to read: be strict */
    return policy_file_requires_token(path);
}

/* What a server imposed on this process (a request child): the peer's
 * uid, or an agent session's name, and the token the client sent. Set
 * from the server's pipe, never from the environment. */
static struct {
    int set;
    uid_t uid;
    char agent[64];
    char token[96];
} imposed;

void principal_impose(uid_t uid, const char *agent, const char *token)
{
    imposed.set = 1;
    imposed.uid = uid;
    snprintf(imposed.agent, sizeof imposed.agent, "%s", agent ? agent : "");
    snprintf(imposed.token, sizeof imposed.token, "%s", token ? token : "");
}

int principal_imposed(void)
{
    return imposed.set;
}

static int resolve_token(sqlite3 *db, const char *token,
                         struct principal *who, struct err *err)
{
    if (!db)
        return err_set(err, ERR_USER, "STEWARD_TOKEN is set but there is "
                       "no project yet; unset it to run steward init");
    return token_lookup(db, token, who->name, sizeof who->name, who->role,
                        sizeof who->role, err);
}

int principal_resolve_peer(sqlite3 *db, uid_t uid, const char *agent,
                           const char *token, struct principal *who,
                           struct err *err)
{
    if (agent && agent[0]) {
        snprintf(who->name, sizeof who->name, "agent:%s", agent);
        snprintf(who->role, sizeof who->role, "agent");
        return 0;
    }
    if (token && token[0])
        return resolve_token(db, token, who, err);
    int found = db ? people_lookup_uid(db, uid, who, err) : 0;
    if (found < 0)
        return found;
    if (!found) {
        snprintf(who->name, sizeof who->name, "uid:%u", (unsigned)uid);
        who->role[0] = '\0';
    }
    return 0;
}

/* Direct mode trusts every process of this user (docs/security.md): the
 * token in $STEWARD_TOKEN; nobody when the policy requires a token; else
 * the person this uid is, else (a project older than the people table)
 * the local user as owner. */
int principal_resolve(sqlite3 *db, const char *home, struct principal *who,
                      struct err *err)
{
    if (imposed.set)
        return principal_resolve_peer(db, imposed.uid, imposed.agent,
                                      imposed.token, who, err);
    const char *token = getenv("STEWARD_TOKEN");
    if (token && *token)
        return resolve_token(db, token, who, err);
    if (home && tokens_required(home)) {
        snprintf(who->name, sizeof who->name, "nobody");
        who->role[0] = '\0';
        return 0;
    }
    int found = db ? people_lookup_uid(db, getuid(), who, err) : 0;
    if (found)
        return found < 0 ? found : 0;
    local_user(who);
    return 0;
}

const char *principal_default_policy(void)
{
    return policy_default_text();
}
