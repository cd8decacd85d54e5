/*
 * policy_apply — changing the policy is an owner's act on the record.
 *
 * `steward policy apply FILE` checks FILE, installs it as .steward/policy
 * (atomically, by rename) and appends a ledger entry with the old and new
 * content hashes. The last hash on record is kept in meta; a decision that
 * finds a different policy on disk (someone edited the file directly)
 * first records that change in the ledger as made outside steward, so
 * every decision's policy hash can be traced to a ledger entry.
 */
#include "api/policy_file.h"
#include "api/api.h"
#include "api/policy_record.h"
#include "api/principal.h"
#include "ledger/ledger.h"
#include "policy/policy.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int recorded_hash(sqlite3 *db, char *out, size_t n, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT value FROM meta WHERE key = "
                           "'policy_hash'", &st, err);
    if (rc)
        return rc;
    rc = sqlite3_step(st);
    snprintf(out, n, "%s", rc == SQLITE_ROW ? store_col_text(st, 0) : "");
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
           : store_fail(db, rc, "reading meta", err);
}

static int record(sqlite3 *db, const char *who, const char *action,
                  const char *old, const char *next, struct err *err)
{
    sqlite3_stmt *st;
    json_t *p = json_pack("{s:s,s:s}", "old_hash", old, "new_hash", next);
    int rc = ledger_append(db, who, action, "policy", p, err);
    json_decref(p);
    rc = rc ? rc : store_prepare(db, "INSERT INTO meta(key, value) VALUES "
                                 "('policy_hash', ?) ON CONFLICT(key) DO "
                                 "UPDATE SET value = excluded.value", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, next);
    return store_exec_stmt(st, err);
}

int policy_record_current(sqlite3 *db, const char *hash, struct err *err)
{
    char old[POLICY_HASH_HEX];
    int rc = recorded_hash(db, old, sizeof old, err);
    if (rc || !strcmp(old, hash))
        return rc;
    return record(db, *old ? "unknown (edited outside steward)" : "steward",
                  *old ? "policy.changed" : "policy.first", old, hash, err);
}

static int install(const char *from, const char *to, struct err *err)
{
    char tmp[API_PATH_MAX + 32], block[65536];
    snprintf(tmp, sizeof tmp, "%s.new", to);
    FILE *in = fopen(from, "re"), *out = in ? fopen(tmp, "we") : NULL;
    size_t n;
    int bad = !in || !out;
    while (!bad && (n = fread(block, 1, sizeof block, in)) > 0)
        bad = fwrite(block, 1, n, out) != n;
    if (in)
        fclose(in);
    if (out && fclose(out))
        bad = 1;
    if (bad || rename(tmp, to)) {
        unlink(tmp);
        return err_errno(err, "installing %s", from);
    }
    return 0;
}

int steward_policy_apply(struct steward *s, const char *file, char *hash,
                         size_t n, struct err *err)
{
    char path[API_PATH_MAX + 16], old[POLICY_HASH_HEX];
    struct policy *pol = NULL;
    if (!principal_may(s->who.role, "policy"))
        return steward_forbid(s, "policy apply", "policy", err);
    int rc = policy_load(file, &pol, NULL, err);
    if (rc)
        return rc;
    snprintf(hash, n, "%s", policy_hash(pol));
    policy_free(pol);
    policy_file_path(s->home, path, sizeof path);
    rc = store_begin(s->db, err);
    rc = rc ? rc : recorded_hash(s->db, old, sizeof old, err);
    rc = rc ? rc : record(s->db, s->who.name, "policy.apply", old, hash, err);
    rc = rc ? rc : install(file, path, err);
    rc = rc ? rc : store_commit(s->db, err);
    if (rc)
        store_rollback(s->db);
    return rc;
}
