/*
 * project — finding, creating and opening a steward project.
 *
 * A project is a directory holding .steward/ (like .git/): the database,
 * the policy, and runs/<id>/ with each run's work directory, logs and
 * artifacts. $STEWARD_HOME names the .steward directory directly and
 * overrides the search, which otherwise walks up from the current
 * directory.
 */
#include "api/handle.h"
#include "api/api.h"
#include "api/people.h"
#include "api/principal.h"
#include "api/expire.h"
#include "api/policy_record.h"
#include "api/recover.h"
#include "core/path.h"
#include "ledger/ledger.h"
#include "store/store.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A .steward directory is a project even when its database is missing or
 * empty: opening it then fails with how to restore, instead of walking on
 * up to another project or looking like no project at all. */
static int is_home(const char *home)
{
    struct stat st;
    return stat(home, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Walks up from the current directory to the first one holding .steward. */
static int find_home(char *home, size_t n, struct err *err)
{
    const char *env = getenv("STEWARD_HOME");
    if (env && *env) {
        if (!is_home(env))
            return err_set(err, ERR_USER, "STEWARD_HOME=%s holds no steward "
                           "project; run 'steward init' or fix the path", env);
        return realpath(env, home) ? 0 : err_errno(err, "%s", env);
    }
    char dir[API_PATH_MAX - 16];
    if (!getcwd(dir, sizeof dir))
        return err_errno(err, "current directory");
    for (;;) {
        if ((size_t)snprintf(home, n, "%s/.%s", strcmp(dir, "/") ? dir : "",
                             STEWARD_DIR) < n && is_home(home))
            return 0;
        if (!strcmp(dir, "/"))
            break;
        char *slash = strrchr(dir, '/');
        if (slash == dir)
            dir[1] = '\0';
        else
            *slash = '\0';
    }
    return err_set(err, ERR_USER, "not in a steward project (no .steward/ "
                   "here or above); run 'steward init' first");
}

static int make_dirs(const char *home, struct err *err)
{
    static const char *const subdirs[] = {"runs", "artifacts"};
    char path[API_PATH_MAX];
    if (mkdir(home, 0700) && errno == EEXIST)
        return err_set(err, ERR_USER, "%s already exists: this directory is "
                       "already a steward project", home);
    if (errno && access(home, F_OK))
        return err_errno(err, "creating %s", home);
    for (size_t i = 0; i < sizeof subdirs / sizeof subdirs[0]; i++) {
        int rc = path_format(path, sizeof path, err, "%s/%s", home,
                             subdirs[i]);
        if (rc)
            return rc;
        if (mkdir(path, 0700))
            return err_errno(err, "creating %s", path);
    }
    return 0;
}

static int write_file(const char *path, const char *text, struct err *err)
{
    FILE *f = fopen(path, "wx");
    if (!f)
        return err_errno(err, "creating %s", path);
    int bad = fputs(text, f) < 0;
    bad |= fclose(f) != 0;
    return bad ? err_errno(err, "writing %s", path) : 0;
}

static int record_init(sqlite3 *db, const struct principal *who,
                       const char *root, struct err *err)
{
    int rc = store_begin(db, err);
    if (rc)
        return rc;
    json_t *payload = json_pack("{s:s,s:i}", "root", root, "schema",
                                store_schema_version());
    rc = ledger_append(db, who->name, "project.init", "project", payload, err);
    json_decref(payload);
    rc = rc ? rc : people_add_first_owner(db, getuid(), err);
    if (rc) {
        store_rollback(db);
        return rc;
    }
    return store_commit(db, err);
}

int steward_init(const char *dir, struct err *err)
{
    char root[API_PATH_MAX], home[API_PATH_MAX], path[API_PATH_MAX];
    struct principal who;
    sqlite3 *db = NULL;
    if (!realpath(dir, root))
        return err_errno(err, "%s", dir);
    int rc = path_format(home, sizeof home, err, "%s/." STEWARD_DIR, root);
    rc = rc ? rc : make_dirs(home, err);
    rc = rc ? rc : path_format(path, sizeof path, err, "%s/policy", home);
    rc = rc ? rc : write_file(path, principal_default_policy(), err);
    rc = rc ? rc : path_format(path, sizeof path, err, "%s/steward.db",
                               home);
    rc = rc ? rc : store_open(path, 1, &db, err);
    rc = rc ? rc : principal_resolve(NULL, NULL, &who, err);
    rc = rc ? rc : record_init(db, &who, root, err);
    store_close(db);
    return rc;
}

int steward_open_home(const char *home, struct steward **out, struct err *err)
{
    char path[API_PATH_MAX];
    struct steward *s = calloc(1, sizeof *s);
    if (!s)
        return err_set(err, ERR_INTERNAL, "out of memory");
    int rc = path_format(s->home, sizeof s->home, err, "%s", home);
    snprintf(s->root, sizeof s->root, "%s", s->home);   /* the same size */
    char *slash = strrchr(s->root, '/');
    if (slash && slash != s->root)
        *slash = '\0';
    rc = rc ? rc : path_format(path, sizeof path, err, "%s/steward.db", home);
    rc = rc ? rc : store_open(path, 0, &s->db, err);
    rc = rc ? rc : policy_repair(s, err);
    rc = rc ? rc : principal_resolve(s->db, s->home, &s->who, err);
    if (rc) {
        steward_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

int steward_open_peer(const char *home, uid_t uid, const char *agent,
                      const char *token, struct steward **out,
                      struct err *err)
{
    int rc = steward_open_home(home, out, err);
    if (rc)
        return rc;
    rc = principal_resolve_peer((*out)->db, uid, agent, token, &(*out)->who,
                                err);
    if (rc) {
        steward_close(*out);
        *out = NULL;
    }
    return rc;
}

int steward_act_for(struct steward *s, uid_t uid, const char *agent,
                    const char *token, struct err *err)
{
    return principal_resolve_peer(s->db, uid, agent, token, &s->who, err);
}

const char *steward_root(const struct steward *s)
{
    return s->root;
}

const char *steward_home(const struct steward *s)
{
    return s->home;
}

const struct principal *steward_who(const struct steward *s)
{
    return &s->who;
}

int steward_open(struct steward **out, struct err *err)
{
    char home[API_PATH_MAX];
    int rc = find_home(home, sizeof home, err);
    rc = rc ? rc : steward_open_home(home, out, err);
    if (!rc && ((rc = recover_runs(*out, err)) ||
                (rc = expire_stale(*out, err))))
        steward_close(*out);
    return rc;
}

void steward_close(struct steward *s)
{
    if (!s)
        return;
    store_close(s->db);
    free(s);
}

int steward_ledger_each(struct steward *s, int (*fn)(json_t *entry,
                        void *ctx), void *ctx, struct err *err)
{
    return ledger_each(s->db, 1, fn, ctx, err) < 0 ? err->code : 0;
}
