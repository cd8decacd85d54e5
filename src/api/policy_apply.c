/*
 * policy_apply — changing the policy is an owner's act on the record.
 *
 * `steward policy apply FILE` checks FILE and appends a ledger entry with
 * the old and new content hashes and the new text; only once that commits
 * is .steward/policy written, from the committed text (temp file, fsync,
 * rename, fsync of the directory). A crash between the two leaves
 * meta.policy_pending set, and the next open writes the file from the
 * ledger: the file never runs ahead of the record, and the record is never
 * lost. The last hash on record is kept in meta; a decision that finds a
 * different policy on disk (someone edited the file directly) first
 * records that change, with the text found, as made outside steward, so
 * every decision's policy hash can be traced to a ledger entry and its
 * text.
 */
#include "api/handle.h"
#include "core/sha256.h"
#include "api/policy_file.h"
#include "api/redecide.h"
#include "api/api.h"
#include "api/policy_record.h"
#include "api/principal.h"
#include "ledger/ledger.h"
#include "policy/policy.h"
#include "store/ledger_rows.h"
#include "store/meta.h"
#include "store/store.h"

#define POLICY_TEXT_MAX (1 << 20)

#include "core/crash.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int recorded_hash(sqlite3 *db, char *out, size_t n, struct err *err)
{
    int rc = store_meta_get(db, "policy_hash", out, n, err);
    return rc < 0 ? rc : 0;
}

/* The policy file's text, when it hashes to hash (no includes); else
 * NULL: the entry then records the hash only. */
static char *text_of(const char *path, const char *hash)
{
    FILE *f = fopen(path, "re");
    char *text = f ? calloc(1, POLICY_TEXT_MAX + 1) : NULL;
    size_t n = text ? fread(text, 1, POLICY_TEXT_MAX, f) : 0;
    char hex[SHA256_HEX];
    if (f)
        fclose(f);
    if (!text)
        return NULL;
    sha256_hex(text, n, hex);
    if (strcmp(hex, hash) || strlen(text) != n) {
        free(text);
        return NULL;
    }
    return text;
}

static int record(sqlite3 *db, const char *who, const char *action,
                  const char *old, const char *next, const char *text,
                  struct err *err)
{
    json_t *p = json_pack("{s:s,s:s,s:s?}", "old_hash", old, "new_hash", next,
                          "text", text);
    int rc = ledger_append(db, who, action, "policy", p, err);
    json_decref(p);
    return rc ? rc : store_meta_set(db, "policy_hash", next, err);
}

int policy_record_current(sqlite3 *db, const char *home, const char *hash,
                          struct err *err)
{
    char old[POLICY_HASH_HEX], path[API_PATH_MAX + 16];
    int rc = recorded_hash(db, old, sizeof old, err);
    if (rc || !strcmp(old, hash))
        return rc;
    rc = policy_file_path(home, path, sizeof path, err);
    if (rc)
        return rc;
    char *text = text_of(path, hash);
    rc = record(db, *old ? "unknown (edited outside steward)" : "steward",
                *old ? "policy.changed" : "policy.first", old, hash, text,
                err);
    free(text);
    return rc;
}

/* Writes text to path durably: temp file, fsync, rename, fsync of the
 * directory. */
static int write_durably(const char *path, const char *text, struct err *err)
{
    char tmp[API_PATH_MAX + 32], dir[API_PATH_MAX + 16];
    snprintf(tmp, sizeof tmp, "%s.new", path);
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    size_t n = strlen(text);
    int bad = fd < 0 || write(fd, text, n) != (ssize_t)n || fsync(fd);
    if (fd >= 0 && close(fd))
        bad = 1;
    crash_point("policy-before-rename");
    if (bad || rename(tmp, path)) {
        unlink(tmp);
        return err_errno(err, "writing %s", path);
    }
    int d = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    bad = d < 0 || fsync(d);
    if (d >= 0)
        close(d);
    return bad ? err_errno(err, "syncing %s", dir) : 0;
}

static int set_pending(sqlite3 *db, const char *hash, struct err *err)
{
    return store_meta_set(db, "policy_pending", hash, err);
}

static char *read_text(const char *file, struct err *err)
{
    FILE *f = fopen(file, "re");
    char *text = f ? calloc(1, POLICY_TEXT_MAX + 2) : NULL;
    size_t n = text ? fread(text, 1, POLICY_TEXT_MAX + 1, f) : 0;
    if (f)
        fclose(f);
    if (!text || n > POLICY_TEXT_MAX || strlen(text) != n) {
        free(text);
        err_set(err, ERR_USER, "%s: cannot read it, or larger than %d bytes "
                "or not text", file, POLICY_TEXT_MAX);
        return NULL;
    }
    return text;
}

