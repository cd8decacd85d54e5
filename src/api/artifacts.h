/*
 * artifacts — what a run wrote to $STEWARD_ARTIFACTS, as front ends read
 * it: the manifest the supervisor recorded (path, size, sha256 of each
 * file) and the stored content, which lives once per hash under
 * .steward/artifacts/<sha256>.
 *
 * An artifact is named by its path in the manifest and by nothing else:
 * a name is never joined to a directory, so "../steward.db" or "/etc/x"
 * cannot reach a file outside the store; such names are refused before
 * the manifest is even read. Content removed by retention (see
 * retention.h) is reported as such, not as a missing artifact.
 */
#ifndef STEWARD_API_ARTIFACTS_H
#define STEWARD_API_ARTIFACTS_H

#include <stdint.h>
#include <jansson.h>
#include "api/api.h"

/* {"experiment", "run", "files": [{"path", "size", "sha256", "present"}],
 * "skipped": [{"path", "reason"}], "total_bytes"} of experiment id's
 * latest run. */
int steward_artifacts(struct steward *s, int64_t id, json_t **out,
                      struct err *err) MUST_USE;

/* Opens artifact name of experiment id's latest run for reading; *fd
 * (O_CLOEXEC) is the caller's to close. sha (65 bytes) and *size receive
 * what the manifest promises, so the caller can check what it copies. */
int steward_artifact_open(struct steward *s, int64_t id, const char *name,
                          int *fd, char *sha, int64_t *size,
                          struct err *err) MUST_USE;

/* 0 when name could be a manifest path: relative, no "." or ".."
 * component, no empty component, no control characters. */
int artifact_name_check(const char *name, struct err *err) MUST_USE;

#endif
