/* principal — identity and the role table; see principal.h. */
#include "api/policy_file.h"
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
    {"budget", "owner"},
    {"token", "owner"},
    {"campaign.approve", "owner"},
    {"promote", "owner"},
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
    snprintf(who->name, sizeof who->name, "user:%s",
             pw ? pw->pw_name : "unknown");
    snprintf(who->role, sizeof who->role, "owner");
}

/* A policy that says `require token` makes a tokenless CLI nobody. An
 * unreadable policy also means nobody: fail closed. */
static int tokens_required(const char *home)
{
    struct policy *pol = NULL;
    struct err err = ERR_INIT;
    if (policy_file_load(home, &pol, &err))
        return 1;
    int required = policy_require_token(pol);
    policy_free(pol);
    return required;
}

int principal_resolve(sqlite3 *db, const char *home, struct principal *who,
                      struct err *err)
{
    const char *token = getenv("STEWARD_TOKEN");
    if (token && *token) {
        if (!db)
            return err_set(err, ERR_USER, "STEWARD_TOKEN is set but there is "
                           "no project yet; unset it to run steward init");
        return token_lookup(db, token, who->name, sizeof who->name,
                            who->role, sizeof who->role, err);
    }
    local_user(who);
    if (home && tokens_required(home)) {
        snprintf(who->name, sizeof who->name, "nobody");
        who->role[0] = '\0';
    }
    return 0;
}

const char *principal_default_policy(void)
{
    return policy_default_text();
}