/* The text applied must be the text checked (a policy with includes
 * cannot be applied: its text would not be on the record whole). */
static char *checked_text(char *text, const char *hash, const char *file,
                          struct err *err)
{
    char hex[SHA256_HEX];
    sha256_text_hex(text, hex);
    if (!strcmp(hex, hash))
        return text;
    free(text);
    err_set(err, ERR_USER, "%s changed while it was applied, or includes "
            "other files (apply one self-contained file)", file);
    return NULL;
}

static int install(struct steward *s, const char *path, const char *text,
                   struct err *err);

/* The recording and the new decisions of waiting and approved work: one
 * transaction. */
static int apply_txn(struct steward *s, const struct policy *pol,
                     const char *text, json_t *redecided, struct err *err)
{
    char old_hash[POLICY_HASH_HEX];
    struct policy *old = NULL;
    struct err ignored = ERR_INIT;
    if (policy_file_load(s->home, &old, &ignored))
        old = NULL;   /* unreadable: quorums count as changed */
    int rc = store_begin(s->db, err);
    rc = rc ? rc : recorded_hash(s->db, old_hash, sizeof old_hash, err);
    rc = rc ? rc : record(s->db, s->who.name, "policy.apply", old_hash,
                          policy_hash(pol), text, err);
    rc = rc ? rc : redecide_all(s, pol, old, redecided, err);
    rc = rc ? rc : set_pending(s->db, policy_hash(pol), err);
    rc = rc ? rc : store_commit(s->db, err);
    if (rc)
        store_rollback(s->db);
    policy_free(old);
    return rc;
}

int steward_policy_apply(struct steward *s, const char *file, char *hash,
                         size_t n, json_t **redecided, struct err *err)
{
    char path[API_PATH_MAX + 16];
    struct policy *pol = NULL;
    *redecided = NULL;
    if (!principal_may(s->who.role, "policy"))
        return steward_forbid(s, "policy apply", "policy", err);
    char *text = read_text(file, err);
    int rc = text ? policy_load(file, &pol, NULL, err) : err->code;
    if (!rc && !(text = checked_text(text, policy_hash(pol), file, err)))
        rc = err->code;
    if (!rc) {
        snprintf(hash, n, "%s", policy_hash(pol));
        *redecided = json_array();
        rc = apply_txn(s, pol, text, *redecided, err);
    }
    policy_free(pol);
    crash_point("policy-after-commit");
    rc = rc ? rc : policy_file_path(s->home, path, sizeof path, err);
    rc = rc ? rc : install(s, path, text, err);
    free(text);
    if (rc) {
        json_decref(*redecided);
        *redecided = NULL;
    }
    return rc;
}

/* After the ledger committed: the file, then the pending mark cleared. */
static int install(struct steward *s, const char *path, const char *text,
                   struct err *err)
{
    int rc = write_durably(path, text, err);
    rc = rc ? rc : store_begin(s->db, err);
    rc = rc ? rc : set_pending(s->db, NULL, err);
    rc = rc ? rc : store_commit(s->db, err);
    if (rc)
        store_rollback(s->db);
    return rc;
}

/* The text of the last policy.apply entry that set hash, or NULL. */
static char *ledger_text(sqlite3 *db, const char *hash, struct err *err)
{
    char *text = NULL;
    json_t *p = NULL;
    if (store_ledger_payload(db, "policy.apply", NULL, 1, &p, err) < 0)
        return NULL;
    const char *t = json_string_value(json_object_get(p, "text"));
    if (t && !strcmp(hash, json_string_value(json_object_get(p,
                                                             "new_hash"))))
        text = strdup(t);
    json_decref(p);
    if (!text)
        err_set(err, ERR_INTERNAL, "the policy %s pending installation is "
                "not on the ledger", hash);
    return text;
}

int policy_repair(struct steward *s, struct err *err)
{
    char pending[POLICY_HASH_HEX] = "", path[API_PATH_MAX + 16];
    int rc = store_meta_get(s->db, "policy_pending", pending, sizeof pending,
                            err);
    if (rc < 0)
        return rc;
    if (!*pending)
        return 0;
    char *text = ledger_text(s->db, pending, err);
    rc = text ? policy_file_path(s->home, path, sizeof path, err)
              : err->code;
    rc = rc ? rc : install(s, path, text, err);
    free(text);
    return rc;
}
