/*
 * snapshot — the working tree a proposal binds, read once at proposal
 * time and kept by content.
 *
 * Two halves, so that the first can run in a client that talks to a
 * server and the second in that server:
 *
 *  (a) snapshot_scan walks a tree with the caller's own permissions (no
 *      symlink followed, .steward and the excluded paths left out, only
 *      directories and regular files, capped in files, bytes and depth)
 *      and produces a manifest: (path, mode, size, sha256) per file and
 *      (path, mode) per directory. snapshot_open_file opens one listed
 *      file again, the same way, so its content can be sent.
 *  (b) the content store (cas_*) keeps each content once under its
 *      SHA-256; snapshot_store records a manifest (its own hash names
 *      it) only when every content it lists is present.
 *
 * In direct mode both halves run in one process and snapshot_scan may be
 * given the store, so that each content is read once: hashed and stored in
 * the same pass. Contents are named by hash and checked again whenever
 * they are used (snapshot_materialize hashes while it copies), so a
 * tampered object is refused rather than run.
 */
#ifndef STEWARD_SNAPSHOT_SNAPSHOT_H
#define STEWARD_SNAPSHOT_SNAPSHOT_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include "core/err.h"

#define SNAPSHOT_HASH_HEX 65
#define SNAPSHOT_FILES_MAX 100000
#define SNAPSHOT_DEPTH_MAX 64

struct cas;

struct snapshot_opts {
    const char *root;              /* the tree to read (absolute) */
    const char *const *exclude;    /* absolute paths left out (secrets) */
    size_t nexclude;
    int64_t max_bytes;             /* total of file sizes */
    int64_t max_files;             /* files and directories */
    const char *cache_path;        /* file metadata cache, or NULL */
    struct cas *store;             /* store contents while hashing, or NULL */
    int threads;                   /* hashing threads (0: one per core) */
};

struct snapshot_manifest;

/* Reads the tree. *out (free with snapshot_manifest_free) lists it. */
int snapshot_scan(const struct snapshot_opts *o,
                  struct snapshot_manifest **out, struct err *err) MUST_USE;
void snapshot_manifest_free(struct snapshot_manifest *m);

/* The manifest as canonical JSON: {"dirs": [[path, mode]...], "files":
 * [[path, mode, size, sha256]...]}, sorted by path. */
json_t *snapshot_manifest_json(const struct snapshot_manifest *m);
size_t snapshot_file_count(const struct snapshot_manifest *m);
int64_t snapshot_byte_count(const struct snapshot_manifest *m);
/* File i's sha256 (hex). */
const char *snapshot_file_sha(const struct snapshot_manifest *m, size_t i);
/* Opens file i read-only below the manifest's root, following no link. */
int snapshot_open_file(const struct snapshot_manifest *m, size_t i, int *fd,
                       struct err *err) MUST_USE;

/* The hash that names a manifest (SHA-256 of its canonical JSON). */
int snapshot_manifest_hash(const json_t *manifest, char out[65],
                           struct err *err) MUST_USE;

/* ---- the content store: <home>/cas/<2 hex>/<62 hex> ---------------- */

int cas_open(const char *home, struct cas **out, struct err *err) MUST_USE;
void cas_free(struct cas *c);
/* 1 when a content with this hash is stored. */
int cas_has(struct cas *c, const char *sha);
/* Path of the object sha (which may not exist). */
int cas_path(struct cas *c, const char *sha, char *out, size_t n,
             struct err *err) MUST_USE;
/* Stores the content read from fd if it hashes to sha (else ERR_USER);
 * durable (temp file, fsync, rename, fsync of the directory) on return. */
int cas_put(struct cas *c, int fd, const char *sha, struct err *err) MUST_USE;
/* Pending objects of a scan are made durable together: one syncfs, then
 * the renames, then the directories. */
int cas_commit_pending(struct cas *c, struct err *err) MUST_USE;

/* The unified diff (`diff -u`, labels a/PATH b/PATH) of one file between
 * the stored contents was and now (NULL: the file is added or removed),
 * at most cap bytes: *out = {"path", "change", "diff", "truncated"}, or
 * {"path", "change", "note"} for binary and oversized files. */
int snapshot_diff_file(struct cas *c, const char *path, const char *was,
                       const char *now, size_t cap, json_t **out,
                       struct err *err) MUST_USE;

/* ---- snapshots on record (table snapshots) ------------------------- */

/* Records manifest (JSON as from snapshot_manifest_json) under its hash,
 * refusing (ERR_USER) while any content is missing from the store.
 * Idempotent. Call inside or outside a transaction. */
int snapshot_store(sqlite3 *db, struct cas *c, const json_t *manifest,
                   char hash[65], struct err *err) MUST_USE;
/* The recorded manifest of hash, checked against its name. */
int snapshot_load(sqlite3 *db, const char *hash, json_t **manifest,
                  struct err *err) MUST_USE;
/* Builds the tree of manifest (as snapshot_load gives it) at dst
 * (created): directories, then each file copied out of the store and
 * hashed as it is copied; a content that does not match its name refuses
 * the whole tree. */
int snapshot_materialize(struct cas *c, const json_t *manifest,
                         const char *dst, struct err *err) MUST_USE;
/* Removes a materialised tree (no link followed); the store keeps the
 * contents, so a finished run's tree costs no disk. */
void snapshot_remove_tree(const char *dst);

/* Removes what nothing references: snapshots no experiment or campaign
 * names, objects no remaining snapshot lists and no run's artifact
 * manifest names (in <home>/artifacts), temp files of interrupted writes.
 * *report = {"snapshots", "objects", "artifacts", "temp", "bytes"}. */
int snapshot_gc(sqlite3 *db, const char *home, json_t **report,
                struct err *err) MUST_USE;

#endif
