/* policy_file — where a project's policy lives, and loading it. */
#ifndef STEWARD_API_POLICY_FILE_H
#define STEWARD_API_POLICY_FILE_H

#include <stddef.h>
#include "core/err.h"
#include "policy/policy.h"

/* <home>/policy into out. */
void policy_file_path(const char *home, char *out, size_t n);

/* Loads the project's policy (home is its .steward directory). */
int policy_file_load(const char *home, struct policy **out,
                     struct err *err) MUST_USE;

#endif
