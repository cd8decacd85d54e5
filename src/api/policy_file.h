/* policy_file — where a project's policy lives, and loading it. */
#ifndef STEWARD_API_POLICY_FILE_H
#define STEWARD_API_POLICY_FILE_H

#include <stddef.h>
#include "core/err.h"
#include "policy/policy.h"

/* <home>/policy into out; ERR_USER if it does not fit (never a cut
 * path, which would be another file). */
int policy_file_path(const char *home, char *out, size_t n,
                     struct err *err) MUST_USE;

/* Loads the project's policy (home is its .steward directory). */
int policy_file_load(const char *home, struct policy **out,
                     struct err *err) MUST_USE;

#endif
