/* recheck — the policy decides again when a human approves; see recheck.c. */
#ifndef STEWARD_API_RECHECK_H
#define STEWARD_API_RECHECK_H

#include "api/api.h"

/* Inside the approval's transaction: ERR_DENIED when approving id now
 * would overspend a budget or cross a red line. */
int recheck_approval(struct steward *s, int64_t id, struct err *err) MUST_USE;

#define RECHECK_ARGV_MAX 1024

#endif
