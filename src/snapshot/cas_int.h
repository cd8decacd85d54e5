/* cas_int — pieces of the content store shared inside src/snapshot/. */
#ifndef STEWARD_SNAPSHOT_CAS_INT_H
#define STEWARD_SNAPSHOT_CAS_INT_H

#include "snapshot/snapshot.h"

int cas_dirfd(struct cas *c);
/* Upgrades this handle's lock to exclusive (ERR_BUSY if anyone else uses
 * the store). */
int cas_lock_exclusive(struct cas *c, struct err *err) MUST_USE;
/* Hashes what fd holds from its offset to the end. */
int cas_hash_fd(int fd, char sha[65], int64_t *bytes, struct err *err)
    MUST_USE;
/* Copies fd into a temp file of the store (tmp: its name), hashing. */
int cas_write_tmp(struct cas *c, int fd, char tmp[32], char sha[65],
                  int64_t *bytes, struct err *err) MUST_USE;
/* Queues tmp to be named sha at cas_commit_pending (thread-safe). */
int cas_add_pending(struct cas *c, const char *tmp, const char *sha,
                    struct err *err) MUST_USE;

/* Copies object sha to out, refusing (ERR_CONFLICT) bytes that do not
 * hash to sha. */
int cas_copy_out(struct cas *c, const char *sha, int out, struct err *err)
    MUST_USE;

#endif
