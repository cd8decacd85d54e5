/*
 * upload — the contents of a proposal's tree that the server does not
 * hold from this principal, sent ahead of the proposal when they are too
 * many for one request (client side of api/upload.c).
 */
#ifndef STEWARD_CLIENT_UPLOAD_H
#define STEWARD_CLIENT_UPLOAD_H

#include "client/client.h"
#include "snapshot/snapshot.h"

/* The indexes of the manifest's files whose contents this principal has
 * not sent before (one per distinct content), and their total size. */
int upload_plan(const struct client_link *link, const char *cwd,
                const struct snapshot_manifest *m, const json_t *manifest,
                json_t **todo, int64_t *bytes, struct err *err) MUST_USE;

/* Base64 of len bytes of file i from off: read now, with this process's
 * permissions, and checked to be whole. */
json_t *upload_read(const struct snapshot_manifest *m, size_t i, int64_t off,
                    int64_t len, struct err *err);

/* Sends the contents of todo's files in batches, a content larger than a
 * batch in parts; each must hash to its name on the server. */
int upload_send(const struct client_link *link, const char *cwd,
                const struct snapshot_manifest *m, const json_t *manifest,
                const json_t *todo, struct err *err) MUST_USE;

#endif
